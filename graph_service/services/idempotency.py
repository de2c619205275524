"""Idempotency keys: the key a write may carry and the fingerprint that says "the same input"."""

from __future__ import annotations

import hashlib
import json

from graph_service.services import validation as check

KEY_MAX = 200


def fingerprint(fields: dict[str, object]) -> str:
    """What makes two writes with one idempotency key "the same input"."""
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def idempotency_key(value: object) -> str | None:
    return check.optional_text(value, "idempotencyKey", max_length=KEY_MAX)

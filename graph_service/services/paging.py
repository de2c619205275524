"""Cursor pages: opaque cursors over the id order, and the range of `first`."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import TypeVar

from graph_service.domain.errors import BadUserInput
from graph_service.services.validation import int_in_range

T = TypeVar("T")

DEFAULT_FIRST = 20
MAX_FIRST = 100


def encode_cursor(kind: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    prefix = f"{kind}:"
    if not text.startswith(prefix):
        raise BadUserInput(f"after is not a cursor from this list: {cursor!r}", field="after")
    return text[len(prefix) :]


def check_first(first: int) -> int:
    return int_in_range(first, "first", low=1, high=MAX_FIRST)


def slice_after(
    items: Sequence[T], key: Callable[[T], str], *, kind: str, first: int, after: str | None
) -> tuple[list[T], bool]:
    """One page of an ordered list held whole: the items after the cursor's key, and whether more follow."""
    first = check_first(first)
    start = 0
    if after is not None:
        wanted = decode_cursor(kind, after)
        keys = [key(item) for item in items]
        if wanted not in keys:
            raise BadUserInput(f"after is not a cursor from this list: {after[:40]!r}", field="after")
        start = keys.index(wanted) + 1
    chosen = list(items[start : start + first])
    return chosen, start + first < len(items)

"""Checks on single values from outside: each returns the clean value or raises `BadUserInput`.

They accept `object` because the same checks serve GraphQL arguments and import rows.
"""

from __future__ import annotations

import enum
import json
import math
import re
import uuid
from collections.abc import Callable
from datetime import date
from typing import TypeVar, cast

from graph_service.domain.errors import BadUserInput, BadUserInputs

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
URL_PATTERN = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
DOMAIN_PATTERN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")

NAME_MAX = 200
TEXT_MAX = 300
# C0 and C1 controls but tab and newline, and the bidirectional embeddings, overrides and isolates
UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
EVIDENCE_MAX = 1000


class Collected:
    """Runs one input's checks and keeps every failure, so that a row reports all its problems:

    found = Collected()
    name = found(lambda: required_text(raw, "name"))
    found.done()  # raises BadUserInputs with every failure, in the order checked
    """

    def __init__(self) -> None:
        self.errors: list[BadUserInput] = []

    def __call__(self, check: Callable[[], T]) -> T:
        try:
            return check()
        except BadUserInputs as error:
            self.errors += error.errors
        except BadUserInput as error:
            self.errors.append(error)
        # Never used: `done` raises before a value from a failed check could be.
        return cast(T, None)

    @property
    def ok(self) -> bool:
        return not self.errors

    def done(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise BadUserInputs(self.errors)


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def identifier(value: object, field: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise BadUserInput(
            f"{field} must be 1-128 characters of letters, digits and . _ : @ -, "
            f"starting with a letter or digit; got {shown(value)}",
            field=field,
        )
    return value


def required_text(value: object, field: str, *, max_length: int = NAME_MAX) -> str:
    text = optional_text(value, field, max_length=max_length)
    if text is None:
        raise BadUserInput(f"{field} must not be empty", field=field)
    if "\n" in text or "\t" in text:
        raise BadUserInput(f"{field} must be one line, without tabs", field=field)
    return text


def optional_text(value: object, field: str, *, max_length: int = TEXT_MAX) -> str | None:
    """Trim surrounding space; an empty or blank string counts as absent."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadUserInput(f"{field} must be a string; got {shown(value)}", field=field)
    text = value.strip()
    if len(text) > max_length:
        raise BadUserInput(f"{field} must be at most {max_length} characters; got {len(text)}", field=field)
    if (bad := UNSAFE_CHARACTER.search(text)) is not None:
        raise BadUserInput(
            f"{field} must not hold control or bidirectional-override characters; "
            f"found U+{ord(bad.group()):04X} at position {bad.start()}",
            field=field,
        )
    return text or None


def email(value: object, field: str = "email") -> str | None:
    text = optional_text(value, field, max_length=254)
    if text is not None and not EMAIL_PATTERN.fullmatch(text):
        raise BadUserInput(f"{field} is not an email address: {shown(text)}", field=field)
    return text


def url(value: object, field: str) -> str | None:
    text = optional_text(value, field, max_length=TEXT_MAX)
    if text is not None and not URL_PATTERN.fullmatch(text):
        raise BadUserInput(f"{field} must be an http(s) URL; got {shown(text)}", field=field)
    return text


def domain(value: object, field: str = "domain") -> str | None:
    text = optional_text(value, field, max_length=253)
    if text is None:
        return None
    text = text.lower()
    if not DOMAIN_PATTERN.fullmatch(text):
        raise BadUserInput(f"{field} is not a domain name: {shown(text)}", field=field)
    return text


def optional_date(value: object, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else _bad_date(value, field)
        except ValueError:
            return _bad_date(value, field)
    return _bad_date(value, field)


def _bad_date(value: object, field: str) -> date:
    raise BadUserInput(f"{field} must be a calendar date as YYYY-MM-DD; got {shown(value)}", field=field)


def date_order(start: date | None, end: date | None, *, start_field: str, end_field: str) -> None:
    if start is not None and end is not None and end < start:
        raise BadUserInput(
            f"{end_field} ({end.isoformat()}) is before {start_field} ({start.isoformat()})",
            field=end_field,
        )


def strength(value: object, field: str = "strength") -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadUserInput(f"{field} must be a number in (0, 1]; got {shown(value)}", field=field)
    if not 0 < value <= 1:
        raise BadUserInput(f"{field} must be in (0, 1]; got {value}", field=field)
    return float(value)


def enum_member(kind: type[E], value: object, field: str) -> E:
    """Any letter case: "hr", "Hr" and "HR" are HR."""
    if isinstance(value, kind):
        return value
    try:
        return kind(value.upper() if isinstance(value, str) else value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise BadUserInput(f"{field} must be one of {allowed}; got {shown(value)}", field=field) from None


def int_in_range(value: int, field: str, *, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadUserInput(f"{field} must be between {low} and {high}; got {value}", field=field)
    return value


def shown(value: object) -> str:
    """The value as the JSON it came in would show it: null, true, "text"."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except ValueError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

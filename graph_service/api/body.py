"""Decode a request's JSON so that any malformed input is a 400 with a message, never a crash.

Invalid UTF-8, bad JSON, integers longer than Python converts (4,300 digits), nesting deeper than
`MAX_JSON_DEPTH` and a top level that is not an object (or a list, refused later as a batch) all
raise `HTTPException(400)`, which the endpoint turns into a coded GraphQL error.
"""

from __future__ import annotations

import json

from cross_web import HTTPException

MAX_JSON_DEPTH = 64


def loads(data: str | bytes) -> object:
    """Any JSON value, nested at most `MAX_JSON_DEPTH` deep."""
    try:
        value = json.loads(data)
    except UnicodeDecodeError as error:
        raise HTTPException(400, "the request body is not valid UTF-8") from error
    except json.JSONDecodeError as error:
        raise HTTPException(400, "Unable to parse request body as JSON") from error
    except ValueError as error:  # an integer too long to convert
        raise HTTPException(400, "the request body holds a number too long to read") from error
    except RecursionError as error:
        raise HTTPException(400, f"the request body is nested more than {MAX_JSON_DEPTH} levels") from error
    if _depth(value) > MAX_JSON_DEPTH:
        raise HTTPException(400, f"the request body is nested more than {MAX_JSON_DEPTH} levels")
    return value


def loads_request(data: str | bytes) -> dict[str, object] | list[object]:
    """A request body: a JSON object (a list is a batch, which the view refuses with its own message)."""
    value = loads(data)
    if not isinstance(value, dict | list):
        raise HTTPException(400, "the request body must be a JSON object with a `query`")
    return value


def _depth(value: object) -> int:
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > MAX_JSON_DEPTH:
            return level
        if isinstance(item, dict):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item)
    return deepest

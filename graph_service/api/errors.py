"""Domain errors become GraphQL errors with `extensions.code`; anything else is masked.

Errors raised before execution (syntax, validation, variable coercion) have no path: they are
the client's, and keep their message with `BAD_USER_INPUT` unless a limit already set a code.
An error inside a resolver that is not a `GraphServiceError` is a bug: it is logged here with its
stack and the client sees only `INTERNAL_SERVER_ERROR`.

A message never echoes more than a short prefix of the input: any message longer than
`MAX_MESSAGE_CHARS` is cut there. With `hide_suggestions` (whenever introspection is off), the
"Did you mean ...?" hints that would name hidden fields and types are removed.
"""

from __future__ import annotations

import logging
import re

from graphql import GraphQLError, GraphQLSyntaxError
from graphql.validation.validate import ValidationAbortedError
from strawberry.types.execution import ExecutionContext

from graph_service.domain.errors import GraphServiceError

log = logging.getLogger("graph_service.api")

INTERNAL_MESSAGE = "internal server error; the service logged the details"
MAX_MESSAGE_CHARS = 300
SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… (cut at {limit} characters)"


def translate(error: GraphQLError, *, hide_suggestions: bool = False) -> GraphQLError:
    translated = _translate(error)
    message = translated.message
    if hide_suggestions:
        message = SUGGESTION.sub("", message)
    message = shorten(message)
    if message == translated.message:
        return translated
    return _replace(translated, message, dict(translated.extensions or {}))


def _translate(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, GraphServiceError):
        return _replace(error, original.message, dict(original.extensions()))
    if isinstance(error, ValidationAbortedError):
        return _replace(
            error, "the query is too large or repetitive to validate", {"code": "QUERY_TOO_COMPLEX"}
        )
    if error.path is None:
        code = (error.extensions or {}).get("code")
        if code is None:
            code = "QUERY_TOO_COMPLEX" if _is_token_limit(error) else "BAD_USER_INPUT"
        return _replace(error, error.message, {**(error.extensions or {}), "code": code})
    return _replace(error, INTERNAL_MESSAGE, {"code": "INTERNAL_SERVER_ERROR"})


def is_unexpected(error: GraphQLError) -> bool:
    return error.path is not None and not isinstance(error.original_error, GraphServiceError)


def _is_token_limit(error: GraphQLError) -> bool:
    return isinstance(error, GraphQLSyntaxError) and "tokens" in error.message


def _replace(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


def log_unexpected(errors: list[GraphQLError], execution_context: ExecutionContext | None) -> None:
    for error in errors:
        if is_unexpected(error):
            log.error(
                "unexpected error in %s at %s",
                execution_context.operation_name if execution_context else None,
                error.path,
                exc_info=error.original_error,
            )


def translate_all(
    errors: list[GraphQLError] | None, *, hide_suggestions: bool = False
) -> list[GraphQLError] | None:
    if errors is None:
        return None
    return [translate(e, hide_suggestions=hide_suggestions) for e in errors]

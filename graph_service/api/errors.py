"""Domain errors become GraphQL errors with `extensions.code`; anything else is masked.

Errors raised before execution (syntax, validation, variable coercion) have no path: they are
the client's, and keep their message with `BAD_USER_INPUT` unless a limit already set a code.
An error inside a resolver that is not a `GraphServiceError` is a bug: it is logged here with its
stack and the client sees only `INTERNAL_SERVER_ERROR`.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError, GraphQLSyntaxError
from graphql.validation.validate import ValidationAbortedError
from strawberry.types.execution import ExecutionContext

from graph_service.domain.errors import GraphServiceError

log = logging.getLogger("graph_service.api")

INTERNAL_MESSAGE = "internal server error; the service logged the details"


def translate(error: GraphQLError) -> GraphQLError:
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


def translate_all(errors: list[GraphQLError] | None) -> list[GraphQLError] | None:
    return None if errors is None else [translate(e) for e in errors]

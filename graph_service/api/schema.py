"""The strawberry schema, with its guards on by default."""

from __future__ import annotations

from collections.abc import Callable

from graphql import ASTValidationRule, GraphQLError
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.types.execution import ExecutionContext

from graph_service.api.authorization import Authorization
from graph_service.api.caches import DocumentCache, cached_documents
from graph_service.api.errors import log_unexpected
from graph_service.api.guard import request_guard
from graph_service.api.limits import alias_limit, depth_limit
from graph_service.api.mutation import Mutation
from graph_service.api.query import Query
from graph_service.settings import Settings


class GraphSchema(Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_unexpected(errors, execution_context)


def build_schema(settings: Settings) -> Schema:
    limits: list[type[ASTValidationRule]] = [
        depth_limit(settings.max_depth),
        alias_limit(settings.max_aliases),
    ]
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: AddValidationRules(limits),
        cached_documents(DocumentCache()),
        Authorization,
        request_guard(settings),
    ]
    if settings.production:
        extensions.append(DisableIntrospection)
    return GraphSchema(query=Query, mutation=Mutation, extensions=extensions)

"""The strawberry schema, with its guards on by default."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Iterator
from contextlib import aclosing
from typing import Any

from graphql import ASTValidationRule, FieldNode, GraphQLError, get_operation_ast
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.schema.schema import StreamResult
from strawberry.types.execution import ExecutionContext, ExecutionResult

from graph_service.api.authorization import Authorization, audit_mutations
from graph_service.api.caches import DocumentCache, cached_documents
from graph_service.api.context import Context
from graph_service.api.errors import log_unexpected, translate_all
from graph_service.api.guard import request_guard
from graph_service.api.limits import alias_limit, depth_limit
from graph_service.api.mutation import Mutation
from graph_service.api.query import Query
from graph_service.api.reach_fields import Subscription
from graph_service.settings import Settings


class GraphSchema(Schema):
    async def stream(self, *args: Any, **kwargs: Any) -> StreamResult:
        """Results sent over a websocket get their error codes here, as HTTP ones do in the view."""
        results = await super().stream(*args, **kwargs)

        async def translated() -> AsyncGenerator[Any, None]:
            async with aclosing(results):
                async for result in results:
                    if isinstance(result, ExecutionResult):
                        result.errors = translate_all(result.errors)
                    yield result

        return translated()

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_unexpected(errors, execution_context)


class OperationLabel(SchemaExtension):
    """Names the operation for logs and metrics by its type and root fields (`mutation
    logReferral`): bounded by the schema, unlike client-chosen operation names and aliases."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        document = self.execution_context.graphql_document
        if isinstance(context, Context) and document is not None:
            operation = get_operation_ast(document, self.execution_context.operation_name)
            if operation is not None:
                selections = operation.selection_set.selections
                fields = sorted({s.name.value for s in selections if isinstance(s, FieldNode)})
                context.operation = f"{operation.operation.value} {','.join(fields)}"
        yield


def build_schema(settings: Settings) -> Schema:
    limits: list[type[ASTValidationRule]] = [
        depth_limit(settings.max_depth),
        alias_limit(settings.max_aliases),
    ]
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: AddValidationRules(limits),
        cached_documents(DocumentCache()),
        OperationLabel,
        Authorization,
        request_guard(settings),
    ]
    if settings.production:
        extensions.append(DisableIntrospection)
    schema = GraphSchema(query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions)
    audit_mutations(schema._schema)
    return schema

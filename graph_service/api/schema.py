"""The strawberry schema, with its guards on by default."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from graphql import ASTValidationRule, FieldNode, GraphQLError, get_operation_ast
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.types.execution import ExecutionContext

from graph_service.api.context import Context
from graph_service.api.errors import log_unexpected
from graph_service.api.limits import alias_limit, depth_limit
from graph_service.api.mutation import Mutation
from graph_service.api.query import Query
from graph_service.settings import Settings


class GraphSchema(Schema):
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
        lambda: ParserCache(maxsize=512),
        lambda: AddValidationRules(limits),
        lambda: ValidationCache(maxsize=512),
        OperationLabel,
    ]
    if settings.production:
        extensions.append(DisableIntrospection)
    return GraphSchema(query=Query, mutation=Mutation, extensions=extensions)

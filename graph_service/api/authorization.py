"""The operation's root fields pass the services' role table before it runs; each mutation field
runs in its audit scope, so that its entry is written in its write's own transaction.

Checked once per request, not per field: a hook on every field would triple the cost of large
responses.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLFieldResolver,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    default_field_resolver,
)
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from graph_service.api.context import Context
from graph_service.domain.errors import Forbidden
from graph_service.services import access

SUBJECT_KEYS = ("id", "personId", "aId", "candidateId", "referrerId")


class Authorization(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        document = execution.graphql_document
        operation = _operation(document, execution.operation_name) if document else None
        if operation is None or document is None or not isinstance(context, Context):
            yield
            return
        kind = operation.operation.value.capitalize()  # Query, Mutation, Subscription
        fields = list(_root_fields(operation.selection_set, _fragments(document)))
        try:
            for field in fields:
                access.authorize(context.principal, f"{kind}.{field.name.value}")
        except Forbidden as refusal:
            execution.result = ExecutionResult(
                data=None, errors=[GraphQLError(refusal.message, extensions=dict(refusal.extensions()))]
            )
        yield


def audit_mutations(schema: GraphQLSchema) -> None:
    """Wrap every root mutation field's resolver in its audit scope (`access.audited_write`), so
    that the entry commits with the field's write. Mutation fields run one after another, so
    each scope holds one field's writes."""
    mutation = schema.mutation_type
    if mutation is None:
        return
    for name, field in mutation.fields.items():
        field.resolve = _audited(f"Mutation.{name}", field.resolve or default_field_resolver)


def _audited(operation: str, resolve: GraphQLFieldResolver) -> GraphQLFieldResolver:
    async def run(root: object, info: GraphQLResolveInfo[Any], **arguments: Any) -> Any:
        context = info.context
        if not isinstance(context, Context):
            return await _value(resolve(root, info, **arguments))
        subject = _argument_subject(info.field_nodes[0], _variables(info.variable_values))
        with access.audited_write(context.principal, operation, subject):
            return await _value(resolve(root, info, **arguments))

    return run


def _variables(values: object) -> Mapping[str, Any]:
    """The request's variables: a plain mapping at run time, whatever graphql-core's stubs say."""
    if isinstance(values, Mapping):
        return values
    sources = getattr(values, "sources", {})
    return {name: getattr(source, "value", None) for name, source in sources.items()}


async def _value(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return definition
    return None


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _root_fields(
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: frozenset[str] = frozenset(),
) -> Iterator[FieldNode]:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if not selection.name.value.startswith("__"):
                yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                yield from _root_fields(fragments[name].selection_set, fragments, seen | {name})


def _argument_subject(field: FieldNode, variables: Mapping[str, Any]) -> str | None:
    """The id the input names (`input: {id}`, `personId`, `aId`, `candidateId`...); a store that
    writes a record of its own id (a new referral or interview) names that instead."""
    for argument in field.arguments or ():
        value = argument.value
        given: object = None
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
        elif isinstance(value, ObjectValueNode):
            given = {
                f.name.value: f.value.value for f in value.fields if isinstance(f.value, StringValueNode)
            }
        elif isinstance(value, StringValueNode) and argument.name.value == "id":
            return value.value
        if isinstance(given, Mapping):
            for key in SUBJECT_KEYS:
                if isinstance(given.get(key), str):
                    return str(given[key])
    return None

"""The operation's root fields pass the services' role table before it runs; each mutation that
succeeds is audited afterwards.

Checked once per request, not per field: a hook on every field would triple the cost of large
responses.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
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
        result = execution.result
        if kind != "Mutation" or result is None or not isinstance(result.data, Mapping):
            return
        failed = {error.path[0] for error in result.errors or [] if error.path}
        for field in fields:
            key = field.alias.value if field.alias else field.name.value
            if result.data.get(key) is None or key in failed:
                continue
            subject = _subject(result.data[key]) or _argument_subject(field, execution.variables or {})
            await access.record_write(
                context.store, context.principal, f"Mutation.{field.name.value}", subject
            )


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


def _subject(value: object) -> str | None:
    """The id of what was written, when the client asked for it."""
    if not isinstance(value, Mapping):
        return None
    for holder in (value, value.get("referral"), value.get("interview")):
        if isinstance(holder, Mapping) and isinstance(holder.get("id"), str):
            return str(holder["id"])
    return None


def _argument_subject(field: FieldNode, variables: Mapping[str, Any]) -> str | None:
    """Else the id the input names (`input: {id}`, `personId`, `aId`, `candidateId`...)."""
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

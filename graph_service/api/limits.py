"""Validation rules that bound a document's depth and aliases, in time linear in its size.

Fragment depths are memoised, so nested fragment spreads cannot make the check exponential.
Together with the parser's token limit they refuse a query before any resolver runs.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

TOO_COMPLEX = {"code": "QUERY_TOO_COMPLEX"}


def depth_limit(max_depth: int) -> type[ValidationRule]:
    class DepthLimit(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> None:
            fragments = {d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)}
            memo: dict[str, int] = {}

            def depth(selection_set: SelectionSetNode, visiting: frozenset[str]) -> int:
                deepest = 0
                for selection in selection_set.selections:
                    if isinstance(selection, FieldNode):
                        if selection.name.value.startswith("__"):
                            continue
                        below = depth(selection.selection_set, visiting) if selection.selection_set else 0
                        deepest = max(deepest, 1 + below)
                    elif isinstance(selection, InlineFragmentNode):
                        deepest = max(deepest, depth(selection.selection_set, visiting))
                    elif isinstance(selection, FragmentSpreadNode):
                        name = selection.name.value
                        if name in visiting or name not in fragments:
                            continue
                        if name not in memo:
                            memo[name] = depth(fragments[name].selection_set, visiting | {name})
                        deepest = max(deepest, memo[name])
                return deepest

            for definition in node.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    found = depth(definition.selection_set, frozenset())
                    if found > max_depth:
                        self.report_error(
                            GraphQLError(
                                f"the query is {found} levels deep; at most {max_depth} are allowed",
                                definition,
                                extensions=TOO_COMPLEX,
                            )
                        )

    return DepthLimit


def alias_limit(max_aliases: int) -> type[ValidationRule]:
    class AliasLimit(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> None:
            self.count = 0

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.alias is not None:
                self.count += 1

        def leave_document(self, node: DocumentNode, *_: Any) -> None:
            if self.count > max_aliases:
                self.report_error(
                    GraphQLError(
                        f"the query uses {self.count} aliases; at most {max_aliases} are allowed",
                        extensions=TOO_COMPLEX,
                    )
                )

    return AliasLimit

"""The cost of a request, computed from its document and variables before anything runs.

Every field that returns an object costs 1 each time it resolves; leaves cost nothing. A list
multiplies the cost of what is selected under it by its size: its `first` (never more than the
field's maximum), or the bound in `LIST_BOUNDS`, or `DEFAULT_LIST_BOUND` for any other list. A
connection's `edges` do not multiply again. Searches add `SEARCH_WEIGHT * 2 ** maxHops` (the work
of a path search grows with the hops it may take). Fragments are costed once each, so a fragment
bomb costs what it would return, not the time it takes to walk it. `Cost.searching` is the part
the searches (and the ladder's) add: what decides whether a request is heavy (`api.guard`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)

DEFAULT_BUDGET = 10_000
DEFAULT_LIST_BOUND = 20
SEARCH_WEIGHT = 5


@dataclass(frozen=True)
class Bound:
    """A list's size: its `first` argument (default, maximum) times another argument's, if any."""

    default: int
    maximum: int
    argument: str = "first"
    times: tuple[str, int, int] | None = None  # (argument, default, maximum)


LIST_BOUNDS: Mapping[str, Bound] = {
    "Query.people": Bound(20, 100),
    "Query.companies": Bound(20, 100),
    "Query.referrals": Bound(20, 100),
    "Query.auditLog": Bound(20, 100),
    "Query.referrerLeaderboard": Bound(10, 50),
    "Query.introductionPaths": Bound(5, 50, times=("perTarget", 1, 10)),
    "Query.interviewLadder": Bound(20, 20, argument=""),
    "Query.referralChain": Bound(20, 20, argument=""),
    "Person.ties": Bound(20, 100),
    "Person.employments": Bound(20, 20, argument=""),
    "Company.employees": Bound(20, 100),
    "IntroductionPath.steps": Bound(6, 6, argument=""),
    "IntroductionPath.people": Bound(7, 7, argument=""),
    "Person.targetCompanies": Bound(50, 50, argument=""),  # a watchlist holds at most 50
    "Reach.companies": Bound(20, 20, argument=""),  # reach(first) is at most 20
    "Reach.watched": Bound(50, 50, argument=""),  # reach(companyIds) names at most 50
}
SEARCHES: Mapping[str, int] = {
    # field -> default maxHops
    "Query.introductionPaths": 3,
    "Query.mostSeniorReachable": 3,
    "Query.reach": 3,
}
LADDER_WEIGHT = 100  # interviewLadder runs a path search for the next rung of every company
WEIGHTS: Mapping[str, int] = {"Query.interviewLadder": LADDER_WEIGHT}


@dataclass(frozen=True)
class Cost:
    total: int
    searching: int  # what searches add to the total (`SEARCHES`, `WEIGHTS`)


def request_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None,
    variables: Mapping[str, object] | None,
) -> int:
    return measure(schema, document, operation_name=operation_name, variables=variables).total


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None,
    variables: Mapping[str, object] | None,
) -> Cost:
    operation = _operation(document, operation_name)
    if operation is None:
        return Cost(0, 0)
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    if root is None:
        return Cost(0, 0)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    given: dict[str, object] = {}
    for definition in operation.variable_definitions or ():
        if isinstance(definition.default_value, IntValueNode):
            given[definition.variable.name.value] = int(definition.default_value.value)
    given.update(variables or {})
    coster = _Coster(schema, fragments, given)
    total = coster.selections(operation.selection_set, root, frozenset())
    return Cost(total, coster.searching)


class CostCache:
    """Costs already computed, by document text, operation name and the variables that can change
    a cost (whole numbers), so that a document asked again is not walked again. Holds at most
    `size` costs of documents up to `max_query_bytes`, least recently used out first."""

    def __init__(self, *, size: int = 256, max_query_bytes: int = 16 * 1024) -> None:
        self.size = size
        self.max_query_bytes = max_query_bytes
        self._costs: OrderedDict[Hashable, Cost] = OrderedDict()

    def request_cost(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        *,
        query: str | None,
        operation_name: str | None,
        variables: Mapping[str, object] | None,
    ) -> Cost:
        if query is None or len(query) > self.max_query_bytes:
            return measure(schema, document, operation_name=operation_name, variables=variables)
        key = (query, operation_name, _numbers(variables or {}))
        cost = self._costs.get(key)
        if cost is None:
            cost = measure(schema, document, operation_name=operation_name, variables=variables)
            self._costs[key] = cost
            if len(self._costs) > self.size:
                self._costs.popitem(last=False)
        else:
            self._costs.move_to_end(key)
        return cost


def _numbers(variables: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    """What of the variables a cost reads: each whole number; any other value given counts alike
    (as the list's maximum), and null counts as absent (the default)."""
    return tuple(
        sorted(
            (name, value if type(value) is int else "other")
            for name, value in variables.items()
            if value is not None
        )
    )


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for operation in operations:
        if name is None or (operation.name is not None and operation.name.value == name):
            return operation
    return None


class _Coster:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, object],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.memo: dict[tuple[str, str], int] = {}
        self.searching = 0

    def selections(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType, seen: frozenset[str]
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, target or parent, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                key = (name, parent.name)
                if key not in self.memo:
                    target = self.schema.get_type(fragment.type_condition.name.value) or parent
                    self.memo[key] = self.selections(fragment.selection_set, target, seen | {name})
                total += self.memo[key]
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType, seen: frozenset[str]) -> int:
        if node.selection_set is None or not isinstance(parent, GraphQLObjectType):
            return 0
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return 0
        coordinate = f"{parent.name}.{node.name.value}"
        own = WEIGHTS.get(coordinate, 1)
        if coordinate in SEARCHES:
            hops = self.argument(node, "maxHops", SEARCHES[coordinate], high=6)
            own += SEARCH_WEIGHT * 2**hops
        self.searching += own - 1
        named, is_list = _unwrap(definition.type)
        size = self.size(node, coordinate, is_list=is_list)
        if node.name.value == "edges" and parent.name.endswith("Connection"):
            size = 1
        return own + size * self.selections(node.selection_set, named, seen)

    def size(self, node: FieldNode, coordinate: str, *, is_list: bool) -> int:
        bound = LIST_BOUNDS.get(coordinate)
        if bound is None:
            return DEFAULT_LIST_BOUND if is_list else 1
        size = bound.maximum
        if bound.argument:
            size = self.argument(node, bound.argument, bound.default, high=bound.maximum)
        if bound.times is not None:
            name, default, maximum = bound.times
            size *= self.argument(node, name, default, high=maximum)
        return size

    def argument(self, node: FieldNode, name: str, default: int, *, high: int) -> int:
        """The argument's value, within 1..high; anything that is not a whole number counts as `high`
        (execution refuses it anyway)."""
        value: object = default
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            if isinstance(argument.value, IntValueNode):
                try:
                    value = int(argument.value.value)
                except ValueError:
                    value = high
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value, default)
            else:
                value = high
        if not isinstance(value, int) or isinstance(value, bool):
            return high if value is not None else default
        return max(1, min(value, high))


def _unwrap(type_: GraphQLOutputType) -> tuple[GraphQLNamedType, bool]:
    is_list = False
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        if isinstance(type_, GraphQLList):
            is_list = True
        type_ = type_.of_type
    assert isinstance(type_, GraphQLNamedType)
    return type_, is_list

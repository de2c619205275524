"""Which parts of a person a request's selection asks for, read in one go and handed to the loaders.

`person(id)` reads the person and every part its selection needs (positions, their companies,
ties, the people at the other end of the ties) in one store call, one statement on Neo4j, and
primes the request's loaders with them, so that the nested resolvers find them there and send
nothing more. A part the selection does not name is not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

from graph_service.api.context import Loaders
from graph_service.domain.model import PersonDetail, PersonParts

EMPLOYMENT_FIELDS = frozenset({"employments", "currentEmployment", "seniority"})
ID_ONLY = frozenset({"id", "__typename"})
Fragments = Mapping[str, FragmentDefinitionNode]


def parts_selected(person: Sequence[FieldNode], fragments: Fragments) -> PersonParts:
    """The parts the person field's nodes (one per node the response key merges) select.

    Read from the document's syntax tree, each fragment once (strawberry's `selected_fields`
    expands every spread, which a document of nested fragments makes exponential)."""
    employments = companies = ties = tie_people = False
    for field in _fields(_below(person), fragments):
        name = field.name.value
        if name in EMPLOYMENT_FIELDS:
            employments = True
            companies = companies or any(
                f.name.value == "company" for f in _fields(_below([field]), fragments)
            )
        elif name == "ties":
            ties = True
            tie_people = tie_people or tie_people_selected([field], fragments)
    return PersonParts(employments=employments, companies=companies, ties=ties, tie_people=tie_people)


def tie_people_selected(ties: Sequence[FieldNode], fragments: Fragments) -> bool:
    """Whether `ties { edges { node { person { … } } } }` asks for more of a person than the id."""
    nodes: Sequence[FieldNode] = ties
    for step in ("edges", "node", "person"):
        nodes = [field for field in _fields(_below(nodes), fragments) if field.name.value == step]
    return any(field.name.value not in ID_ONLY for field in _fields(_below(nodes), fragments))


def prime(loaders: Loaders, detail: PersonDetail) -> None:
    person_id = detail.person.id
    loaders.people.prime(person_id, detail.person)
    if detail.employments is not None:
        loaders.employments.prime(person_id, detail.employments)
    loaders.companies.prime_many({c.id: c for c in detail.companies})
    if detail.ties is not None:
        loaders.ties.prime(person_id, detail.ties)
    loaders.people.prime_many({p.id: p for p in detail.tie_people})


def _below(fields: Iterable[FieldNode]) -> list[SelectionSetNode]:
    return [field.selection_set for field in fields if field.selection_set is not None]


def _fields(selection_sets: Iterable[SelectionSetNode], fragments: Fragments) -> Iterator[FieldNode]:
    """The fields the selection sets select, through inline fragments and each named one once."""
    pending = list(selection_sets)
    visited: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in visited and name in fragments:
                    visited.add(name)
                    pending.append(fragments[name].selection_set)

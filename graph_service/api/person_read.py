"""Which parts of a person a request's selection asks for, read in one go and handed to the loaders.

`person(id)` reads the person and every part its selection needs (positions, their companies,
ties, the people at the other end of the ties) in one store call, one statement on Neo4j, and
primes the request's loaders with them, so that the nested resolvers find them there and send
nothing more. A part the selection does not name is not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from graph_service.api.context import Loaders
from graph_service.domain.model import PersonDetail, PersonParts

EMPLOYMENT_FIELDS = frozenset({"employments", "currentEmployment", "seniority"})
ID_ONLY = frozenset({"id", "__typename"})


def parts_selected(person: Iterable[Selection]) -> PersonParts:
    """The parts the person field's selections (one per node the response key merges) name."""
    employments = companies = ties = tie_people = False
    for field in _fields(s for node in _fields(person) for s in node.selections):
        if field.name in EMPLOYMENT_FIELDS:
            employments = True
            companies = companies or any(f.name == "company" for f in _fields(field.selections))
        elif field.name == "ties":
            ties = True
            tie_people = tie_people or any(
                _names(other.selections) - ID_ONLY
                for edges in _named(field.selections, "edges")
                for node in _named(edges.selections, "node")
                for other in _named(node.selections, "person")
            )
    return PersonParts(employments=employments, companies=companies, ties=ties, tie_people=tie_people)


def prime(loaders: Loaders, detail: PersonDetail) -> None:
    person_id = detail.person.id
    loaders.people.prime(person_id, detail.person)
    if detail.employments is not None:
        loaders.employments.prime(person_id, detail.employments)
    loaders.companies.prime_many({c.id: c for c in detail.companies})
    if detail.ties is not None:
        loaders.ties.prime(person_id, detail.ties)
    loaders.people.prime_many({p.id: p for p in detail.tie_people})


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields selected, through fragments."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def _named(selections: Iterable[Selection], name: str) -> Iterator[SelectedField]:
    return (field for field in _fields(selections) if field.name == name)


def _names(selections: Iterable[Selection]) -> set[str]:
    return {field.name for field in _fields(selections)}

"""Introduction paths (docs/design.md §4): the query, the result, and the one ranking both
stores use, so that their answers agree exactly.

A path runs from the candidate over KNOWS ties, 1..max_hops hops, never visiting a person twice,
through no excluded person and over no tie weaker than min_strength. Its strength is the product
of its ties' strengths. An excluded person is never a target.

A company's targets are its people currently at or above min_seniority in one of `functions`
(by default every function but HR: HR screens, the decisions come from the managers).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from graph_service.domain.model import Function, Person, Seniority, Tie

STRENGTH_TOLERANCE = 1e-9
# The bounds of a path query, the same for both stores.
MAX_HOPS = 6
MAX_PER_TARGET = 10

DECISION_FUNCTIONS = frozenset(f for f in Function if f is not Function.HR)


class PathOrder(enum.Enum):
    SHORTEST = "SHORTEST"
    STRONGEST = "STRONGEST"
    MOST_SENIOR = "MOST_SENIOR"


@dataclass(frozen=True)
class PathQuery:
    """Exactly one of target_person_id and target_company_id is set."""

    from_id: str
    target_person_id: str | None = None
    target_company_id: str | None = None
    min_seniority: Seniority = Seniority.MANAGER
    max_hops: int = 3
    first: int = 5
    per_target: int = 1
    order: PathOrder = PathOrder.SHORTEST
    min_strength: float = 0.0
    exclude_ids: frozenset[str] = field(default_factory=frozenset)
    functions: frozenset[Function] = DECISION_FUNCTIONS
    max_seniority: Seniority | None = None
    """At most this senior (for the ladder's next rung, one level at a time); None: no ceiling."""

    def is_target(self, person_id: str) -> bool:
        """Whether the person may be a target at all (seniority and function aside)."""
        return person_id != self.from_id and person_id not in self.exclude_ids

    def picks(self, seniority: Seniority, function: Function) -> bool:
        """Whether a current position at the target company makes its holder a target."""
        ceiling = self.max_seniority or Seniority.OWNER
        return self.min_seniority.rank <= seniority.rank <= ceiling.rank and function in self.functions


@dataclass(frozen=True)
class IntroductionPath:
    """`people` runs from the candidate to the target; `ties[i]` joins people[i] and people[i+1]."""

    target_id: str
    target_seniority: Seniority | None
    people: tuple[str, ...]
    ties: tuple[Tie, ...]
    strength: float
    persons: tuple[Person, ...] = field(default=(), compare=False, repr=False)
    """The people of the path, when the store read them with it (it saves a lookup)."""

    @property
    def hops(self) -> int:
        return len(self.ties)


def path_strength(ties: tuple[Tie, ...]) -> float:
    """Multiplied in path order, so every store gets the same float."""
    product = 1.0
    for tie in ties:
        product *= tie.strength
    return product


class _Strength:
    """A strength compared with the design's tolerance: within 1e-9 counts as equal."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Strength) and abs(self.value - other.value) <= STRENGTH_TOLERANCE

    def __lt__(self, other: _Strength) -> bool:
        return self.value < other.value - STRENGTH_TOLERANCE

    def __hash__(self) -> int:  # pragma: no cover - never hashed; defined for consistency
        return 0


class _Stronger(_Strength):
    """Sorts stronger first."""

    def __lt__(self, other: _Strength) -> bool:
        return self.value > other.value + STRENGTH_TOLERANCE


def path_key(path: IntroductionPath, order: PathOrder) -> tuple[object, ...]:
    """The order of paths to one target: SHORTEST, or STRONGEST (and MOST_SENIOR)."""
    if order is not PathOrder.SHORTEST:
        return (_Stronger(path.strength), path.hops, path.people)
    return (path.hops, _Stronger(path.strength), path.people)


def target_key(best: IntroductionPath, order: PathOrder) -> tuple[object, ...]:
    """The order of targets, by each target's best path."""
    rank = best.target_seniority.rank if best.target_seniority is not None else -1
    if order is PathOrder.STRONGEST:
        return (_Stronger(best.strength), best.hops, -rank, best.target_id)
    if order is PathOrder.MOST_SENIOR:
        return (-rank, _Stronger(best.strength), best.hops, best.target_id)
    return (best.hops, _Stronger(best.strength), -rank, best.target_id)


def rank_paths(paths: list[IntroductionPath], query: PathQuery) -> list[list[IntroductionPath]]:
    """Group candidate paths by target, keep each target's `per_target` best, order the targets
    and keep the `first`. The candidates must include every path that could rank."""
    by_target: dict[str, list[IntroductionPath]] = {}
    for path in paths:
        by_target.setdefault(path.target_id, []).append(path)
    chosen = [
        sorted(group, key=lambda p: path_key(p, query.order))[: query.per_target]
        for group in by_target.values()
    ]
    chosen.sort(key=lambda group: target_key(group[0], query.order))
    return chosen[: query.first]


def too_broad_message(query: PathQuery) -> str:
    return (
        f"the search from {query.from_id!r} within {query.max_hops} hops would examine too many paths; "
        "lower maxHops, raise minStrength or minSeniority, or target one person"
    )

"""Introduction-path search over an in-memory adjacency, for the memory store.

Meet in the middle: simple paths of length L are the joins of a forward half of length
ceil(L/2) from the candidate and a backward half of length floor(L/2) from a target, split at
one fixed point so that each path is found once. Halves grow a hop at a time and are kept, so
deepening from L to L+1 costs one more level. Every candidate path that could rank is found;
the shared ranking in `domain.paths` then picks the answer, as it does for Neo4j.

Work is bounded: past `WORK_LIMIT` partial paths the search stops with `SearchTooBroad`.
"""

from __future__ import annotations

from collections.abc import Mapping

from graph_service.domain.errors import SearchTooBroad
from graph_service.domain.model import Seniority, Tie
from graph_service.domain.paths import (
    IntroductionPath,
    PathOrder,
    PathQuery,
    path_key,
    path_strength,
    rank_paths,
    target_key,
    too_broad_message,
)

WORK_LIMIT = 300_000

Adjacency = Mapping[str, Mapping[str, Tie]]
Half = dict[str, list[tuple[str, ...]]]


class _Halves:
    """Half-paths by length and end node, grown one level at a time."""

    def __init__(self, starts: list[str], query: PathQuery, adjacency: Adjacency, budget: list[int]) -> None:
        self.levels: list[Half] = [{s: [(s,)] for s in starts}]
        self._query = query
        self._adjacency = adjacency
        self._budget = budget

    def level(self, length: int) -> Half:
        while len(self.levels) <= length:
            self.levels.append(self._grow(self.levels[-1], len(self.levels)))
        return self.levels[length]

    def _grow(self, previous: Half, length: int) -> Half:
        grown: Half = {}
        excluded = self._query.exclude_ids
        floor = self._query.min_strength
        for node, paths in previous.items():
            # Extending past a node makes it an intermediate, which an excluded person may not be.
            if length > 1 and node in excluded:
                continue
            for other, tie in self._adjacency.get(node, {}).items():
                if tie.strength < floor:
                    continue
                for path in paths:
                    if other in path:
                        continue
                    grown.setdefault(other, []).append((*path, other))
                    self._budget[0] -= 1
            if self._budget[0] < 0:
                raise SearchTooBroad(too_broad_message(self._query))
        return grown


def search(
    query: PathQuery,
    *,
    targets: Mapping[str, Seniority | None],
    adjacency: Adjacency,
) -> list[IntroductionPath]:
    """The ranked paths; `targets` maps each target to its seniority and excludes the candidate."""
    if not targets:
        return []
    budget = [WORK_LIMIT]
    forward = _Halves([query.from_id], query, adjacency, budget)
    if query.order is not PathOrder.MOST_SENIOR:
        found = _paths(query, forward, targets, adjacency, budget)
    else:
        # Targets rank by seniority first: once `first` targets are found at the top levels, no
        # less senior one can enter the answer, so lower levels are never searched.
        found = []
        for level in _by_seniority(targets):
            found += _paths(query, forward, level, adjacency, budget)
            if len({path.target_id for path in found}) >= query.first:
                break
    return [path for group in rank_paths(found, query) for path in group]


def _paths(
    query: PathQuery,
    forward: _Halves,
    targets: Mapping[str, Seniority | None],
    adjacency: Adjacency,
    budget: list[int],
) -> list[IntroductionPath]:
    """Every path to the targets that could rank (under SHORTEST, until the answer is settled)."""
    backward = _Halves(sorted(targets), query, adjacency, budget)
    found: list[IntroductionPath] = []
    for length in range(1, query.max_hops + 1):
        ahead = (length + 1) // 2
        if length - ahead <= 1 and _count(forward.level(length - 1)) <= len(targets):
            # Few forward halves: finishing them with the last hop into the targets is cheaper
            # than growing backward halves from every target.
            found += _finish(query, length, forward, targets, adjacency, budget)
        else:
            found += _join(query, length, forward, backward, targets, adjacency, budget)
        if query.order is PathOrder.SHORTEST and _settled(found, query):
            break
    return found


def _by_seniority(targets: Mapping[str, Seniority | None]) -> list[dict[str, Seniority | None]]:
    """The targets in groups of one seniority, most senior first."""
    levels: dict[int, dict[str, Seniority | None]] = {}
    for target, seniority in targets.items():
        levels.setdefault(seniority.rank if seniority is not None else -1, {})[target] = seniority
    return [levels[rank] for rank in sorted(levels, reverse=True)]


def _join(
    query: PathQuery,
    length: int,
    forward: _Halves,
    backward: _Halves,
    targets: Mapping[str, Seniority | None],
    adjacency: Adjacency,
    budget: list[int],
) -> list[IntroductionPath]:
    ahead = (length + 1) // 2
    behind = length - ahead
    fronts = forward.level(ahead)
    backs = backward.level(behind)
    paths = []
    for meet, back_halves in backs.items():
        front_halves = fronts.get(meet)
        if not front_halves:
            continue
        if behind > 0 and meet in query.exclude_ids:
            continue
        for back in back_halves:
            tail = back[-2::-1]
            budget[0] -= len(front_halves)
            if budget[0] < 0:
                raise SearchTooBroad(too_broad_message(query))
            for front in front_halves:
                people = front + tail
                if len(set(people)) != length + 1:
                    continue
                paths.append(_path(people, targets, adjacency))
    return paths


def _finish(
    query: PathQuery,
    length: int,
    forward: _Halves,
    targets: Mapping[str, Seniority | None],
    adjacency: Adjacency,
    budget: list[int],
) -> list[IntroductionPath]:
    """Paths of `length` hops as forward halves of `length - 1` hops plus one hop to a target."""
    paths = []
    for last, halves in forward.level(length - 1).items():
        if length > 1 and last in query.exclude_ids:
            continue
        for target, tie in adjacency.get(last, {}).items():
            if target not in targets or tie.strength < query.min_strength:
                continue
            budget[0] -= len(halves)
            if budget[0] < 0:
                raise SearchTooBroad(too_broad_message(query))
            for half in halves:
                if target not in half:
                    paths.append(_path((*half, target), targets, adjacency))
    return paths


def _path(
    people: tuple[str, ...], targets: Mapping[str, Seniority | None], adjacency: Adjacency
) -> IntroductionPath:
    ties = tuple(adjacency[people[i]][people[i + 1]] for i in range(len(people) - 1))
    target = people[-1]
    return IntroductionPath(
        target_id=target,
        target_seniority=targets[target],
        people=people,
        ties=ties,
        strength=path_strength(ties),
    )


def _settled(found: list[IntroductionPath], query: PathQuery) -> bool:
    """Under SHORTEST, longer paths rank after every path found so far: once the first targets
    each have their paths, deeper levels cannot change the answer."""
    by_target: dict[str, list[IntroductionPath]] = {}
    for path in found:
        by_target.setdefault(path.target_id, []).append(path)
    if len(by_target) < query.first:
        return False
    best = sorted(
        by_target.values(),
        key=lambda group: target_key(min(group, key=lambda p: path_key(p, query.order)), query.order),
    )
    return all(len(group) >= query.per_target for group in best[: query.first])


def _count(half: Half) -> int:
    return sum(len(paths) for paths in half.values())


def neighbourhood(from_id: str, *, max_hops: int, limit: int, adjacency: Adjacency) -> dict[str, int] | None:
    """Everyone within `max_hops` ties of `from_id`, with their fewest hops; None past `limit` ties
    examined."""
    reached = {from_id: 0}
    frontier = [from_id]
    examined = 0
    for hops in range(1, max_hops + 1):
        following: list[str] = []
        for node in frontier:
            neighbours = adjacency.get(node, {})
            examined += len(neighbours)
            for other in neighbours:
                if other not in reached:
                    reached[other] = hops
                    following.append(other)
        if examined > limit:
            return None
        frontier = following
    del reached[from_id]
    return reached

"""The Cypher statement that answers an introduction-path query, built per query shape.

Integers that Cypher 5 needs as literals (hop counts, `SHORTEST k GROUPS`) are validated and
inlined; identifiers are generated from fixed strings; every value is a parameter. Each shape
returns rows of (targetId, rank, people, ties) that hold every path that could rank; the store
then ranks them with `domain.paths`, as the memory store does.

- One path per target, SHORTEST: one subquery per hop count L = 1..maxHops, each a
  fixed pattern joined in the middle (`USING JOIN ON`), run only while more targets are needed,
  and only for targets not found at fewer hops. A target's paths at its smallest hop count are
  simple, so no path predicate is needed.
- Several paths per target: per target, `SHORTEST g GROUPS` for g = 1, 2, .. only until it has
  enough simple paths, so a distant second group is never enumerated needlessly.
- STRONGEST, and MOST_SENIOR to a person: any length may be strongest, so every simple path
  within maxHops.
- MOST_SENIOR to a company: as STRONGEST, for the targets of one seniority level (`$q.rank`); the
  store runs it level by level, most senior first, only until `first` targets are found.

Shapes. Neo4j plans each distinct statement text once and caches the plan; planning a six-hop
shape takes up to a second or more, which must never count against a search's time budget. The
text depends only on the form (one path per target by SHORTEST, several per target by SHORTEST,
every path, one seniority level for MOST_SENIOR), the target (a person or a company; MOST_SENIOR to a
person is the every-path form) and maxHops (1..6): `shapes()` lists one query per shape, 7 x 6 = 42
in all, and the store plans them all before it reports ready. Values that would otherwise change
the text (perTarget) only skip parts of it, and the seniority level is a parameter. Every value travels in one map
parameter, `$q`: Neo4j keys its plan cache on the statement and its parameters' types, with a size
class for each string and list parameter, so ids of other lengths or exclusion lists of other sizes
would each make a shape planned again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph_service.domain.model import Seniority
from graph_service.domain.paths import MAX_HOPS, MAX_PER_TARGET, PathOrder, PathQuery
from graph_service.store.neo4j.cypher import PERSON_PROJECTION, TIE_PROJECTION

ROW_LIMIT = 20_000
# A current position: open, and started by today (`$q.today`, Python's, so both stores agree).
CURRENT = "w.endDate IS NULL AND (w.startDate IS NULL OR w.startDate <= $q.today)"
COMPANY_TARGET_MATCH = (
    """MATCH (t:Person)-[w:WORKS_AT]->(:Company {id: $q.companyId})
  WHERE """
    + CURRENT
    + """ AND w.rank >= $q.minRank AND w.rank <= $q.maxRank AND w.function IN $q.functions
    AND t.id <> $q.fromId AND NOT t.id IN $q.excludeIds
"""
)

COMPANY_TARGETS = "\n" + COMPANY_TARGET_MATCH + "WITH c, t, max(w.rank) AS rank\n"

PERSON_TARGET = (
    """
MATCH (t:Person {id: $q.personId})
WHERE t.id <> $q.fromId AND NOT t.id IN $q.excludeIds
OPTIONAL MATCH (t)-[w:WORKS_AT]->(:Company)
WHERE """
    + CURRENT
    + """
WITH c, t, max(w.rank) AS rank
"""
)

CANDIDATE = "MATCH (c:Person {id: $q.fromId})\n"

COUNT_COMPANY_TARGETS = (
    "\nCALL () {\n  "
    + COMPANY_TARGET_MATCH
    + "  RETURN count(DISTINCT t) AS total\n}\nWITH c, total, null AS targetRank\n"
)

PERSON_TARGET_RANK = (
    """
OPTIONAL MATCH (:Person {id: $q.personId})-[w:WORKS_AT]->(:Company)
WHERE """
    + CURRENT
    + """
WITH c, CASE WHEN $q.personId IN $q.excludeIds THEN 0 ELSE 1 END AS total, max(w.rank) AS targetRank
"""
)

# Per target, only the paths within the ranking's tolerance of its strongest one can rank first;
# the product is taken in path order, as `domain.paths.path_strength` takes it.
NEAR_BEST = """  WITH t, people, ties, max(rank) AS rank, reduce(s = 1.0, k IN ties | s * k.strength) AS strength
  WITH t, max(rank) AS rank, collect([people, ties, strength]) AS options, max(strength) AS best
  UNWIND [o IN options WHERE o[2] >= best - 1e-9] AS o
  RETURN collect(DISTINCT [t.id, rank]) AS more, collect([t.id, rank, o[0], o[1]]) AS morePaths
"""

# Per target, the paths within the ranking's tolerance of its `perTarget`-th strongest: every path
# that could rank among its best under STRONGEST.
STRONGEST_PER_TARGET = """  WITH t, people, ties, strength ORDER BY strength DESC
  WITH t, collect([people, ties, strength]) AS options
  WITH t, options, options[CASE WHEN size(options) < $q.perTarget THEN size(options) ELSE $q.perTarget END - 1][2] AS bar
  UNWIND [o IN options WHERE o[2] >= bar - 1e-9] AS o
"""

# Intermediates are the `a` nodes after the first; the first is the candidate.
HOP = "((a:Person WHERE a.id = $q.fromId OR NOT a.id IN $q.excludeIds)-[r:KNOWS WHERE r.strength >= $q.minStrength]-(b:Person))"
SIMPLE = "all(i IN range(0, size(b) - 2) WHERE NOT b[i] IN b[i + 1..]) AND NOT c IN b"

PEOPLE = "[n IN nodes(p) | n " + PERSON_PROJECTION + "]"
TIES = "[k IN relationships(p) | k " + TIE_PROJECTION + "]"


def shapes() -> list[PathQuery]:
    """One query of every statement shape `statement` can produce."""
    forms = [
        (PathOrder.SHORTEST, 1, False),
        (PathOrder.SHORTEST, 1, True),
        (PathOrder.SHORTEST, 2, False),
        (PathOrder.SHORTEST, 2, True),
        (PathOrder.STRONGEST, 1, False),
        (PathOrder.STRONGEST, 1, True),
        (PathOrder.MOST_SENIOR, 1, False),
    ]
    return [
        PathQuery(
            from_id="-",
            target_person_id="-" if person else None,
            target_company_id=None if person else "-",
            max_hops=hops,
            per_target=per_target,
            order=order,
        )
        for order, per_target, person in forms
        for hops in range(1, MAX_HOPS + 1)
    ]


def statement(query: PathQuery) -> tuple[str, dict[str, Any]]:
    hops = _literal(query.max_hops, high=MAX_HOPS)
    per_target = _literal(query.per_target, high=MAX_PER_TARGET)
    if query.order is PathOrder.STRONGEST or (
        query.order is PathOrder.MOST_SENIOR and query.target_person_id is not None
    ):
        text = _every_path(query, hops)
    elif by_seniority(query):
        text = _one_seniority_level(hops)
    elif per_target == 1:
        text = _by_levels(query, hops)
    else:
        text = _by_groups(query, hops)
    values = {
        "fromId": query.from_id,
        "personId": query.target_person_id,
        "companyId": query.target_company_id,
        "minRank": query.min_seniority.rank,
        "maxRank": (query.max_seniority or Seniority.OWNER).rank,
        "minStrength": query.min_strength,
        "excludeIds": sorted(query.exclude_ids),
        "functions": sorted(f.value for f in query.functions),
        "perTarget": per_target,
        "first": query.first,
        "limit": ROW_LIMIT + 1,
        # MOST_SENIOR to a company: the level each run searches, set by the store per run.
        "rank": None,
        "today": date.today(),
    }
    return text, {"q": values}


def _targets(query: PathQuery) -> str:
    return PERSON_TARGET if query.target_person_id is not None else COMPANY_TARGETS


def _every_path(query: PathQuery, hops: int) -> str:
    return (
        CANDIDATE
        + _targets(query)
        + f"MATCH p = (c) {HOP}{{1,{hops}}} (t)\nWHERE {SIMPLE}\n"
        + f"RETURN t.id AS targetId, rank, {PEOPLE} AS people, {TIES} AS ties\nLIMIT $q.limit\n"
    )


def _by_groups(query: PathQuery, hops: int) -> str:
    text = CANDIDATE + _targets(query) + "WITH c, t, rank, [] AS paths\n"
    for groups in range(1, MAX_PER_TARGET + 1):
        # The path predicate sits inside the parentheses, so it filters before the selector.
        selector = "" if hops == 1 else f"SHORTEST {groups} GROUPS "
        text += (
            "CALL (c, t, paths) {\n"
            "  WITH c, t, paths WHERE size(paths) < $q.perTarget\n"
            f"  MATCH p = {selector}((c) {HOP}{{1,{hops}}} (t) WHERE {SIMPLE})\n"
            f"  RETURN collect([{PEOPLE}, {TIES}]) AS found\n"
            "}\n"
            "WITH c, t, rank, CASE WHEN size(found) > size(paths) THEN found ELSE paths END AS paths\n"
        )
        if hops == 1:
            break
    return text + (
        "UNWIND paths AS path\n"
        "RETURN t.id AS targetId, rank, path[0] AS people, path[1] AS ties\nLIMIT $q.limit\n"
    )


def _by_levels(query: PathQuery, hops: int) -> str:
    company = query.target_company_id is not None
    text = CANDIDATE + COUNT_COMPANY_TARGETS if company else CANDIDATE + PERSON_TARGET_RANK
    text += "WITH c, total, targetRank, [] AS found, [] AS paths\n"
    for length in range(1, hops + 1):
        text += _level(length, company)
    return text + (
        "UNWIND paths AS path\n"
        "RETURN path[0] AS targetId, path[1] AS rank, path[2] AS people, path[3] AS ties\nLIMIT $q.limit\n"
    )


def _level(length: int, company: bool) -> str:
    """Paths of exactly `length` hops to targets not yet found, keeping each target's near-best."""
    pattern, nodes = _pattern(length, company)
    conditions = [*_conditions(length, nodes, company), "NOT t.id IN found"]
    people = "[" + ", ".join(f"{n} {PERSON_PROJECTION}" for n in nodes) + "]"
    ties = "[" + ", ".join(f"r{i} {TIE_PROJECTION}" for i in range(1, length + 1)) + "]"
    rank = "w.rank" if company else "targetRank"
    carried = "c, total, targetRank, found, paths"
    return (
        f"CALL ({carried}) {{\n"
        f"  WITH {carried}\n"
        "  WHERE size(found) < $q.first AND size(found) < total\n"
        f"  MATCH {pattern}\n"
        f"  WHERE {' AND '.join(conditions)}\n"
        f"  WITH t, {people} AS people, {ties} AS ties, {rank} AS rank\n" + NEAR_BEST + "}\n"
        "WITH c, total, targetRank, found + [m IN more | m[0]] AS found, paths + morePaths AS paths\n"
    )


def _pattern(length: int, company: bool) -> tuple[str, list[str]]:
    """A fixed pattern of `length` KNOWS hops from the candidate `c` to `t`, joined in the middle."""
    nodes = ["c", *(f"n{i}" for i in range(1, length)), "t"]
    pattern = "(c)" + "".join(f"-[r{i}:KNOWS]-({nodes[i]}:Person)" for i in range(1, length + 1))
    if company:
        pattern += "-[w:WORKS_AT]->(:Company {id: $q.companyId})"
    else:
        pattern = pattern.replace("(t:Person)", "(t:Person {id: $q.personId})")
    hint = f" USING JOIN ON {nodes[(length + 1) // 2]}" if length >= 3 else ""
    return pattern + hint, nodes


def _conditions(length: int, nodes: list[str], company: bool) -> list[str]:
    conditions = [f"r{i}.strength >= $q.minStrength" for i in range(1, length + 1)]
    conditions += [f"NOT {n}.id IN $q.excludeIds" for n in nodes[1:-1]]
    conditions.append("t <> c")
    if company:
        conditions += [
            CURRENT,
            "w.rank >= $q.minRank AND w.rank <= $q.maxRank",
            "w.function IN $q.functions",
            "NOT t.id IN $q.excludeIds",
        ]
    return conditions


def by_seniority(query: PathQuery) -> bool:
    """MOST_SENIOR to a company: one statement per seniority level (see `seniority_ranks`)."""
    return query.order is PathOrder.MOST_SENIOR and query.target_company_id is not None


def seniority_ranks(query: PathQuery) -> list[int]:
    """The levels to search, most senior first: the store runs the statement with each `$q.rank`
    until `first` targets are found, since no less senior target can then enter the answer."""
    top = query.max_seniority or Seniority.OWNER
    return list(range(top.rank, query.min_seniority.rank - 1, -1))


def _one_seniority_level(hops: int) -> str:
    """Every path of 1..maxHops hops to the targets at `$q.rank`, each keeping its strongest. One
    small statement for every level, so that one plan serves them all."""
    branches = "\n    UNION ALL\n".join(_seniority_branch(length) for length in range(1, hops + 1))
    return (
        CANDIDATE
        + f"CALL (c) {{\n{branches}\n}}\n"
        # A person is a target at the level of their most senior qualifying position.
        + "WITH t, people, ties, reduce(s = 1.0, k IN ties | s * k.strength) AS strength\n"
        "WHERE NOT EXISTS { MATCH (t)-[v:WORKS_AT]->(:Company {id: $q.companyId})\n"
        "  WHERE v.endDate IS NULL AND (v.startDate IS NULL OR v.startDate <= $q.today)\n"
        "    AND v.rank > $q.rank AND v.rank <= $q.maxRank AND v.function IN $q.functions }\n"
        + STRONGEST_PER_TARGET
        + f"RETURN t.id AS targetId, $q.rank AS rank, [n IN o[0] | n {PERSON_PROJECTION}] AS people,\n"
        f"       [k IN o[1] | k {TIE_PROJECTION}] AS ties\nLIMIT $q.limit\n"
    )


def _seniority_branch(length: int) -> str:
    pattern, nodes = _pattern(length, company=True)
    conditions = [*_conditions(length, nodes, company=True), "w.rank = $q.rank"]
    # With one tie per pair, only a path of 4 or more hops can revisit someone.
    conditions += [f"{x} <> {y}" for i, x in enumerate(nodes) for y in nodes[i + 3 :]]
    people = "[" + ", ".join(nodes) + "]"
    ties = "[" + ", ".join(f"r{i}" for i in range(1, length + 1)) + "]"
    return (
        f"    MATCH {pattern}\n"
        f"    WHERE {' AND '.join(conditions)}\n"
        f"    RETURN t, {people} AS people, {ties} AS ties"
    )


def _literal(value: int, *, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise ValueError(f"{value!r} is not an integer from 1 to {high}")
    return value

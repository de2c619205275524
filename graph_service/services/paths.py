"""Introduction paths: argument ranges, existence checks, then one store call."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from graph_service.domain.errors import BadUserInput
from graph_service.domain.model import Function, Seniority, id_key
from graph_service.domain.paths import (
    DECISION_FUNCTIONS,
    MAX_HOPS,
    MAX_PER_TARGET,
    IntroductionPath,
    PathOrder,
    PathQuery,
)
from graph_service.services import validation as check
from graph_service.services.people import get_company, get_person
from graph_service.store.protocol import Store

MAX_TARGETS = 50
MAX_EXCLUDED = 200


async def introduction_paths(
    store: Store,
    *,
    from_id: str,
    target_person_id: str | None,
    target_company_id: str | None,
    min_seniority: Seniority | None = None,
    functions: Sequence[Function] | None = None,
    max_hops: int = 3,
    first: int = 5,
    per_target: int = 1,
    order: PathOrder = PathOrder.SHORTEST,
    min_strength: float = 0.0,
    exclude_ids: Sequence[str] = (),
) -> list[IntroductionPath]:
    if (target_person_id is None) == (target_company_id is None):
        raise BadUserInput("target needs exactly one of personId and companyId", field="target")
    check.int_in_range(max_hops, "maxHops", low=1, high=MAX_HOPS)
    check.int_in_range(first, "first", low=1, high=MAX_TARGETS)
    check.int_in_range(per_target, "perTarget", low=1, high=MAX_PER_TARGET)
    if not math.isfinite(min_strength) or not 0 <= min_strength <= 1:
        raise BadUserInput(f"minStrength must be between 0 and 1; got {min_strength}", field="minStrength")
    if len(exclude_ids) > MAX_EXCLUDED:
        raise BadUserInput(f"excludeIds may hold at most {MAX_EXCLUDED} ids", field="excludeIds")
    if functions is not None and not functions:
        raise BadUserInput("functions must name at least one function, or be left out", field="functions")
    if target_person_id is not None and id_key(target_person_id) == id_key(from_id):
        raise BadUserInput("the target person is the candidate", field="target")
    # Ids are given in any case; the stores match the stored spelling. People to avoid are looked
    # up (an unknown one is on no path); the ends only when the search finds nothing, since a
    # path proves both ends exist as given.
    excluded = await store.existing_people(sorted(set(exclude_ids))) if exclude_ids else set()
    query = PathQuery(
        from_id=from_id,
        target_person_id=target_person_id,
        target_company_id=target_company_id,
        min_seniority=min_seniority or Seniority.MANAGER,
        max_hops=max_hops,
        first=first,
        per_target=per_target,
        order=order,
        min_strength=min_strength,
        exclude_ids=frozenset(excluded),
        functions=DECISION_FUNCTIONS if functions is None else frozenset(functions),
    )
    found = await store.introduction_paths(query)
    if found:
        return found
    # Only an empty answer can hide an unknown id, or one given in another case than stored.
    stored = replace(
        query,
        from_id=(await get_person(store, from_id)).id,
        target_person_id=None if target_person_id is None else (await get_person(store, target_person_id)).id,
        target_company_id=None
        if target_company_id is None
        else (await get_company(store, target_company_id)).id,
    )
    return await store.introduction_paths(stored) if stored != query else []


async def most_senior_reachable(
    store: Store,
    *,
    from_id: str,
    company_id: str,
    max_hops: int = 3,
    min_strength: float = 0.0,
    exclude_ids: Sequence[str] = (),
    functions: Sequence[Function] | None = None,
) -> IntroductionPath | None:
    """The most senior person at the company within reach, anyone from ENTRY up (by default not in
    HR), and the strongest path to them; None when nobody there is reachable."""
    paths = await introduction_paths(
        store,
        from_id=from_id,
        target_person_id=None,
        target_company_id=company_id,
        min_seniority=Seniority.ENTRY,
        functions=functions,
        max_hops=max_hops,
        first=1,
        order=PathOrder.MOST_SENIOR,
        min_strength=min_strength,
        exclude_ids=exclude_ids,
    )
    return paths[0] if paths else None

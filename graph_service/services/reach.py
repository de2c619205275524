"""Reach: argument checks, existence checks, then the store gathers and `domain.reach` decides."""

from __future__ import annotations

from collections.abc import Sequence

from graph_service.domain.errors import BadUserInput, NotFound, SearchTooBroad
from graph_service.domain.model import id_key
from graph_service.domain.reach import Reach, summarize
from graph_service.services import validation as check
from graph_service.services.people import get_person
from graph_service.store.protocol import Store

MAX_REACH_HOPS = 3
MAX_COMPANIES = 20
MAX_COMPANY_IDS = 50
# Ties examined while widening the circle. Three hops from the best-connected person of the
# 10,000-person, 170,000-tie bench network examine about 300,000 and reach nearly everyone.
WORK_LIMIT = 1_000_000


async def reach(
    store: Store,
    *,
    from_id: str,
    max_hops: int = MAX_REACH_HOPS,
    first: int = 5,
    company_ids: Sequence[str] = (),
    work_limit: int = WORK_LIMIT,
) -> Reach:
    check.int_in_range(max_hops, "maxHops", low=1, high=MAX_REACH_HOPS)
    check.int_in_range(first, "first", low=1, high=MAX_COMPANIES)
    if len(company_ids) > MAX_COMPANY_IDS:
        raise BadUserInput(f"companyIds may hold at most {MAX_COMPANY_IDS} ids", field="companyIds")
    from_id = (await get_person(store, from_id)).id
    stored = {id_key(c): c for c in await store.existing_companies(list(company_ids))} if company_ids else {}
    unknown = {c for c in company_ids if id_key(c) not in stored}
    if unknown:
        raise NotFound(f"no company with id {min(unknown)!r}")
    company_ids = [stored[id_key(c)] for c in company_ids]
    reached = await store.neighbourhood(from_id, max_hops=max_hops, limit=work_limit)
    if reached is None:
        raise SearchTooBroad(
            f"reaching {max_hops} hops out from {from_id!r} would examine more than {work_limit} ties; "
            "lower maxHops"
        )
    ids = sorted(reached)
    jobs = dict(zip(ids, await store.employments_of(ids), strict=True))
    return summarize(reached, jobs, max_hops=max_hops, first=first, company_ids=company_ids)

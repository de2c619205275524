"""The companies a candidate watches: whose list it is, existence checks and a bound, then the store."""

from __future__ import annotations

from graph_service.domain.access import SYSTEM, Principal
from graph_service.domain.errors import BadUserInput
from graph_service.domain.model import Person, Target
from graph_service.services.access import require_own
from graph_service.services.people import get_company, get_person, stored_person_id
from graph_service.store.protocol import Store

MAX_TARGETS = 50


async def add_target(
    store: Store, *, person_id: str, company_id: str, principal: Principal = SYSTEM
) -> Person:
    person, company_id = await _own_entry(store, person_id, company_id, principal)
    (watched,) = await store.targets_of([person.id])
    if company_id not in watched and len(watched) >= MAX_TARGETS:
        raise BadUserInput(
            f"a watchlist holds at most {MAX_TARGETS} companies; remove one first", field="companyId"
        )
    await store.add_target(Target(person.id, company_id))
    return person


async def remove_target(
    store: Store, *, person_id: str, company_id: str, principal: Principal = SYSTEM
) -> Person:
    person, company_id = await _own_entry(store, person_id, company_id, principal)
    await store.remove_target(Target(person.id, company_id))
    return person


async def watched_companies(store: Store, person_id: str, *, principal: Principal = SYSTEM) -> list[str]:
    """The ids on a person's watchlist; it is theirs, so others but editors and admins see none."""
    if not principal.sees_record(candidate_id=person_id):
        return []
    (ids,) = await store.targets_of([await stored_person_id(store, person_id)])
    return ids


async def _own_entry(
    store: Store, person_id: str, company_id: str, principal: Principal
) -> tuple[Person, str]:
    """The person whose watchlist the principal may change and the company's stored id, both ids
    checked to exist."""
    require_own(principal, person_id, what="change the watchlist")
    person = await get_person(store, person_id)
    company = await get_company(store, company_id)
    return person, company.id

"""Correcting the graph: deleting people, ties, interviews, referrals and companies, and merging
duplicate people. Each is one journaled write on the memory store and one transaction on Neo4j;
repeating one finds nothing left and is `NotFound`, leaving everything else as it was."""

from __future__ import annotations

from graph_service.domain.errors import BadUserInput
from graph_service.domain.model import Person, id_key
from graph_service.services import validation as check
from graph_service.services.people import stored_company_id, stored_person_id
from graph_service.store.protocol import Store


async def delete_person(store: Store, person_id: str) -> str:
    """Returns the id as stored."""
    stored = await stored_person_id(store, check.identifier(person_id, "id"))
    await store.delete_person(stored)
    return stored


async def merge_people(store: Store, *, keep_id: str, merge_id: str) -> Person:
    if id_key(keep_id) == id_key(merge_id):
        raise BadUserInput("keepId and mergeId name the same person", field="mergeId")
    return await store.merge_people(
        await stored_person_id(store, check.identifier(keep_id, "keepId")),
        await stored_person_id(store, check.identifier(merge_id, "mergeId")),
    )


async def delete_tie(store: Store, *, a_id: str, b_id: str) -> None:
    if id_key(a_id) == id_key(b_id):
        raise BadUserInput("a tie joins two different people", field="bId")
    await store.delete_tie(await stored_person_id(store, a_id), await stored_person_id(store, b_id))


async def delete_interview(store: Store, interview_id: str) -> str:
    """Returns the id as stored."""
    (found,) = await store.get_interviews([interview_id])
    stored = interview_id if found is None else found.id
    await store.delete_interview(stored)
    return stored


async def delete_referral(store: Store, referral_id: str) -> str:
    """Returns the id as stored."""
    (found,) = await store.get_referrals([referral_id])
    stored = referral_id if found is None else found.id
    await store.delete_referral(stored)
    return stored


async def delete_company(store: Store, company_id: str) -> str:
    """Returns the id as stored."""
    stored = await stored_company_id(store, company_id)
    await store.delete_company(stored)
    return stored

"""Correcting the graph: deleting people, ties, interviews, referrals and companies, and merging
duplicate people. Each is one journaled write on the memory store and one transaction on Neo4j;
repeating one finds nothing left and is `NotFound`, leaving everything else as it was."""

from __future__ import annotations

from graph_service.domain.errors import BadUserInput
from graph_service.domain.model import Person
from graph_service.services import validation as check
from graph_service.store.protocol import Store


async def delete_person(store: Store, person_id: str) -> None:
    await store.delete_person(check.identifier(person_id, "id"))


async def merge_people(store: Store, *, keep_id: str, merge_id: str) -> Person:
    if keep_id == merge_id:
        raise BadUserInput("keepId and mergeId name the same person", field="mergeId")
    return await store.merge_people(
        check.identifier(keep_id, "keepId"), check.identifier(merge_id, "mergeId")
    )


async def delete_tie(store: Store, *, a_id: str, b_id: str) -> None:
    if a_id == b_id:
        raise BadUserInput("a tie joins two different people", field="bId")
    await store.delete_tie(a_id, b_id)


async def delete_interview(store: Store, interview_id: str) -> None:
    await store.delete_interview(interview_id)


async def delete_referral(store: Store, referral_id: str) -> None:
    await store.delete_referral(referral_id)


async def delete_company(store: Store, company_id: str) -> None:
    await store.delete_company(company_id)

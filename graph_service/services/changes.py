"""A candidate's referral and interview changes as they happen, for GraphQL subscriptions.

Each subscription polls the store: what it reads is what every replica and every CLI import
wrote, so a change made anywhere arrives within one poll interval plus a read.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable

from graph_service.domain.access import SYSTEM, Principal
from graph_service.domain.hiring import Interview, Referral, ReferralFilter
from graph_service.services.people import get_person
from graph_service.services.referrals import visible_filter
from graph_service.store.protocol import Store

POLL_SECONDS = 0.5


def _referral_version(referral: Referral) -> Hashable:
    return (referral.status, len(referral.history), referral.updated_at)


def _interview_version(interview: Interview) -> Hashable:
    return (interview.outcome, interview.hired_role_title, interview.date)


async def referral_changes(
    store: Store, candidate_id: str, *, every: float = POLL_SECONDS, principal: Principal = SYSTEM
) -> AsyncIterator[Referral]:
    """Each referral of the candidate that is logged or changes status from now on, of those the
    principal may see (the candidate's own, those they made, or all for editors and admins)."""
    candidate_id = (await get_person(store, candidate_id)).id
    where = visible_filter(principal, ReferralFilter(candidate_id=candidate_id))
    if where is None:
        return
    seen = {r.id: _referral_version(r) for r in await store.find_referrals(where)}
    while True:
        await asyncio.sleep(every)
        for referral in await store.find_referrals(where):
            version = _referral_version(referral)
            if seen.get(referral.id) != version:
                seen[referral.id] = version
                yield referral


async def interview_changes(
    store: Store, candidate_id: str, *, every: float = POLL_SECONDS, principal: Principal = SYSTEM
) -> AsyncIterator[Interview]:
    """Each interview of the candidate that is logged, gets a new outcome or moves, from now on;
    nothing for a principal who may not see the candidate's interviews."""
    candidate_id = (await get_person(store, candidate_id)).id
    if not principal.sees_record(candidate_id=candidate_id):
        return
    (current,) = await store.interviews_of([candidate_id])
    seen = {i.id: _interview_version(i) for i in current}
    while True:
        await asyncio.sleep(every)
        (current,) = await store.interviews_of([candidate_id])
        for interview in current:
            version = _interview_version(interview)
            if seen.get(interview.id) != version:
                seen[interview.id] = version
                yield interview

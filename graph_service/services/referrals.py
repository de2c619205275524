"""Referrals: logging them, the state machine, what they are credited with, chains and the
referrer leaderboard."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from graph_service.domain.access import SYSTEM, Principal, Role
from graph_service.domain.errors import BadUserInput, InvalidTransition, NotFound
from graph_service.domain.hiring import (
    Interview,
    Referral,
    ReferralFilter,
    ReferralStatus,
    StatusChange,
    allowed_next,
    credited,
    led_to_hire,
)
from graph_service.domain.leaderboard import LeaderboardOrder, ReferrerRecord
from graph_service.domain.model import Employment, Seniority, Tie, TieContext, held_on, id_key, tie_pair
from graph_service.domain.parties import Parties, Wanted
from graph_service.domain.strength import default_strength
from graph_service.services import paging
from graph_service.services import validation as check
from graph_service.services.access import require_own
from graph_service.services.idempotency import fingerprint, idempotency_key
from graph_service.services.people import get_person, stored_company_id, stored_person_id
from graph_service.store.protocol import Store

MAX_LEADERS = 50
NOTE_MAX = 1000


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


async def get_referral(store: Store, referral_id: str, *, principal: Principal = SYSTEM) -> Referral:
    """NOT_FOUND also for a referral the principal may not see: probing ids tells nothing."""
    (referral,) = await store.get_referrals([referral_id])
    if referral is None or not _visible(principal, referral):
        raise NotFound(f"no referral with id {referral_id!r}")
    return referral


def event_time(at: datetime | None, *, now_: datetime) -> datetime:
    """When an event happened: `at` for one logged after the fact (never ahead of now), else now."""
    if at is None:
        return now_
    if at.tzinfo is None:
        raise BadUserInput("at must be a time with its zone, like 2026-03-10T09:00:00Z", field="at")
    at = at.astimezone(UTC)
    if at > now_:
        raise BadUserInput(f"at {at.isoformat()} is in the future", field="at")
    return at


def check_not_employer(candidate_jobs: list[Employment], company_id: str, at: datetime) -> None:
    """A referral is to a company the candidate does not work at."""
    if held_on(candidate_jobs, company_id, at.date()) is not None:
        raise BadUserInput(
            f"the candidate works at {company_id!r}: there is no one to refer them to", field="companyId"
        )


def _visible(principal: Principal, referral: Referral) -> bool:
    return principal.sees_record(candidate_id=referral.candidate_id, referrer_id=referral.referrer_id)


def visible_filter(principal: Principal, where: ReferralFilter) -> ReferralFilter | None:
    """The filter narrowed to what the principal may see; None when that is nothing."""
    if principal.sees_everything:
        return where
    if principal.role is not Role.CANDIDATE or principal.person_id is None:
        return None
    return replace(where, involving=principal.person_id)


def check_parties(referrer_id: str, candidate_id: str, contact_id: str | None) -> None:
    if id_key(referrer_id) == id_key(candidate_id):
        raise BadUserInput("a person cannot refer themselves", field="candidateId")
    if contact_id is not None and id_key(contact_id) == id_key(candidate_id):
        raise BadUserInput("the contact cannot be the candidate", field="contactId")


async def log_referral(
    store: Store,
    *,
    referrer_id: str,
    candidate_id: str,
    company_id: str,
    contact_id: str | None = None,
    role_title: object = None,
    note: object = None,
    key: object = None,
    at: datetime | None = None,
    principal: Principal = SYSTEM,
) -> tuple[Referral, bool]:
    """Checked and stored in one transaction: the store gathers the parties, `decide` (these
    rules) judges them and makes the referral, the store writes it."""
    require_own(principal, referrer_id, what="log referrals they make as the referrer")
    check_parties(referrer_id, candidate_id, contact_id)
    title = check.optional_text(role_title, "roleTitle")
    text = check.optional_text(note, "note", max_length=NOTE_MAX)
    used_key = idempotency_key(key)
    asked_at = now()

    def decide(parties: Parties) -> tuple[Referral, None]:
        # Ids may be asked in any case: the referral names each party by its stored spelling.
        referrer = parties.person(referrer_id).id
        candidate = parties.person(candidate_id).id
        company = parties.company(company_id).id
        made = event_time(at, now_=asked_at)
        contact = None if contact_id is None else parties.person(contact_id).id
        check_not_employer(parties.jobs_of(candidate_id), company, made)
        if contact_id is not None and held_on(parties.jobs_of(contact_id), company, made.date()) is None:
            raise BadUserInput(f"contact {contact!r} does not work at {company!r}", field="contactId")
        given: dict[str, object] = {
            "referrerId": referrer,
            "candidateId": candidate,
            "companyId": company,
            "contactId": contact,
            "roleTitle": title,
            "note": text,
        }
        if at is not None:
            # Without `at`, a replay a moment later is the same input; with it, the time is input.
            given["at"] = made.isoformat()
        referral = Referral(
            id=f"ref_{check.new_id()}",
            referrer_id=referrer,
            candidate_id=candidate,
            company_id=company,
            status=ReferralStatus.MADE,
            created_at=made,
            updated_at=made,
            cross_firm=held_on(parties.jobs_of(referrer_id), company, made.date()) is None,
            history=(StatusChange(ReferralStatus.MADE, made, text),),
            contact_id=contact,
            role_title=title,
            note=text,
            idempotency_key=used_key,
            fingerprint=fingerprint(given) if used_key else None,
        )
        return referral, None

    people = (referrer_id, candidate_id, *(() if contact_id is None else (contact_id,)))
    return await store.record_referral(Wanted(people, company_id, used_key), decide)


async def update_referral_status(
    store: Store,
    *,
    referral_id: str,
    status: object,
    note: object = None,
    at: datetime | None = None,
    principal: Principal = SYSTEM,
) -> Referral:
    """Judged and written in one transaction, against the referral as stored under its lock."""
    target = check.enum_member(ReferralStatus, status, "status")
    text = check.optional_text(note, "note", max_length=NOTE_MAX)
    asked_at = now()

    def decide(current: Referral | None) -> tuple[StatusChange, Tie | None]:
        if current is None or not _visible(principal, current):
            raise NotFound(f"no referral with id {referral_id!r}")
        _check_transition(current, target)
        moment = event_time(at, now_=max(asked_at, current.updated_at))
        if moment < current.updated_at:
            raise BadUserInput(
                f"at {moment.isoformat()} is before the referral's last change, at {current.updated_at.isoformat()}",
                field="at",
            )
        change = StatusChange(target, moment, text)
        tie = _introduction_tie(current, change) if target is ReferralStatus.INTRODUCED else None
        return change, tie

    return await store.change_referral_status(referral_id, decide)


def _check_transition(current: Referral, target: ReferralStatus) -> None:
    allowed = allowed_next(current.status)
    if target not in allowed:
        then = ", ".join(s.value for s in allowed) if allowed else f"nothing: {current.status.value} is final"
        raise InvalidTransition(
            f"referral {current.id!r} cannot go from {current.status.value} to {target.value}; it can go to {then}"
        )


def _introduction_tie(referral: Referral, change: StatusChange) -> Tie | None:
    """Reaching INTRODUCED ties the candidate to the contact (or warms their tie)."""
    if referral.contact_id is None:
        return None
    day = change.at.date()
    a, b = tie_pair(referral.candidate_id, referral.contact_id)
    return Tie(
        a=a,
        b=b,
        strength=default_strength(TieContext.REFERRAL, since=day, last_interaction=day, today=day),
        context=TieContext.REFERRAL,
        since=day,
        last_interaction=day,
        evidence=f"introduced by {referral.referrer_id} through referral {referral.id}",
    )


@dataclass(frozen=True)
class Credit:
    interviews: list[Interview]
    hired: bool


async def credit(store: Store, referral: Referral) -> Credit:
    (interviews,) = await store.interviews_of([referral.candidate_id])
    found = credited(referral, interviews)
    return Credit(interviews=found, hired=led_to_hire(referral, found))


async def list_referrals(
    store: Store, *, first: int, after: str | None, where: ReferralFilter | None
) -> tuple[list[Referral], bool, ReferralFilter | None]:
    """`where` from `visible_filter`: None lists nothing. Returns the page, whether more follow, and
    the filter with its ids as stored (for counting)."""
    paging.check_first(first)
    cursor = paging.decode_cursor("referral", after)
    if where is None:
        return [], False, None
    where = await stored_ids(store, where)
    page = await store.list_referrals(where, first=first, after=cursor)
    return page.items, page.has_next, where


async def stored_ids(store: Store, where: ReferralFilter) -> ReferralFilter:
    """The filter with its ids as stored, whatever their case (the stores match them exactly)."""
    return replace(
        where,
        referrer_id=None if where.referrer_id is None else await stored_person_id(store, where.referrer_id),
        candidate_id=None
        if where.candidate_id is None
        else await stored_person_id(store, where.candidate_id),
        company_id=None if where.company_id is None else await stored_company_id(store, where.company_id),
    )


@dataclass(frozen=True)
class ChainLink:
    referral: Referral
    from_company_id: str | None
    to_company_id: str


async def referral_chain(
    store: Store, candidate_id: str, *, principal: Principal = SYSTEM
) -> list[ChainLink]:
    """The candidate's referrals in time order, each from the firm they were at that day (if any)
    to the firm they were referred to; only those the principal may see."""
    candidate_id = (await get_person(store, candidate_id)).id
    found = await store.find_referrals(ReferralFilter(candidate_id=candidate_id))
    referrals = [r for r in found if _visible(principal, r)]
    (jobs,) = await store.employments_of([candidate_id])
    links = []
    for referral in referrals:
        day = referral.created_at.date()
        spanning = [e for e in jobs if e.spans(day)]
        current = max(spanning, key=lambda e: (e.seniority.rank, e.company_id)) if spanning else None
        links.append(ChainLink(referral, current.company_id if current else None, referral.company_id))
    return links


async def referrer_leaderboard(
    store: Store,
    *,
    first: int = 10,
    order: LeaderboardOrder = LeaderboardOrder.HIRES,
    min_seniority: Seniority | None = None,
) -> list[ReferrerRecord]:
    """Referrers by the chosen measure (highest first), then by referrals made, then by id; with
    `min_seniority`, only referrers now at that level or above (`domain.leaderboard`). Every
    referral counts: the leaderboard shows counts, never a private record."""
    check.int_in_range(first, "first", low=1, high=MAX_LEADERS)
    return await store.referrer_leaderboard(order=order, first=first, min_seniority=min_seniority)

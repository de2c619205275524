"""Interviews and referrals (docs/design.md §5 and §6): values, the referral state machine, and the
rules that credit interviews and hires to a referral."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime


class InterviewStage(enum.Enum):
    HR_SCREEN = "HR_SCREEN"
    HIRING_MANAGER = "HIRING_MANAGER"
    SENIOR_MANAGEMENT = "SENIOR_MANAGEMENT"
    EXECUTIVE = "EXECUTIVE"
    OTHER = "OTHER"

    @property
    def rank(self) -> int:
        """OTHER is off the ladder: below every rung."""
        return _STAGE_RANK[self]


_STAGE_RANK = {
    InterviewStage.OTHER: -1,
    InterviewStage.HR_SCREEN: 0,
    InterviewStage.HIRING_MANAGER: 1,
    InterviewStage.SENIOR_MANAGEMENT: 2,
    InterviewStage.EXECUTIVE: 3,
}


class InterviewOutcome(enum.Enum):
    PENDING = "PENDING"
    ADVANCED = "ADVANCED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"
    OFFER = "OFFER"
    HIRED = "HIRED"


class ReferralStatus(enum.Enum):
    MADE = "MADE"
    INTRODUCED = "INTRODUCED"
    INTERVIEWING = "INTERVIEWING"
    OFFERED = "OFFERED"
    HIRED = "HIRED"
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"

    @property
    def final(self) -> bool:
        return self in FINAL_STATUSES


FINAL_STATUSES = frozenset({ReferralStatus.HIRED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN})

# The way forward from MADE, one status at a time.
FORWARD = (
    ReferralStatus.INTRODUCED,
    ReferralStatus.INTERVIEWING,
    ReferralStatus.OFFERED,
    ReferralStatus.HIRED,
)
_FORWARD = dict(zip((ReferralStatus.MADE, *FORWARD[:-1]), FORWARD, strict=True))

# How far along a referral got: the statuses that count as having reached an introduction.
INTRODUCED_OR_LATER = frozenset(FORWARD)


def allowed_next(status: ReferralStatus) -> list[ReferralStatus]:
    """MADE → INTRODUCED → INTERVIEWING → OFFERED → HIRED; any non-final state → DECLINED, WITHDRAWN."""
    if status.final:
        return []
    return [_FORWARD[status], ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN]


@dataclass(frozen=True)
class Interview:
    id: str
    candidate_id: str
    company_id: str
    interviewer_id: str
    stage: InterviewStage
    date: date
    outcome: InterviewOutcome
    role_title: str | None = None
    hired_role_title: str | None = None
    idempotency_key: str | None = None
    fingerprint: str | None = None


@dataclass(frozen=True)
class StatusChange:
    status: ReferralStatus
    at: datetime
    note: str | None = None


@dataclass(frozen=True)
class Referral:
    id: str
    referrer_id: str
    candidate_id: str
    company_id: str
    status: ReferralStatus
    created_at: datetime
    updated_at: datetime
    cross_firm: bool
    history: tuple[StatusChange, ...] = ()
    contact_id: str | None = None
    role_title: str | None = None
    note: str | None = None
    idempotency_key: str | None = None
    fingerprint: str | None = None

    def reached(self, statuses: frozenset[ReferralStatus]) -> bool:
        return any(change.status in statuses for change in self.history)


def credited(referral: Referral, interviews: list[Interview]) -> list[Interview]:
    """The candidate's interviews at the target company on or after the referral's day."""
    day = referral.created_at.date()
    return sorted(
        (
            i
            for i in interviews
            if i.candidate_id == referral.candidate_id
            and i.company_id == referral.company_id
            and i.date >= day
        ),
        key=lambda i: (i.date, i.id),
    )


def led_to_hire(referral: Referral, credited_interviews: list[Interview]) -> bool:
    """Given what `credited` found for it: the referral reached HIRED, or one of those was a hire."""
    return referral.status is ReferralStatus.HIRED or any(
        i.outcome is InterviewOutcome.HIRED for i in credited_interviews
    )


@dataclass(frozen=True)
class ReferralFilter:
    referrer_id: str | None = None
    candidate_id: str | None = None
    company_id: str | None = None
    status: ReferralStatus | None = None
    cross_firm: bool | None = None
    involving: str | None = None  # the referrer or the candidate

    def matches(self, referral: Referral) -> bool:
        return (
            (
                self.involving is None
                or self.involving.casefold()
                in (referral.referrer_id.casefold(), referral.candidate_id.casefold())
            )
            and (self.referrer_id is None or referral.referrer_id == self.referrer_id)
            and (self.candidate_id is None or referral.candidate_id == self.candidate_id)
            and (self.company_id is None or referral.company_id == self.company_id)
            and (self.status is None or referral.status is self.status)
            and (self.cross_firm is None or referral.cross_firm == self.cross_firm)
        )

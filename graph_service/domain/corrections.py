"""What correcting the graph does to the records a deleted or merged person leaves behind.

Both stores apply these functions, so a deletion or a merge reads the same on each. A deleted
person's place in other people's interviews and referrals is kept as `FORMER_CONTACT`, an
anonymous person with no node, positions or ties, so those records stay whole.
"""

from __future__ import annotations

from dataclasses import replace

from graph_service.domain.hiring import Interview, Referral
from graph_service.domain.model import Person, Tie, tie_pair

FORMER_CONTACT = Person(id="former-contact", name="Former contact")


def anonymized_interview(interview: Interview, person_id: str) -> Interview:
    """The interview with the person's place (as interviewer) kept by the former contact."""
    return moved_interview(interview, person_id, FORMER_CONTACT.id)


def anonymized_referral(referral: Referral, person_id: str) -> Referral:
    return moved_referral(referral, person_id, FORMER_CONTACT.id)


def moved_interview(interview: Interview, old_id: str, new_id: str) -> Interview:
    """`old_id`'s roles taken by `new_id`; a role that would make one person both candidate and
    interviewer goes to the former contact instead."""
    candidate = new_id if interview.candidate_id == old_id else interview.candidate_id
    interviewer = new_id if interview.interviewer_id == old_id else interview.interviewer_id
    if interviewer == candidate:
        interviewer = FORMER_CONTACT.id
    return replace(interview, candidate_id=candidate, interviewer_id=interviewer)


def moved_referral(referral: Referral, old_id: str, new_id: str) -> Referral:
    def role(person_id: str | None) -> str | None:
        return new_id if person_id == old_id else person_id

    candidate = role(referral.candidate_id) or referral.candidate_id
    referrer = role(referral.referrer_id) or referral.referrer_id
    contact = role(referral.contact_id)
    if referrer == candidate:
        referrer = FORMER_CONTACT.id
    if contact == candidate:
        contact = FORMER_CONTACT.id
    return replace(referral, candidate_id=candidate, referrer_id=referrer, contact_id=contact)


def moved_ties(kept_id: str, kept: list[Tie], merged_id: str, merged: list[Tie]) -> list[Tie]:
    """The merged person's ties, moved to the kept person: where both knew someone, the stronger
    tie stays and the evidence of both is joined; their tie to each other goes."""
    by_other = {tie.other(kept_id): tie for tie in kept}
    result = []
    for tie in merged:
        other = tie.other(merged_id)
        if other == kept_id:
            continue
        a, b = tie_pair(kept_id, other)
        moved = replace(tie, a=a, b=b)
        existing = by_other.get(other)
        if existing is None:
            result.append(moved)
            continue
        stronger, weaker = (existing, moved) if existing.strength >= moved.strength else (moved, existing)
        evidence = "; ".join(dict.fromkeys(e for e in (stronger.evidence, weaker.evidence) if e)) or None
        result.append(replace(stronger, a=a, b=b, evidence=evidence))
    return sorted(result, key=lambda t: (t.a, t.b))

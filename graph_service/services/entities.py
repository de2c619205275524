"""Builds checked entities from raw values, for mutations and import rows alike."""

from __future__ import annotations

from datetime import date

from graph_service.domain.corrections import FORMER_CONTACT
from graph_service.domain.errors import BadUserInput
from graph_service.domain.model import (
    Company,
    Employment,
    Function,
    Person,
    Seniority,
    Tie,
    TieContext,
    tie_pair,
)
from graph_service.domain.strength import default_strength
from graph_service.services import validation as check


def make_person(
    *, id: object, name: object, headline: object = None, email: object = None, linkedin_url: object = None
) -> Person:
    person_id = check.identifier(id, "id")
    if person_id == FORMER_CONTACT.id:
        raise BadUserInput(f"{FORMER_CONTACT.id!r} names the deleted people in others' records", field="id")
    return Person(
        id=person_id,
        name=check.required_text(name, "name"),
        headline=check.optional_text(headline, "headline"),
        email=check.email(email),
        linkedin_url=check.url(linkedin_url, "linkedinUrl"),
    )


def make_company(*, id: object, name: object, domain: object = None, industry: object = None) -> Company:
    return Company(
        id=check.identifier(id, "id"),
        name=check.required_text(name, "name"),
        domain=check.domain(domain),
        industry=check.optional_text(industry, "industry", max_length=100),
    )


def make_employment(
    *,
    person_id: object,
    company_id: object,
    title: object,
    seniority: object,
    function: object,
    start_date: object = None,
    end_date: object = None,
) -> Employment:
    start = check.optional_date(start_date, "startDate")
    end = check.optional_date(end_date, "endDate")
    check.date_order(start, end, start_field="startDate", end_field="endDate")
    return Employment(
        person_id=check.identifier(person_id, "personId"),
        company_id=check.identifier(company_id, "companyId"),
        title=check.required_text(title, "title"),
        seniority=check.enum_member(Seniority, seniority, "seniority"),
        function=check.enum_member(Function, function, "function"),
        start_date=start,
        end_date=end,
    )


def make_tie(
    *,
    a: object,
    b: object,
    context: object,
    today: date,
    strength: object = None,
    since: object = None,
    last_interaction: object = None,
    evidence: object = None,
) -> Tie:
    first = check.identifier(a, "a")
    second = check.identifier(b, "b")
    if first == second:
        raise BadUserInput(f"a person cannot have a tie to themselves ({first})", field="b")
    kind = check.enum_member(TieContext, context, "context")
    began = check.optional_date(since, "since")
    touched = check.optional_date(last_interaction, "lastInteraction")
    check.date_order(began, touched, start_field="since", end_field="lastInteraction")
    value = check.strength(strength)
    if value is None:
        value = default_strength(kind, since=began, last_interaction=touched, today=today)
    lo, hi = tie_pair(first, second)
    return Tie(
        a=lo,
        b=hi,
        strength=value,
        context=kind,
        since=began,
        last_interaction=touched,
        evidence=check.optional_text(evidence, "evidence", max_length=check.EVIDENCE_MAX),
    )

"""Builds checked entities from raw values, for mutations and import rows alike."""

from __future__ import annotations

from datetime import date

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
from graph_service.domain.titles import classify_title
from graph_service.services import validation as check


def make_person(
    *, id: object, name: object, headline: object = None, email: object = None, linkedin_url: object = None
) -> Person:
    return Person(
        id=check.identifier(id, "id"),
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
    inferred: object = None,
) -> Employment:
    """A seniority or function left out (None) is read from the title and the position says
    `inferred`; given values always win. `inferred` itself is only given by exported rows."""
    start = check.optional_date(start_date, "startDate")
    end = check.optional_date(end_date, "endDate")
    check.date_order(start, end, start_field="startDate", end_field="endDate")
    text = check.required_text(title, "title")
    if inferred is not None and not isinstance(inferred, bool):
        raise BadUserInput("inferred must be true or false", field="inferred")
    reading = classify_title(text) if seniority is None or function is None else None
    return Employment(
        person_id=check.identifier(person_id, "personId"),
        company_id=check.identifier(company_id, "companyId"),
        title=text,
        seniority=reading.seniority
        if reading and seniority is None
        else check.enum_member(Seniority, seniority, "seniority"),
        function=reading.function
        if reading and function is None
        else check.enum_member(Function, function, "function"),
        start_date=start,
        end_date=end,
        inferred=reading is not None or bool(inferred),
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

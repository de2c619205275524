"""Import applies the mutations' rules and reports every problem of every row, in document order,
on both stores."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from graph_service.domain.errors import InvalidDocument
from graph_service.domain.model import Function, PeopleFilter, Seniority
from graph_service.services.graph_import import import_graph
from graph_service.store.protocol import Store
from tests.sample_data import SMALL_DOCUMENT


async def _problems(store: Store, document: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidDocument) as error:
        await import_graph(store, document)
    return [(p.position, p.reason) for p in error.value.problems]


async def test_every_problem_of_a_row_is_reported_in_document_order(store: Store) -> None:
    document = {
        "people": [
            {"id": "ok", "name": "Fine"},
            {"id": "-bad", "name": None, "email": "nope"},
            {"id": "ok2", "name": "Two"},
        ],
        "companies": [{"id": "c", "name": ""}],
        "employments": [
            {
                "personId": "ok",
                "companyId": "c",
                "title": "T",
                "seniority": "CZAR",
                "function": "NINJA",
                "startDate": "2020-01-01",
                "endDate": None,
            },
        ],
        "ties": [{"a": "ok", "b": "ok2", "context": None}],
    }
    problems = await _problems(store, document)
    assert [position for position, _ in problems] == [
        "companies[0]",
        "people[1]",
        "people[1]",
        "people[1]",
        "employments[0]",
        "employments[0]",
        "ties[0]",
    ]
    reasons = [reason for _, reason in problems]
    assert "id must be" in reasons[1] and "name" in reasons[2] and "email" in reasons[3]
    assert "seniority must be one of" in reasons[4] and "function must be one of" in reasons[5]
    assert all("None" not in reason for reason in reasons)
    assert "got null" in reasons[6]
    assert await store.count_people(PeopleFilter()) == 0


async def test_enum_values_are_accepted_in_any_letter_case(store: Store) -> None:
    document = copy.deepcopy(SMALL_DOCUMENT)
    document["employments"][0]["seniority"] = "vp"
    document["employments"][0]["function"] = "Engineering"
    document["ties"][0]["context"] = "colleague"
    await import_graph(store, document)
    (jobs,) = await store.employments_of(["ada"])
    current = next(e for e in jobs if e.is_current)
    assert (current.seniority, current.function) == (Seniority.VP, Function.ENGINEERING)


@pytest.mark.parametrize(
    ("history", "says"),
    [
        ([("MADE", "09:00"), ("HIRED", "10:00")], "from MADE to HIRED"),
        ([("MADE", "09:00"), ("INTRODUCED", "08:00")], "must not go back"),
        ([("INTRODUCED", "09:00")], "must start with MADE"),
    ],
)
async def test_a_referral_history_must_be_a_legal_walk_in_time_order(
    store: Store, history: list[tuple[str, str]], says: str
) -> None:
    await import_graph(store, SMALL_DOCUMENT)
    row = {
        "id": "r1", "referrerId": "gus", "candidateId": "cy", "companyId": "acme", "status": history[-1][0],
        "createdAt": "2026-03-10T09:00:00Z",
        "history": [{"status": status, "at": f"2026-03-10T{at}:00Z"} for status, at in history],
    }  # fmt: skip
    problems = await _problems(store, {"referrals": [row]})
    assert len(problems) == 1 and problems[0][0] == "referrals[0]" and says in problems[0][1]


async def test_a_referral_history_cannot_run_ahead_of_now(store: Store) -> None:
    await import_graph(store, SMALL_DOCUMENT)
    row = {"id": "r1", "referrerId": "gus", "candidateId": "cy", "companyId": "acme", "status": "MADE",
           "createdAt": "2999-03-10T09:00:00Z"}  # fmt: skip
    ((position, reason),) = await _problems(store, {"referrals": [row]})
    assert position == "referrals[0]" and "in the future" in reason

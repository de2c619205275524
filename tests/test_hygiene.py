"""Input hygiene on both stores: unsafe characters and one current position per person and company."""

from __future__ import annotations

from typing import Any

import pytest

from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
CREATE = "mutation($name: String!) { createPerson(input: {name: $name}) { id } }"


@pytest.mark.parametrize(
    "name",
    ["Ada\x00Park", "Ada\u202eParK", "Ada\u2066Park", "Ada\x1bPark", "Ada\nPark", "\u200fAda", "Ada\x85Park"],
    ids=["NUL", "RLO", "LRI", "ESC", "newline", "RLM", "NEL"],
)
async def test_names_refuse_control_and_bidi_characters(client: GraphQLClient, name: str) -> None:
    error: Any = await client.error(CREATE, {"name": name})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert await client.data("{ people { totalCount } }") == {"people": {"totalCount": 0}}


async def test_notes_keep_newlines_but_refuse_overrides(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    ok: Any = await client.data(
        'mutation { connect(input: {aId: "ada", bId: "di", context: OTHER, evidence: "met twice\\nat talks"}) { evidence } }'
    )
    assert ok["connect"]["evidence"] == "met twice\nat talks"
    error: Any = await client.error(
        'mutation { connect(input: {aId: "ada", bId: "di", context: OTHER, evidence: "x\\u202ey"}) { evidence } }'
    )
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_import_row_with_a_bidi_override_is_reported_and_nothing_imported(
    client: GraphQLClient,
) -> None:
    document = {"people": [{"id": "ok", "name": "Fine"}, {"id": "bad", "name": "evil\u202etxt.exe"}]}
    error: Any = await client.error(IMPORT, {"d": document})
    assert error["extensions"]["problems"][0]["position"] == "people[1]"
    assert await client.data("{ people { totalCount } }") == {"people": {"totalCount": 0}}


async def test_one_current_position_per_person_and_company(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    add = """mutation($start: Date!) { addEmployment(input: {personId: "ada", companyId: "acme", title: "CTO",
        seniority: EXECUTIVE, function: ENGINEERING, startDate: $start}) { title } }"""
    error: Any = await client.error(add, {"start": "2025-01-01"})
    assert error["extensions"]["code"] == "CONFLICT"
    # The same position (same start) may be overwritten.
    same: Any = await client.data(add, {"start": "2019-01-01"})
    assert same["addEmployment"]["title"] == "CTO"
    jobs: Any = await client.data('{ person(id: "ada") { employments(currentOnly: true) { title } } }')
    assert jobs["person"]["employments"] == [{"title": "CTO"}]


async def test_an_import_with_two_current_positions_at_one_company_is_refused(client: GraphQLClient) -> None:
    job = {"personId": "p", "companyId": "c", "title": "A", "seniority": "SENIOR", "function": "OTHER"}
    document = {
        "companies": [{"id": "c", "name": "C"}],
        "people": [{"id": "p", "name": "P"}],
        "employments": [{**job, "startDate": "2020-01-01"}, {**job, "startDate": "2021-01-01"}],
    }
    error: Any = await client.error(IMPORT, {"d": document})
    assert "one current position" in error["extensions"]["problems"][0]["reason"]

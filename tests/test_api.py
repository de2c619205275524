"""The GraphQL API over HTTP, on both stores: what a client sees, including every error."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graph_service.api.schema import build_schema
from graph_service.settings import Settings
from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

IMPORT = "mutation($d: JSON!, $skip: Boolean! = false) { importGraph(document: $d, skipInvalid: $skip) { companies people employments ties skipped { position reason } } }"


async def load_small(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})


async def test_person_shows_current_role_seniority_and_ties(client: GraphQLClient) -> None:
    await load_small(client)
    data = await client.data(
        """{ person(id: "ada") { name seniority currentEmployment { title company { name } }
             employments { title current } ties { totalCount edges { node { strength context evidence person { id } } } } } }"""
    )
    assert data["person"] == {
        "name": "Ada Park",
        "seniority": "VP",
        "currentEmployment": {"title": "VP Engineering", "company": {"name": "Acme"}},
        "employments": [
            {"title": "VP Engineering", "current": True},
            {"title": "Engineering Manager", "current": False},
        ],
        "ties": {
            "totalCount": 2,
            "edges": [
                {
                    "node": {
                        "strength": 0.8,
                        "context": "COLLEAGUE",
                        "evidence": "Same team at Acme",
                        "person": {"id": "bo"},
                    }
                },
                {
                    "node": {
                        "strength": 0.4,
                        "context": "COLLEAGUE",
                        "evidence": None,
                        "person": {"id": "gus"},
                    }
                },
            ],
        },
    }


async def test_people_is_a_cursor_connection_with_total_count(client: GraphQLClient) -> None:
    await load_small(client)
    query = """query($after: String) { people(first: 2, after: $after) {
        edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount } }"""
    ids: list[str] = []
    after = None
    while True:
        page: Any = (await client.data(query, {"after": after}))["people"]
        assert page["totalCount"] == 5
        ids += [edge["node"]["id"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert ids == ["ada", "bo", "cy", "di", "gus"]


async def test_people_filter_by_company_and_seniority(client: GraphQLClient) -> None:
    await load_small(client)
    data: Any = await client.data(
        '{ people(filter: {companyId: "globex", minSeniority: MANAGER}) { edges { node { id } } totalCount } }'
    )
    assert [e["node"]["id"] for e in data["people"]["edges"]] == ["gus"]
    assert data["people"]["totalCount"] == 1


async def test_companies_and_their_employees(client: GraphQLClient) -> None:
    await load_small(client)
    data: Any = await client.data(
        """{ companies(first: 10) { totalCount edges { node { id employees(minSeniority: MANAGER) { edges { node { person { id } title } } } } } } }"""
    )
    assert data["companies"]["totalCount"] == 2
    employees = {
        e["node"]["id"]: [j["node"] for j in e["node"]["employees"]["edges"]]
        for e in data["companies"]["edges"]
    }
    assert employees == {
        "acme": [{"person": {"id": "ada"}, "title": "VP Engineering"}],
        "globex": [{"person": {"id": "gus"}, "title": "CEO"}],
    }


async def test_create_person_generates_an_id_and_rejects_a_taken_one(client: GraphQLClient) -> None:
    created: Any = await client.data('mutation { createPerson(input: {name: " Eve Stone "}) { id name } }')
    assert created["createPerson"]["name"] == "Eve Stone"
    person_id = created["createPerson"]["id"]
    error = await client.error(
        f'mutation {{ createPerson(input: {{id: "{person_id}", name: "Other"}}) {{ id }} }}'
    )
    assert error["extensions"] == {"code": "CONFLICT"}
    again: Any = await client.data(f'{{ person(id: "{person_id}") {{ name }} }}')
    assert again["person"]["name"] == "Eve Stone"


async def test_update_person_changes_given_fields_and_clears_nulls(client: GraphQLClient) -> None:
    await load_small(client)
    data: Any = await client.data(
        'mutation { updatePerson(input: {id: "cy", headline: "SRE at Globex", email: null}) { name headline email } }'
    )
    assert data["updatePerson"] == {"name": "Cy Okafor", "headline": "SRE at Globex", "email": None}


async def test_add_and_end_employment(client: GraphQLClient) -> None:
    await load_small(client)
    await client.data(
        """mutation { addEmployment(input: {personId: "cy", companyId: "globex", title: "SRE",
           seniority: SENIOR, function: ENGINEERING, startDate: "2026-01-05"}) { current } }"""
    )
    ended: Any = await client.data(
        'mutation { endEmployment(input: {personId: "cy", companyId: "globex", endDate: "2026-06-30"}) { current endDate } }'
    )
    assert ended["endEmployment"] == {"current": False, "endDate": "2026-06-30"}
    error = await client.error(
        'mutation { endEmployment(input: {personId: "cy", companyId: "globex", endDate: "2026-07-01"}) { current } }'
    )
    assert error["extensions"] == {"code": "NOT_FOUND"}


async def test_connect_computes_a_default_strength_and_keeps_one_tie_per_pair(client: GraphQLClient) -> None:
    await load_small(client)
    tie: Any = await client.data(
        'mutation { connect(input: {aId: "gus", bId: "cy", context: FRIEND}) { strength context person { id } } }'
    )
    assert 0 < tie["connect"]["strength"] <= 0.9
    assert tie["connect"]["person"] == {"id": "cy"}
    await client.data(
        'mutation { connect(input: {aId: "cy", bId: "gus", context: OTHER, strength: 0.25}) { strength } }'
    )
    ties: Any = await client.data(
        '{ person(id: "gus") { ties { edges { node { strength context person { id } } } } } }'
    )
    nodes = [e["node"] for e in ties["person"]["ties"]["edges"]]
    assert {"strength": 0.25, "context": "OTHER", "person": {"id": "cy"}} in nodes
    assert len(nodes) == 2


@pytest.mark.parametrize(
    ("mutation", "code", "says"),
    [
        ('createPerson(input: {name: "   "}) { id }', "BAD_USER_INPUT", "name must not be empty"),
        (f'createPerson(input: {{name: "{"x" * 201}"}}) {{ id }}', "BAD_USER_INPUT", "at most 200"),
        ('createPerson(input: {name: "A", email: "nope"}) { id }', "BAD_USER_INPUT", "email"),
        ('createPerson(input: {id: "has space", name: "A"}) { id }', "BAD_USER_INPUT", "id must be"),
        ('createCompany(input: {name: "A", domain: "not a domain"}) { id }', "BAD_USER_INPUT", "domain"),
        (
            'connect(input: {aId: "ada", bId: "ada", context: FRIEND}) { strength }',
            "BAD_USER_INPUT",
            "themselves",
        ),
        (
            'connect(input: {aId: "ada", bId: "bo", context: FRIEND, strength: 0}) { strength }',
            "BAD_USER_INPUT",
            "(0, 1]",
        ),
        ('connect(input: {aId: "ada", bId: "zed", context: FRIEND}) { strength }', "NOT_FOUND", "zed"),
        (
            'addEmployment(input: {personId: "bo", companyId: "acme", title: "X", seniority: ENTRY, function: HR, startDate: "2020-01-02", endDate: "2019-01-01"}) { current }',
            "BAD_USER_INPUT",
            "before startDate",
        ),
        (
            'addEmployment(input: {personId: "bo", companyId: "initech", title: "X", seniority: ENTRY, function: HR}) { current }',
            "NOT_FOUND",
            "initech",
        ),
        ('updatePerson(input: {id: "nobody", name: "X"}) { id }', "NOT_FOUND", "nobody"),
        (
            'createCompany(input: {id: "acme2", name: "A", domain: "acme.example"}) { id }',
            "CONFLICT",
            "domain",
        ),
    ],
)
async def test_bad_input_gets_a_coded_error_and_changes_nothing(
    client: GraphQLClient, mutation: str, code: str, says: str
) -> None:
    await load_small(client)
    before = await client.data(IMPORT_EXPORT_PROBE)
    error: Any = await client.error(f"mutation {{ {mutation} }}")
    assert error["extensions"]["code"] == code
    assert says in error["message"]
    assert await client.data(IMPORT_EXPORT_PROBE) == before


IMPORT_EXPORT_PROBE = """{ people(first: 100) { totalCount edges { node { id name email employments { title endDate }
    ties { edges { node { strength person { id } } } } } } } companies(first: 100) { totalCount } }"""


async def test_a_wrongly_typed_variable_is_bad_user_input(validation_client: GraphQLClient) -> None:
    error: Any = await validation_client.error(
        "query($n: Int!) { people(first: $n) { totalCount } }", {"n": "ten"}
    )
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_first_out_of_range_is_refused_not_clamped(validation_client: GraphQLClient) -> None:
    error: Any = await validation_client.error("{ people(first: 101) { totalCount } }")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    error = await validation_client.error('{ people(after: "garbage") { totalCount } }')
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_unknown_person_is_not_found(client: GraphQLClient) -> None:
    body = (await client.post('{ person(id: "nobody") { name } }')).json()
    assert body["data"] == {"person": None}
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND"}


async def test_malformed_json_body_is_a_coded_400(validation_client: GraphQLClient) -> None:
    response = await validation_client.http.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_graphql_response_json_gets_400_for_a_document_that_does_not_validate(
    validation_client: GraphQLClient,
) -> None:
    accept = {"accept": "application/graphql-response+json"}
    bad = await validation_client.post('{ person(id: "x") { nme } }', headers=accept)
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in bad.json()
    good = await validation_client.post("{ people { totalCount } }", headers=accept)
    assert good.status_code == 200
    assert good.headers["content-type"].startswith("application/graphql-response+json")


async def test_syntax_errors_carry_a_code(validation_client: GraphQLClient) -> None:
    error: Any = await validation_client.error("{ people(")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.timeout(10, func_only=True)
async def test_deep_queries_are_refused_before_they_run(validation_client: GraphQLClient) -> None:
    nested = "id"
    for _ in range(7):
        nested = f"ties {{ edges {{ node {{ person {{ {nested} }} }} }} }}"
    error: Any = await validation_client.error(f'{{ person(id: "ada") {{ {nested} }} }}')
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"


@pytest.mark.timeout(10, func_only=True)
async def test_nested_fragments_cannot_make_the_depth_check_explode(validation_client: GraphQLClient) -> None:
    fragments = ["fragment F0 on Person { id }"]
    for i in range(1, 40):
        fragments.append(f"fragment F{i} on Person {{ ...F{i - 1} ...F{i - 1} }}")
    body = (await validation_client.post('{ person(id: "x") { ...F39 } } ' + " ".join(fragments))).json()
    assert body["errors"][0]["extensions"]["code"] in {"NOT_FOUND", "BAD_USER_INPUT"}


@pytest.mark.timeout(10, func_only=True)
async def test_too_many_aliases_are_refused(validation_client: GraphQLClient) -> None:
    aliases = " ".join(f"a{i}: people {{ totalCount }}" for i in range(31))
    error: Any = await validation_client.error(f"{{ {aliases} }}")
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"


@pytest.mark.timeout(10, func_only=True)
@pytest.mark.parametrize("repeats", [1000, 6000])
async def test_oversized_documents_are_refused(validation_client: GraphQLClient, repeats: int) -> None:
    fields = " ".join("totalCount" for _ in range(repeats))
    error: Any = await validation_client.error(f"{{ people {{ {fields} }} }}")
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_health_and_readiness(client: GraphQLClient) -> None:
    assert (await client.http.get("/healthz")).json() == {"status": "ok"}
    for _ in range(3000):  # planning on a fresh Neo4j on a busy machine can take minutes
        ready = await client.http.get("/readyz")
        if ready.status_code == 200:
            break
        # Ready only once the store's statements are planned.
        assert ready.json() == {"status": "starting", "reason": "planning the store's statements"}
        await asyncio.sleep(0.1)
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_unexpected_errors_are_masked(client: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph_service.services import people

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("MATCH (secret:Cypher) stack details")

    monkeypatch.setattr(people, "read_person", broken)
    body = (await client.post('{ person(id: "ada") { name } }')).json()
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret" not in str(body)


def test_exported_sdl_matches_the_code() -> None:
    from pathlib import Path

    exported = (Path(__file__).parent.parent / "schema" / "schema.graphql").read_text()
    assert exported.strip() == build_schema(Settings()).as_str().strip(), (
        "schema/schema.graphql is stale: run `graph-service schema sdl > schema/schema.graphql`"
    )

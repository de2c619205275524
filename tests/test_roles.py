"""Every role against every query and mutation, on both stores; private records; the audit log."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from graph_service.api.schema import build_schema
from graph_service.app import create_app
from graph_service.domain.hiring import InterviewOutcome, InterviewStage
from graph_service.services import access, interviews, referrals
from graph_service.services.graph_import import import_graph
from graph_service.settings import Settings
from tests.sample_data import HIRING

ROLES = ("ADMIN", "EDITOR", "VIEWER", "CANDIDATE")  # the CANDIDATE token speaks for "cy"


CONNECTIONS = (
    b'Notes:\n"When exporting your connection data..."\n\n'
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    b"Rae,Lind,https://www.linkedin.com/in/rae-lind,,Globex,VP Sales,05 Mar 2024\n"
)


@dataclass
class World:
    http: httpx.AsyncClient
    secrets: dict[str, str]
    ids: dict[str, str]

    async def post(self, role: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {self.secrets[role]}"}
        variables = variables or {}
        if variables.get("file") is CONNECTIONS:  # an upload, as the GraphQL multipart request spec sends it
            operations = {"query": query, "variables": {**variables, "file": None}}
            response = await self.http.post(
                "/graphql",
                data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
                files={"0": ("Connections.csv", CONNECTIONS, "text/csv")},
                headers={**headers, "graphql-preflight": "1"},
            )
        else:
            response = await self.http.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
        assert response.status_code < 500
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
async def world(settings: Settings) -> AsyncIterator[World]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        store = app.state.store
        await import_graph(store, HIRING)
        ids = {}
        for candidate in ("cy", "bo"):
            held, _ = await interviews.log_interview(
                store, candidate_id=candidate, company_id="globex", interviewer_id="hal",
                stage=InterviewStage.HIRING_MANAGER, day=date(2026, 3, 9), outcome=InterviewOutcome.ADVANCED,
            )  # fmt: skip
            made, _ = await referrals.log_referral(
                store, referrer_id="ada", candidate_id=candidate, company_id="globex", contact_id="hal",
                at=datetime(2026, 3, 1, tzinfo=UTC),
            )  # fmt: skip
            ids[f"i_{candidate}"], ids[f"r_{candidate}"] = held.id, made.id
        secrets = {}
        for role in ROLES:
            person = "cy" if role == "CANDIDATE" else None
            _, secrets[role] = await access.create_token(
                store, role=role, person_id=person, name=role.lower()
            )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
            yield World(http, secrets, ids)


Check = Callable[[dict[str, Any], World], None]


def code(expected: str) -> Check:
    def check(body: dict[str, Any], world: World) -> None:
        assert [e["extensions"]["code"] for e in body.get("errors", [])] == [expected], body

    return check


def ok(body: dict[str, Any], world: World) -> None:
    assert "errors" not in body, body


def data(expected: Any) -> Check:
    def check(body: dict[str, Any], world: World) -> None:
        assert "errors" not in body, body
        assert body["data"] == expected

    return check


FORBIDDEN, NOT_FOUND, INVALID = code("FORBIDDEN"), code("NOT_FOUND"), code("INVALID_TRANSITION")
EDITORS_ONLY = {"ADMIN": ok, "EDITOR": ok, "VIEWER": FORBIDDEN, "CANDIDATE": FORBIDDEN}
EVERYONE = dict.fromkeys(ROLES, ok)
LADDER = '{ interviewLadder(candidateId: "%s") { company { id } } }'
CY_LADDER = {"interviewLadder": [{"company": {"id": "globex"}}]}

# (root field, document with {i_cy} style placeholders, variables, expectation per role)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Check]]] = [
    ("Query.person", '{ person(id: "cy") { name email } }', {}, {
        "ADMIN": data({"person": {"name": "Cy Okafor", "email": "cy@mail.example"}}),
        "EDITOR": data({"person": {"name": "Cy Okafor", "email": "cy@mail.example"}}),
        "VIEWER": data({"person": {"name": "Cy Okafor", "email": None}}),
        "CANDIDATE": data({"person": {"name": "Cy Okafor", "email": None}}),
    }),
    ("Query.people", "{ people { totalCount } }", {}, EVERYONE),
    ("Query.company", '{ company(id: "globex") { name employees { totalCount } } }', {}, EVERYONE),
    ("Query.companies", "{ companies { totalCount } }", {}, EVERYONE),
    ("Query.introductionPaths",
     '{ introductionPaths(fromId: "cy", target: {companyId: "globex"}) { hops } }', {}, EVERYONE),
    ("Query.mostSeniorReachable",
     '{ mostSeniorReachable(fromId: "cy", companyId: "globex") { hops } }', {}, EVERYONE),
    ("Query.interviewLadder", LADDER % "cy", {}, {
        "ADMIN": data(CY_LADDER), "EDITOR": data(CY_LADDER), "CANDIDATE": data(CY_LADDER),
        "VIEWER": data({"interviewLadder": []}),
    }),
    ("Query.interviewLadder", LADDER % "bo", {}, {
        "ADMIN": ok, "EDITOR": ok, "VIEWER": data({"interviewLadder": []}),
        "CANDIDATE": data({"interviewLadder": []}),
    }),
    ("Query.referral", '{ referral(id: "{r_cy}") { status } }', {}, {
        "ADMIN": ok, "EDITOR": ok, "CANDIDATE": ok, "VIEWER": NOT_FOUND,
    }),
    ("Query.referral", '{ referral(id: "{r_bo}") { status } }', {}, {
        "ADMIN": ok, "EDITOR": ok, "CANDIDATE": NOT_FOUND, "VIEWER": NOT_FOUND,
    }),
    ("Query.referrals", "{ referrals { totalCount edges { node { candidate { id } } } } }", {}, {
        "ADMIN": ok, "EDITOR": ok,
        "CANDIDATE": data({"referrals": {"totalCount": 1, "edges": [{"node": {"candidate": {"id": "cy"}}}]}}),
        "VIEWER": data({"referrals": {"totalCount": 0, "edges": []}}),
    }),
    ("Query.referralChain", '{ referralChain(candidateId: "bo") { referral { id } } }', {}, {
        "ADMIN": data({"referralChain": [{"referral": {"id": "{r_bo}"}}]}),
        "EDITOR": data({"referralChain": [{"referral": {"id": "{r_bo}"}}]}),
        "CANDIDATE": data({"referralChain": []}), "VIEWER": data({"referralChain": []}),
    }),
    ("Query.referrerLeaderboard", "{ referrerLeaderboard { referrals } }", {}, EVERYONE),
    ("Query.auditLog", "{ auditLog { edges { node { operation } } } }", {}, {
        "ADMIN": ok, "EDITOR": FORBIDDEN, "VIEWER": FORBIDDEN, "CANDIDATE": FORBIDDEN,
    }),
    ("Mutation.createPerson", 'mutation { createPerson(input: {name: "New"}) { id } }', {}, EDITORS_ONLY),
    ("Mutation.updatePerson", 'mutation { updatePerson(input: {id: "bo", headline: "x"}) { id } }', {}, EDITORS_ONLY),
    ("Mutation.createCompany", 'mutation { createCompany(input: {name: "Initech"}) { id } }', {}, EDITORS_ONLY),
    ("Mutation.addEmployment", 'mutation { addEmployment(input: {personId: "bo", companyId: "globex", title: "SRE", '
     'seniority: SENIOR, function: ENGINEERING, startDate: "2025-01-01"}) { title } }', {}, EDITORS_ONLY),
    ("Mutation.endEmployment",
     'mutation { endEmployment(input: {personId: "bo", companyId: "acme", endDate: "2026-01-01"}) { title } }', {},
     {**EDITORS_ONLY, "ADMIN": NOT_FOUND}),  # the editor ended it already
    ("Mutation.connect", 'mutation { connect(input: {aId: "bo", bId: "gus", context: FRIEND}) { strength } }', {},
     EDITORS_ONLY),
    ("Mutation.importGraph", 'mutation { importGraph(document: {people: [{id: "z", name: "Z"}]}) { people } }', {}, {
        "ADMIN": ok, "EDITOR": FORBIDDEN, "VIEWER": FORBIDDEN, "CANDIDATE": FORBIDDEN,
    }),
    ("Mutation.logInterview", 'mutation { logInterview(input: {candidateId: "cy", companyId: "globex", '
     'interviewerId: "eve", stage: EXECUTIVE, date: "2026-03-10", outcome: ADVANCED}) { replayed } }', {}, {
        "ADMIN": ok, "EDITOR": ok, "CANDIDATE": ok, "VIEWER": FORBIDDEN,
    }),
    ("Mutation.logInterview", 'mutation { logInterview(input: {candidateId: "bo", companyId: "globex", '
     'interviewerId: "eve", stage: EXECUTIVE, date: "2026-03-10", outcome: ADVANCED}) { replayed } }', {}, {
        "ADMIN": ok, "EDITOR": ok, "CANDIDATE": FORBIDDEN, "VIEWER": FORBIDDEN,
    }),
    ("Mutation.updateInterviewOutcome",
     'mutation { updateInterviewOutcome(input: {id: "{i_cy}", outcome: REJECTED}) { outcome } }', {}, {
        "ADMIN": ok, "EDITOR": ok, "CANDIDATE": ok, "VIEWER": FORBIDDEN,
    }),
    ("Mutation.updateInterviewOutcome",
     'mutation { updateInterviewOutcome(input: {id: "{i_bo}", outcome: REJECTED}) { outcome } }', {}, {
        "ADMIN": ok, "EDITOR": ok, "CANDIDATE": NOT_FOUND, "VIEWER": FORBIDDEN,
    }),
    ("Mutation.logReferral", 'mutation { logReferral(input: {referrerId: "cy", candidateId: "bo", '
     'companyId: "globex"}) { replayed } }', {}, {
        "ADMIN": ok, "EDITOR": ok, "CANDIDATE": ok, "VIEWER": FORBIDDEN,
    }),
    ("Mutation.logReferral", 'mutation { logReferral(input: {referrerId: "ada", candidateId: "cy", '
     'companyId: "acme"}) { replayed } }', {}, {
        "ADMIN": ok, "EDITOR": ok, "CANDIDATE": FORBIDDEN, "VIEWER": FORBIDDEN,
    }),
    ("Mutation.updateReferralStatus",
     'mutation { updateReferralStatus(input: {id: "{r_cy}", status: WITHDRAWN}) { status } }', {}, {
        # the candidate withdrew it first, so it is final for the others
        "ADMIN": INVALID, "EDITOR": INVALID, "CANDIDATE": ok, "VIEWER": FORBIDDEN,
    }),
    ("Mutation.updateReferralStatus",
     'mutation { updateReferralStatus(input: {id: "{r_bo}", status: WITHDRAWN}) { status } }', {}, {
        "ADMIN": INVALID, "EDITOR": ok, "CANDIDATE": NOT_FOUND, "VIEWER": FORBIDDEN,
    }),
    ("Query.classifyTitle", '{ classifyTitle(title: "VP Sales") { seniority function } }', {},
     dict.fromkeys(ROLES, data({"classifyTitle": {"seniority": "VP", "function": "SALES"}}))),
    ("Query.reach", '{ reach(fromId: "cy", maxHops: 2) { levels { hops } } }', {}, EVERYONE),
    ("Mutation.rescheduleInterview", 'mutation { rescheduleInterview(id: "{i_cy}", date: "2026-03-11") { id } }',
     {}, {"ADMIN": INVALID, "EDITOR": INVALID, "CANDIDATE": INVALID, "VIEWER": FORBIDDEN}),  # it was held
    ("Mutation.rescheduleInterview", 'mutation { rescheduleInterview(id: "{i_bo}", date: "2026-03-11") { id } }',
     {}, {"ADMIN": INVALID, "EDITOR": INVALID, "CANDIDATE": NOT_FOUND, "VIEWER": FORBIDDEN}),
    ("Mutation.addTargetCompany", 'mutation { addTargetCompany(personId: "cy", companyId: "acme") { id } }', {},
     {"ADMIN": ok, "EDITOR": ok, "CANDIDATE": ok, "VIEWER": FORBIDDEN}),
    ("Mutation.addTargetCompany", 'mutation { addTargetCompany(personId: "bo", companyId: "acme") { id } }', {},
     {"ADMIN": ok, "EDITOR": ok, "CANDIDATE": FORBIDDEN, "VIEWER": FORBIDDEN}),
    ("Mutation.removeTargetCompany",
     'mutation { removeTargetCompany(personId: "cy", companyId: "acme") { id } }', {},
     {"ADMIN": ok, "EDITOR": ok, "CANDIDATE": ok, "VIEWER": FORBIDDEN}),
    ("Mutation.deleteTie", 'mutation { deleteTie(aId: "ada", bId: "bo") }', {},
     {"ADMIN": ok, "EDITOR": FORBIDDEN, "CANDIDATE": FORBIDDEN, "VIEWER": FORBIDDEN}),
    ("Mutation.deletePerson", 'mutation { deletePerson(id: "di") }', {},
     {"ADMIN": ok, "EDITOR": FORBIDDEN, "CANDIDATE": FORBIDDEN, "VIEWER": FORBIDDEN}),
    ("Mutation.mergePeople", 'mutation { mergePeople(keepId: "gus", mergeId: "eve") { id } }', {},
     {"ADMIN": ok, "EDITOR": FORBIDDEN, "CANDIDATE": FORBIDDEN, "VIEWER": FORBIDDEN}),
    ("Mutation.deleteInterview", 'mutation { deleteInterview(id: "{i_bo}") }', {},
     {"ADMIN": ok, "EDITOR": FORBIDDEN, "CANDIDATE": FORBIDDEN, "VIEWER": FORBIDDEN}),
    ("Mutation.deleteReferral", 'mutation { deleteReferral(id: "{r_bo}") }', {},
     {"ADMIN": ok, "EDITOR": FORBIDDEN, "CANDIDATE": FORBIDDEN, "VIEWER": FORBIDDEN}),
    ("Mutation.importLinkedInConnections",
     'mutation($file: Upload!) { importLinkedInConnections(ownerId: "cy", file: $file) { peopleCreated } }',
     {"file": CONNECTIONS}, EDITORS_ONLY),
    ("Mutation.deleteCompany", 'mutation { deleteCompany(id: "acme") }', {},  # people work there
     {"ADMIN": code("CONFLICT"), "EDITOR": FORBIDDEN, "CANDIDATE": FORBIDDEN, "VIEWER": FORBIDDEN}),
]  # fmt: skip


def _fill(text: str, ids: dict[str, str]) -> str:
    for name, value in ids.items():
        text = text.replace("{" + name + "}", value)
    return text


@pytest.mark.parametrize("case", range(len(CASES)), ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
async def test_every_role_against_every_operation(world: World, case: int) -> None:
    _, document, variables, expected = CASES[case]
    assert set(expected) == set(ROLES)
    # Writes succeed for at most one role each time, so each role starts from the same state:
    # those that are refused must change nothing, which the ADMIN run (last) then confirms.
    for role in ("VIEWER", "CANDIDATE", "EDITOR", "ADMIN"):
        body = await world.post(role, _fill(document, world.ids), variables)
        filled = {k: _fill(v, world.ids) if isinstance(v, str) else v for k, v in body.items()}
        check = expected[role]
        check(_refill(filled, world.ids), world)


def _refill(body: Any, ids: dict[str, str]) -> Any:
    """Swap stored ids back into placeholders so expectations can name them."""
    if isinstance(body, dict):
        return {k: _refill(v, ids) for k, v in body.items()}
    if isinstance(body, list):
        return [_refill(v, ids) for v in body]
    if isinstance(body, str):
        for name, value in ids.items():
            if body == value:
                return "{" + name + "}"
    return body


def test_the_table_names_every_root_field() -> None:
    schema = build_schema(Settings())._schema
    fields = {f"Query.{name}" for name in schema.query_type.fields} | {
        f"Mutation.{name}"
        for name in schema.mutation_type.fields  # type: ignore[union-attr]
    }
    assert fields == {case[0] for case in CASES}


async def test_a_candidate_probing_another_candidates_records_learns_nothing(world: World) -> None:
    for query in (
        '{ referral(id: "{r_bo}") { id } }',
        '{ referral(id: "no-such-referral") { id } }',
    ):
        body = await world.post("CANDIDATE", _fill(query, world.ids))
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert body["errors"][0]["message"].startswith("no referral with id")
    listed = await world.post(
        "CANDIDATE", '{ referrals(filter: {candidateId: "bo"}) { totalCount edges { node { id } } } }'
    )
    assert listed["data"] == {"referrals": {"totalCount": 0, "edges": []}}
    credited = await world.post(
        "CANDIDATE", _fill('{ referral(id: "{r_cy}") { creditedInterviews { id } } }', world.ids)
    )
    assert credited["data"] == {"referral": {"creditedInterviews": [{"id": world.ids["i_cy"]}]}}


async def test_every_write_is_in_the_audit_log_with_its_principal(world: World) -> None:
    await world.post("EDITOR", 'mutation { createPerson(input: {id: "nia", name: "Nia"}) { id } }')
    await world.post(
        "CANDIDATE",
        _fill(
            'mutation { updateReferralStatus(input: {id: "{r_cy}", status: WITHDRAWN}) { status } }',
            world.ids,
        ),
    )
    await world.post("VIEWER", 'mutation { createPerson(input: {name: "Refused"}) { id } }')
    body = await world.post(
        "ADMIN", "{ auditLog(first: 10) { edges { node { principal role operation subject at } } } }"
    )
    entries = [e["node"] for e in body["data"]["auditLog"]["edges"]]
    assert [(e["principal"], e["role"], e["operation"], e["subject"]) for e in entries] == [
        ("editor", "EDITOR", "Mutation.createPerson", "nia"),
        ("candidate", "CANDIDATE", "Mutation.updateReferralStatus", world.ids["r_cy"]),
    ]
    assert all(e["at"] for e in entries)
    only = await world.post(
        "ADMIN", '{ auditLog(filter: {principal: "candidate"}) { edges { node { operation } } } }'
    )
    assert len(only["data"]["auditLog"]["edges"]) == 1


async def test_a_revoked_or_unknown_token_is_unauthenticated(world: World) -> None:
    store = world.http._transport.app.state.store  # type: ignore[attr-defined]
    await access.revoke_token(store, "viewer")
    body = await world.post("VIEWER", "{ people { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    world.secrets["VIEWER"] = "x" * 43
    body = await world.post("VIEWER", "{ people { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

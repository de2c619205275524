"""Audit entries commit with the writes they record, on both stores: a refused or failed write
leaves none, a replayed idempotent write adds none, and an acknowledged write always has one."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from graph_service.domain.access import AuditFilter, Principal, Role
from graph_service.domain.errors import Conflict
from graph_service.services import access, people
from graph_service.store.memory.access_tables import ACCESS_FILE
from graph_service.store.memory.store import MemoryStore
from graph_service.store.protocol import Store
from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people } }"
AUDIT = "{ auditLog(first: 50) { edges { node { principal role operation subject } } } }"
LOG_REFERRAL = "mutation($input: LogReferralInput!) { logReferral(input: $input) { replayed } }"
EDITOR = Principal("coach", Role.EDITOR)


async def _entries(client: GraphQLClient) -> list[tuple[str, str | None]]:
    data: Any = await client.data(AUDIT)
    return [(e["node"]["operation"], e["node"]["subject"]) for e in data["auditLog"]["edges"]]


async def _loaded(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})


async def test_a_replayed_referral_adds_no_second_entry_and_the_entry_names_the_new_referral(
    client: GraphQLClient,
) -> None:
    await _loaded(client)
    given = {"referrerId": "ada", "candidateId": "cy", "companyId": "globex", "idempotencyKey": "k1"}
    first: Any = await client.data(LOG_REFERRAL, {"input": given})
    again: Any = await client.data(LOG_REFERRAL, {"input": given})
    assert (first["logReferral"]["replayed"], again["logReferral"]["replayed"]) == (False, True)
    listed: Any = await client.data("{ referrals { edges { node { id } } } }")
    (stored,) = [e["node"]["id"] for e in listed["referrals"]["edges"]]
    assert await _entries(client) == [("Mutation.importGraph", None), ("Mutation.logReferral", stored)]


async def test_refused_writes_leave_no_entry(client: GraphQLClient) -> None:
    await _loaded(client)
    given = {"referrerId": "ada", "candidateId": "cy", "companyId": "globex", "idempotencyKey": "k1"}
    await client.data(LOG_REFERRAL, {"input": given})
    refused = [
        # the contact does not work there: refused by the rules inside the write's transaction
        (LOG_REFERRAL, {"input": {**given, "idempotencyKey": "k2", "contactId": "bo"}}, "BAD_USER_INPUT"),
        # the key again with other input
        (LOG_REFERRAL, {"input": {**given, "companyId": "acme"}}, "CONFLICT"),
        ('mutation { createPerson(input: {id: "ada", name: "Again"}) { id } }', {}, "CONFLICT"),
        (
            "mutation($i: LogInterviewInput!) { logInterview(input: $i) { replayed } }",
            {
                "i": {
                    "candidateId": "cy",
                    "companyId": "acme",
                    "interviewerId": "gus",
                    "stage": "HR_SCREEN",
                    "date": "2026-01-05",
                    "outcome": "ADVANCED",
                }
            },
            "BAD_USER_INPUT",
        ),
    ]
    for query, variables, code in refused:
        error: Any = await client.error(query, variables)
        assert error["extensions"]["code"] == code
    assert [operation for operation, _ in await _entries(client)] == [
        "Mutation.importGraph",
        "Mutation.logReferral",
    ]


async def test_each_root_field_of_a_mutation_is_audited_on_its_own(client: GraphQLClient) -> None:
    await _loaded(client)
    body = (
        await client.post(
            """mutation {
              a: createPerson(input: {id: "nia", name: "Nia"}) { name }
              b: connect(input: {aId: "nia", bId: "ada", context: FRIEND}) { strength }
              c: createPerson(input: {id: "ada", name: "Ada again"}) { name }
            }"""
        )
    ).json()
    assert [e["path"] for e in body["errors"]] == [["c"]]
    assert await _entries(client) == [
        ("Mutation.importGraph", None),
        ("Mutation.createPerson", "nia"),
        ("Mutation.connect", "nia"),
    ]


async def test_a_status_change_refused_under_the_lock_leaves_no_entry(client: GraphQLClient) -> None:
    await _loaded(client)
    given = {"referrerId": "ada", "candidateId": "cy", "companyId": "globex"}
    made: Any = await client.data(
        "mutation($input: LogReferralInput!) { logReferral(input: $input) { referral { id } } }",
        {"input": given},
    )
    referral_id = made["logReferral"]["referral"]["id"]
    change = "mutation($id: ID!, $s: ReferralStatus!) { updateReferralStatus(input: {id: $id, status: $s}) { status } }"
    await client.data(change, {"id": referral_id, "s": "WITHDRAWN"})
    error: Any = await client.error(change, {"id": referral_id, "s": "INTRODUCED"})
    assert error["extensions"]["code"] == "INVALID_TRANSITION"
    missing: Any = await client.error(change, {"id": "ref_none", "s": "INTRODUCED"})
    assert missing["extensions"]["code"] == "NOT_FOUND"
    assert [e for e in await _entries(client) if e[0] == "Mutation.updateReferralStatus"] == [
        ("Mutation.updateReferralStatus", referral_id)
    ]


async def test_a_write_that_fails_in_the_store_leaves_no_entry_and_one_that_commits_has_one(
    store: Store,
) -> None:
    with access.audited_write(EDITOR, "Mutation.createPerson", "nia"):
        await people.create_person(store, id="nia", name="Nia")
    with pytest.raises(Conflict), access.audited_write(EDITOR, "Mutation.createPerson", "nia"):
        await people.create_person(store, id="nia", name="Nia again")
    page = await store.audit_entries(AuditFilter(), first=10, after=None)
    assert [(e.principal, e.role, e.operation, e.subject) for e in page.items] == [
        ("coach", Role.EDITOR, "Mutation.createPerson", "nia")
    ]


async def test_the_memory_store_journals_the_entry_with_its_write(tmp_path: Path) -> None:
    """A crash after the journal commit but before the audit table's copy loses no entry."""
    store = MemoryStore.open(tmp_path)
    with access.audited_write(EDITOR, "Mutation.createPerson", "nia"):
        await people.create_person(store, id="nia", name="Nia")
    await store.close()
    with sqlite3.connect(tmp_path / ACCESS_FILE) as db:
        db.execute("DELETE FROM audit")
    reopened = MemoryStore.open(tmp_path)
    try:
        page = await reopened.audit_entries(AuditFilter(), first=10, after=None)
        assert [(e.operation, e.subject) for e in page.items] == [("Mutation.createPerson", "nia")]
        assert await reopened.get_people(["nia"]) != [None]
    finally:
        await reopened.close()

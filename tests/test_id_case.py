"""Ids compared without regard to case, on both stores: stored as first given, found in any case,
unique by their case-folded form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph_service.domain import rows
from graph_service.domain.model import GraphDocument, Person
from graph_service.store.memory.journal import Journal
from graph_service.store.memory.store import JOURNAL_FILE, MemoryStore
from graph_service.store.neo4j.store import Neo4jStore
from tests.graphql_client import GraphQLClient
from tests.neo4j_reset import clear_neo4j
from tests.sample_data import HIRING, SMALL_DOCUMENT

IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { people companies employments ties } }"
PATHS = """query($from: ID!, $target: PathTarget!, $exclude: [ID!]) {
  introductionPaths(fromId: $from, target: $target, excludeIds: $exclude, first: 10) {
    target { person { id } company { id } seniority } people { id } } }"""


async def test_a_lookup_in_any_case_answers_the_stored_spelling(client: GraphQLClient) -> None:
    await client.data('mutation { createPerson(input: {id: "Cy-Okafor", name: "Cy Okafor"}) { id } }')
    await client.data('mutation { createCompany(input: {id: "acme", name: "Acme"}) { id } }')
    found: Any = await client.data(
        '{ a: person(id: "CY-OKAFOR") { id } b: person(id: "cy-okafor") { id } c: company(id: "ACME") { id } }'
    )
    assert found == {"a": {"id": "Cy-Okafor"}, "b": {"id": "Cy-Okafor"}, "c": {"id": "acme"}}


async def test_creating_an_id_that_differs_only_in_case_is_a_conflict(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    person: Any = await client.error(
        'mutation { createPerson(input: {id: "ADA", name: "Another Ada"}) { id } }'
    )
    company: Any = await client.error(
        'mutation { createCompany(input: {id: "Acme", name: "Acme 2"}) { id } }'
    )
    assert (person["extensions"]["code"], company["extensions"]["code"]) == ("CONFLICT", "CONFLICT")
    counts: Any = await client.data(
        '{ people { totalCount } companies { totalCount } person(id: "ada") { name } }'
    )
    assert counts == {
        "people": {"totalCount": 5},
        "companies": {"totalCount": 2},
        "person": {"name": "Ada Park"},
    }


async def test_an_import_row_in_another_case_is_the_stored_record(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    document = {
        "people": [{"id": "ADA", "name": "Ada P. Park"}],
        "employments": [
            {"personId": "GUS", "companyId": "ACME", "title": "Advisor", "seniority": "DIRECTOR",
             "function": "OTHER", "startDate": "2024-01-01"},
        ],
        "ties": [{"a": "Gus", "b": "CY", "strength": 0.7, "context": "FRIEND"}],
        "targets": [{"personId": "CY", "companyId": "Globex"}],
    }  # fmt: skip
    await client.data(IMPORT, {"d": document})
    found: Any = await client.data(
        """{ people { totalCount } ada: person(id: "ada") { id name }
             gus: person(id: "gus") { employments(currentOnly: true) { company { id } } }
             cy: person(id: "cy") { targetCompanies { id } ties { edges { node { person { id } } } } } }"""
    )
    assert found["people"] == {"totalCount": 5}
    assert found["ada"] == {"id": "ada", "name": "Ada P. Park"}
    assert {"company": {"id": "acme"}} in found["gus"]["employments"]
    assert found["cy"]["targetCompanies"] == [{"id": "globex"}]
    assert {"node": {"person": {"id": "gus"}}} in found["cy"]["ties"]["edges"]


async def test_an_import_with_two_spellings_of_one_id_is_refused(client: GraphQLClient) -> None:
    document = {"people": [{"id": "ada", "name": "Ada"}, {"id": "ADA", "name": "Ada again"}]}
    error: Any = await client.error(IMPORT, {"d": document})
    assert error["extensions"]["problems"] == [{"position": "people[1]", "reason": "same id as people[0]"}]
    assert await client.data("{ people { totalCount } }") == {"people": {"totalCount": 0}}


async def test_path_searches_accept_ids_in_any_case(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    lower: Any = await client.data(PATHS, {"from": "cy", "target": {"companyId": "globex"}})
    upper: Any = await client.data(PATHS, {"from": "CY", "target": {"companyId": "GLOBEX"}})
    assert upper == lower
    assert [p["target"]["person"]["id"] for p in upper["introductionPaths"]] == ["gus"]
    assert upper["introductionPaths"][0]["target"]["company"] == {"id": "globex"}
    assert upper["introductionPaths"][0]["target"]["seniority"] == "EXECUTIVE"
    to_person: Any = await client.data(PATHS, {"from": "Cy", "target": {"personId": "GUS"}})
    assert [p["id"] for p in to_person["introductionPaths"][0]["people"]] == ["cy", "bo", "ada", "gus"]
    avoided: Any = await client.data(PATHS, {"from": "cy", "target": {"personId": "gus"}, "exclude": ["BO"]})
    assert avoided == {"introductionPaths": []}
    itself: Any = await client.error(PATHS, {"from": "cy", "target": {"personId": "CY"}})
    assert itself["extensions"]["code"] == "BAD_USER_INPUT"
    reach: Any = await client.data(
        '{ reach(fromId: "CY", companyIds: ["ACME"]) { watched { company { id } } } }'
    )
    assert reach == {"reach": {"watched": [{"company": {"id": "acme"}}]}}


async def test_network_writes_accept_any_case_and_store_the_stored_spelling(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    tie: Any = await client.data(
        'mutation { connect(input: {aId: "CY", bId: "Gus", context: FRIEND, strength: 0.9}) { person { id } } }'
    )
    assert tie == {"connect": {"person": {"id": "gus"}}}
    same: Any = await client.error(
        'mutation { connect(input: {aId: "cy", bId: "CY", context: FRIEND}) { strength } }'
    )
    assert same["extensions"]["code"] == "BAD_USER_INPUT"
    await client.data(
        """mutation { addEmployment(input: {personId: "CY", companyId: "ACME", title: "SRE",
             seniority: SENIOR, function: ENGINEERING, startDate: "2024-05-01"}) { title } }"""
    )
    twice: Any = await client.error(
        """mutation { addEmployment(input: {personId: "cy", companyId: "Acme", title: "SRE II",
             seniority: SENIOR, function: ENGINEERING, startDate: "2025-05-01"}) { title } }"""
    )
    assert twice["extensions"]["code"] == "CONFLICT"
    await client.data('mutation { addTargetCompany(personId: "CY", companyId: "GLOBEX") { id } }')
    found: Any = await client.data(
        """{ cy: person(id: "cy") { employments { company { id } current } targetCompanies { id }
                ties(first: 1) { edges { node { person { id } strength } } } }
             acme: people(filter: {companyId: "ACME"}) { edges { node { id } } } }"""
    )
    assert found["cy"]["employments"] == [{"company": {"id": "acme"}, "current": True}]
    assert found["cy"]["targetCompanies"] == [{"id": "globex"}]
    assert found["cy"]["ties"]["edges"] == [{"node": {"person": {"id": "gus"}, "strength": 0.9}}]
    assert [e["node"]["id"] for e in found["acme"]["edges"]] == ["ada", "bo", "cy"]
    await client.data(
        'mutation { endEmployment(input: {personId: "Cy", companyId: "ACME", endDate: "2025-01-01"}) { title } }'
    )
    await client.data('mutation { removeTargetCompany(personId: "cy", companyId: "Globex") { id } }')
    after: Any = await client.data(
        '{ person(id: "cy") { employments(currentOnly: true) { title } targetCompanies { id } } }'
    )
    assert after == {"person": {"employments": [], "targetCompanies": []}}


async def test_hiring_records_accept_any_case(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": HIRING})
    logged: Any = await client.data(
        """mutation { logInterview(input: {candidateId: "CY", companyId: "GLOBEX", interviewerId: "Hal",
             stage: HR_SCREEN, date: "2025-02-01", outcome: ADVANCED}) { interview { candidate { id } company { id } } } }"""
    )
    assert logged["logInterview"]["interview"] == {"candidate": {"id": "cy"}, "company": {"id": "globex"}}
    referred: Any = await client.data(
        """mutation { logReferral(input: {referrerId: "GUS", candidateId: "Cy", companyId: "Globex",
             contactId: "EVE"}) { referral { referrer { id } contact { id } } } }"""
    )
    assert referred["logReferral"]["referral"] == {"referrer": {"id": "gus"}, "contact": {"id": "eve"}}
    found: Any = await client.data(
        """{ interviewLadder(candidateId: "CY") { company { id } }
             referrals(filter: {candidateId: "CY", companyId: "GLOBEX"}) { totalCount edges { node { candidate { id } } } }
             referralChain(candidateId: "cY") { referral { company { id } } } }"""
    )
    assert found["interviewLadder"] == [{"company": {"id": "globex"}}]
    assert found["referrals"] == {"totalCount": 1, "edges": [{"node": {"candidate": {"id": "cy"}}}]}
    assert found["referralChain"] == [{"referral": {"company": {"id": "globex"}}}]


async def test_interview_and_referral_ids_are_found_in_any_case(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": HIRING})
    document = {
        "interviews": [
            {"id": "iv-One", "candidateId": "cy", "companyId": "globex", "interviewerId": "hal",
             "stage": "HR_SCREEN", "date": "2025-02-01", "outcome": "PENDING"},
        ],
        "referrals": [
            {"id": "Ref-One", "referrerId": "gus", "candidateId": "cy", "companyId": "globex",
             "status": "MADE", "createdAt": "2025-01-10T09:00:00Z"},
        ],
    }  # fmt: skip
    await client.data(IMPORT, {"d": document})
    again = {"interviews": [{**document["interviews"][0], "id": "IV-ONE", "outcome": "ADVANCED"}]}
    await client.data(IMPORT, {"d": again})
    found: Any = await client.data(
        """{ referral(id: "REF-ONE") { id } interviewLadder(candidateId: "cy") { interviews { id outcome } } }"""
    )
    assert found["referral"] == {"id": "Ref-One"}
    assert found["interviewLadder"] == [{"interviews": [{"id": "iv-One", "outcome": "ADVANCED"}]}]
    moved: Any = await client.data(
        'mutation { updateReferralStatus(input: {id: "ref-one", status: INTRODUCED}) { id status } }'
    )
    assert moved == {"updateReferralStatus": {"id": "Ref-One", "status": "INTRODUCED"}}
    held: Any = await client.data(
        'mutation { updateInterviewOutcome(input: {id: "IV-one", outcome: OFFER}) { id outcome } }'
    )
    assert held == {"updateInterviewOutcome": {"id": "iv-One", "outcome": "OFFER"}}
    assert await client.data('mutation { deleteInterview(id: "IV-ONE") }') == {"deleteInterview": "iv-One"}
    assert await client.data('mutation { deleteReferral(id: "REF-one") }') == {"deleteReferral": "Ref-One"}


async def test_corrections_accept_any_case_and_answer_the_stored_id(client: GraphQLClient) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    assert await client.data('mutation { deleteTie(aId: "CY", bId: "DI") }') == {"deleteTie": True}
    merged: Any = await client.data('mutation { mergePeople(keepId: "BO", mergeId: "Di") { id } }')
    assert merged == {"mergePeople": {"id": "bo"}}
    assert await client.data('mutation { deletePerson(id: "GUS") }') == {"deletePerson": "gus"}
    left: Any = await client.data("{ people { edges { node { id } } } }")
    assert [e["node"]["id"] for e in left["people"]["edges"]] == ["ada", "bo", "cy"]


async def test_the_memory_journal_of_an_earlier_version_replays(tmp_path: Path) -> None:
    journal = Journal(tmp_path / JOURNAL_FILE)
    document = GraphDocument(companies=[], people=[Person("Ada", "Ada Park")], employments=[], ties=[])
    journal.append(rows.document_rows(document))
    journal.close()
    store = MemoryStore.open(tmp_path)
    try:
        assert await store.get_people(["ADA", "ada", "bob"]) == [
            Person("Ada", "Ada Park"),
            Person("Ada", "Ada Park"),
            None,
        ]
    finally:
        await store.close()


async def test_a_neo4j_database_of_an_earlier_version_gets_its_id_keys(neo4j_store: Neo4jStore) -> None:
    await clear_neo4j(neo4j_store)
    await neo4j_store.run_admin(
        "CREATE (:Person {id: 'Renee', name: 'Renee Old'}), (:Company {id: 'ole', name: 'Ole'})"
    )
    await neo4j_store.apply_schema()
    (person,) = await neo4j_store.get_people(["RENEE"])
    (company,) = await neo4j_store.get_companies(["OLE"])
    assert (person and person.id, company and company.id) == ("Renee", "ole")

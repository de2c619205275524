"""LinkedIn connections import, on both stores: the export's quirks, matching, re-imports after job
changes, dry runs, bad files, and the same through GraphQL (multipart upload) and the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph_service.cli import main
from graph_service.domain.company_names import company_key
from graph_service.domain.errors import BadUserInput, NotFound
from graph_service.domain.model import TieContext
from graph_service.services.graph_import import export_graph, import_graph
from graph_service.services.linkedin import import_linkedin
from graph_service.services.linkedin_file import MAX_FILE_BYTES
from graph_service.store.protocol import Store
from tests.graphql_client import GraphQLClient

NOTES = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or "
    'download their email address using this setting https://www.linkedin.com/psettings/privacy/email"\r\n'
    "\r\n"
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
Row = tuple[str, str, str, str, str, str, str]

FIRST: list[Row] = [
    (
        "Ada",
        "Park",
        "https://www.linkedin.com/in/ada-park",
        "",
        "Acme, Inc.",
        "VP Engineering",
        "05 Mar 2024",
    ),
    (
        "Bo",
        "Lindqvist",
        "https://www.linkedin.com/in/bo-lindqvist/",
        "BO@example.com",
        "ACME",
        "Sr. Recruiter",
        "17 Jan 2023",
    ),
    ("李", "娜", "https://www.linkedin.com/in/li-na-8a1b", "", "腾讯", "高级工程师", "01 Feb 2022"),
    (
        "Zoë",
        "Müller-Lüdenscheidt",
        "https://linkedin.com/in/zoe-mueller",
        "zoe@example.de",
        "Siemens AG",
        "Leiterin Einkauf",
        "30 Nov 2021",
    ),
    ("Олег", "Иванов", "https://www.linkedin.com/in/oleg-ivanov", "", "", "", "12 Dec 2020"),
    (
        "محمد",
        "الأحمد",
        "https://www.linkedin.com/in/mohammed-alahmad",
        "",
        "Aramco",
        "Director, Product (EMEA)",
        "03 Jul 2019",
    ),
    (
        "Élodie",
        "Durand",
        "https://www.linkedin.com/in/elodie-durand",
        "",
        "Société Générale S.A.",
        "Directrice Commerciale,\nFrance & Benelux",
        "22 Aug 2024",
    ),
    (
        "Νίκος",
        "Παπαδόπουλος",
        "https://www.linkedin.com/in/nikos-p",
        "",
        "Acme Inc",
        "Assistant to the CEO",
        "09 Sep 2018",
    ),
]


def export(rows: list[Row], *, bom: bool = True) -> bytes:
    """A Connections.csv as LinkedIn writes one: BOM, notes, CRLF, fields quoted when they must be."""

    def cell(value: str) -> str:
        if any(c in value for c in ',"\n\r'):
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [HEADER] + [",".join(cell(v) for v in row) for row in rows]
    return (("\ufeff" if bom else "") + NOTES + "\r\n".join(lines) + "\r\n").encode("utf-8")


OWNER = {
    "companies": [{"id": "acme", "name": "ACME"}],
    "people": [
        {"id": "me", "name": "Mara Owen", "linkedinUrl": "https://www.linkedin.com/in/mara-owen"},
        {"id": "bo", "name": "Bo Lindqvist", "email": "bo@example.com"},
        {"id": "ada-twin", "name": "Ada Park", "linkedinUrl": "https://www.linkedin.com/in/another-ada"},
    ],
}


async def load(store: Store, content: bytes, **options: Any) -> Any:
    return await import_linkedin(store, owner_id="me", content=content, today=date(2025, 1, 15), **options)


def by_person(document: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    jobs: dict[str, list[dict[str, Any]]] = {}
    for job in document["employments"]:
        jobs.setdefault(job["personId"], []).append(job)
    return jobs


async def test_a_real_export_imports_people_companies_positions_and_ties(store: Store) -> None:
    await import_graph(store, OWNER)
    result = await load(store, export(FIRST))
    assert (result.rows, result.skipped) == (8, [])
    assert (result.people_created, result.people_matched) == (7, 1)  # Bo by email
    # ACME is matched three times (Acme, Inc. / ACME / Acme Inc); 腾讯, Siemens, Aramco, Société Générale are new
    assert (result.companies_created, result.companies_matched) == (4, 1)
    assert (result.positions_added, result.positions_ended, result.positions_unchanged) == (7, 0, 0)
    assert (result.ties_created, result.ties_updated) == (8, 0)

    document = await export_graph(store)
    people = {p["id"]: p for p in document["people"]}
    assert people["li-na-8a1b"]["name"] == "李 娜"
    assert people["mohammed-alahmad"]["name"] == "محمد الأحمد"
    assert people["bo"]["linkedinUrl"] == "https://www.linkedin.com/in/bo-lindqvist"  # learnt from the file
    assert people["ada-park"]["name"] == "Ada Park"  # a new person: same name as ada-twin, other URL
    companies = {c["name"] for c in document["companies"]}
    assert companies == {"ACME", "腾讯", "Siemens AG", "Aramco", "Société Générale S.A."}
    jobs = by_person(document)
    assert [
        (j["companyId"], j["title"], j["seniority"], j["function"], j["inferred"]) for j in jobs["ada-park"]
    ] == [("acme", "VP Engineering", "VP", "ENGINEERING", True)]
    assert jobs["elodie-durand"][0]["title"] == "Directrice Commerciale, France & Benelux"
    assert (jobs["elodie-durand"][0]["seniority"], jobs["elodie-durand"][0]["function"]) == (
        "DIRECTOR",
        "SALES",
    )
    assert jobs["nikos-p"][0]["seniority"] == "ENTRY"
    assert jobs["bo"][0]["function"] == "HR"
    assert "oleg-ivanov" not in jobs  # no company or position: a person and a tie only
    (ties,) = await store.ties_of(["me"])
    assert len(ties) == 8 and all(t.context is TieContext.LINKEDIN for t in ties)
    assert {t.other("me"): t.since for t in ties}["ada-park"] == date(2024, 3, 5)


async def test_importing_the_same_export_again_changes_nothing(store: Store) -> None:
    await import_graph(store, OWNER)
    await load(store, export(FIRST))
    before = await export_graph(store)
    again = await load(store, export(FIRST, bom=False))
    assert await export_graph(store) == before
    assert (again.people_created, again.people_matched) == (0, 8)
    assert (again.companies_created, again.companies_matched) == (0, 5)
    assert (again.positions_added, again.positions_ended, again.positions_unchanged) == (0, 0, 7)
    assert (again.ties_created, again.ties_updated, again.no_longer_connected) == (0, 0, [])


async def test_a_newer_export_ends_changed_positions_and_keeps_missing_connections(store: Store) -> None:
    await import_graph(store, OWNER)
    await load(store, export(FIRST))
    newer = [
        (
            "Ada",
            "Park",
            "https://www.linkedin.com/in/ada-park",
            "",
            "Globex GmbH",
            "Chief Technology Officer",
            "05 Mar 2024",
        ),
        (
            "Bo",
            "Lindqvist",
            "https://www.linkedin.com/in/bo-lindqvist",
            "",
            "Acme Inc.",
            "Head of Talent",
            "17 Jan 2023",
        ),
        *FIRST[2:7],  # Νίκος is gone
    ]
    result = await load(store, export(newer), as_of=date(2025, 1, 10))
    assert (result.positions_added, result.positions_ended, result.positions_unchanged) == (2, 2, 4)
    assert (result.companies_created, result.ties_created, result.ties_updated) == (1, 0, 0)
    assert [p.id for p in result.no_longer_connected] == ["nikos-p"]
    document = await export_graph(store)
    jobs = by_person(document)
    ada = sorted((j["title"], j["startDate"], j["endDate"]) for j in jobs["ada-park"])
    assert ada == [("Chief Technology Officer", "2025-01-10", None), ("VP Engineering", None, "2025-01-10")]
    bo = sorted((j["title"], j["seniority"], j["endDate"]) for j in jobs["bo"])
    assert bo == [("Head of Talent", "DIRECTOR", None), ("Sr. Recruiter", "SENIOR", "2025-01-10")]
    (ties,) = await store.ties_of(["me"])
    assert "nikos-p" in {t.other("me") for t in ties}  # the tie stays


async def test_a_dry_run_reports_what_would_change_and_changes_nothing(store: Store) -> None:
    await import_graph(store, OWNER)
    before = await export_graph(store)
    result = await load(store, export(FIRST), dry_run=True)
    assert result.dry_run and (result.people_created, result.ties_created) == (7, 8)
    assert await export_graph(store) == before


async def test_rows_that_cannot_be_used_are_reported_with_their_lines(store: Store) -> None:
    await import_graph(store, OWNER)
    rows: list[Row] = [
        FIRST[0],
        ("No", "Link", "", "", "Acme", "Engineer", "01 Jan 2020"),
        ("Bad", "Url", "not a url", "", "Acme", "Engineer", "01 Jan 2020"),
        ("Bad", "Date", "https://www.linkedin.com/in/bad-date", "", "Acme", "Engineer", "yesterday"),
        ("Mara", "Owen", "https://www.linkedin.com/in/mara-owen", "", "Acme", "CEO", "01 Jan 2020"),
        ("Ada", "Again", "https://www.linkedin.com/in/ada-park/", "", "Acme", "VP", "01 Jan 2020"),
        ("", "", "https://www.linkedin.com/in/nameless", "", "", "", "01 Jan 2020"),
    ]
    result = await load(store, export([FIRST[6], *rows]))  # notes 1-3, header 4, Élodie 5-6 (two lines)
    assert [(r.line, r.reason.split(":")[0]) for r in result.skipped] == [
        (8, "has no profile URL or email to recognise the person by"),
        (9, "URL is not a profile URL"),
        (10, "Connected On is not a date like 05 Mar 2024"),
        (11, "is the owner's own profile"),
        (12, "is the same connection as line 7"),
        (13, "has no first or last name"),
    ]
    assert result.people_created == 2


async def test_the_owner_must_exist(store: Store) -> None:
    with pytest.raises(NotFound):
        await load(store, export(FIRST))
    assert (await export_graph(store))["people"] == []


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file"),
        (b'{"connections": []}', "not a CSV file"),
        (
            b"Name,Email,Company\nAda,ada@example.com,Acme\n",
            "lacks the required column(s) First Name, Last Name, URL",
        ),
        (HEADER.replace(",Connected On", "").encode() + b"\n", "lacks the required column(s) Connected On"),
        (export(FIRST).replace("Zoë".encode(), b"Zo\xeb"), "not UTF-8"),
        (b"x" * (MAX_FILE_BYTES + 1), f"at most {MAX_FILE_BYTES}"),
    ],
    ids=["binary", "json", "other-header", "missing-column", "latin-1", "too-large"],
)
async def test_a_bad_file_is_refused_whole_and_changes_nothing(
    store: Store, content: bytes, says: str
) -> None:
    await import_graph(store, OWNER)
    before = await export_graph(store)
    with pytest.raises(BadUserInput) as raised:
        await load(store, content)
    assert says in raised.value.message and raised.value.field == "file"
    assert await export_graph(store) == before


def test_company_names_match_without_case_accents_punctuation_or_legal_suffixes() -> None:
    same = ["Acme, Inc.", "ACME Inc", "acme", "Acmé Corp.", "Acme Ltd", "Acme GmbH & Co. KG", "Acme S.A."]
    assert {company_key(name) for name in same} == {"acme"}
    assert company_key("Procter & Gamble Co.") == company_key("PROCTER AND GAMBLE")
    assert company_key("Acme Labs") != company_key("Acme")
    assert company_key("Inc.") == "inc"  # a name that is all legal form stays itself


UPLOAD = """mutation($owner: ID!, $file: Upload!, $dry: Boolean!) {
  importLinkedInConnections(ownerId: $owner, file: $file, asOf: "2025-01-10", dryRun: $dry) {
    dryRun rows peopleCreated peopleMatched companiesCreated companiesMatched positionsAdded positionsEnded
    positionsUnchanged tiesCreated tiesUpdated noLongerConnected { id } skipped { line reason } } }"""


async def upload(client: GraphQLClient, content: bytes, *, dry: bool, preflight: bool = True) -> Any:
    operations = {"query": UPLOAD, "variables": {"owner": "me", "file": None, "dry": dry}}
    response = await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("Connections.csv", content, "text/csv")},
        headers={"GraphQL-Preflight": "1"} if preflight else {},
    )
    return response


async def test_the_mutation_takes_a_multipart_upload(client: GraphQLClient) -> None:
    await client.data("mutation($d: JSON!) { importGraph(document: $d) { people } }", {"d": OWNER})
    dry = (await upload(client, export(FIRST), dry=True)).json()["data"]["importLinkedInConnections"]
    assert (dry["dryRun"], dry["peopleCreated"], dry["tiesCreated"]) == (True, 7, 8)
    done = (await upload(client, export(FIRST), dry=False)).json()["data"]["importLinkedInConnections"]
    assert (done["peopleCreated"], done["companiesCreated"], done["positionsAdded"]) == (7, 4, 7)
    again = (await upload(client, export(FIRST[:7]), dry=False)).json()["data"]["importLinkedInConnections"]
    assert (again["positionsUnchanged"], again["noLongerConnected"]) == (6, [{"id": "nikos-p"}])
    bad = (await upload(client, b"Name,Email\nx,y\n", dry=False)).json()
    assert bad["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "file"}


async def test_a_multipart_request_without_a_preflight_header_is_refused(client: GraphQLClient) -> None:
    response = await upload(client, export(FIRST), dry=True, preflight=False)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_the_command_imports_reports_and_dry_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"GRAPH_SERVICE_DATA_DIR": str(tmp_path / "data")}
    seed, csv_file = tmp_path / "owner.json", tmp_path / "Connections.csv"
    seed.write_text(json.dumps(OWNER))
    csv_file.write_bytes(export(FIRST))
    assert main(["import", str(seed)], environ=env) == 0
    assert main(["import-linkedin", str(csv_file), "--owner", "me", "--dry-run"], environ=env) == 0
    assert "would import 8 rows: people 7 created, 1 matched" in capsys.readouterr().out
    assert main(["import-linkedin", str(csv_file), "--owner", "me"], environ=env) == 0
    out = capsys.readouterr()
    assert "imported 8 rows: people 7 created, 1 matched; companies 4 created, 1 matched" in out.out
    assert "connections: rows 8/8" in out.err  # plain progress lines when not on a terminal
    csv_file.write_bytes(b"Name,Email\n")
    assert main(["import-linkedin", str(csv_file), "--owner", "me"], environ=env) == 1
    assert "lacks the required column(s)" in capsys.readouterr().err


def test_the_command_refuses_an_unknown_owner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_file = tmp_path / "Connections.csv"
    csv_file.write_bytes(export(FIRST))
    env = {"GRAPH_SERVICE_DATA_DIR": str(tmp_path / "data")}
    assert main(["import-linkedin", str(csv_file), "--owner", "nobody"], environ=env) == 1
    assert "NOT_FOUND" in capsys.readouterr().err

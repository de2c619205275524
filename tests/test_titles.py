"""Job titles read as seniority and function: every rule pinned by examples, the labelled set's
accuracy kept above its marks, and positions given without them reading them from the title."""

from __future__ import annotations

import pytest

from graph_service.bench.title_accuracy import score
from graph_service.domain.model import Function, Seniority
from graph_service.domain.titles import FUNCTION_RULES, SENIORITY_RULES, classify_title
from tests.graphql_client import GraphQLClient
from tests.sample_data import SMALL_DOCUMENT

S, F = Seniority, Function

SENIORITY_EXAMPLES: list[tuple[str, Seniority]] = [
    ("Assistant to the CEO", S.ENTRY),
    ("Executive Assistant to the Managing Director", S.ENTRY),
    ("Personal Assistant", S.ENTRY),
    ("Account Executive", S.ENTRY),
    ("Senior Account Executive, Enterprise", S.ENTRY),
    ("Product Owner", S.ENTRY),
    ("Chief of Staff to the CEO", S.DIRECTOR),
    ("Associate Partner", S.DIRECTOR),
    ("AVP, Credit Risk", S.DIRECTOR),
    ("Associate Director, Clinical Operations", S.MANAGER),
    ("Assistant Directrice", S.MANAGER),
    ("Co-Founder & CEO", S.OWNER),
    ("Cofounder", S.OWNER),
    ("Fondatrice", S.OWNER),
    ("Fundador y Director General", S.OWNER),
    ("Gründerin", S.OWNER),
    ("Owner", S.OWNER),
    ("Inhaber", S.OWNER),
    ("Propietaria", S.OWNER),
    ("Partner", S.OWNER),
    ("Managing Partner", S.OWNER),
    ("Partner, Strategy & Operations (McKinsey)", S.OWNER),
    ("Associé", S.OWNER),
    ("Socia", S.OWNER),
    ("HR Business Partner", S.ENTRY),
    ("Partner Manager", S.MANAGER),
    ("VP Engineering", S.VP),
    ("SVP, Sales", S.VP),
    ("EVP & General Counsel", S.VP),
    ("Vice-President, Marketing", S.VP),
    ("Vicepresidente de Finanzas", S.VP),
    ("Vizepräsident Vertrieb", S.VP),
    ("CEO", S.EXECUTIVE),
    ("CxO", S.EXECUTIVE),
    ("Chief Technology Officer", S.EXECUTIVE),
    ("PDG", S.EXECUTIVE),
    ("President", S.EXECUTIVE),
    ("Présidente", S.EXECUTIVE),
    ("Managing Director", S.EXECUTIVE),
    ("Managing Director, Investment Banking", S.EXECUTIVE),
    ("Executive Director", S.EXECUTIVE),
    ("Directeur Général", S.EXECUTIVE),
    ("Director General", S.EXECUTIVE),
    ("Consejero Delegado", S.EXECUTIVE),
    ("Geschäftsführer", S.EXECUTIVE),
    ("Vorstandsmitglied", S.EXECUTIVE),
    ("Board Member", S.EXECUTIVE),
    ("Non-Executive Director", S.EXECUTIVE),
    ("Chairman", S.EXECUTIVE),
    ("Director, Product (EMEA)", S.DIRECTOR),
    ("Sr. Dir. Engineering", S.DIRECTOR),
    ("Head of Talent", S.DIRECTOR),
    ("Directrice Marketing", S.DIRECTOR),
    ("Direktor Finanzen", S.DIRECTOR),
    ("Bereichsleiter IT", S.DIRECTOR),
    ("Directora de Ventas", S.DIRECTOR),
    ("Controller", S.DIRECTOR),
    ("Engineering Manager", S.MANAGER),
    ("Senior Manager", S.MANAGER),
    ("Mgr, Accounts Payable", S.MANAGER),
    ("Sales Supervisor", S.MANAGER),
    ("Team Lead", S.MANAGER),
    ("Tech Lead (Payments)", S.MANAGER),
    ("Responsable Recrutement", S.MANAGER),
    ("Chef de projet", S.MANAGER),
    ("Teamleiterin Buchhaltung", S.MANAGER),
    ("Vertriebsleiter", S.MANAGER),
    ("Gerente de Operaciones", S.MANAGER),
    ("Jefe de Compras", S.MANAGER),
    ("Lead Generation Specialist", S.ENTRY),
    ("Senior Software Engineer", S.SENIOR),
    ("Sr. Accountant", S.SENIOR),
    ("Principal Engineer", S.SENIOR),
    ("Staff Software Engineer", S.SENIOR),
    ("Solutions Architect", S.SENIOR),
    ("Ingénieur senior", S.SENIOR),
    ("Jr. Developer", S.ENTRY),
    ("Junior Analyst", S.ENTRY),
    ("Software Engineering Intern", S.ENTRY),
    ("Graduate Trainee", S.ENTRY),
    ("Associate", S.ENTRY),
    ("Stagiaire Marketing", S.ENTRY),
    ("Werkstudentin Marketing", S.ENTRY),
    ("Becario de Ventas", S.ENTRY),
    ("Software Engineer", S.ENTRY),
    ("Nurse", S.ENTRY),
]

FUNCTION_EXAMPLES: list[tuple[str, Function]] = [
    ("Technical Recruiter", F.HR),
    ("HR Business Partner", F.HR),
    ("Head of People", F.HR),
    ("Talent Acquisition Lead", F.HR),
    ("Chargée de recrutement RH", F.HR),
    ("Personalreferentin", F.HR),
    ("Jefa de Recursos Humanos", F.HR),
    ("General Counsel", F.LEGAL),
    ("Attorney at Law", F.LEGAL),
    ("Compliance Officer", F.LEGAL),
    ("Juriste", F.LEGAL),
    ("Rechtsanwältin", F.LEGAL),
    ("Abogado Senior", F.LEGAL),
    ("Account Executive", F.SALES),
    ("Business Development Manager", F.SALES),
    ("Regional Sales Director", F.SALES),
    ("Sales and Marketing Director", F.SALES),
    ("Directeur Commercial", F.SALES),
    ("Ingénieur commercial", F.SALES),
    ("Vertriebsleiter", F.SALES),
    ("Ejecutivo de Ventas", F.SALES),
    ("Director Comercial", F.SALES),
    ("Commercial Loan Officer", F.FINANCE),
    ("Product Marketing Manager", F.MARKETING),
    ("Brand Manager", F.MARKETING),
    ("Communications Director", F.MARKETING),
    ("CMO", F.MARKETING),
    ("Responsable Communication", F.MARKETING),
    ("Gerente de Mercadeo", F.MARKETING),
    ("CFO", F.FINANCE),
    ("Financial Analyst", F.FINANCE),
    ("Senior Accountant", F.FINANCE),
    ("Comptable", F.FINANCE),
    ("Leiter Finanzen", F.FINANCE),
    ("Contadora", F.FINANCE),
    ("Product Manager", F.PRODUCT),
    ("Director, Product (EMEA)", F.PRODUCT),
    ("UX Designer", F.PRODUCT),
    ("Chef de produit", F.PRODUCT),
    ("Produktmanagerin", F.PRODUCT),
    ("CTO", F.ENGINEERING),
    ("Senior Software Engineer", F.ENGINEERING),
    ("Data Scientist", F.ENGINEERING),
    ("Site Reliability Engineer", F.ENGINEERING),
    ("IT Director", F.ENGINEERING),
    ("Ingénieur logiciel", F.ENGINEERING),
    ("Softwareentwickler", F.ENGINEERING),
    ("Desarrolladora Backend", F.ENGINEERING),
    ("COO", F.OPERATIONS),
    ("Operations Manager", F.OPERATIONS),
    ("Supply Chain Analyst", F.OPERATIONS),
    ("Procurement Lead", F.OPERATIONS),
    ("Project Manager", F.OPERATIONS),
    ("Responsable Logistique", F.OPERATIONS),
    ("Leiterin Einkauf", F.OPERATIONS),
    ("Jefe de Compras", F.OPERATIONS),
    ("CEO", F.OTHER),
    ("Registered Nurse", F.OTHER),
    ("Teacher", F.OTHER),
]


@pytest.mark.parametrize(("title", "seniority"), SENIORITY_EXAMPLES)
def test_a_title_reads_as_its_seniority(title: str, seniority: Seniority) -> None:
    assert classify_title(title).seniority is seniority


@pytest.mark.parametrize(("title", "function"), FUNCTION_EXAMPLES)
def test_a_title_reads_as_its_function(title: str, function: Function) -> None:
    assert classify_title(title).function is function


def test_every_rule_of_both_tables_is_pinned_by_an_example() -> None:
    said = {classify_title(title).rule for title, _ in SENIORITY_EXAMPLES + FUNCTION_EXAMPLES}
    for rule in SENIORITY_RULES + FUNCTION_RULES:
        assert any(rule.says in reading for reading in said), rule.says


def test_the_reading_says_which_rules_decided() -> None:
    reading = classify_title("Assistant to the CEO")
    assert reading.rule.startswith("seniority ENTRY: an assistant to an executive works for them")
    assert "function OTHER: no word of a function" in reading.rule


def test_words_in_parentheses_count_only_when_the_rest_says_nothing() -> None:
    assert classify_title("Engineer (Sales)").function is Function.ENGINEERING
    assert classify_title("Quality Control Supervisor (QC Supervisor)").seniority is Seniority.MANAGER
    assert classify_title("Specialist (Senior)").seniority is Seniority.SENIOR


def test_the_labelled_set_reads_at_least_90_percent_seniority_and_85_percent_function() -> None:
    accuracy = score()
    assert accuracy.titles >= 300
    assert accuracy.seniority >= 0.90
    assert accuracy.function >= 0.85


CLASSIFY = "query($t: String!) { classifyTitle(title: $t) { seniority function rule } }"
ADD = """mutation($i: AddEmploymentInput!) { addEmployment(input: $i) {
    title seniority function inferred } }"""
IMPORT = "mutation($d: JSON!) { importGraph(document: $d) { employments } }"


async def test_classify_title_answers_with_seniority_function_and_rule(client: GraphQLClient) -> None:
    data = await client.data(CLASSIFY, {"t": "Sr. Dir., Product (EMEA)"})
    reading = data["classifyTitle"]
    assert isinstance(reading, dict)
    assert (reading["seniority"], reading["function"]) == ("DIRECTOR", "PRODUCT")
    assert "director" in reading["rule"]
    error = await client.error(CLASSIFY, {"t": "  "})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"  # type: ignore[index]


async def test_a_position_without_seniority_or_function_reads_them_from_its_title(
    client: GraphQLClient,
) -> None:
    await client.data(IMPORT, {"d": SMALL_DOCUMENT})
    read = await client.data(
        ADD,
        {"i": {"personId": "cy", "companyId": "acme", "title": "Head of Talent", "startDate": "2024-01-01"}},
    )
    assert read["addEmployment"] == {
        "title": "Head of Talent",
        "seniority": "DIRECTOR",
        "function": "HR",
        "inferred": True,
    }
    given = await client.data(
        ADD,
        {
            "i": {
                "personId": "cy",
                "companyId": "acme",
                "title": "Head of Talent",
                "seniority": "VP",
                "startDate": "2024-01-01",
            }
        },
    )
    assert given["addEmployment"] == {
        "title": "Head of Talent",
        "seniority": "VP",
        "function": "HR",
        "inferred": True,
    }
    both = await client.data(
        ADD,
        {
            "i": {
                "personId": "cy",
                "companyId": "acme",
                "title": "Head of Talent",
                "seniority": "VP",
                "function": "LEGAL",
                "startDate": "2024-01-01",
            }
        },
    )
    assert both["addEmployment"]["inferred"] is False  # type: ignore[index]
    assert both["addEmployment"]["function"] == "LEGAL"  # type: ignore[index]


async def test_imported_positions_without_seniority_read_it_and_survive_export(
    client: GraphQLClient,
) -> None:
    document = {
        "companies": [{"id": "kp", "name": "Kestrel Partners"}],
        "people": [{"id": "mia", "name": "Mia Roth"}, {"id": "ole", "name": "Ole Berg"}],
        "employments": [
            {"personId": "mia", "companyId": "kp", "title": "Geschäftsführerin", "startDate": "2020-01-01"},
            {
                "personId": "ole",
                "companyId": "kp",
                "title": "Partner",
                "seniority": "DIRECTOR",
                "function": "FINANCE",
                "startDate": "2021-01-01",
            },
        ],
    }
    await client.data(IMPORT, {"d": document})
    query = "{ people(first: 5) { edges { node { id employments { seniority function inferred } } } } }"
    data = await client.data(query)
    jobs = {e["node"]["id"]: e["node"]["employments"] for e in data["people"]["edges"]}  # type: ignore[index]
    assert jobs == {
        "mia": [{"seniority": "EXECUTIVE", "function": "OTHER", "inferred": True}],
        "ole": [{"seniority": "DIRECTOR", "function": "FINANCE", "inferred": False}],
    }

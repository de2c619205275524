"""The dashboard in a real headless Chromium (Debian's), driven by Playwright, on the demo data.

Each test starts the service as a uvicorn process on a free port (memory store, demo seed, its own
data folder). Full-page screenshots of each panel go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, Playwright, Route, expect, sync_playwright

from graph_service.settings import Settings
from tests.servers import running_service

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "tests" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
PANELS = ("targets", "ladder", "referrals", "referrers", "reach")
WAIT_MS = 15_000

expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    yield browser
    browser.close()


@pytest.fixture
def service(tmp_path: Path) -> Iterator[str]:
    with running_service(Settings(store="memory", data_dir=tmp_path), tmp_path) as url:
        yield url


@pytest.fixture
def page(browser: Browser, service: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def graphql(url: str, query: str, variables: dict[str, object] | None = None) -> Any:
    body = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, timeout=30
    ).json()
    assert "errors" not in body, body
    return body["data"]


def open_candidate(page: Page, url: str, candidate: str) -> None:
    page.goto(f"{url}/?candidate={candidate}")
    expect(page.locator("body")).to_have_attribute("data-state", "loaded")


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def shoot_panel(page: Page, panel: str, suffix: str = "") -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(f"#panel-{panel}").screenshot(path=SHOTS / f"panel-{panel}{suffix}.png")


def column(page: Page, status: str) -> Any:
    return page.locator(f'.column[data-status="{status}"]')


def test_a_candidate_opens_by_search(page: Page, service: str) -> None:
    page.goto(service)
    page.get_by_label("Find a candidate").fill("okafor")
    page.get_by_role("button", name=re.compile("Cy Okafor")).click()
    expect(page.locator("body")).to_have_attribute("data-state", "loaded")
    expect(page).to_have_url(re.compile(r"\?candidate=cy-okafor$"))
    expect(page.locator("#candidate-name")).to_have_text("Cy Okafor")


def test_a_deep_link_opens_the_candidate_and_a_bad_one_says_why(page: Page, service: str) -> None:
    open_candidate(page, service, "tomas-lindqvist")
    expect(page.locator("#candidate-name")).to_have_text("Tomas Lindqvist")
    page.goto(f"{service}/?candidate=nobody")
    expect(page.locator("#candidate .error")).to_contain_text("no person with id 'nobody' (NOT_FOUND)")


def test_targets_name_the_most_senior_person_the_api_names(page: Page, service: str) -> None:
    open_candidate(page, service, "cy-okafor")
    watched = graphql(service, '{ person(id: "cy-okafor") { targetCompanies { id } } }')
    companies = [c["id"] for c in watched["person"]["targetCompanies"]]
    assert len(companies) >= 3
    for company in companies:
        answer = graphql(
            service,
            """query($c: ID!) { introductionPaths(fromId: "cy-okafor", target: {companyId: $c,
              minSeniority: MANAGER}, orderBy: MOST_SENIOR, first: 1) { target { person { name } } } }""",
            {"c": company},
        )
        card = page.locator(f'.target[data-company="{company}"]')
        expect(card.get_by_test_id("most-senior")).to_have_text(
            answer["introductionPaths"][0]["target"]["person"]["name"]
        )
        expect(card.locator(".counts dd")).to_have_count(3)
    shoot(page, "dashboard-1440")
    for panel in PANELS:
        shoot_panel(page, panel)


def test_a_watched_company_can_be_added_and_removed(page: Page, service: str) -> None:
    open_candidate(page, service, "cy-okafor")
    page.get_by_label("Add a company to the watchlist").select_option(label="Pinegate Partners")
    page.get_by_role("button", name="Watch", exact=True).click()
    expect(page.locator('.target[data-company="pinegate"]')).to_be_visible()
    page.get_by_role("button", name="Remove Pinegate Partners from the watchlist").click()
    expect(page.locator('.target[data-company="pinegate"]')).to_have_count(0)


def test_a_referral_moves_through_its_states_by_clicking(page: Page, service: str) -> None:
    open_candidate(page, service, "cy-okafor")
    card = page.locator('[data-referral="ref-karen-cy-aldric"]')
    expect(column(page, "MADE").locator(card)).to_have_count(1)
    # Forbidden moves are not offered: MADE cannot jump to HIRED.
    expect(card.get_by_role("button", name="Move to Hired")).to_have_count(0)
    for status, label in (
        ("INTRODUCED", "Introduced"),
        ("INTERVIEWING", "Interviewing"),
        ("OFFERED", "Offered"),
    ):
        card.get_by_role("button", name=f"Move to {label}").click()
        expect(column(page, status).locator('[data-referral="ref-karen-cy-aldric"]')).to_have_count(1)
    shoot_panel(page, "referrals", "-moved")
    stored = graphql(service, '{ referral(id: "ref-karen-cy-aldric") { status history { status } } }')
    assert [c["status"] for c in stored["referral"]["history"]] == [
        "MADE",
        "INTRODUCED",
        "INTERVIEWING",
        "OFFERED",
    ]


def test_logging_an_interview_changes_the_ladder(page: Page, service: str) -> None:
    open_candidate(page, service, "cy-okafor")
    ladder = page.locator('.ladder[data-company="brightloop"]')
    expect(ladder.locator(".stage")).to_have_count(1)
    form = page.locator("#interview-form")
    form.get_by_label("Company").select_option("brightloop")
    form.get_by_label("Interviewer").select_option("felix-hartmann")
    form.get_by_label("Stage").select_option("HIRING_MANAGER")
    form.get_by_label("Date").fill("2026-06-01")
    form.get_by_label("Outcome").select_option("ADVANCED")
    form.get_by_role("button", name="Log interview").click()
    expect(ladder.locator(".stage")).to_have_count(2)
    expect(ladder.locator(".stage", has_text="Felix Hartmann")).to_contain_text("Hiring manager")
    shoot_panel(page, "ladder", "-logged")


def test_an_interview_the_api_refuses_is_explained_beside_the_form(page: Page, service: str) -> None:
    open_candidate(page, service, "cy-okafor")
    form = page.locator("#interview-form")
    form.get_by_label("Company").select_option("brightloop")
    form.get_by_label("Interviewer").select_option("felix-hartmann")
    form.get_by_label("Date").fill("2099-01-01")
    form.get_by_label("Outcome").select_option("ADVANCED")
    form.get_by_role("button", name="Log interview").click()
    expect(form.locator(".error")).to_contain_text("BAD_USER_INPUT")


def test_a_change_on_a_second_page_shows_on_the_first_live(
    browser: Browser, page: Page, service: str
) -> None:
    open_candidate(page, service, "cy-okafor")
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    other = browser.new_page()
    open_candidate(other, service, "cy-okafor")
    other.locator('[data-referral="ref-amara-cy-brightloop"]').get_by_role(
        "button", name="Move to Interviewing"
    ).click()
    expect(column(page, "INTERVIEWING").locator('[data-referral="ref-amara-cy-brightloop"]')).to_have_count(1)
    expect(page.locator("#live")).to_contain_text("Brightloop is now Interviewing")
    other.close()


def test_the_page_and_graphiql_request_nothing_from_another_host(browser: Browser, service: str) -> None:
    context = browser.new_context()
    ours = urlsplit(service).netloc
    elsewhere: list[str] = []

    def watch(route: Route) -> None:
        if urlsplit(route.request.url).netloc != ours:
            elsewhere.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", watch)
    page = context.new_page()
    open_candidate(page, service, "cy-okafor")
    page.goto(f"{service}/graphql")
    expect(page.locator(".graphiql-container")).to_be_visible()
    context.close()
    assert elsewhere == []


def test_axe_finds_no_serious_or_critical_violation(browser: Browser, service: str) -> None:
    # axe is injected as an inline script, which the page's own policy would refuse.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    open_candidate(page, service, "cy-okafor")
    page.locator("details").first.click()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    context.close()
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_page_fits_a_phone_and_a_wide_screen(browser: Browser, service: str) -> None:
    for width in (390, 1440):
        context = browser.new_context(viewport={"width": width, "height": 844})
        page = context.new_page()
        open_candidate(page, service, "cy-okafor")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
        if width == 390:
            shoot(page, "dashboard-390")
        context.close()


def test_the_referrers_filter_follows_the_api(page: Page, service: str) -> None:
    open_candidate(page, service, "cy-okafor")
    page.get_by_label("Lowest seniority shown").select_option("VP")
    answer = graphql(
        service, "{ referrerLeaderboard(first: 8, orderBy: HIRES, minSeniority: VP) { referrer { name } } }"
    )
    names = [r["referrer"]["name"] for r in answer["referrerLeaderboard"]]
    expect(page.locator("#referrers-body .group-row .bar-label")).to_have_text(names)


def test_with_a_token_the_page_asks_once_and_sends_it(browser: Browser, tmp_path: Path) -> None:
    settings = Settings(store="memory", data_dir=tmp_path, api_token="t0ken-with-entropy-long-enough-for-32")
    with running_service(settings, tmp_path) as url:
        page = browser.new_page()
        page.goto(f"{url}/?candidate=cy-okafor")
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("API token").fill("wrong")
        dialog.get_by_role("button", name="Use token").click()
        expect(dialog.locator(".error")).to_contain_text("not accepted")
        dialog.get_by_label("API token").fill("t0ken-with-entropy-long-enough-for-32")
        dialog.get_by_role("button", name="Use token").click()
        expect(page.locator("body")).to_have_attribute("data-state", "loaded")
        expect(page.locator("body")).to_have_attribute("data-live", "connected")
        page.reload()
        expect(page.locator("body")).to_have_attribute("data-state", "loaded")
        expect(page.get_by_role("dialog")).to_be_hidden()
        page.close()

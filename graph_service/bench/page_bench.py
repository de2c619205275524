"""`python -m graph_service.bench.page_bench`: time the dashboard in headless Chromium.

Three measurements, each on a fresh memory-store service started as a uvicorn subprocess:
the page on the demo data (first contentful paint, candidate shown, every panel loaded; median of
`--runs`), a subscription update (a referral moved over HTTP until the open page shows it), and
the Targets panel for a candidate watching 10 companies on the synthetic network of
`--people`/`--ties`. Needs the test extra (Playwright) and Debian's Chromium. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from graph_service.bench import bulk_load
from graph_service.bench.benchmark import BenchmarkError, serving
from graph_service.bench.synthetic import generate
from graph_service.domain.model import GraphDocument

CHROMIUM = "/usr/bin/chromium"
MARKS = ("candidate-shown", "panels-loaded", "panel-targets-loaded")
MOVE = 'mutation { updateReferralStatus(input: {id: "ref-karen-cy-aldric", status: INTRODUCED}) { status } }'
WATCHED_COMPANIES = 10


@contextmanager
def _service(data_dir: Path, *, seed: bool) -> Iterator[str]:
    environ = {**os.environ, "GRAPH_SERVICE_STORE": "memory", "GRAPH_SERVICE_DATA_DIR": str(data_dir)}
    with serving(environ, data_dir.parent / f"{data_dir.name}-service.log", seed=seed) as served:
        yield served.url


def _graphql(url: str, query: str, variables: dict[str, object] | None = None) -> Any:
    body = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, timeout=60
    ).json()
    if body.get("errors"):
        raise SystemExit(f"page_bench: {body['errors'][0]['message']}")
    return body["data"]


def _marks(page: Any) -> dict[str, float]:
    script = """() => {
      const out = {};
      for (const e of performance.getEntriesByType('paint')) out[e.name] = e.startTime;
      for (const e of performance.getEntriesByType('mark')) out[e.name] = e.startTime;
      return out; }"""
    found: dict[str, float] = page.evaluate(script)
    return found


def _open(page: Any, url: str) -> dict[str, float]:
    page.goto(url)
    page.wait_for_selector("body[data-state=loaded]", timeout=120_000)
    return _marks(page)


def _median(samples: list[dict[str, float]], key: str) -> float:
    return round(statistics.median(s[key] for s in samples), 1)


def measure(*, runs: int, people: int, ties: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        # Loaded before the browser starts: Playwright's sync API runs an event loop of its own.
        document = generate(people, ties, seed=7)
        bulk_load.into_memory(document, Path(work) / "bench")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                with _service(Path(work) / "demo", seed=True) as url:
                    demo = _demo(browser, url, runs=runs)
                with _service(Path(work) / "bench", seed=False) as url:
                    bench = _bench(browser, url, document, runs=runs)
            finally:
                browser.close()
    return {**demo, "bench_targets_ms": {"people": people, "ties": ties, **bench}}


def _new_page(browser: Any) -> Any:
    return browser.new_context(viewport={"width": 1440, "height": 900}).new_page()


def _demo(browser: Any, url: str, *, runs: int) -> dict[str, Any]:
    samples = []
    for _ in range(runs):
        page = _new_page(browser)
        samples.append(_open(page, f"{url}/?candidate=cy-okafor"))
        page.context.close()
    page = _new_page(browser)
    _open(page, f"{url}/?candidate=cy-okafor")
    page.wait_for_selector("body[data-live=connected]")
    began = time.perf_counter()
    _graphql(url, MOVE)
    page.wait_for_selector('.column[data-status="INTRODUCED"] [data-referral="ref-karen-cy-aldric"]')
    latency = round((time.perf_counter() - began) * 1000, 1)
    page.context.close()
    return {
        "demo_ms": {
            "first_contentful_paint": _median(samples, "first-contentful-paint"),
            "candidate_shown": _median(samples, "candidate-shown"),
            "all_panels_loaded": _median(samples, "panels-loaded"),
            "runs": runs,
        },
        "subscription_update_ms": latency,
    }


def _bench(browser: Any, url: str, document: GraphDocument, *, runs: int) -> dict[str, Any]:
    candidate = document.people[0].id
    sizes: dict[str, int] = {}
    for job in document.employments:
        if job.end_date is None:
            sizes[job.company_id] = sizes.get(job.company_id, 0) + 1
    largest = sorted(sizes, key=lambda c: (-sizes[c], c))[:WATCHED_COMPANIES]
    for company in largest:
        _graphql(
            url,
            "mutation($p: ID!, $c: ID!) { addTargetCompany(personId: $p, companyId: $c) { id } }",
            {"p": candidate, "c": company},
        )
    samples = []
    errors = 0
    for _ in range(runs):
        page = _new_page(browser)
        samples.append(_open(page, f"{url}/?candidate={candidate}"))
        errors = page.locator("#targets-body .error:visible").count()
        page.context.close()
    return {
        "candidate": candidate,
        "watched": len(largest),
        "targets_panel_loaded": _median(samples, "panel-targets-loaded"),
        "all_panels_loaded": _median(samples, "panels-loaded"),
        "cards_with_errors": errors,
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph_service.bench.page_bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=170_000)
    args = parser.parse_args(argv)
    try:
        print(json.dumps(measure(runs=args.runs, people=args.people, ties=args.ties)))
    except BenchmarkError as error:
        print(f"page_bench: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

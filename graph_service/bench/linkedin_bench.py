"""`graph-service bench-linkedin`: times importing a generated LinkedIn export of N connections into
the configured store, then a newer export in which a tenth changed jobs. Like `bench`, it clears
the Neo4j database first; the embedded store runs in a temporary folder."""

from __future__ import annotations

import asyncio
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import neo4j

from graph_service.domain.model import GraphDocument, Person
from graph_service.progress import Tell, progress_bar
from graph_service.services.linkedin import LinkedInImport, import_linkedin
from graph_service.settings import Settings
from graph_service.store.protocol import Store

FIRST_NAMES = (
    "Ada",
    "Bo",
    "Chen",
    "Zoë",
    "Олег",
    "محمد",
    "Élodie",
    "Νίκος",
    "李",
    "Priya",
    "José",
    "Aoife",
    "Søren",
)
LAST_NAMES = (
    "Park",
    "Lindqvist",
    "Wang",
    "Müller",
    "Иванов",
    "الأحمد",
    "Durand",
    "Παπαδόπουλος",
    "娜",
    "Patel",
    "García",
)
TITLES = (
    "Software Engineer", "Senior Software Engineer", "Engineering Manager", "VP Engineering", "Product Manager",
    "Director, Product (EMEA)", "Account Executive", "Head of Sales", "Recruiter", "HR Business Partner",
    "Chief Financial Officer", "Financial Analyst", "Marketing Manager", "General Counsel", "Operations Lead",
    "Founder & CEO", "Directrice Commerciale", "Leiterin Einkauf", "Jefe de Compras", "Data Scientist",
)  # fmt: skip
SUFFIXES = ("Inc.", "Ltd", "GmbH", "S.A.", "LLC", "", "", "")
NOTES = 'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def connections_csv(rows: int, *, seed: int, changed: float = 0.0) -> bytes:
    """A Connections.csv of `rows` connections over rows/15 companies; `changed` of them moved on."""
    pick = random.Random(seed)
    moved = random.Random(seed + 1)
    companies = [f"Company {i} {pick.choice(SUFFIXES)}".strip() for i in range(max(1, rows // 15))]
    lines = [HEADER]
    start = date(2012, 1, 1)
    for i in range(rows):
        first, last = pick.choice(FIRST_NAMES), pick.choice(LAST_NAMES)
        company, title = pick.choice(companies), pick.choice(TITLES)
        connected = start + timedelta(days=pick.randrange(4000))
        email = f"person{i}@example.com" if pick.random() < 0.2 else ""
        if moved.random() < changed:
            company, title = moved.choice(companies), moved.choice(TITLES)
        fields = [first, last, f"https://www.linkedin.com/in/person-{i}", email, company, title]
        cells = [f'"{f}"' if "," in f else f for f in fields]
        lines.append(",".join(cells) + "," + connected.strftime("%d %b %Y") + "\n")
    return ("\ufeff" + NOTES + "".join(lines)).encode("utf-8")


def run_linkedin_bench(rows: int, settings: Settings) -> int:
    from graph_service.bench.bulk_load import clear
    from graph_service.store.memory.store import MemoryStore
    from graph_service.store.neo4j.store import Neo4jStore

    async def open_store() -> Store:
        if settings.store == "memory":
            return MemoryStore.open(Path(tempfile.mkdtemp(prefix="graph-service-bench-")))
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
            await asyncio.to_thread(clear, driver, settings.neo4j_database)
        return await Neo4jStore.connect(settings)

    first = connections_csv(rows, seed=7)
    newer = connections_csv(rows, seed=7, changed=0.1)

    async def timed(store: Store, content: bytes, tell: Tell, as_of: date) -> tuple[float, LinkedInImport]:
        began = time.perf_counter()
        result = await import_linkedin(
            store, owner_id="bench-owner", content=content, as_of=as_of, progress=tell
        )
        return time.perf_counter() - began, result

    async def run() -> dict[str, object]:
        store = await open_store()
        try:
            await store.import_document(_owner())
            with progress_bar("first import") as tell:
                first_s, first_r = await timed(store, first, tell, date(2025, 1, 1))
            with progress_bar("newer export") as tell:
                newer_s, newer_r = await timed(store, newer, tell, date(2025, 6, 1))
        finally:
            await store.close()
        return {
            "store": settings.store,
            "rows": rows,
            "first_import_s": round(first_s, 2),
            "people_created": first_r.people_created,
            "companies_created": first_r.companies_created,
            "newer_import_s": round(newer_s, 2),
            "positions_ended": newer_r.positions_ended,
            "positions_unchanged": newer_r.positions_unchanged,
        }

    print(json.dumps(asyncio.run(run())))
    return 0


def _owner() -> GraphDocument:
    return GraphDocument(
        companies=[], people=[Person(id="bench-owner", name="Bench Owner")], employments=[], ties=[]
    )

"""The command line's data commands: import and export (JSON, CSV, LinkedIn), API tokens, titles."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from graph_service.progress import progress_bar
from graph_service.settings import Settings, SettingsError

if TYPE_CHECKING:
    from graph_service.store.protocol import Store

T = TypeVar("T")


def titles_classify(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.domain.titles import classify_title

    for title in args.title:
        reading = classify_title(title)
        print(f"{title}\t{reading.seniority.value}\t{reading.function.value}\t{reading.rule}")
    return 0


def titles_accuracy(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.bench.title_accuracy import LABELLED_SET, report, score

    path = args.file or LABELLED_SET
    if not path.is_file():
        raise SettingsError(f"no such file: {path} (run from the project root, or give the file)")
    for line in report(score(path), show_misses=args.misses):
        print(line)
    return 0


def import_document(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.services.graph_import import import_graph
    from graph_service.store.opening import open_store

    document = _read_document(args.file)
    sections = document.values() if isinstance(document, dict) else []
    total = sum(len(rows) for rows in sections if isinstance(rows, list))

    async def run() -> int:
        store = await open_store(settings)
        try:
            with progress_bar("import") as tell:
                tell("rows", 0, total)
                result = await import_graph(store, document, skip_invalid=args.skip_invalid)
                tell("rows", total, total)
        finally:
            await store.close()
        s = result.summary
        print(
            f"imported {s.companies} companies, {s.people} people, {s.employments} employments, {s.ties} ties, "
            f"{s.interviews} interviews, {s.referrals} referrals, {s.targets} watched companies"
        )
        for problem in result.skipped:
            print(f"skipped {problem.position}: {problem.reason}", file=sys.stderr)
        return 0

    return asyncio.run(run())


def _read_document(path: Path) -> object:
    """A JSON import document, or a folder of CSV files (`export --format csv`) as one."""
    if path.is_dir():
        from graph_service.services.csv_document import read_csv

        return read_csv(path)
    try:
        return json.loads(path.read_text())
    except OSError as error:
        raise SettingsError(f"cannot read {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise SettingsError(f"{path} is not JSON: {error}") from None


def day(text: str) -> date:
    """An argument that names a day, like 2024-03-05 (argparse calls it)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2024-03-05: {text!r}") from None


def import_linkedin(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.services.linkedin import import_linkedin
    from graph_service.services.linkedin_file import MAX_FILE_BYTES
    from graph_service.store.opening import open_store

    try:
        with args.file.open("rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise SettingsError(f"cannot read {args.file}: {error.strerror}") from None

    async def run() -> int:
        store = await open_store(settings)
        try:
            with progress_bar("connections") as tell:
                result = await import_linkedin(
                    store,
                    owner_id=args.owner,
                    content=content,
                    as_of=args.as_of,
                    dry_run=args.dry_run,
                    progress=tell,
                )
        finally:
            await store.close()
        r = result
        print(
            ("would import" if r.dry_run else "imported")
            + f" {r.rows} rows: people {r.people_created} created, {r.people_matched} matched; "
            f"companies {r.companies_created} created, {r.companies_matched} matched; "
            f"positions {r.positions_added} added, {r.positions_ended} ended, {r.positions_unchanged} unchanged; "
            f"ties {r.ties_created} created, {r.ties_updated} updated"
        )
        for person in r.no_longer_connected:
            print(f"no longer connected: {person.id} ({person.name})")
        for refusal in r.skipped:
            print(f"skipped line {refusal.line}: {refusal.reason}", file=sys.stderr)
        return 0

    return asyncio.run(run())


def export(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.services.graph_import import export_graph
    from graph_service.store.opening import open_store

    async def run() -> dict[str, list[dict[str, Any]]]:
        store = await open_store(settings)
        try:
            return await export_graph(store)
        finally:
            await store.close()

    rows = asyncio.run(run())
    if args.format == "csv":
        from graph_service.services.csv_document import write_csv

        if args.file == "-":
            raise SettingsError("--format csv writes files into a folder, not to stdout")
        with progress_bar("export") as tell:
            write_csv(rows, Path(args.file), progress=tell)
        return 0
    text = json.dumps(rows, indent=1, sort_keys=True) + "\n"
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text)
    return 0


def _with_store(settings: Settings, work: Callable[[Store], Awaitable[T]]) -> T:
    from graph_service.store.opening import open_store

    async def run() -> T:
        store = await open_store(settings)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


def token_create(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.services import access

    token, secret = _with_store(
        settings,
        lambda store: access.create_token(store, role=args.role, person_id=args.person, name=args.name),
    )
    person = f" for {token.person_id}" if token.person_id else ""
    print(f"created {token.role.value} token {token.name!r}{person}; it is shown only now:")
    print(secret)
    return 0


def token_list(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    tokens = _with_store(settings, lambda store: store.list_tokens())
    for token in tokens:
        person = token.person_id or "-"
        print(f"{token.name}\t{token.role.value}\t{person}\t{token.created_at.isoformat()}")
    return 0


def token_revoke(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.services import access

    _with_store(settings, lambda store: access.revoke_token(store, args.name))
    print(f"revoked {args.name!r}")
    return 0

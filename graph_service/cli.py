"""The `graph-service` command."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import ipaddress
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from graph_service import __version__, data_commands, serving
from graph_service.domain.errors import GraphServiceError, InvalidDocument
from graph_service.log_lines import log_json_lines
from graph_service.progress import progress_bar
from graph_service.resources import demo_seed_path
from graph_service.settings import Settings, SettingsError

if TYPE_CHECKING:
    pass

LOOPBACK_NAMES = {"localhost"}
SHUTDOWN_GRACE_SECONDS = 10
T = TypeVar("T")


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    env = os.environ if environ is None else environ
    try:
        settings = Settings.from_environ(env)
        return int(args.run(args, settings, env))
    except SettingsError as error:
        print(f"graph-service: {error}", file=sys.stderr)
        return 2
    except InvalidDocument as error:
        print(
            f"graph-service: the document has {len(error.problems)} bad row(s); nothing was imported:",
            file=sys.stderr,
        )
        for problem in error.problems:
            print(f"  {problem.position}: {problem.reason}", file=sys.stderr)
        return 1
    except GraphServiceError as error:
        print(f"graph-service: {error.code}: {error.message}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graph-service", description="Referral network graph service.")
    parser.add_argument("--version", action="version", version=f"graph-service {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the GraphQL service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--seed",
        metavar="FILE",
        help="import FILE at start when the store is empty ('demo' for the demo seed)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="service processes on the one port (Neo4j store only; default GRAPH_SERVICE_WORKERS or 1)",
    )
    serve.set_defaults(run=_serve)

    load = commands.add_parser(
        "import", help="upsert a document in the import format (a JSON file, or a folder of CSV files)"
    )
    load.add_argument("file", type=Path)
    load.add_argument(
        "--skip-invalid", action="store_true", help="import the good rows and report the bad ones"
    )
    load.set_defaults(run=data_commands.import_document)

    linked = commands.add_parser(
        "import-linkedin", help="import an owner's LinkedIn Connections.csv (again: bring people up to date)"
    )
    linked.add_argument("file", type=Path)
    linked.add_argument("--owner", required=True, metavar="PERSON_ID", help="whose connections these are")
    linked.add_argument(
        "--as-of",
        type=data_commands.day,
        default=None,
        metavar="DATE",
        help="the day changed positions end (default today)",
    )
    linked.add_argument("--dry-run", action="store_true", help="report what would change and change nothing")
    linked.set_defaults(run=data_commands.import_linkedin)

    dump = commands.add_parser(
        "export",
        help="write the whole graph as an import document ('-' for stdout), or CSV files into a folder",
    )
    dump.add_argument("file", help="the JSON file, '-', or with --format csv the folder")
    dump.add_argument("--format", choices=("json", "csv"), default="json")
    dump.set_defaults(run=data_commands.export)

    schema = commands.add_parser("schema", help="Neo4j schema")
    schema_commands = schema.add_subparsers(required=True, metavar="ACTION")
    apply = schema_commands.add_parser("apply", help="apply schema/*.cypher to the Neo4j store")
    apply.set_defaults(run=_schema_apply)
    sdl = schema_commands.add_parser("sdl", help="print the GraphQL schema (SDL)")
    sdl.set_defaults(run=_schema_sdl)

    neo4j = commands.add_parser("neo4j", help="a local Neo4j for development and tests")
    neo4j_commands = neo4j.add_subparsers(required=True, metavar="ACTION")
    start = neo4j_commands.add_parser(
        "start", help="fetch, start and wait for Neo4j; prints its Bolt URI last"
    )
    start.add_argument("--port", type=int, default=7687)
    start.set_defaults(run=_neo4j_start)
    stop = neo4j_commands.add_parser("stop", help="stop the local Neo4j")
    stop.set_defaults(run=_neo4j_stop)
    bench = commands.add_parser(
        "bench", help="generate a synthetic network, load it, and time introduction-path queries"
    )
    bench.add_argument("--people", type=int, default=10_000)
    bench.add_argument("--ties", type=int, default=170_000)
    bench.add_argument("--queries", type=int, default=500, help="timed queries per measurement")
    bench.add_argument("--seed", type=int, default=7, help="random seed of the generated network")
    bench.add_argument(
        "--referrals", type=int, default=1000, help="logReferral writes to time after the queries (0: none)"
    )
    bench.add_argument(
        "--leaderboard-referrals",
        type=int,
        default=0,
        help="referrals to generate in bulk before timing referrerLeaderboard (0: no leaderboard timing)",
    )
    bench.add_argument(
        "--stress", action="store_true", help="instead: many clients run the heaviest requests; see README"
    )
    bench.add_argument(
        "--workers",
        type=int,
        help="service processes (serve --workers; Neo4j only); default GRAPH_SERVICE_WORKERS or 1",
    )
    bench.add_argument("--clients", type=int, default=20, help="concurrent clients of --stress")
    bench.add_argument("--seconds", type=float, default=30.0, help="how long --stress runs")
    bench.set_defaults(run=_bench)
    bench_linkedin = commands.add_parser(
        "bench-linkedin", help="time importing a generated Connections.csv, then a newer one, into the store"
    )
    bench_linkedin.add_argument("--rows", type=int, default=30_000)
    bench_linkedin.set_defaults(run=_bench_linkedin)

    titles = commands.add_parser("titles", help="how job titles read as seniority and function")
    titles_commands = titles.add_subparsers(required=True, metavar="ACTION")
    classify = titles_commands.add_parser("classify", help="print the reading of each title given")
    classify.add_argument("title", nargs="+")
    classify.set_defaults(run=data_commands.titles_classify)
    accuracy = titles_commands.add_parser("accuracy", help="score the rules against a labelled set")
    accuracy.add_argument(
        "file", nargs="?", type=Path, default=None, help="tab-separated title, seniority, function"
    )
    accuracy.add_argument("--misses", action="store_true", help="list the titles read wrongly")
    accuracy.set_defaults(run=data_commands.titles_accuracy)
    token = commands.add_parser("token", help="API tokens, stored as hashes in the store")
    token_commands = token.add_subparsers(required=True, metavar="ACTION")
    create = token_commands.add_parser("create", help="make a token; prints it once, as the last line")
    create.add_argument("--role", required=True, help="ADMIN, EDITOR, VIEWER or CANDIDATE")
    create.add_argument("--person", metavar="PERSON_ID", help="the person a CANDIDATE token speaks for")
    create.add_argument("--name", help="a name to list and revoke it by (default: generated)")
    create.set_defaults(run=data_commands.token_create)
    listing = token_commands.add_parser("list", help="the tokens' names, roles and people")
    listing.set_defaults(run=data_commands.token_list)
    revoke = token_commands.add_parser("revoke", help="stop a token from working")
    revoke.add_argument("name")
    revoke.set_defaults(run=data_commands.token_revoke)
    return parser


def _bench(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    if args.stress:
        from graph_service.bench.stress import run_stress

        return run_stress(args, settings, env)
    try:
        from graph_service.bench.benchmark import run_benchmark
    except ModuleNotFoundError as missing:
        print(
            f"graph-service bench needs the bench extra ({missing.name} is not installed): "
            "pip install 'graph-service[bench]'",
            file=sys.stderr,
        )
        return 2

    return run_benchmark(args, settings, env)


def _bench_linkedin(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.bench.linkedin_bench import run_linkedin_bench

    return run_linkedin_bench(args.rows, settings)


def _serve(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    import uvicorn

    from graph_service.api.turns import TURNS_DIR
    from graph_service.app import READY_DIR, create_app

    if settings.api_token is None and not _is_loopback(args.host):
        raise SettingsError(
            f"--host {args.host} would expose the service without authentication; "
            "set GRAPH_SERVICE_API_TOKEN or bind to 127.0.0.1"
        )
    if args.workers is not None:
        settings = dataclasses.replace(settings, workers=args.workers)  # checked as the variable is
    if settings.workers > 1 and (busy := serving.port_in_use(args.host, args.port)) is not None:
        raise SettingsError(f"cannot serve on {args.host}:{args.port}: {busy}")
    seed = None
    if args.seed is not None:
        seed = demo_seed_path() if args.seed == "demo" else Path(args.seed)
        if not seed.is_file():
            raise SettingsError(f"--seed: no such file: {seed}")
    _check_store(settings)
    print(
        f"graph-service {__version__}: {settings.store} store, GraphQL at http://{args.host}:{args.port}/graphql",
        flush=True,
    )
    # On SIGTERM (or Ctrl-C) uvicorn stops accepting connections, lets the requests in flight
    # finish for up to SHUTDOWN_GRACE_SECONDS, then closes the store and exits.
    options = {
        "host": args.host,
        "port": args.port,
        "log_level": "info",
        "lifespan": "on",
        "timeout_graceful_shutdown": SHUTDOWN_GRACE_SECONDS,
        "access_log": False,  # the service logs each request itself, without its query string
    }
    if settings.workers == 1:
        log_json_lines()
        uvicorn.run(create_app(settings, seed=seed, settle_gc=True), **options)
        return 0
    if seed is not None:
        asyncio.run(_seed_once(settings, seed))  # here, before the workers could race to seed
    log_json_lines()
    # The workers are fresh interpreters: they read their settings from this environment, share
    # their Prometheus metrics through files in one folder, say they are ready in another and
    # take heavy requests' turns (GRAPH_SERVICE_HEAVY_SLOTS in all) in a third.
    with tempfile.TemporaryDirectory(prefix="graph-service-") as shared:
        for folder, variable in (
            ("metrics", "PROMETHEUS_MULTIPROC_DIR"),
            ("ready", READY_DIR),
            ("turns", TURNS_DIR),
        ):
            (Path(shared) / folder).mkdir()
            os.environ[variable] = str(Path(shared) / folder)
        os.environ["GRAPH_SERVICE_WORKERS"] = str(settings.workers)
        return serving.run_workers(settings.workers, options, SHUTDOWN_GRACE_SECONDS)


async def _seed_once(settings: Settings, seed: Path) -> None:
    from graph_service.app import seed_if_empty
    from graph_service.store.opening import open_store

    store = await open_store(settings)
    try:
        if await seed_if_empty(store, seed):
            print(f"graph-service: loaded the seed {seed}", flush=True)
    finally:
        await store.close()


def _check_store(settings: Settings) -> None:
    """Fail before serving, with one line, when the store cannot be used. The embedded store is
    only checked for a writable folder that no other process holds: opening it replays its
    journal, which the app does anyway."""
    if settings.store == "memory":
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SettingsError(f"GRAPH_SERVICE_DATA_DIR {settings.data_dir}: {error.strerror}") from None
        if not os.access(settings.data_dir, os.W_OK):
            raise SettingsError(f"GRAPH_SERVICE_DATA_DIR {settings.data_dir} is not writable")
        from graph_service.store.memory.owner import FolderOwner

        FolderOwner.claim(settings.data_dir).release()  # another process's folder: refuse now
        return
    from graph_service.store.opening import open_store

    async def check() -> None:
        store = await open_store(settings)
        await store.close()

    try:
        asyncio.run(check())
    except GraphServiceError as error:
        raise SettingsError(
            f"the neo4j store at {settings.neo4j_uri} cannot be opened: {error.message}"
        ) from None


def _schema_apply(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    if settings.store != "neo4j":
        raise SettingsError("schema apply needs GRAPH_SERVICE_STORE=neo4j")
    from graph_service.store.neo4j.store import Neo4jStore

    async def run() -> int:
        store = await Neo4jStore.connect(settings)
        await store.close()
        return 0

    asyncio.run(run())
    print("schema applied")
    return 0


def _schema_sdl(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.api.schema import build_schema

    print(build_schema(Settings()).as_str())
    return 0


def _neo4j_home(settings: Settings) -> Path:
    from graph_service.neo4j_local.server import home_of

    return home_of(settings.data_dir)


def _neo4j_start(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.neo4j_local import jars as neo4j_jars
    from graph_service.neo4j_local import server as local_neo4j

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        with progress_bar("neo4j start", rows=False) as tell:
            uri = local_neo4j.start(
                _neo4j_home(settings), port=args.port, cache=neo4j_jars.cache_dir(env), log=say, progress=tell
            )
    except neo4j_jars.LocalNeo4jError as error:
        print(f"graph-service: Neo4j did not start: {error}", file=sys.stderr)
        return 1
    print(uri, flush=True)
    return 0


def _neo4j_stop(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> int:
    from graph_service.neo4j_local import server as local_neo4j

    stopped = local_neo4j.stop(_neo4j_home(settings))
    print("stopped" if stopped else "not running")
    return 0


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run() -> None:
    sys.exit(main())

"""`graph-service token create|list|revoke` on both stores, and the tokens it makes over HTTP."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from graph_service.app import create_app
from graph_service.cli import main
from graph_service.services.access import hash_token
from graph_service.settings import Settings

STORES = ["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=STORES)
def environ(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "memory":
        return {"GRAPH_SERVICE_DATA_DIR": str(tmp_path)}
    settings: Settings = request.getfixturevalue("empty_neo4j")
    return {"GRAPH_SERVICE_STORE": "neo4j", "GRAPH_SERVICE_NEO4J_URI": settings.neo4j_uri}


def _ask(environ: dict[str, str], secret: str) -> httpx.Response:
    async def run() -> httpx.Response:
        app = create_app(Settings.from_environ(environ))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
                return await http.post(
                    "/graphql",
                    json={"query": "{ people { totalCount } }"},
                    headers={"authorization": f"Bearer {secret}"},
                )

    return asyncio.run(run())


def test_a_token_is_printed_once_stored_as_a_hash_listed_and_revoked(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "create", "--role", "viewer", "--name", "dash"], environ=environ) == 0
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(secret) >= 43  # 256 bits, URL-safe base64

    assert main(["token", "list"], environ=environ) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("dash\tVIEWER\t-\t")
    assert secret not in listed

    async def stored_hashes() -> list[str]:
        from graph_service.store.opening import open_store

        store = await open_store(Settings.from_environ(environ))
        try:
            return [t.token_hash for t in await store.list_tokens()]
        finally:
            await store.close()

    assert asyncio.run(stored_hashes()) == [hash_token(secret)]
    assert _ask(environ, secret).json()["data"] == {"people": {"totalCount": 0}}

    assert main(["token", "revoke", "dash"], environ=environ) == 0
    assert _ask(environ, secret).status_code == 401
    assert main(["token", "revoke", "dash"], environ=environ) == 1
    assert "no token named 'dash'" in capsys.readouterr().err


def test_token_create_refuses_bad_roles_and_a_candidate_without_a_person(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "create", "--role", "OWNER"], environ=environ) == 1
    assert "role must be one of ADMIN, EDITOR, VIEWER, CANDIDATE" in capsys.readouterr().err
    assert main(["token", "create", "--role", "CANDIDATE"], environ=environ) == 1
    assert "needs --person" in capsys.readouterr().err
    assert main(["token", "create", "--role", "CANDIDATE", "--person", "ghost"], environ=environ) == 1
    assert "no person with id 'ghost'" in capsys.readouterr().err

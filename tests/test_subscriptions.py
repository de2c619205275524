"""Live updates over graphql-transport-ws at /graphql, from real server processes, on both stores.

On Neo4j the change is made through another replica, or by a CLI import, and still arrives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from graph_service.settings import Settings
from tests.servers import run_cli, running_service

PROTOCOL = "graphql-transport-ws"
REFERRAL_CHANGED = "subscription($id: ID!) { referralChanged(candidateId: $id) { id status company { id } } }"
INTERVIEW_CHANGED = (
    "subscription($id: ID!) { interviewChanged(candidateId: $id) { stage outcome company { id } } }"
)
MOVE = """mutation($id: ID!, $s: ReferralStatus!) { updateReferralStatus(input: {id: $id, status: $s}) {
  status } }"""
INTERVIEWERS = '{ company(id: "brightloop") { employees(minSeniority: MANAGER) { person { id } } } }'
LOG_INTERVIEW = """mutation($who: ID!) { logInterview(input: {candidateId: "cy-okafor", companyId: "brightloop",
  interviewerId: $who, stage: HIRING_MANAGER, date: "2026-06-01", outcome: ADVANCED}) { replayed } }"""
WAIT_SECONDS = 10


@contextmanager
def subscribed(
    url: str, query: str, variables: dict[str, object], *, payload: object = None
) -> Iterator[ClientConnection]:
    ws_url = url.replace("http://", "ws://") + "/graphql"
    with connect(ws_url, subprotocols=[PROTOCOL], open_timeout=WAIT_SECONDS) as ws:  # type: ignore[list-item]
        ws.send(json.dumps({"type": "connection_init", "payload": payload or {}}))
        assert json.loads(ws.recv(timeout=WAIT_SECONDS)) == {"type": "connection_ack"}
        ws.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}})
        )
        yield ws


def received(ws: ClientConnection) -> Any:
    return json.loads(ws.recv(timeout=WAIT_SECONDS))


def post(url: str, query: str, variables: dict[str, object] | None = None) -> Any:
    body = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, timeout=30
    ).json()
    assert "errors" not in body, body
    return body["data"]


@contextmanager
def writer(settings: Settings, url: str, tmp_path: Path) -> Iterator[str]:
    """Where a change is made: on Neo4j a second replica; the memory store has only the one."""
    if settings.store != "neo4j":
        yield url
        return
    with running_service(settings, tmp_path / "replica", seed=False) as other:
        yield other


def test_a_referral_change_made_through_another_replica_arrives(settings: Settings, tmp_path: Path) -> None:
    with (
        running_service(settings, tmp_path / "reader") as url,
        subscribed(url, REFERRAL_CHANGED, {"id": "cy-okafor"}) as ws,
        writer(settings, url, tmp_path) as other,
    ):
        post(other, MOVE, {"id": "ref-karen-cy-aldric", "s": "INTRODUCED"})
        message = received(ws)
    assert message == {
        "id": "1",
        "type": "next",
        "payload": {
            "data": {
                "referralChanged": {
                    "id": "ref-karen-cy-aldric",
                    "status": "INTRODUCED",
                    "company": {"id": "aldric-health"},
                }
            }
        },
    }


def test_a_logged_interview_arrives(settings: Settings, tmp_path: Path) -> None:
    with (
        running_service(settings, tmp_path / "reader") as url,
        subscribed(url, INTERVIEW_CHANGED, {"id": "cy-okafor"}) as ws,
    ):
        staff = post(url, INTERVIEWERS)
        post(url, LOG_INTERVIEW, {"who": staff["company"]["employees"][0]["person"]["id"]})
        message = received(ws)
    assert message["payload"]["data"]["interviewChanged"] == {
        "stage": "HIRING_MANAGER",
        "outcome": "ADVANCED",
        "company": {"id": "brightloop"},
    }


@pytest.mark.neo4j
def test_a_cli_import_on_neo4j_arrives(empty_neo4j: Settings, tmp_path: Path) -> None:
    with (
        running_service(empty_neo4j, tmp_path / "reader") as url,
        subscribed(url, REFERRAL_CHANGED, {"id": "cy-okafor"}) as ws,
    ):
        exported = json.loads(run_cli(empty_neo4j, tmp_path, "export", "-"))
        (row,) = [r for r in exported["referrals"] if r["id"] == "ref-karen-cy-aldric"]
        history = [
            *row["history"],
            {
                "status": "WITHDRAWN",
                "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "note": "by import",
            },
        ]
        document = tmp_path / "change.json"
        document.write_text(json.dumps({"referrals": [{**row, "status": "WITHDRAWN", "history": history}]}))
        run_cli(empty_neo4j, tmp_path, "import", str(document))
        message = received(ws)
    assert message["payload"]["data"]["referralChanged"]["status"] == "WITHDRAWN"


def test_a_subscription_for_an_unknown_candidate_is_not_found(settings: Settings, tmp_path: Path) -> None:
    with (
        running_service(settings, tmp_path) as url,
        subscribed(url, REFERRAL_CHANGED, {"id": "nobody"}) as ws,
    ):
        message = received(ws)
    assert message["type"] == "next"
    assert message["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_subscriptions_need_the_token_when_one_is_set(tmp_path: Path) -> None:
    settings = Settings(store="memory", data_dir=tmp_path, api_token="t0ken-with-entropy")
    with running_service(settings, tmp_path) as url:
        with pytest.raises(ConnectionClosed) as closed:  # noqa: SIM117
            with subscribed(
                url, REFERRAL_CHANGED, {"id": "cy-okafor"}, payload={"authorization": "Bearer no"}
            ):
                pass
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        token = {"authorization": "Bearer t0ken-with-entropy"}
        with subscribed(url, REFERRAL_CHANGED, {"id": "cy-okafor"}, payload=token) as ws:
            ws.send(json.dumps({"id": "1", "type": "complete"}))

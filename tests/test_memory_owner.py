"""One process owns the embedded store's folder: a second one refuses at once, naming the folder
and the holder; a holder killed with SIGKILL leaves nothing behind that stops the next start."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph_service.domain.errors import ServiceUnavailable
from graph_service.store.memory.store import MemoryStore


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path, *, stderr: int = subprocess.DEVNULL) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "GRAPH_SERVICE_STORE": "memory", "GRAPH_SERVICE_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_service", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    return process, f"http://127.0.0.1:{port}"


def _wait_ready(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert process.poll() is None, "the server exited during start-up"
        assert time.monotonic() < deadline, "the server did not become ready in 30 s"
        time.sleep(0.1)


async def test_a_second_store_on_the_same_folder_is_refused_until_the_first_closes(tmp_path: Path) -> None:
    first = MemoryStore.open(tmp_path)
    with pytest.raises(ServiceUnavailable) as refused:
        MemoryStore.open(tmp_path)
    assert str(tmp_path.resolve()) in refused.value.message
    assert f"pid {os.getpid()}" in refused.value.message
    await first.close()
    second = MemoryStore.open(tmp_path)
    await second.close()


def test_a_second_process_refuses_the_folder_and_a_killed_holder_leaves_no_lock(tmp_path: Path) -> None:
    holder, url = _serve(tmp_path)
    try:
        _wait_ready(holder, url)
        second, _ = _serve(tmp_path, stderr=subprocess.PIPE)
        _, stderr = second.communicate(timeout=30)
        assert second.returncode == 1
        message = stderr.decode()
        assert str(tmp_path.resolve()) in message
        assert f"pid {holder.pid}" in message
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)

    after, url = _serve(tmp_path)
    try:
        _wait_ready(after, url)
    finally:
        after.kill()
        after.wait(timeout=10)

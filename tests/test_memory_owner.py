"""One process owns the embedded store's folder: a second one refuses at once, naming the folder
and the holder; a holder killed with SIGKILL leaves nothing behind that stops the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from graph_service.domain.errors import ServiceUnavailable
from graph_service.store.memory.store import MemoryStore
from tests.servers import free_port, wait_ready


def _serve(data_dir: Path, *, stderr: int = subprocess.DEVNULL) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "GRAPH_SERVICE_STORE": "memory", "GRAPH_SERVICE_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_service", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    return process, f"http://127.0.0.1:{port}"


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
        wait_ready(holder, url, seconds=30)
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
        wait_ready(after, url, seconds=30)
    finally:
        after.kill()
        after.wait(timeout=10)

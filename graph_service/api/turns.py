"""Heavy requests' turns: at most N at once in this process and, under `serve --workers`, across
all the workers, through one lock file per turn in a folder they share.

A lock is `flock` on an open file, so it goes with the process that holds it: a worker killed in the
middle of a heavy request leaves no turn taken. A waiting worker looks for a free turn every few
milliseconds; within a process, waiters queue on a semaphore first, so at most N of them look.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from collections.abc import AsyncIterator
from pathlib import Path

# Set by `graph-service serve --workers N` for its workers: the folder of the shared turns.
TURNS_DIR = "GRAPH_SERVICE_TURNS_DIR"
LOOK_AGAIN_SECONDS = 0.005


class Turns:
    def __init__(self, slots: int, shared: Path | None = None) -> None:
        self._here = asyncio.Semaphore(slots)
        self._files = [] if shared is None else [shared / f"turn-{i}" for i in range(slots)]

    @classmethod
    def from_environ(cls, slots: int) -> Turns:
        folder = os.environ.get(TURNS_DIR)
        return cls(slots, Path(folder) if folder else None)

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        async with self._here:
            if not self._files:
                yield
                return
            held = await self._take()
            try:
                yield
            finally:
                os.close(held)  # the lock goes with the descriptor

    async def _take(self) -> int:
        while True:
            for path in self._files:
                descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(descriptor)
                    continue
                return descriptor
            await asyncio.sleep(LOOK_AGAIN_SECONDS)

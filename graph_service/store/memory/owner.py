"""One process owns the embedded store's folder: an `flock` held for as long as the store is open.

The kernel drops the lock when its holder exits however it exits (SIGKILL included), so no stale
lock ever stops the next start; the holder's pid is written into the lock file only to name it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from graph_service.domain.errors import ServiceUnavailable

LOCK_FILE = "memory-store.lock"


class FolderOwner:
    def __init__(self, fd: int) -> None:
        self._fd = fd

    @classmethod
    def claim(cls, data_dir: Path) -> FolderOwner:
        """Take the folder, or refuse at once naming the process that holds it."""
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / LOCK_FILE
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise ServiceUnavailable(
                f"the embedded store's folder {data_dir.resolve()} is in use by another process "
                f"(pid {holder}); stop it or set GRAPH_SERVICE_DATA_DIR to another folder"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(fd)

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = -1

"""`graph-service serve --workers N`: N service processes on one port, each with a listening socket of
its own (SO_REUSEPORT), so that the kernel spreads connections over them.

uvicorn's own `--workers` shares one socket, and a burst of connections (the 8 keep-alive clients
of a bench, a load balancer's pool) lands on whichever process wakes first: one process serves and
the others idle. With a socket each, the kernel hashes every new connection to one of them.

The parent only supervises: it starts the workers, replaces one that dies, stops them all on
SIGTERM or SIGINT (each finishes its requests in flight, as one process does), and exits non-zero
when a worker's app cannot start or workers keep dying.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from multiprocessing.process import BaseProcess
from typing import Any

log = logging.getLogger("graph_service.serving")

APP = "graph_service.app:worker_app"
PR_SET_PDEATHSIG = 1  # prctl(2)
# A worker whose app could not start exits with this (uvicorn's own code for it): the parent
# stops, since another would fail the same way. One that dies later is replaced, unless workers
# keep dying (more than this many in a minute).
STARTUP_FAILURE = 3
MAX_REPLACED_PER_MINUTE = 5


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def port_in_use(host: str, port: int) -> str | None:
    """Why host:port cannot be served (another process holds it), or None. Checked by the parent
    with a plain socket: a second service started on the port by mistake would otherwise join the
    workers' SO_REUSEPORT group without a word and take half the connections."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.strerror or str(error)
    return None


def bound_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port that the other workers bind too. It is not listening: the
    server calls listen() once the app has started, so until then the kernel gives new
    connections to the workers that serve (a replacement worker opening its store takes none)."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _work(options: dict[str, Any], parent: int) -> None:
    """One worker, in a freshly spawned interpreter."""
    import uvicorn

    # Signals come from the parent only: a Ctrl-C in the terminal reaches the parent, which stops
    # each worker once (a second signal would make uvicorn drop the requests in flight). The
    # kernel sends SIGTERM when the parent dies, whatever killed it, so no worker is left behind.
    os.setpgrp()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        return  # the parent died before the line above

    config = uvicorn.Config(APP, factory=True, **options)
    server = uvicorn.Server(config)
    server.run(sockets=[bound_socket(config.host, config.port)])
    if not server.started:
        sys.exit(STARTUP_FAILURE)  # the parent stops: another would fail the same way


def run_workers(count: int, options: dict[str, Any], grace_seconds: float) -> int:
    """Serve with `count` workers until SIGTERM or SIGINT; uvicorn `options` (host, port, …)."""
    spawn = multiprocessing.get_context("spawn")
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    started: list[BaseProcess] = []
    replaced: list[float] = []

    def start() -> None:
        process = spawn.Process(target=_work, args=(options, os.getpid()), name="graph-service worker")
        process.start()
        started.append(process)
        log.info("started worker %s", process.pid)

    code = 0
    try:
        for _ in range(count):
            start()
        while not stopping:
            time.sleep(0.2)
            for process in list(started):
                if process.is_alive() or stopping:
                    continue
                started.remove(process)
                now = time.monotonic()
                replaced = [t for t in replaced if now - t < 60] + [now]
                if process.exitcode == STARTUP_FAILURE or len(replaced) > MAX_REPLACED_PER_MINUTE:
                    log.error("worker %s could not start (exit %s); stopping", process.pid, process.exitcode)
                    stopping, code = True, 1
                    break
                log.warning("worker %s exited with %s; starting another", process.pid, process.exitcode)
                start()
    finally:
        for process in started:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds + 5
        for process in started:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return code

"""Progress of long commands on stderr: a rich bar on a terminal, plain lines when not one."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

Tell = Callable[[str, int, int], None]
"""Told (stage, done, total): the rows of a stage done so far, out of its total."""

PLAIN_EVERY_SECONDS = 2.0


class RowsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "- rows/s")


@contextmanager
def progress_bar(what: str, *, rows: bool = True, stream: TextIO | None = None) -> Iterator[Tell]:
    """Yield the function that reports progress; each new stage gets its own bar or lines. With
    `rows` false the counts are not rows (seconds waited, say) and no rate is shown."""
    out = stream or sys.stderr
    if out.isatty():
        with _bars(what, out, rows=rows) as tell:
            yield tell
    else:
        yield _lines(what, out, rows=rows)


@contextmanager
def _bars(what: str, out: TextIO, *, rows: bool) -> Iterator[Tell]:
    rate: tuple[ProgressColumn, ...] = (RowsPerSecond(),) if rows else ()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        *rate,
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(file=out), transient=False) as bars:
        tasks: dict[str, TaskID] = {}

        def tell(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(f"{what}: {stage}", total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield tell


def _lines(what: str, out: TextIO, *, rows: bool) -> Tell:
    started: dict[str, float] = {}
    said: dict[str, float] = {}
    last = [time.monotonic()]  # a stage is timed from the end of the one before

    def tell(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        began = started.setdefault(stage, last[0])
        if done >= total:
            last[0] = now
        if done < total and now - said.get(stage, 0.0) < PLAIN_EVERY_SECONDS:
            return
        said[stage] = now
        rate = f" ({done / (now - began):,.0f} rows/s)" if rows and now > began else ""
        print(f"{what}: {stage} {done}/{total}{rate}", file=out, flush=True)

    return tell

"""Scores `classify_title` against a labelled set of job titles (tests/data/titles/)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from graph_service.domain.model import Function, Seniority
from graph_service.domain.titles import TitleClass, classify_title

LABELLED_SET = Path("tests/data/titles/onet_reported_titles.tsv")


@dataclass(frozen=True)
class Miss:
    title: str
    expected: tuple[Seniority, Function]
    got: TitleClass


@dataclass(frozen=True)
class Accuracy:
    titles: int
    seniority_right: int
    function_right: int
    misses: list[Miss]

    @property
    def seniority(self) -> float:
        return self.seniority_right / self.titles

    @property
    def function(self) -> float:
        return self.function_right / self.titles


def score(path: Path = LABELLED_SET) -> Accuracy:
    """Read a tab-separated file with `title`, `seniority` and `function` columns and classify it."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    seniority_right = function_right = 0
    misses: list[Miss] = []
    for row in rows:
        expected = (Seniority(row["seniority"]), Function(row["function"]))
        got = classify_title(row["title"])
        seniority_right += got.seniority is expected[0]
        function_right += got.function is expected[1]
        if (got.seniority, got.function) != expected:
            misses.append(Miss(row["title"], expected, got))
    return Accuracy(len(rows), seniority_right, function_right, misses)


def report(accuracy: Accuracy, *, show_misses: bool) -> list[str]:
    lines = [
        f"{accuracy.titles} titles: seniority {accuracy.seniority:.1%} "
        f"({accuracy.seniority_right}), function {accuracy.function:.1%} ({accuracy.function_right})"
    ]
    if show_misses:
        for miss in accuracy.misses:
            want = f"{miss.expected[0].value}/{miss.expected[1].value}"
            lines.append(
                f"  {miss.title!r}: labelled {want}, read {miss.got.seniority.value}/{miss.got.function.value}"
            )
    return lines

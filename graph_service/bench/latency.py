"""Latency figures as the bench reports them: requests, rate, p50 and p99, under one prefix."""

from __future__ import annotations

from typing import Any


def summary(
    prefix: str, latencies: list[float], *, count: int, elapsed: float, concurrency: int
) -> dict[str, Any]:
    """`<prefix>_per_second`, `_p50_ms` and `_p99_ms` of the latencies (seconds), with the counts."""
    ordered = sorted(latencies)
    return {
        f"{prefix}_concurrency": concurrency,
        f"{prefix}_per_second": round(count / elapsed, 1),
        f"{prefix}_p50_ms": round(ordered[len(ordered) // 2] * 1000, 3),
        f"{prefix}_p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 3),
    }

"""Small statistics over timings."""

from __future__ import annotations

import statistics


def summarize(ms: list[float]) -> dict:
    """median / min / max / n of a list of milliseconds ({} when empty)."""
    if not ms:
        return {}
    return {"median_ms": statistics.median(ms), "min_ms": min(ms), "max_ms": max(ms), "n": len(ms)}

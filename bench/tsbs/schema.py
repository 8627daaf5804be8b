"""CREATE TABLE for the cpu table in each dialect (column order = CSV order)."""

from __future__ import annotations

from .generate import METRICS
from .hosts import TAG_NAMES


def create_table(dialect: str, table: str = "cpu") -> str:
    if dialect == "copra":
        # GreptimeDB's TSBS layout: every tag is part of the primary key.
        cols = ["ts TIMESTAMP TIME INDEX"] + [f"{t} STRING" for t in TAG_NAMES]
        cols += [f"{m} DOUBLE" for m in METRICS]
        cols.append(f"PRIMARY KEY ({', '.join(TAG_NAMES)})")
    elif dialect == "duckdb":
        cols = ["ts TIMESTAMP NOT NULL"] + [f"{t} VARCHAR" for t in TAG_NAMES]
        cols += [f"{m} DOUBLE" for m in METRICS]
    elif dialect == "postgres":
        cols = ["ts timestamp NOT NULL"] + [f"{t} text" for t in TAG_NAMES]
        cols += [f"{m} double precision" for m in METRICS]
    else:
        raise ValueError(f"unknown dialect {dialect!r}")
    return f"CREATE TABLE {table} ({', '.join(cols)})"

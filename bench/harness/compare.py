"""Compares query results across engines.

Values are normalized first, so each engine's transport conventions meet:
timestamps (text like "2016-01-01 00:00:00.000" from Copra's shell, DuckDB's
text form, datetime objects from psycopg) become microseconds since the
epoch; numbers become floats and compare with a relative tolerance (sums and
averages differ in the last bits with the order of addition); strings and
NULLs compare exactly. Numeric text (a driver that hands back text for
numbers) is read as a number on every side alike. Rows compare in order for ordered queries and as
multisets otherwise. Column names are not compared (engines name
expressions differently), only the number of columns and the values.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re

REL_TOL = 1e-9
ABS_TOL = 1e-9
_TS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]00(:?00)?)?$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_EPOCH = datetime.datetime(1970, 1, 1)


def _micros(dt: datetime.datetime) -> int:
    if dt.tzinfo is not None:
        dt = dt.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    delta = dt - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def normalize(value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        return float(value)
    if isinstance(value, datetime.datetime):
        return ("ts", _micros(value))
    if isinstance(value, str):
        m = _TS.match(value)
        if m:
            frac = (m.group(7) or ".0")[1:]
            base = datetime.datetime(*(int(m.group(i)) for i in range(1, 7)))
            return ("ts", _micros(base) + int((frac + "000000")[:6]))
        if value in ("NaN", "Infinity", "-Infinity"):
            return float(value.replace("Infinity", "inf"))
        if _NUMBER.match(value):
            return float(value)
        return value
    return str(value)


def _same_value(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return a == b


def _same_row(a: list, b: list) -> bool:
    return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b))


def _sort_key(row: list):
    # Floats rounded so rows that tie up to the tolerance sort together.
    return [(0, "") if v is None else (1, round(v, 6)) if isinstance(v, float) else (2, repr(v))
            for v in row]


def compare(expected: list[list], actual: list[list], ordered: bool) -> str | None:
    """None when the results agree, else a short description of the first difference."""
    exp = [[normalize(v) for v in r] for r in expected]
    act = [[normalize(v) for v in r] for r in actual]
    if len(exp) != len(act):
        return f"{len(act)} rows, expected {len(exp)}"
    if not ordered:
        exp.sort(key=_sort_key)
        act.sort(key=_sort_key)
    for i, (e, a) in enumerate(zip(exp, act)):
        if not _same_row(e, a):
            return f"row {i}: got {_show(a)}, expected {_show(e)}"
    return None


def _show(row: list) -> str:
    text = repr(row)
    return text if len(text) <= 300 else text[:297] + "..."

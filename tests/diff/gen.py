"""Random data and queries for the Copra-vs-DuckDB differential test.

Deterministic: the same seed gives the same tables, rows and queries.
Everything generated stays inside the dialect both engines share and away
from places where they legitimately differ:

- no `/` on integers (Copra truncates like PostgreSQL, DuckDB returns a
  float) and no `%` or `/` by a column (Copra raises division by zero,
  DuckDB returns NULL);
- integer values stay small, so no expression can overflow BIGINT;
- every ORDER BY names every output column with an explicit direction and
  NULLS FIRST/LAST (the engines' default NULL order differs), so ordered
  results are fully determined; queries without ORDER BY are compared as
  multisets, and LIMIT only ever follows such a full ORDER BY;
- scalar subqueries are aggregates (exactly one row);
- LIKE patterns contain no backslash (Copra's escape character; DuckDB has
  none by default);
- floats are compared with a tolerance by the runner, never formatted.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import re

INT, FLOAT, STR, BOOL, TS = "int", "float", "str", "bool", "ts"

# Column types as written in CREATE TABLE (both engines accept these names).
SQL_TYPE = {INT: "BIGINT", FLOAT: "DOUBLE", STR: "VARCHAR", BOOL: "BOOLEAN", TS: "TIMESTAMP"}

VOCAB = ["alpha", "beta", "gamma", "delta", "Alpha", "BETA", "", "a_b", "50%", "omega x", "  pad ", "café", "ÉTÉ", "naïve"]
LIKE_PATTERNS = ["a%", "%a", "%et%", "_e%", "A%", "%", "", "a_b", "%x", "__", "%a%a%", "50%", "% %", "caf_", "_t_", "%é"]
BASE_TS = datetime.datetime(2024, 3, 1, 0, 0, 0)


@dataclasses.dataclass
class Column:
    name: str
    type: str
    null_fraction: float
    make: object  # rng -> value


@dataclasses.dataclass
class Table:
    name: str
    columns: list[Column]
    rows: list[list[object]]


@dataclasses.dataclass
class OrderKey:
    position: int  # 0-based output column
    descending: bool
    nulls_first: bool


@dataclasses.dataclass
class Query:
    sql: str
    shape: str  # which generator produced it, for the report
    # The top-level ORDER BY (every output column), or None: then the
    # result is compared as a multiset.
    order: list[OrderKey] | None = None
    limited: bool = False  # LIMIT/OFFSET after the ORDER BY

    @property
    def ordered(self) -> bool:
        return self.order is not None


# --- data ---------------------------------------------------------------------


def _float(r: random.Random, lo: float, hi: float) -> float:
    return round(r.uniform(lo, hi), 3)


def make_tables(r: random.Random) -> list[Table]:
    specs = [
        (
            "t1",
            240,
            [
                Column("k", INT, 0.0, lambda r: r.randint(1, 12)),
                Column("a", INT, 0.15, lambda r: r.randint(-50, 100)),
                Column("b", INT, 0.1, lambda r: r.randint(0, 20)),
                Column("x", FLOAT, 0.15, lambda r: _float(r, -100, 100)),
                Column("s", STR, 0.1, lambda r: r.choice(VOCAB)),
                Column("flag", BOOL, 0.2, lambda r: r.random() < 0.5),
            ],
        ),
        (
            "t2",
            80,
            [
                Column("k", INT, 0.1, lambda r: r.randint(1, 16)),
                Column("c", INT, 0.1, lambda r: r.randint(-20, 60)),
                Column("y", FLOAT, 0.1, lambda r: _float(r, -10, 10)),
                Column("name", STR, 0.1, lambda r: r.choice(VOCAB)),
            ],
        ),
        (
            "t3",
            10,
            [
                Column("id", INT, 0.0, None),  # 1..n, unique
                Column("label", STR, 0.2, lambda r: r.choice(VOCAB)),
                Column("w", INT, 0.2, lambda r: r.randint(0, 9)),
            ],
        ),
    ]
    tables = []
    for name, n, cols in specs:
        columns = [Column("ts", TS, 0.0, None)] + cols
        rows = []
        t = BASE_TS
        for i in range(n):
            # Distinct, increasing times with millisecond parts: a table
            # without tags keeps one row per time.
            t += datetime.timedelta(seconds=r.randint(1, 4000), milliseconds=r.randint(0, 999))
            row = [t]
            for c in cols:
                if c.make is None:
                    row.append(i + 1)
                elif r.random() < c.null_fraction:
                    row.append(None)
                else:
                    row.append(c.make(r))
            rows.append(row)
        tables.append(Table(name, columns, rows))
    return tables


def literal(value: object, type_: str) -> str:
    if value is None:
        return "NULL"
    if type_ == BOOL:
        return "TRUE" if value else "FALSE"
    if type_ == INT:
        return str(value)
    if type_ == FLOAT:
        return f"{value:.3f}"
    if type_ == STR:
        return "'" + str(value).replace("'", "''") + "'"
    if type_ == TS:
        return f"TIMESTAMP '{value.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]}'"
    raise ValueError(type_)


def create_table_sql(table: Table, engine: str) -> str:
    cols = []
    for c in table.columns:
        decl = f"{c.name} {SQL_TYPE[c.type]}"
        if c.type == TS and engine == "copra":
            decl += " TIME INDEX"
        cols.append(decl)
    return f"CREATE TABLE {table.name} ({', '.join(cols)})"


def insert_sql(table: Table) -> list[str]:
    out = []
    for start in range(0, len(table.rows), 100):
        values = ", ".join(
            "(" + ", ".join(literal(v, c.type) for v, c in zip(row, table.columns)) + ")"
            for row in table.rows[start : start + 100]
        )
        out.append(f"INSERT INTO {table.name} VALUES {values}")
    return out


# --- expressions --------------------------------------------------------------


class Scope:
    """The columns a query may refer to: (sql text, type, table)."""

    def __init__(self, tables: list[Table], qualify: bool, aliases: list[str] | None = None):
        self.columns: list[tuple[str, str]] = []
        for i, t in enumerate(tables):
            prefix = (aliases[i] if aliases else t.name) + "." if qualify else ""
            for c in t.columns:
                self.columns.append((prefix + c.name, c.type))

    def of_type(self, type_: str) -> list[str]:
        return [name for name, t in self.columns if t == type_]


class ExprGen:
    def __init__(self, r: random.Random, tables: dict[str, Table]):
        self.r = r
        self.tables = tables
        self.allow_subqueries = True

    def pick(self, *options):
        return self.r.choice(options)

    def ts_literal(self) -> str:
        t = BASE_TS + datetime.timedelta(seconds=self.r.randint(0, 240 * 2000), milliseconds=self.r.randint(0, 999))
        return literal(t, TS)

    def column(self, scope: Scope, type_: str) -> str | None:
        cols = scope.of_type(type_)
        return self.r.choice(cols) if cols else None

    def expr(self, scope: Scope, type_: str, depth: int = 2) -> str:
        return {INT: self.int_expr, FLOAT: self.float_expr, STR: self.str_expr, BOOL: self.bool_expr, TS: self.ts_expr}[
            type_
        ](scope, depth)

    def leaf(self, scope: Scope, type_: str) -> str:
        col = self.column(scope, type_)
        roll = self.r.random()
        if col is not None and roll < 0.8:
            return col
        # Untyped NULLs, but not as timestamps: DuckDB cannot choose among
        # date_trunc(DATE/TIMESTAMP/INTERVAL) or +(DATE/TIME, INTERVAL) for
        # them, where Copra picks TIMESTAMP.
        if roll > 0.96 and type_ != TS:
            return "NULL"
        if type_ == INT:
            return str(self.r.randint(-20, 50))
        if type_ == FLOAT:
            return f"{self.r.uniform(-50, 50):.2f}"
        if type_ == STR:
            return literal(self.r.choice(VOCAB), STR)
        if type_ == BOOL:
            return self.pick("TRUE", "FALSE")
        return self.ts_literal()

    def int_expr(self, scope: Scope, depth: int) -> str:
        if depth <= 0 or self.r.random() < 0.35:
            return self.leaf(scope, INT)
        d = depth - 1
        choice = self.r.randrange(13)
        if choice >= 11:
            return self.int_function(scope, d)
        if choice == 0:
            return f"({self.int_expr(scope, d)} + {self.int_expr(scope, d)})"
        if choice == 1:
            return f"({self.int_expr(scope, d)} - {self.int_expr(scope, d)})"
        if choice == 2:
            return f"({self.int_expr(scope, d)} * {self.r.randint(-3, 7)})"
        if choice == 3:
            return f"(- {self.int_expr(scope, d)})"
        if choice == 4:
            return f"abs({self.int_expr(scope, d)})"
        if choice == 5:
            # Constant positive divisor: both truncate toward zero.
            return f"({self.int_expr(scope, d)} % {self.r.randint(2, 7)})"
        if choice == 6:
            return f"CASE WHEN {self.bool_expr(scope, d)} THEN {self.int_expr(scope, d)} ELSE {self.int_expr(scope, d)} END"
        if choice == 7:
            return f"coalesce({self.int_expr(scope, d)}, {self.int_expr(scope, d)})"
        if choice == 8:
            return f"length({self.str_expr(scope, d)})"
        if choice == 9 and self.allow_subqueries:
            return self.scalar_subquery(INT)
        return f"CASE {self.int_expr(scope, d)} WHEN {self.r.randint(0, 5)} THEN {self.int_expr(scope, d)} WHEN {self.r.randint(0, 5)} THEN {self.int_expr(scope, d)} END"

    def float_expr(self, scope: Scope, depth: int) -> str:
        if depth <= 0 or self.r.random() < 0.35:
            return self.leaf(scope, FLOAT)
        d = depth - 1
        choice = self.r.randrange(11)
        if choice >= 9:
            return self.float_function(scope, d)
        if choice == 0:
            return f"({self.float_expr(scope, d)} + {self.pick(self.float_expr, self.int_expr)(scope, d)})"
        if choice == 1:
            return f"({self.int_expr(scope, d)} - {self.float_expr(scope, d)})"
        if choice == 2:
            return f"({self.float_expr(scope, d)} * {self.pick('0.5', '2.0', '-1.5', '3.0')})"
        if choice == 3:
            # Division only by a non-zero constant (see the module comment).
            return f"({self.pick(self.float_expr, self.int_expr)(scope, d)} / {self.pick('4.0', '-2.0', '0.5')})"
        if choice == 4:
            return f"abs({self.float_expr(scope, d)})"
        if choice == 5:
            return f"CASE WHEN {self.bool_expr(scope, d)} THEN {self.float_expr(scope, d)} ELSE {self.float_expr(scope, d)} END"
        if choice == 6:
            return f"coalesce({self.float_expr(scope, d)}, {self.float_expr(scope, 0)})"
        if choice == 7 and self.allow_subqueries:
            return self.scalar_subquery(FLOAT)
        return f"(- {self.float_expr(scope, d)})"

    def str_expr(self, scope: Scope, depth: int) -> str:
        if depth <= 0 or self.r.random() < 0.4:
            return self.leaf(scope, STR)
        d = depth - 1
        choice = self.r.randrange(10)
        if choice >= 8:
            return self.str_function(scope, d)
        if choice == 0:
            return f"upper({self.str_expr(scope, d)})"
        if choice == 1:
            return f"lower({self.str_expr(scope, d)})"
        if choice == 2:
            return f"({self.str_expr(scope, d)} || {self.str_expr(scope, d)})"
        if choice == 3:
            return f"coalesce({self.str_expr(scope, d)}, {literal(self.r.choice(VOCAB), STR)})"
        if choice == 4:
            return f"CASE WHEN {self.bool_expr(scope, d)} THEN {self.str_expr(scope, d)} ELSE {self.str_expr(scope, d)} END"
        if choice == 5:
            return f"substr({self.str_expr(scope, d)}, {self.r.randint(1, 4)}, {self.r.randint(0, 4)})"
        if choice == 6:
            return f"trim({self.str_expr(scope, d)})"
        return f"replace({self.str_expr(scope, d)}, 'a', 'o')"

    def ts_expr(self, scope: Scope, depth: int) -> str:
        if depth <= 0 or self.r.random() < 0.6:
            return self.leaf(scope, TS)
        inner = self.ts_expr(scope, depth - 1)
        choice = self.r.randrange(3)
        if choice == 0:
            return f"date_trunc('{self.pick('minute', 'hour', 'day', 'month')}', {inner})"
        interval = self.pick("1 hour", "90 minutes", "2 days", "30 seconds", "1 day")
        return f"({inner} {self.pick('+', '-')} INTERVAL '{interval}')"

    @staticmethod
    def typed(text: str, type_: str) -> str:
        """`text`, but a bare NULL gets a type.

        Copra types nullif/greatest/least of untyped NULLs only by its first
        overload (nullif(NULL, NULL) is TINYINT, so starts_with(nullif(NULL,
        NULL), 'a') fails to bind); DuckDB keeps them NULL-typed.
        """
        return f"CAST(NULL AS {SQL_TYPE[type_]})" if text == "NULL" else text

    # Functions both engines define the same way (PostgreSQL's semantics).

    def int_function(self, scope: Scope, d: int) -> str:
        choice = self.r.randrange(8)
        if choice == 7:
            # Unparenthesized: * and % bind tighter than + and -, all left-associative.
            leaves = [self.leaf(scope, INT) for _ in range(4)]
            ops = [self.pick("+", "-", "*", "%") for _ in range(3)]
            text = leaves[0]
            for op, leaf in zip(ops, leaves[1:]):
                if op == "%":
                    leaf = str(self.r.randint(2, 9))  # never by zero
                text += f" {op} {leaf}"
            return f"({text})"
        if choice == 0:
            return f"nullif({self.typed(self.int_expr(scope, d), INT)}, {self.int_expr(scope, d)})"
        if choice == 1:
            # Both skip NULL arguments.
            return f"{self.pick('greatest', 'least')}({self.typed(self.int_expr(scope, d), INT)}, {self.int_expr(scope, d)}, {self.leaf(scope, INT)})"
        if choice == 2:
            return f"sign({self.int_expr(scope, d)})"
        if choice == 3:
            # Not 'second': Copra gives PostgreSQL's fractional seconds
            # (57.962), DuckDB whole seconds (57).
            return f"extract({self.pick('hour', 'minute', 'day', 'month', 'year')} FROM {self.ts_expr(scope, d)})"
        if choice == 4:
            return f"strpos({self.str_expr(scope, d)}, {literal(self.pick('a', 'e', 'ta', ''), STR)})"
        if choice == 5:
            return f"mod({self.int_expr(scope, d)}, {self.r.randint(2, 9)})"
        return f"CAST({self.pick('TRUE', 'FALSE', self.float_expr(scope, d) + ' > 0')} AS INTEGER)"

    def float_function(self, scope: Scope, d: int) -> str:
        choice = self.r.randrange(8)
        # round(x, digits) and CAST(x AS BIGINT) differ on ties by design:
        # Copra rounds the shortest decimal form half away from zero (as
        # PostgreSQL's numeric: round(1.005, 2) = 1.01, CAST(2.5 AS BIGINT) = 3),
        # DuckDB the binary value (1.0) and half to even (2). round(x) agrees.
        if choice == 6:
            return f"round({self.float_expr(scope, d)})"
        if choice == 7:
            return f"CAST({self.pick('floor', 'ceil', 'round')}({self.float_expr(scope, d)}) AS BIGINT)"
        if choice == 0:
            return f"{self.pick('floor', 'ceil')}({self.float_expr(scope, d)})"
        if choice == 1:
            return f"sqrt(abs({self.float_expr(scope, d)}))"
        if choice == 2:
            return f"CAST({self.int_expr(scope, d)} AS DOUBLE)"
        if choice == 3:
            return f"{self.pick('greatest', 'least')}({self.typed(self.float_expr(scope, d), FLOAT)}, {self.float_expr(scope, d)})"
        if choice == 4:
            return f"nullif({self.typed(self.float_expr(scope, d), FLOAT)}, {self.leaf(scope, FLOAT)})"
        return f"(CAST({self.int_expr(scope, d)} AS DOUBLE) * {self.float_expr(scope, d)})"

    def str_function(self, scope: Scope, d: int) -> str:
        choice = self.r.randrange(8)
        if choice == 0:
            return f"{self.pick('left', 'right')}({self.str_expr(scope, d)}, {self.r.randint(0, 4)})"
        if choice == 1:
            return f"reverse({self.str_expr(scope, d)})"
        if choice == 2:
            return f"{self.pick('lpad', 'rpad')}({self.str_expr(scope, d)}, {self.r.randint(0, 8)}, '*')"
        if choice == 3:
            # concat skips NULLs, unlike ||.
            return f"concat({self.str_expr(scope, d)}, {self.str_expr(scope, d)})"
        if choice == 4:
            return f"concat_ws('-', {self.str_expr(scope, d)}, {self.str_expr(scope, d)})"
        if choice == 5:
            return f"CAST({self.int_expr(scope, d)} AS VARCHAR)"
        if choice == 6:
            return f"split_part({self.str_expr(scope, d)}, {literal(self.pick('a', ' ', 'e'), STR)}, {self.r.randint(1, 3)})"
        return f"nullif({self.typed(self.str_expr(scope, d), STR)}, {self.leaf(scope, STR)})"

    def comparison(self, scope: Scope, depth: int) -> str:
        type_ = self.pick(INT, INT, FLOAT, STR, TS)
        op = self.pick("=", "<>", "<", "<=", ">", ">=")
        if type_ == TS and op in ("=", "<>"):
            # DuckDB 1.5 folds date_trunc('month', ts) <> TIMESTAMP '...05 10:18'
            # (a constant off the month grid) to TRUE and = to FALSE, even
            # where ts is NULL (the nullable side of a LEFT JOIN): so no
            # date_trunc under = and <>.
            lhs = self.leaf(scope, TS)
            rhs = self.ts_literal() if self.r.random() < 0.6 else self.leaf(scope, TS)
            return f"{lhs} {op} {rhs}"
        lhs = self.expr(scope, type_, depth)
        if self.r.random() < 0.6:
            rhs = self.leaf(scope, type_) if type_ != TS else self.ts_literal()
        else:
            rhs = self.expr(scope, type_, depth)
        return f"{lhs} {op} {rhs}"

    def bool_expr(self, scope: Scope, depth: int) -> str:
        if depth <= 0:
            choice = self.r.choice([0, 0, 1, 2])
        else:
            choice = self.r.randrange(18)
        d = max(depth - 1, 0)
        if choice == 0:
            return self.comparison(scope, d)
        if choice == 1:
            col = self.column(scope, BOOL)
            return col if col else self.comparison(scope, d)
        if choice == 2:
            type_ = self.pick(INT, FLOAT, STR, BOOL)
            return f"({self.expr(scope, type_, d)}) IS {self.pick('', 'NOT ')}NULL"
        if choice == 3:
            return f"({self.bool_expr(scope, d)} AND {self.bool_expr(scope, d)})"
        if choice == 4:
            return f"({self.bool_expr(scope, d)} OR {self.bool_expr(scope, d)})"
        if choice == 5:
            return f"NOT ({self.bool_expr(scope, d)})"
        if choice == 6:
            type_ = self.pick(INT, STR)
            items = [self.leaf(scope, type_) for _ in range(self.r.randint(1, 4))]
            if self.r.random() < 0.2:
                items.append("NULL")
            return f"{self.expr(scope, type_, d)} {self.pick('', 'NOT ')}IN ({', '.join(items)})"
        if choice == 7:
            type_ = self.pick(INT, FLOAT, STR, TS)
            if type_ == TS:
                lo, hi = sorted([self.ts_literal(), self.ts_literal()])
            elif type_ == STR:
                lo, hi = literal(self.r.choice(VOCAB), STR), literal(self.r.choice(VOCAB), STR)
            elif type_ == INT:
                lo = self.r.randint(-30, 60)
                hi = lo + self.r.randint(-5, 50)
            else:
                lo = round(self.r.uniform(-60, 60), 1)
                hi = round(lo + self.r.uniform(-5, 60), 1)
            return f"{self.expr(scope, type_, d)} {self.pick('', 'NOT ')}BETWEEN {lo} AND {hi}"
        if choice == 8:
            pattern = literal(self.r.choice(LIKE_PATTERNS), STR)
            return f"{self.str_expr(scope, d)} {self.pick('', 'NOT ')}LIKE {pattern}"
        if choice == 9:
            return f"({self.bool_expr(scope, d)}) IS {self.pick('', 'NOT ')}{self.pick('TRUE', 'FALSE')}"
        if choice == 10 and self.allow_subqueries:
            return self.in_subquery(scope, d)
        if choice == 11 and self.allow_subqueries:
            return self.exists_subquery()
        if choice == 12:
            return f"{self.float_expr(scope, d)} {self.pick('<', '>=')} {self.int_expr(scope, d)}"
        if choice == 13:
            type_ = self.pick(INT, STR, FLOAT)
            return f"{self.expr(scope, type_, d)} IS {self.pick('', 'NOT ')}DISTINCT FROM {self.expr(scope, type_, d)}"
        if choice == 14:
            pattern = literal(self.r.choice(LIKE_PATTERNS), STR)
            return f"{self.str_expr(scope, d)} {self.pick('', 'NOT ')}ILIKE {pattern}"
        if choice == 16:
            # Unparenthesized: NOT binds tighter than AND, AND tighter than OR.
            terms = [self.comparison(scope, 0) for _ in range(3)]
            ops = [self.pick("AND", "OR") for _ in range(2)]
            nots = [self.pick("", "", "NOT ") for _ in range(3)]
            return f"({nots[0]}{terms[0]} {ops[0]} {nots[1]}{terms[1]} {ops[1]} {nots[2]}{terms[2]})"
        if choice == 15:
            return f"{self.pick('starts_with', 'ends_with')}({self.str_expr(scope, d)}, {literal(self.pick('a', 'A', 'ta', '', '%'), STR)})"
        return f"coalesce({self.bool_expr(scope, d)}, {self.pick('TRUE', 'FALSE')})"

    # --- uncorrelated subqueries (each returns what its context needs) ---------

    def _sub_where(self, table: Table) -> str:
        inner = ExprGen(self.r, self.tables)
        inner.allow_subqueries = False
        if self.r.random() < 0.5:
            return ""
        return " WHERE " + inner.bool_expr(Scope([table], qualify=False), 1)

    def scalar_subquery(self, type_: str) -> str:
        table = self.tables[self.pick("t2", "t3")]
        scope = Scope([table], qualify=False)
        if type_ == INT:
            agg = self.pick("count(*)", "max({})", "min({})", "sum({})", "count({})")
            col = self.r.choice(scope.of_type(INT))
        else:
            agg = self.pick("avg({})", "max({})", "min({})")
            col = self.r.choice(scope.of_type(FLOAT) or scope.of_type(INT))
        return f"(SELECT {agg.format(col)} FROM {table.name}{self._sub_where(table)})"

    def in_subquery(self, scope: Scope, depth: int) -> str:
        table = self.tables[self.pick("t2", "t3")]
        sub_scope = Scope([table], qualify=False)
        col = self.r.choice(sub_scope.of_type(INT))
        lhs = self.int_expr(scope, depth)
        return f"{lhs} {self.pick('', 'NOT ')}IN (SELECT {col} FROM {table.name}{self._sub_where(table)})"

    def exists_subquery(self) -> str:
        table = self.tables[self.pick("t2", "t3")]
        return f"{self.pick('', 'NOT ')}EXISTS (SELECT 1 FROM {table.name}{self._sub_where(table)})"


# --- queries ------------------------------------------------------------------


def _mentions_column(text: str, scope: Scope) -> bool:
    without_strings = re.sub(r"'(?:[^']|'')*'", "''", text)
    words = set(re.findall(r"[A-Za-z_][A-Za-z_0-9.]*", without_strings))
    return any(name in words for name, _ in scope.columns)


class QueryGen:
    def __init__(self, seed: int, tables: list[Table]):
        self.r = random.Random(seed * 7919 + 1)
        self.tables = {t.name: t for t in tables}
        self.e = ExprGen(self.r, self.tables)

    def maybe_order_limit(self, n_cols: int, sql: str, shape: str) -> Query:
        roll = self.r.random()
        if roll < 0.45:
            return Query(sql, shape)
        positions = list(range(n_cols))
        self.r.shuffle(positions)
        order = [OrderKey(p, self.r.random() < 0.5, self.r.random() < 0.5) for p in positions]
        sql += " ORDER BY " + ", ".join(
            f"{k.position + 1} {'DESC' if k.descending else 'ASC'} NULLS {'FIRST' if k.nulls_first else 'LAST'}"
            for k in order
        )
        limited = roll < 0.8
        if limited:
            sql += f" LIMIT {self.r.randint(0, 25)}"
            if self.r.random() < 0.3:
                sql += f" OFFSET {self.r.randint(1, 10)}"
        return Query(sql, shape, order, limited)

    def select_list(self, scope: Scope, n: int, types=(INT, INT, FLOAT, STR, BOOL, TS)) -> list[str]:
        return [self.e.expr(scope, self.r.choice(types), 2) for _ in range(n)]

    def where(self, scope: Scope, p: float = 0.75) -> str:
        return f" WHERE {self.e.bool_expr(scope, 2)}" if self.r.random() < p else ""

    def q_projection(self) -> Query:
        table = self.tables[self.e.pick("t1", "t1", "t2")]
        scope = Scope([table], qualify=False)
        items = self.select_list(scope, self.r.randint(1, 4))
        sql = f"SELECT {', '.join(items)} FROM {table.name}{self.where(scope)}"
        return self.maybe_order_limit(len(items), sql, "projection")

    def agg_call(self, scope: Scope, numeric: bool = False) -> str:
        kind = self.r.randrange(11)
        while numeric and kind in (5, 6, 9):
            kind = self.r.randrange(11)
        if kind == 9:
            return f"{self.e.pick('bool_and', 'bool_or')}({self.e.bool_expr(scope, 1)})"
        if kind == 10:
            fn = self.e.pick("stddev_samp", "var_samp", "stddev_pop", "var_pop")
            return f"{fn}({self.data_expr(scope, self.e.pick(INT, FLOAT))})"
        if kind == 0:
            return "count(*)"
        if kind == 1:
            return f"count({self.e.expr(scope, self.e.pick(INT, STR, FLOAT), 1)})"
        if kind == 2:
            return f"sum({self.e.int_expr(scope, 1)})"
        if kind == 3:
            return f"sum({self.data_expr(scope, FLOAT)})"
        if kind == 4:
            return f"avg({self.data_expr(scope, self.e.pick(INT, FLOAT))})"
        if kind in (5, 6):
            fn = "min" if kind == 5 else "max"
            return f"{fn}({self.e.expr(scope, self.e.pick(INT, FLOAT, STR, TS), 1)})"
        if kind == 7:
            return f"count(DISTINCT {self.e.expr(scope, self.e.pick(INT, STR), 1)})"
        return f"sum(DISTINCT {self.e.int_expr(scope, 0)})"

    def data_expr(self, scope: Scope, type_: str) -> str:
        """An expression over at least one column, without subqueries.

        For float sums and averages: over a constant (avg(-47.94)) DuckDB
        sums exact DECIMALs while Copra adds doubles, so groups that ought to
        tie differ in the last bits and ORDER BY ... LIMIT picks different
        rows. Over data, such near-ties do not happen.
        """
        saved = self.e.allow_subqueries
        self.e.allow_subqueries = False
        try:
            for _ in range(20):
                text = self.e.expr(scope, type_, 1)
                if _mentions_column(text, scope):
                    return text
            return self.e.column(scope, type_) or self.e.column(scope, INT)
        finally:
            self.e.allow_subqueries = saved

    def group_key(self, scope: Scope) -> str:
        kind = self.r.randrange(7)
        if kind == 6:
            return f"date_trunc('{self.e.pick('hour', 'day')}', {self.e.column(scope, TS)})"
        if kind == 0:
            return self.e.column(scope, STR) or self.e.column(scope, INT)
        if kind == 1:
            return self.e.column(scope, INT)
        if kind == 2:
            return f"({self.e.column(scope, INT)} % {self.r.randint(2, 5)})"
        if kind == 3:
            return self.e.column(scope, BOOL) or self.e.column(scope, INT)
        if kind == 4:
            return f"({self.e.column(scope, FLOAT) or self.e.column(scope, INT)} IS NULL)"
        return f"coalesce({self.e.column(scope, STR) or 'NULL'}, 'none')"

    def q_aggregate(self) -> Query:
        table = self.tables[self.e.pick("t1", "t1", "t2")]
        scope = Scope([table], qualify=False)
        aggs = [self.agg_call(scope) for _ in range(self.r.randint(1, 4))]
        sql = f"SELECT {', '.join(aggs)} FROM {table.name}{self.where(scope, 0.6)}"
        return Query(sql, "aggregate")

    def q_group_by(self) -> Query:
        table = self.tables[self.e.pick("t1", "t1", "t2")]
        scope = Scope([table], qualify=False)
        keys = list(dict.fromkeys(self.group_key(scope) for _ in range(self.r.randint(1, 2))))
        aggs = [self.agg_call(scope) for _ in range(self.r.randint(1, 3))]
        items = keys + aggs
        sql = f"SELECT {', '.join(items)} FROM {table.name}{self.where(scope, 0.5)} GROUP BY {', '.join(keys)}"
        if self.r.random() < 0.4:
            agg = self.agg_call(scope, numeric=True)
            sql += f" HAVING {agg} {self.e.pick('>', '<=', '<>')} {self.r.randint(0, 20)}"
        return self.maybe_order_limit(len(items), sql, "group_by")

    def q_distinct(self) -> Query:
        table = self.tables[self.e.pick("t1", "t2")]
        scope = Scope([table], qualify=False)
        items = []
        for _ in range(self.r.randint(1, 3)):
            t = self.e.pick(INT, STR, BOOL)
            items.append(self.e.column(scope, t) or self.e.expr(scope, t, 1))
        sql = f"SELECT DISTINCT {', '.join(items)} FROM {table.name}{self.where(scope, 0.5)}"
        return self.maybe_order_limit(len(items), sql, "distinct")

    def q_set_op(self) -> Query:
        types = [self.e.pick(INT, STR, FLOAT) for _ in range(self.r.randint(1, 2))]
        parts = []
        for name in self.r.sample(["t1", "t2", "t3", "t1"], 2):
            table = self.tables[name]
            scope = Scope([table], qualify=False)
            items = [self.e.column(scope, t) or self.e.expr(scope, t, 1) for t in types]
            parts.append(f"SELECT {', '.join(items)} FROM {name}{self.where(scope, 0.6)}")
        op = self.e.pick("UNION", "UNION ALL", "INTERSECT", "EXCEPT", "INTERSECT ALL", "EXCEPT ALL")
        sql = f"{parts[0]} {op} {parts[1]}"
        return self.maybe_order_limit(len(types), sql, "set_op:" + op.lower().replace(" ", "_"))

    def q_join(self) -> Query:
        left, right = self.e.pick(("t1", "t2"), ("t1", "t2"), ("t1", "t3"), ("t2", "t3"))
        lt, rt = self.tables[left], self.tables[right]
        kind = self.e.pick("JOIN", "LEFT JOIN")
        lkey = "k"
        rkey = "k" if right == "t2" else "id"
        on = f"{left}.{lkey} = {right}.{rkey}"
        scope = Scope([lt, rt], qualify=True)
        if self.r.random() < 0.3:
            on += f" AND {self.e.bool_expr(Scope([rt], qualify=True), 0)}"
        grouped = self.r.random() < 0.35
        if grouped:
            key = f"{left}.{lkey}" if self.r.random() < 0.5 else (self.e.column(Scope([rt], True), STR) or f"{right}.{rkey}")
            aggs = [self.agg_call(scope) for _ in range(self.r.randint(1, 3))]
            items = [key] + aggs
            tail = f" GROUP BY {key}"
        else:
            items = self.select_list(scope, self.r.randint(2, 4))
            tail = ""
        sql = f"SELECT {', '.join(items)} FROM {left} {kind} {right} ON {on}{self.where(scope, 0.5)}{tail}"
        return self.maybe_order_limit(len(items), sql, "join:" + ("group" if grouped else kind.lower().replace(" ", "_")))

    def q_derived(self) -> Query:
        table = self.tables["t1"]
        scope = Scope([table], qualify=False)
        inner_items = [f"{self.e.int_expr(scope, 1)} AS p", f"{self.e.str_expr(scope, 1)} AS q", f"{self.e.float_expr(scope, 1)} AS f"]
        inner = f"SELECT {', '.join(inner_items)} FROM t1{self.where(scope, 0.5)}"
        if self.r.random() < 0.5:
            sql = f"SELECT q, count(*), sum(p), max(f) FROM ({inner}) AS d GROUP BY q"
            n = 4
        else:
            sql = f"SELECT p, q, f FROM ({inner}) AS d WHERE p {self.e.pick('>', '<=')} {self.r.randint(-10, 40)}"
            n = 3
        if self.r.random() < 0.3:
            sql = sql.replace(f"({inner}) AS d", "d")
            sql = f"WITH d AS ({inner}) {sql}"
        return self.maybe_order_limit(n, sql, "derived")

    def q_multi_join(self) -> Query:
        """Three tables, a self join, or a join on a non-key condition."""
        kind = self.r.randrange(4)
        if kind == 0:
            j2 = self.e.pick("JOIN", "LEFT JOIN")
            j3 = self.e.pick("JOIN", "LEFT JOIN")
            scope = Scope([self.tables[n] for n in ("t1", "t2", "t3")], qualify=True)
            from_ = f"t1 {j2} t2 ON t1.k = t2.k {j3} t3 ON t2.c % 10 = t3.id"
        elif kind == 1:
            t1 = self.tables["t1"]
            scope = Scope([t1, t1], qualify=True, aliases=["p", "q"])
            cond = self.e.pick("p.ts < q.ts", "p.a = q.b", "p.s = q.s AND p.ts <> q.ts")
            from_ = f"t1 AS p {self.e.pick('JOIN', 'LEFT JOIN')} t1 AS q ON p.k = q.k AND {cond}"
        elif kind == 2:
            scope = Scope([self.tables["t2"], self.tables["t3"]], qualify=True)
            cond = self.e.pick("t2.c BETWEEN t3.w * 3 AND t3.w * 5", "t2.name = t3.label", "t2.c < t3.w")
            from_ = f"t2 {self.e.pick('JOIN', 'LEFT JOIN')} t3 ON {cond}"
        else:
            # RIGHT and FULL joins: not asked of the test, but both engines have them.
            scope = Scope([self.tables["t2"], self.tables["t3"]], qualify=True)
            from_ = f"t2 {self.e.pick('RIGHT JOIN', 'FULL JOIN')} t3 ON t2.k = t3.id"
        if self.r.random() < 0.4:
            key = self.e.column(scope, self.e.pick(INT, STR))
            items = [key] + [self.agg_call(scope) for _ in range(self.r.randint(1, 2))]
            tail = f" GROUP BY {key}"
        else:
            items = self.select_list(scope, self.r.randint(2, 4))
            tail = ""
        sql = f"SELECT {', '.join(items)} FROM {from_}{self.where(scope, 0.5)}{tail}"
        return self.maybe_order_limit(len(items), sql, "multi_join")

    def q_set_chain(self) -> Query:
        """Three SELECTs: INTERSECT binds tighter than UNION and EXCEPT."""
        parts = []
        for name in ("t1", "t2", "t3"):
            table = self.tables[name]
            scope = Scope([table], qualify=False)
            col = self.e.column(scope, INT)
            parts.append(f"SELECT {self.e.pick(col, f'({col} % 5)')} FROM {name}{self.where(scope, 0.5)}")
        self.r.shuffle(parts)
        ops = [self.e.pick("UNION", "UNION ALL", "INTERSECT", "EXCEPT", "EXCEPT ALL") for _ in range(2)]
        sql = f"{parts[0]} {ops[0]} {parts[1]} {ops[1]} {parts[2]}"
        return self.maybe_order_limit(1, sql, "set_chain")

    def q_agg_expressions(self) -> Query:
        """Aggregates inside expressions, and HAVING without GROUP BY."""
        table = self.tables[self.e.pick("t1", "t2")]
        scope = Scope([table], qualify=False)
        a, b = self.agg_call(scope, numeric=True), self.agg_call(scope, numeric=True)
        items = [
            f"({a} {self.e.pick('+', '-', '*')} {b})",
            f"CASE WHEN {self.agg_call(scope, numeric=True)} > {self.r.randint(0, 30)} THEN 'many' ELSE 'few' END",
            f"coalesce({self.agg_call(scope, numeric=True)}, {self.agg_call(scope, numeric=True)})" if self.r.random() < 0.3 else f"count(*) - count({self.e.column(scope, INT)})",
        ]
        if self.r.random() < 0.5:
            key = self.group_key(scope)
            sql = f"SELECT {key}, {', '.join(items)} FROM {table.name}{self.where(scope, 0.5)} GROUP BY {key}"
            return self.maybe_order_limit(len(items) + 1, sql, "agg_expressions")
        sql = f"SELECT {', '.join(items)} FROM {table.name}{self.where(scope, 0.5)} HAVING {self.agg_call(scope, numeric=True)} > {self.r.randint(0, 10)}"
        return Query(sql, "agg_expressions")

    def q_correlated(self) -> Query:
        """A correlated subquery (EXISTS, IN, scalar aggregate) in WHERE or the
        select list; the inner query refers to the outer one by equalities."""
        outer = self.tables["t1"]
        inner_name = self.e.pick("t2", "t3")
        inner = self.tables[inner_name]
        scope = Scope([outer], qualify=True, aliases=["o"])
        inner_scope = Scope([inner], qualify=True, aliases=["i"])
        # Correlate on the key, or on a second INT column too.
        ikey = "i.k" if inner_name == "t2" else "i.w"
        corr = f"{ikey} = o.{self.e.pick('k', 'b')}"
        if inner_name == "t2" and self.r.random() < 0.25:
            corr += f" AND o.a = i.c"
        local = ""
        if self.r.random() < 0.5:
            sub = ExprGen(self.r, self.tables)
            sub.allow_subqueries = False
            local = f" AND {sub.bool_expr(inner_scope, 1)}"
        where = f"{corr}{local}" if self.r.random() < 0.5 else f"{local[5:] + ' AND ' if local else ''}{corr}"
        icol = self.r.choice(inner_scope.of_type(INT))
        form = self.r.randrange(4)
        if form == 0:
            pred = f"{self.e.pick('', 'NOT ')}EXISTS (SELECT 1 FROM {inner_name} i WHERE {where})"
        elif form == 1:
            lhs = self.e.pick("o.a", "o.b", "o.k", "o.a + 1")
            pred = f"{lhs} {self.e.pick('', 'NOT ')}IN (SELECT {icol} FROM {inner_name} i WHERE {where})"
        else:
            agg = self.e.pick("count(*)", f"count({icol})", f"sum({icol})", f"max({icol})", f"min({icol}) + 1")
            pred = f"(SELECT {agg} FROM {inner_name} i WHERE {where})"
            if form == 2:
                pred = f"o.a {self.e.pick('>', '<=', '=')} {pred}"
        items = [f"o.{self.e.pick('k', 'a', 's')}", self.e.expr(scope, INT, 1)]
        if self.r.random() < 0.5 or form == 3:
            items.append(pred if form != 2 else f"coalesce({pred}, FALSE)")
            sql = f"SELECT {', '.join(items)} FROM t1 o{self.where(scope, 0.3)}"
        else:
            sql = f"SELECT {', '.join(items)} FROM t1 o WHERE {pred}"
        return self.maybe_order_limit(len(items), sql, "correlated")

    def q_window(self) -> Query:
        """Window functions: ranking, offsets, values and aggregates over
        ROWS/RANGE frames, with PARTITION BY and ORDER BY ending in the
        unique ts (so every result is deterministic); also DISTINCT ON and
        FILTER on aggregates."""
        table = self.tables[self.e.pick("t1", "t1", "t2")]
        scope = Scope([table], qualify=False)
        ints = scope.of_type(INT)
        cols = ints + scope.of_type(STR) + scope.of_type(FLOAT)
        if self.r.random() < 0.15:
            # DISTINCT ON: the first row per key by a total order.
            key = self.r.choice(ints + scope.of_type(STR))
            col = self.r.choice(cols)
            desc = self.e.pick("", " DESC")
            sql = (f"SELECT DISTINCT ON ({key}) {key}, {col}, ts FROM {table.name}"
                   f"{self.where(scope, 0.4)} ORDER BY {key} NULLS LAST, ts{desc}")
            return Query(sql, "distinct_on")
        calls = []
        for _ in range(self.r.randint(1, 3)):
            part = self.r.sample(ints + scope.of_type(STR), self.r.randint(0, 2))
            over = f"PARTITION BY {', '.join(part)} " if part else ""
            fn_kind = self.r.randrange(4)
            if fn_kind == 3 and self.r.random() < 0.5:
                # RANGE with offsets: one numeric key; peers make it deterministic.
                key = self.r.choice(ints)
                lo, hi = self.r.randint(0, 10), self.r.randint(0, 10)
                frame = self.e.pick(f"RANGE BETWEEN {lo} PRECEDING AND {hi} FOLLOWING",
                                    f"RANGE BETWEEN UNBOUNDED PRECEDING AND {hi} FOLLOWING",
                                    f"RANGE BETWEEN {lo} PRECEDING AND CURRENT ROW",
                                    f"RANGE BETWEEN CURRENT ROW AND {hi} FOLLOWING")
                agg = self.e.pick("count(*)", f"count({self.r.choice(cols)})", f"sum({self.r.choice(ints)})",
                                  f"min({self.r.choice(cols)})", f"max({self.r.choice(cols)})")
                calls.append(f"{agg} OVER ({over}ORDER BY {key}{self.e.pick('', ' DESC')}"
                             f"{self.e.pick(' NULLS FIRST', ' NULLS LAST')} {frame})")
                continue
            order_cols = self.r.sample(cols, self.r.randint(0, 2))
            # Explicit NULLS: DuckDB's default null order is not PostgreSQL's.
            order = ", ".join(f"{c}{self.e.pick('', ' DESC')}{self.e.pick(' NULLS FIRST', ' NULLS LAST')}"
                              for c in order_cols)
            order = f"ORDER BY {order + ', ' if order else ''}ts{self.e.pick('', ' DESC')}"
            c = self.r.choice(cols)
            if fn_kind == 0:
                fn = self.e.pick("row_number()", "rank()", "dense_rank()", "percent_rank()",
                                 "cume_dist()", f"ntile({self.r.randint(1, 7)})")
                if fn in ("rank()", "dense_rank()", "percent_rank()", "cume_dist()") and order_cols:
                    order = "ORDER BY " + ", ".join(f"{c} NULLS LAST" for c in order_cols)  # ties make peers
                calls.append(f"{fn} OVER ({over}{order})")
            elif fn_kind == 1:
                i = self.r.choice(ints)
                fn = self.e.pick(f"lag({c})", f"lead({c})", f"lag({i}, {self.r.randint(0, 3)})",
                                 f"lead({i}, {self.r.randint(1, 3)}, -1)")
                calls.append(f"{fn} OVER ({over}{order})")
            else:
                frame = self.e.pick("", "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
                                    f"ROWS BETWEEN {self.r.randint(0, 3)} PRECEDING AND {self.r.randint(0, 3)} FOLLOWING",
                                    "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
                                    f"ROWS BETWEEN {self.r.randint(2, 4)} PRECEDING AND 1 PRECEDING",
                                    "RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING")
                fn = self.e.pick(f"first_value({c})", f"last_value({c})", f"nth_value({c}, 2)",
                                 "count(*)", f"count({c})", f"sum({self.r.choice(ints)})",
                                 f"min({c})", f"max({c})",
                                 f"count(*) FILTER (WHERE {self.r.choice(ints)} > {self.r.randint(0, 30)})")
                if fn_kind == 3:
                    order = ""  # no ORDER BY: the whole partition
                    frame = self.e.pick("", "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING")
                    fn = self.e.pick("count(*)", f"count({c})", f"sum({self.r.choice(ints)})",
                                     f"min({c})", f"max({c})")
                calls.append(f"{fn} OVER ({over}{order}{' ' if order and frame else ''}{frame})")
        sql = f"SELECT ts, {', '.join(calls)} FROM {table.name}{self.where(scope, 0.4)}"
        return Query(sql, "window")

    def generate(self, n: int) -> list[Query]:
        makers = [
            (self.q_projection, 5),
            (self.q_aggregate, 2),
            (self.q_group_by, 4),
            (self.q_distinct, 1),
            (self.q_set_op, 2),
            (self.q_join, 3),
            (self.q_derived, 1),
            (self.q_multi_join, 2),
            (self.q_set_chain, 1),
            (self.q_agg_expressions, 1),
            (self.q_correlated, 2),
            (self.q_window, 3),
        ]
        weighted = [m for m, w in makers for _ in range(w)]
        return [self.r.choice(weighted)() for _ in range(n)]


def generate(seed: int, n_queries: int) -> tuple[list[Table], list[Query]]:
    r = random.Random(seed)
    tables = make_tables(r)
    queries = QueryGen(seed, tables).generate(n_queries)
    return tables, queries

"""What client tools send on connect and for metadata, replayed against
`copra serve`: Grafana's PostgreSQL data source (its editor's schema, table
and column pickers, version probe and macro expansions, sent here through
psycopg in both the simple and the extended protocol), pgjdbc's connect and
DatabaseMetaData calls (through the real driver, Debian's
libpostgresql-jdbc-java, when Java is installed) and psql's \\d queries.

The Grafana SQL is the text of its postgres data source
(public/app/plugins/datasource/grafana-postgresql-datasource/
postgresMetaQuery.ts, pkg/tsdb/grafana-postgresql-datasource/macros.go).
"""

import os
import pathlib
import shutil
import subprocess

import psycopg
import pytest

HERE = pathlib.Path(__file__).resolve().parent
JDBC_JAR = pathlib.Path("/usr/share/java/postgresql.jar")

# Grafana's search-path test: which schemas count as "current".
SEARCH_PATH = """
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )"""

GRAFANA = {
    "version": "SELECT current_setting('server_version_num')::int/100 as version",
    "timescaledb": "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'",
    "schemas": """SELECT schema_name AS "name"
    FROM information_schema.schemata
    WHERE schema_name NOT IN ('information_schema', 'pg_catalog', 'pg_toast',
                              '_timescaledb_cache', '_timescaledb_catalog',
                              '_timescaledb_internal', '_timescaledb_config',
                              'timescaledb_information', 'timescaledb_experimental')
    ORDER BY schema_name""",
    "tables_of_schema": """SELECT quote_ident(table_name) AS "table"
      FROM information_schema.tables
      WHERE quote_ident(table_schema) = 'public'
      ORDER BY 1""",
    "tables": f"""SELECT
    CASE WHEN {SEARCH_PATH}
      THEN quote_ident(table_name)
      ELSE quote_ident(table_schema) || '.' || quote_ident(table_name)
    END AS "table"
    FROM information_schema.tables
    WHERE quote_ident(table_schema) NOT IN ('information_schema', 'pg_catalog',
                             '_timescaledb_cache', '_timescaledb_catalog',
                             '_timescaledb_internal', '_timescaledb_config',
                             'timescaledb_information', 'timescaledb_experimental')
    ORDER BY CASE WHEN {SEARCH_PATH} THEN 0 ELSE 1 END, 1""",
    "columns": f"""SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('cpu'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('cpu'))[1]
          AND quote_ident(table_name) = (parse_ident('cpu'))[2]
        ELSE quote_ident(table_name) = 'cpu'
          AND {SEARCH_PATH}
      END""",
    # $__timeGroupAlias(ts, '1m'), $__timeFilter(ts)
    "time_group": """SELECT floor(extract(epoch from ts)/60)*60 AS "time", host AS metric,
  avg(usage) AS value
  FROM cpu WHERE ts BETWEEN '2024-01-01T00:00:00Z' AND '2024-01-01T00:05:00.5Z'
  GROUP BY 1, 2 ORDER BY 1, 2""",
    # $__timeEpoch(ts), $__timeFrom(), $__timeTo()
    "time_epoch": """SELECT extract(epoch from ts) as "time", usage FROM cpu
  WHERE ts >= '2024-01-01T00:00:00Z' AND ts <= '2024-01-01T00:01:00Z' ORDER BY 1""",
    # $__unixEpochFilter over a numeric column, to_timestamp for display
    "unix_epoch": """SELECT to_timestamp(1704067200) AS t""",
}

EXPECTED = {
    "version": [(1500,)],
    "timescaledb": [],
    "schemas": [("public",)],
    "tables_of_schema": [("cpu",), ("numbers",)],
    "tables": [("cpu",), ("numbers",)],
    "columns": [("ts", "timestamp without time zone"), ("host", "text"),
                ("usage", "double precision")],
    "time_group": [(1704067200.0, "a", 0.5), (1704067260.0, "a", 0.75),
                   (1704067260.0, "b", 0.25)],
    "time_epoch": [(1704067200.0, 0.5), (1704067260.0, 0.75)],
}


@pytest.fixture
def cpu_server(copra_server):
    with psycopg.connect(copra_server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        c.execute("CREATE TABLE cpu (ts TIMESTAMP(3) TIME INDEX, host STRING PRIMARY KEY, "
                  "usage DOUBLE)")
        c.execute("INSERT INTO cpu VALUES ('2024-01-01 00:00:00', 'a', 0.5), "
                  "('2024-01-01 00:01:00', 'a', 0.75), ('2024-01-01 00:01:30', 'b', 0.25), "
                  "('2024-02-01 00:00:00', 'b', 9)")
    return copra_server


@pytest.mark.parametrize("prepare", [False, True], ids=["simple", "extended"])
def test_grafana_queries(cpu_server, prepare):
    with psycopg.connect(cpu_server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        for name, sql in GRAFANA.items():
            rows = conn.execute(sql, prepare=prepare).fetchall()
            if name == "unix_epoch":
                assert rows[0][0].isoformat().startswith("2024-01-01T00:00:00"), rows
            else:
                assert rows == EXPECTED[name], name


def test_psycopg_type_lookup(cpu_server):
    """psycopg's TypeInfo.fetch: its pg_type query with ::regtype."""
    with psycopg.connect(cpu_server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        info = psycopg.types.TypeInfo.fetch(conn, "int8")
        assert info is not None and info.oid == 20 and info.array_oid == 1016
        info = psycopg.types.TypeInfo.fetch(conn, "text")
        assert info is not None and info.oid == 25


# pgjdbc 42.5's DatabaseMetaData.getPrimaryKeys(null, "public", "cpu"), as
# the driver sends it: set-returning functions in the SELECT list, a
# composite column (KEYS) and field selection from it.
JDBC_PRIMARY_KEYS = (
    "SELECT        result.TABLE_CAT,        result.TABLE_SCHEM,        result.TABLE_NAME,"
    "        result.COLUMN_NAME,        result.KEY_SEQ,        result.PK_NAME FROM      "
    "(SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, "
    "a.attname AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, "
    "ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, "
    "a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON "
    "(ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   "
    "JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class ci ON "
    "(ci.oid = i.indexrelid) WHERE true  AND n.nspname = E'public' AND ct.relname = E'cpu' "
    "AND i.indisprimary  ) result where  result.A_ATTNUM = (result.KEYS).x  "
    "ORDER BY result.table_name, result.pk_name, result.key_seq")


@pytest.mark.parametrize("prepare", [False, True], ids=["simple", "extended"])
def test_jdbc_primary_keys_query(cpu_server, prepare):
    """pgjdbc's getPrimaryKeys SQL through psycopg (runs without Java)."""
    with psycopg.connect(cpu_server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        cur = conn.execute(JDBC_PRIMARY_KEYS, prepare=prepare)
        assert [d.name for d in cur.description] == [
            "table_cat", "table_schem", "table_name", "column_name", "key_seq", "pk_name"]
        assert cur.fetchall() == [(None, "public", "cpu", "host", 1, "cpu_pkey"),
                                  (None, "public", "cpu", "ts", 2, "cpu_pkey")]
        # The building blocks, as PostgreSQL answers them.
        rows = conn.execute("SELECT x, generate_series(1, x) FROM (SELECT 2 AS x) s",
                            prepare=prepare).fetchall()
        assert rows == [(2, 1), (2, 2)]
        rows = conn.execute("SELECT information_schema._pg_expandarray('{5,6}'::int[])",
                            prepare=prepare).fetchall()
        assert rows == [("(5,1)",), ("(6,2)",)]


@pytest.mark.skipif(shutil.which("java") is None or not JDBC_JAR.exists(),
                    reason="needs java and libpostgresql-jdbc-java")
def test_jdbc_connect_and_metadata(cpu_server):
    host, port = cpu_server.pg_addr.rsplit(":", 1)
    r = subprocess.run(["java", "-cp", str(JDBC_JAR), str(HERE / "jdbc" / "JdbcProbe.java"),
                        host, port, "public", "public", "cpu"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "product|PostgreSQL|15" in lines
    assert "schemas|public" in lines
    assert "tables|public|cpu|TABLE" in lines and "tables rows=1" in lines
    assert [l for l in lines if l.startswith("columns")] == [
        "columns|ts|timestamp|93|NO|1", "columns|host|text|12|YES|2",
        "columns|usage|float8|8|YES|3", "columns rows=3"]
    # getPrimaryKeys: its query expands information_schema._pg_expandarray()
    # in the SELECT list (set-returning functions, planner/set_function.h).
    assert [l for l in lines if l.startswith("pk")] == [
        "pk|host|1|cpu_pkey", "pk|ts|2|cpu_pkey", "pk rows=2"]
    assert "types|int8" in lines and "types|timestamp" in lines
    assert "query types|text|float8" in lines
    assert [l for l in lines if l.startswith("query|")] == ["query|a|0.5", "query|a|0.75",
                                                            "query|b|0.25", "query|b|9"]
    assert "tx|4" in lines

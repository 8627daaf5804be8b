"""psql (PostgreSQL 15's client) against `copra serve`'s wire protocol, including
cancel: Ctrl-C (a CancelRequest) and pg_cancel_backend(pid)."""

import os
import signal
import subprocess
import threading
import time

import psycopg
import pytest


def psql(server, *args, input=None, dbname="public", options=None):
    """Runs psql against `server`; returns the CompletedProcess (text)."""
    env = dict(os.environ, PGCONNECT_TIMEOUT="10", PGAPPNAME="copra-e2e")
    env.pop("PGOPTIONS", None)
    if options is not None:
        env["PGOPTIONS"] = options
    env.pop("PGPASSWORD", None)
    cmd = ["psql", "-X", "-h", server.pg_host, "-p", str(server.pg_port), "-U", "copra",
           "-d", dbname, *args]
    return subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=60, env=env,
                          stdin=None if input is not None else subprocess.DEVNULL)


def test_simple_query(copra_server):
    r = psql(copra_server, "-c", "SELECT 1 + 1 AS two, 'x' AS s")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[0].split("|")[0].strip() == "two"
    assert "  2 | x" in r.stdout
    assert "(1 row)" in r.stdout


def test_unaligned_output_of_types(copra_server):
    sql = ("SELECT true AS b, CAST(5 AS SMALLINT) AS i2, 7 AS i8, 1.5 AS f, "
           "TIMESTAMP '2024-01-02 03:04:05.123' AS ts, DATE '2024-02-29' AS d, NULL AS n")
    r = psql(copra_server, "-A", "-t", "-c", sql)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "t|5|7|1.5|2024-01-02 03:04:05.123|2024-02-29|"


def test_several_statements_and_table_round_trip(copra_server):
    script = """
CREATE TABLE cpu (ts TIMESTAMP TIME INDEX, host STRING PRIMARY KEY, usage DOUBLE);
INSERT INTO cpu VALUES ('2024-01-01 00:00:00', 'a', 0.5), ('2024-01-01 00:00:10', 'b', 0.25);
SELECT host, usage FROM cpu ORDER BY host;
"""
    r = psql(copra_server, "-A", input=script)
    assert r.returncode == 0, r.stderr
    assert "CREATE TABLE" in r.stdout
    assert "INSERT 0 2" in r.stdout
    assert "host|usage\na|0.5\nb|0.25\n(2 rows)" in r.stdout
    # Several statements in one -c string: one Query message.
    r = psql(copra_server, "-A", "-t", "-c", "SELECT 1; SELECT count(*) FROM cpu")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["1", "2"]


def test_error_has_position_and_caret(copra_server):
    r = psql(copra_server, "-c", "SELECT 1 FROM no_such_table")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0] == 'ERROR:  table "no_such_table" does not exist'
    assert lines[1] == "LINE 1: SELECT 1 FROM no_such_table"
    # The caret sits under the table name.
    assert lines[2] == " " * len("LINE 1: SELECT 1 FROM ") + "^"


def test_syntax_error_on_second_line(copra_server):
    r = psql(copra_server, "-c", "SELECT 1,\n  2 FORM x")
    assert r.returncode == 1
    assert "ERROR:  syntax error at or near \"FORM\"" in r.stderr
    assert "LINE 2:   2 FORM x" in r.stderr


def test_connection_survives_errors(copra_server):
    script = "SELECT 1 FROM nope;\nSELECT 42 AS answer;\n"
    r = psql(copra_server, "-A", "-t", input=script)
    assert "does not exist" in r.stderr
    assert "42" in r.stdout.split()


def test_transaction_block(copra_server):
    script = "BEGIN;\nSELECT 1;\nCOMMIT;\nSTART TRANSACTION;\nSELECT nope;\nSELECT 2;\nROLLBACK;\nSELECT 3;\n"
    r = psql(copra_server, "-A", "-t", input=script)
    assert "current transaction is aborted" in r.stderr
    # START TRANSACTION reports BEGIN; the failed block refuses SELECT 2.
    assert r.stdout.split() == ["BEGIN", "1", "COMMIT", "BEGIN", "ROLLBACK", "3"]


def test_unknown_database_is_refused(copra_server):
    r = psql(copra_server, "-c", "SELECT 1", dbname="nope")
    assert r.returncode == 2
    assert 'database "nope" does not exist' in r.stderr


def test_empty_query(copra_server):
    r = psql(copra_server, "-c", ";")
    assert r.returncode == 0, r.stderr


def test_meta_commands_dt_dn_l(copra_server):
    r = psql(copra_server, "-c", "CREATE TABLE cpu (ts TIMESTAMP TIME INDEX, host STRING PRIMARY KEY)")
    assert r.returncode == 0, r.stderr
    r = psql(copra_server, "-c", "\\dt")
    assert r.returncode == 0, r.stderr
    assert "List of relations" in r.stdout
    assert [l.split("|") for l in r.stdout.splitlines() if "cpu" in l] == [
        [" public ", " cpu  ", " table ", " copra"]]
    r = psql(copra_server, "-c", "\\dn")
    assert r.returncode == 0, r.stderr
    assert "List of schemas" in r.stdout and " public | copra" in r.stdout
    assert "information_schema" not in r.stdout and "pg_catalog" not in r.stdout
    r = psql(copra_server, "-A", "-c", "\\l")
    assert r.returncode == 0, r.stderr
    assert "public|copra|UTF8|C|C||libc|" in r.stdout


def test_startup_options_become_settings(copra_server):
    r = psql(copra_server, "-A", "-t", "-c", "SHOW batch_size", "-c", "SHOW application_name",
             options="-c batch_size=1000")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["1000", "copra-e2e"]
    r = psql(copra_server, "-c", "SELECT 1", options="-c batch_size=0")
    assert r.returncode == 2
    assert 'FATAL:  invalid value for parameter "batch_size"' in r.stderr


CPU_DDL = ("CREATE TABLE cpu (ts TIMESTAMP(3) TIME INDEX, host STRING PRIMARY KEY, "
           "usage DOUBLE DEFAULT 0, note STRING COMMENT 'free text')")


def test_describe_table(copra_server):
    """psql's \\d t: its ~10 catalog queries (psql 15) answered from pg_catalog."""
    r = psql(copra_server, "-c", CPU_DDL)
    assert r.returncode == 0, r.stderr
    r = psql(copra_server, "-c", "\\d cpu")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].strip() == 'Table "public.cpu"'
    rows = [[c.strip() for c in l.split("|")] for l in lines[3:7]]
    assert rows == [
        ["ts", "timestamp(3) without time zone", "", "not null", ""],
        ["host", "text", "", "", ""],
        ["usage", "double precision", "", "", "0"],
        ["note", "text", "", "", ""],
    ]
    # The table's key: tags, then the time index.
    assert lines[7:9] == ["Indexes:", '    "cpu_pkey" PRIMARY KEY, btree (host, ts)']


def test_describe_table_plus(copra_server):
    psql(copra_server, "-c", CPU_DDL)
    r = psql(copra_server, "-c", "\\d+ cpu")
    assert r.returncode == 0, r.stderr
    header = [c.strip() for c in r.stdout.splitlines()[1].split("|")]
    assert header == ["Column", "Type", "Collation", "Nullable", "Default", "Storage",
                      "Compression", "Stats target", "Description"]
    note = [c.strip() for c in r.stdout.splitlines()[6].split("|")]
    assert note == ["note", "text", "", "", "", "extended", "", "", "free text"]
    assert '"cpu_pkey" PRIMARY KEY, btree (host, ts)' in r.stdout
    assert "Access method: heap" in r.stdout


def test_describe_missing_table(copra_server):
    r = psql(copra_server, "-c", "\\d nope")
    assert r.returncode == 1
    assert r.stderr.strip() == 'Did not find any relation named "nope".'


def test_describe_lists(copra_server):
    psql(copra_server, "-c", CPU_DDL)
    r = psql(copra_server, "-A", "-c", "\\di")
    assert r.returncode == 0, r.stderr
    assert "public|cpu_pkey|index|copra|cpu" in r.stdout.splitlines()
    r = psql(copra_server, "-A", "-c", "\\dv")
    assert r.returncode == 0, r.stderr
    r = psql(copra_server, "-c", "\\df")
    assert r.returncode == 0, r.stderr
    assert "List of functions" in r.stdout and "(0 rows)" in r.stdout
    r = psql(copra_server, "-A", "-c", "\\du")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[2].startswith("copra|Superuser")
    r = psql(copra_server, "-A", "-c", "\\dn+")
    assert r.returncode == 0, r.stderr
    assert "public|copra||" in r.stdout
    r = psql(copra_server, "-A", "-c", "\\dt+")
    assert r.returncode == 0, r.stderr
    assert "public|cpu|table|copra|permanent|heap||" in r.stdout.splitlines()
    r = psql(copra_server, "-A", "-c", "\\l+")
    assert r.returncode == 0, r.stderr
    assert "public|copra|UTF8|C|C||libc|||pg_default|" in r.stdout.splitlines()


def test_expanded_output(copra_server):
    r = psql(copra_server, "-c", "\\x", "-c", "SELECT 1 AS a, 'x' AS b")
    assert r.returncode == 0, r.stderr
    assert "-[ RECORD 1 ]" in r.stdout and "a | 1" in r.stdout and "b | x" in r.stdout


def test_catalog_lookups(copra_server):
    psql(copra_server, "-c", CPU_DDL)
    sql = ("SELECT 'cpu'::regclass::text, c.oid::regclass::text, "
           "pg_get_indexdef(i.indexrelid), pg_get_constraintdef(con.oid) "
           "FROM pg_class c JOIN pg_index i ON i.indrelid = c.oid "
           "JOIN pg_constraint con ON con.conindid = i.indexrelid "
           "WHERE c.oid = 'cpu'::regclass")
    r = psql(copra_server, "-A", "-t", "-c", sql)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ("cpu|cpu|CREATE UNIQUE INDEX cpu_pkey ON public.cpu USING btree "
                                "(host, ts)|PRIMARY KEY (host, ts)")
    r = psql(copra_server, "-c", "SELECT 'nope'::regclass")
    assert r.returncode == 1
    assert 'relation "nope" does not exist' in r.stderr


def long_query_in_psql(server):
    """Starts psql on a query that would run for hours; returns the Popen."""
    env = dict(os.environ, PGCONNECT_TIMEOUT="10", PGAPPNAME="copra-e2e")
    env.pop("PGOPTIONS", None)
    env.pop("PGPASSWORD", None)
    cmd = ["psql", "-X", "-h", server.pg_host, "-p", str(server.pg_port), "-U", "copra",
           "-d", "public", "-c", "SELECT count(*) FROM numbers(1000000000000)"]
    return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_ctrl_c_cancels_the_query(copra_server):
    """psql sends a CancelRequest on SIGINT (Ctrl-C) while a query runs."""
    proc = long_query_in_psql(copra_server)
    try:
        # Until psql has connected and sent its query, SIGINT does nothing
        # visible; send it again until psql gives up.
        for _ in range(60):
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                pass
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "canceling statement due to user request" in err, (out, err)
    r = psql(copra_server, "-A", "-t", "-c", "SELECT 1")
    assert r.stdout.strip() == "1"


def test_pg_cancel_backend_from_psql(copra_server):
    """pg_cancel_backend(pid) in one session cancels another's statement."""
    with psycopg.connect(copra_server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        pid = conn.info.backend_pid
        assert conn.execute("SELECT pg_backend_pid()").fetchone() == (pid,)
        errors = []

        def run():
            try:
                conn.execute("SELECT count(*) FROM numbers(1000000000000)")
            except psycopg.Error as e:
                errors.append(e)

        worker = threading.Thread(target=run)
        worker.start()
        try:
            # true once the statement was running when the cancel came.
            for _ in range(100):
                time.sleep(0.2)
                r = psql(copra_server, "-A", "-t", "-c", f"SELECT pg_cancel_backend({pid})")
                assert r.returncode == 0, r.stderr
                if not worker.is_alive():
                    break
        finally:
            worker.join(timeout=30)
        assert len(errors) == 1 and isinstance(errors[0], psycopg.errors.QueryCanceled), errors
        assert "canceling statement due to user request" in str(errors[0])
        assert conn.execute("SELECT 1").fetchone() == (1,)
    # No session with that id: false.
    r = psql(copra_server, "-A", "-t", "-c", "SELECT pg_cancel_backend(2147483647)")
    assert r.stdout.strip() == "f", r.stderr

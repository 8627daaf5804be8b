"""psycopg 3 (libpq's extended query protocol) against `copra serve`."""

import datetime
import threading
import time

import psycopg
import pytest
from psycopg import errors


@pytest.fixture
def conn(copra_server):
    with psycopg.connect(copra_server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        yield c


def make_table(conn):
    conn.execute("CREATE TABLE cpu (ts TIMESTAMP TIME INDEX, host STRING PRIMARY KEY, "
                 "usage DOUBLE, cores INT)")
    conn.execute("INSERT INTO cpu VALUES ('2024-01-01 00:00:00', 'a', 0.5, 4), "
                 "('2024-01-01 00:00:10', 'b', 0.25, 8), ('2024-01-01 00:00:20', 'c', NULL, 2)")


def test_connect_reports_server_parameters(conn):
    assert conn.info.server_version >= 150000
    assert conn.info.parameter_status("server_encoding") == "UTF8"
    assert conn.info.parameter_status("integer_datetimes") == "on"
    assert "Copra" in conn.info.parameter_status("server_version")
    assert conn.info.backend_pid > 0


def test_parameters_of_several_types(conn):
    make_table(conn)
    rows = conn.execute("SELECT host FROM cpu WHERE usage > %s AND cores <= %s ORDER BY host",
                        (0.1, 8)).fetchall()
    assert rows == [("a",), ("b",)]
    rows = conn.execute("SELECT host FROM cpu WHERE host = %s", ("b",)).fetchall()
    assert rows == [("b",)]
    rows = conn.execute("SELECT host FROM cpu WHERE ts >= %s ORDER BY host",
                        (datetime.datetime(2024, 1, 1, 0, 0, 10),)).fetchall()
    assert rows == [("b",), ("c",)]
    row = conn.execute("SELECT %s::bigint + 1, %s, %s IS NULL, %s",
                       (41, "it's", None, True)).fetchone()
    assert row == (42, "it's", True, True)


def test_insert_with_parameters(conn):
    make_table(conn)
    cur = conn.cursor()
    cur.execute("INSERT INTO cpu VALUES (%s, %s, %s, %s)",
                (datetime.datetime(2024, 1, 2), "d", 0.75, 16))
    assert cur.rowcount == 1
    assert conn.execute("SELECT usage, cores FROM cpu WHERE host = 'd'").fetchone() == (0.75, 16)


def test_binary_results(conn):
    cur = conn.cursor(binary=True)
    cur.execute("SELECT CAST(1 AS SMALLINT), CAST(2 AS INT), CAST(3 AS BIGINT), true, "
                "CAST(1.5 AS FLOAT), 2.25, 'text', DATE '2024-02-29', "
                "TIMESTAMP '2024-01-01 10:00:00.123', CAST(NULL AS BIGINT)")
    assert cur.fetchone() == (1, 2, 3, True, 1.5, 2.25, "text", datetime.date(2024, 2, 29),
                              datetime.datetime(2024, 1, 1, 10, 0, 0, 123000), None)
    # The same through execute(..., binary=True) with a table.
    make_table(conn)
    rows = conn.execute("SELECT ts, host, usage, cores FROM cpu ORDER BY host",
                        binary=True).fetchall()
    assert rows[0] == (datetime.datetime(2024, 1, 1), "a", 0.5, 4)
    assert rows[2][2] is None


def test_text_results_types(conn):
    row = conn.execute("SELECT CAST(5 AS TINYINT), CAST(1.5 AS FLOAT), "
                       "CAST('18446744073709551615' AS BIGINT UNSIGNED), INTERVAL '1 day'").fetchone()
    assert row[0] == 5 and row[1] == 1.5
    assert int(row[2]) == 18446744073709551615
    assert row[3] == datetime.timedelta(days=1)


def test_binary_numeric_for_unsigned(conn):
    row = conn.execute("SELECT CAST('18446744073709551615' AS BIGINT UNSIGNED)",
                       binary=True).fetchone()
    assert int(row[0]) == 18446744073709551615


def test_errors_keep_the_connection_usable(conn):
    with pytest.raises(errors.UndefinedTable) as exc:
        conn.execute("SELECT * FROM nope WHERE x = %s", (1,))
    assert exc.value.sqlstate == "42P01"
    assert exc.value.diag.statement_position == "15"
    with pytest.raises(errors.SyntaxError):
        conn.execute("SELEC 1")
    assert conn.execute("SELECT 7").fetchone() == (7,)


def test_transactions_in_default_mode(copra_server):
    with psycopg.connect(copra_server.pg_dsn(), connect_timeout=10) as c:
        c.execute("SELECT 1")
        assert c.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        with pytest.raises(errors.UndefinedColumn):
            c.execute("SELECT nope")
        assert c.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
        with pytest.raises(errors.InFailedSqlTransaction):
            c.execute("SELECT 1")
        c.rollback()
        assert c.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert c.execute("SELECT 2").fetchone() == (2,)
        c.commit()


def test_server_side_cursor_streams_in_chunks(copra_server):
    with psycopg.connect(copra_server.pg_dsn(), connect_timeout=10) as c:
        with c.cursor(name="big") as cur:
            cur.itersize = 1000
            cur.execute("SELECT number FROM numbers(25000) WHERE number >= %s", (5,))
            assert cur.fetchone() == (5,)
            assert cur.fetchmany(2) == [(6,), (7,)]
            count = 3
            total = 5 + 6 + 7
            for (n,) in cur:
                count += 1
                total += n
            assert count == 24995
            assert total == sum(range(5, 25000))
        c.commit()


def test_server_side_cursor_binary_and_scroll(copra_server):
    with psycopg.connect(copra_server.pg_dsn(), connect_timeout=10) as c:
        with c.cursor(name="bin", binary=True) as cur:
            cur.execute("SELECT number, 'n' || number FROM numbers(10)")
            assert cur.fetchmany(2) == [(0, "n0"), (1, "n1")]
            cur.scroll(3)  # MOVE 3
            assert cur.fetchone() == (5, "n5")
            with pytest.raises(psycopg.errors.FeatureNotSupported):
                cur.scroll(-1)
        c.rollback()


def test_cancel_from_another_thread(conn):
    canceler = threading.Timer(0.5, conn.cancel)
    canceler.start()
    started = time.monotonic()
    with pytest.raises(errors.QueryCanceled) as exc:
        conn.execute("SELECT count(*) FROM numbers(1000000000000)")
    canceler.join()
    assert "canceling statement due to user request" in str(exc.value)
    assert time.monotonic() - started < 30
    assert conn.execute("SELECT 1").fetchone() == (1,)


def test_many_rows_stream(conn):
    cur = conn.execute("SELECT number, number * 2 FROM numbers(200000)")
    n = 0
    for a, b in cur:
        assert b == 2 * a
        n += 1
    assert n == 200000


def test_prepared_statements_are_reused(conn):
    # psycopg prepares a query server-side after it ran prepare_threshold times.
    conn.prepare_threshold = 2
    for i in range(6):
        assert conn.execute("SELECT %s::bigint * 2", (i,)).fetchone() == (2 * i,)
    # psycopg sends DEALLOCATE ALL when it resets its cache of statements.
    conn.pgconn.prepare(b"mine", b"SELECT 1")
    assert conn.pgconn.describe_prepared(b"mine").status == psycopg.pq.ExecStatus.COMMAND_OK
    assert conn.execute("DEALLOCATE ALL").statusmessage == "DEALLOCATE ALL"
    assert conn.pgconn.describe_prepared(b"mine").status == psycopg.pq.ExecStatus.FATAL_ERROR
    with pytest.raises(errors.InvalidSqlStatementName):
        conn.execute("DEALLOCATE nope")


def test_describe_statement_and_portal(conn):
    make_table(conn)
    cur = conn.cursor()
    cur.execute("SELECT host, usage FROM cpu WHERE cores > %s", (1,), prepare=True)
    assert [d.name for d in cur.description] == ["host", "usage"]
    assert [d.type_code for d in cur.description] == [25, 701]
    # PQdescribePrepared: parameters and columns of a named statement.
    pgconn = conn.pgconn
    pgconn.prepare(b"s1", b"SELECT host FROM cpu WHERE cores > $1", [20])
    res = pgconn.describe_prepared(b"s1")
    assert res.nparams == 1 and res.param_type(0) == 20
    assert res.nfields == 1 and res.fname(0) == b"host"


def test_statement_timeout(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[pg]\nstatement_timeout_ms = 300\nmax_connections = 2\n")
    server = start_copra("--config", config)
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        with pytest.raises(errors.QueryCanceled) as exc:
            c.execute("SELECT count(*) FROM numbers(1000000000000)")
        assert "statement timeout" in str(exc.value)
        assert c.execute("SELECT 1").fetchone() == (1,)
        # max_connections = 2: a third concurrent session is refused.
        with psycopg.connect(server.pg_dsn(), connect_timeout=10):
            with pytest.raises(psycopg.OperationalError) as refused:
                psycopg.connect(server.pg_dsn(), connect_timeout=10)
            assert "too many clients" in str(refused.value)
    assert server.stop() == 0, server.log()


def test_idle_timeout_closes_session(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[pg]\nidle_timeout_ms = 300\n")
    server = start_copra("--config", config)
    c = psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10)
    time.sleep(1.0)
    with pytest.raises(psycopg.OperationalError):
        c.execute("SELECT 1")
    c.close()
    assert server.stop() == 0, server.log()


def test_shutdown_with_open_sessions(copra_server):
    c = psycopg.connect(copra_server.pg_dsn(), autocommit=True, connect_timeout=10)
    assert c.execute("SELECT 1").fetchone() == (1,)
    assert copra_server.stop() == 0, copra_server.log()
    with pytest.raises(psycopg.OperationalError):
        c.execute("SELECT 1")
    c.close()


def test_untyped_parameters_are_inferred(conn):
    make_table(conn)
    pgconn = conn.pgconn
    res = pgconn.prepare(b"inf", b"SELECT host FROM cpu WHERE cores > $1 AND ts >= $2 AND host IN ($3)")
    assert res.status == psycopg.pq.ExecStatus.COMMAND_OK
    desc = pgconn.describe_prepared(b"inf")
    assert [desc.param_type(i) for i in range(desc.nparams)] == [23, 1114, 25]
    # Untyped text values are decoded as the inferred types (libpq sends OID 0).
    res = pgconn.exec_params(b"SELECT host FROM cpu WHERE cores > $1 ORDER BY host", [b"3"])
    assert res.status == psycopg.pq.ExecStatus.TUPLES_OK, res.error_message
    assert [res.get_value(i, 0) for i in range(res.ntuples)] == [b"a", b"b"]
    res = pgconn.exec_params(b"SELECT host FROM cpu WHERE cores > $1", [b"x"])
    assert res.status == psycopg.pq.ExecStatus.FATAL_ERROR
    assert res.error_field(psycopg.pq.DiagnosticField.SQLSTATE) == b"22P02"


def test_set_statement_timeout_in_session(conn):
    conn.execute("SET statement_timeout = '200ms'")
    with pytest.raises(errors.QueryCanceled) as exc:
        conn.execute("SELECT count(*) FROM numbers(1000000000000)")
    assert "statement timeout" in str(exc.value)
    conn.execute("SET statement_timeout = 0")
    assert conn.execute("SELECT 1").fetchone() == (1,)
    with pytest.raises(errors.InvalidParameterValue):
        conn.execute("SET statement_timeout = 'soon'")

"""`copra shell`: SQL on a data directory opened in-process."""

import re

from conftest import run_copra


def test_shell_runs_sql_from_stdin(tmp_path):
    r = run_copra("shell", "--data", tmp_path / "data", input="SELECT 1 + 1 AS two;\n",
                  cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "two" in r.stdout
    assert re.search(r"(^|\W)2(\W|$)", r.stdout), r.stdout


def test_shell_syntax_error_is_positioned_and_fails(tmp_path):
    r = run_copra("shell", "--data", tmp_path / "data", "-c", "SELEC 1", cwd=tmp_path)
    assert r.returncode != 0
    out = r.stdout + r.stderr
    assert "error" in out.lower(), out
    # A position: "line 1, column 1" (Status::ToString), "1:1", or a caret.
    assert re.search(r"line 1, column 1|\b1:1\b|\^", out), out


def test_shell_json_format_writes_one_line_per_statement(tmp_path):
    import json

    script = (
        "CREATE TABLE m (ts TIMESTAMP TIME INDEX, host STRING PRIMARY KEY, v DOUBLE);\n"
        "INSERT INTO m VALUES ('2016-01-01 00:00:00', 'a', 1.5), ('2016-01-01 00:00:10', 'a', NULL);\n"
        "SELECT host, max(v) AS top, count(*) AS n FROM m GROUP BY host;\n"
        "SELECT nope FROM m;\n"
        "SELECT ts FROM m ORDER BY ts LIMIT 1;\n"
    )
    r = run_copra("shell", "--data", tmp_path / "data", "--format", "json", "--keep-going",
                  input=script, cwd=tmp_path)
    # --keep-going runs every statement, and the exit code still reports the failure.
    assert r.returncode == 1, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(lines) == 5, r.stdout
    assert lines[0]["tag"] == "CREATE TABLE"
    assert lines[1]["rows_affected"] == 2
    assert [c["name"] for c in lines[2]["columns"]] == ["host", "top", "n"]
    assert lines[2]["rows"] == [["a", 1.5, 2]]
    assert lines[2]["ms"] >= 0
    assert lines[3]["sqlstate"] == "42703" and lines[3]["line"] == 1
    assert lines[4]["rows"] == [["2016-01-01 00:00:00"]]


def test_shell_stops_at_first_error_without_keep_going(tmp_path):
    r = run_copra("shell", "--data", tmp_path / "data", "--format", "csv",
                  input="SELECT 1 AS a, 'x,y' AS b;\nSELECT nope;\nSELECT 2;\n", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == 'a,b\n1,"x,y"\n', r.stdout

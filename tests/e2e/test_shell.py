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

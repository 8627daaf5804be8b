"""Python coprocessor scripts and UDFs through the real binary: they persist
in the data directory and survive a restart; a broken stored script does not
stop startup."""

from conftest import run_copra

SCRIPT = """CREATE SCRIPT normalize AS $$
import math
def normalize0(x):
    if x is None or math.isnan(x):
        return 0
    elif x > 100:
        return 100
    elif x < 0:
        return 0
    else:
        return x
@coprocessor(args=["number"], sql="select number from numbers limit 10", returns=["value"])
def normalize(v) -> vector[i64]:
    return [normalize0(x) for x in v]
$$;
CREATE FUNCTION twice(x bigint) RETURNS bigint LANGUAGE PYTHON AS $$
def twice(x):
    return [v * 2 for v in x]
$$;
"""


def shell(tmp_path, sql):
    return run_copra("shell", "--data", tmp_path / "data", input=sql, cwd=tmp_path)


def test_scripts_and_udfs_survive_a_restart(tmp_path):
    r = shell(tmp_path, SCRIPT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "data" / "scripts" / "public" / "normalize.py").exists()
    assert (tmp_path / "data" / "functions" / "public" / "twice.sql").exists()
    # A new process: everything is loaded from the data directory.
    r = shell(tmp_path, "SELECT sum(value) AS s FROM run_script('normalize');\n"
                        "SELECT twice(21) AS t;\nSHOW SCRIPTS;\n")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "45" in r.stdout, r.stdout
    assert "42" in r.stdout, r.stdout
    assert "normalize" in r.stdout, r.stdout


def test_broken_stored_script_does_not_stop_startup(tmp_path):
    scripts = tmp_path / "data" / "scripts" / "public"
    scripts.mkdir(parents=True)
    (scripts / "broken.py").write_text("import module_that_does_not_exist\n"
                                       "@copr(returns=['a'])\ndef broken():\n    return 1\n")
    r = shell(tmp_path, "SELECT 1 + 1 AS two;\n")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2" in r.stdout
    assert "broken" in r.stderr, r.stderr  # logged
    r = shell(tmp_path, "SELECT * FROM run_script('broken');\n")
    out = r.stdout + r.stderr
    assert "does not compile" in out and "ModuleNotFoundError" in out, out


def test_python_error_is_reported_with_the_script_line(tmp_path):
    r = shell(tmp_path, "CREATE SCRIPT boom AS $$\n@copr(returns=['a'])\ndef boom():\n"
                        "    return 1 / 0\n$$;\nSELECT * FROM run_script('boom');\n")
    out = r.stdout + r.stderr
    assert r.returncode != 0
    assert "ZeroDivisionError" in out, out
    assert 'File "boom.py", line 4, in boom' in out, out

"""The copra binary's command line: version, help, usage errors."""

from conftest import run_copra


def test_version():
    r = run_copra("--version")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "copra 0.1.0"


def test_help_lists_subcommands():
    r = run_copra("--help")
    assert r.returncode == 0, r.stderr
    assert "Usage: copra" in r.stdout
    assert "serve" in r.stdout
    assert "shell" in r.stdout


def test_serve_help_lists_flags():
    r = run_copra("serve", "--help")
    assert r.returncode == 0, r.stderr
    for flag in ("--data", "--config", "--http-addr", "--pg-addr"):
        assert flag in r.stdout


def test_shell_help_lists_flags():
    r = run_copra("shell", "--help")
    assert r.returncode == 0, r.stderr
    assert "--data" in r.stdout
    assert "-c" in r.stdout


def test_no_subcommand_prints_help_and_fails():
    r = run_copra()
    assert r.returncode != 0
    assert "serve" in r.stderr and "shell" in r.stderr


def test_unknown_flag_fails():
    r = run_copra("serve", "--no-such-flag")
    assert r.returncode != 0
    assert "--no-such-flag" in r.stderr

"""`copra serve` refuses to start, with a clear message and a non-zero exit,
when it cannot or must not serve."""

import socket

from conftest import free_port, run_copra


def serve_fails(tmp_path, *args):
    """Runs `copra serve` expecting it to exit at startup; returns stderr."""
    r = run_copra("serve", *args, timeout=30, cwd=tmp_path)
    assert r.returncode != 0, f"copra serve started:\n{r.stderr}"
    return r.stderr


def test_port_taken_by_another_program(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        err = serve_fails(tmp_path, "--data", tmp_path / "d", "--http-addr", f"127.0.0.1:{port}")
    assert f"copra: cannot listen on 127.0.0.1:{port}: address already in use" in err


def test_port_taken_by_another_copra(start_copra, tmp_path):
    first = start_copra()
    err = serve_fails(tmp_path, "--data", tmp_path / "other", "--http-addr", first.http_addr)
    assert f"copra: cannot listen on {first.http_addr}: address already in use" in err
    # The first server is unaffected.
    assert first.get("/health").status_code == 200
    assert first.stop() == 0


def test_data_directory_locked_by_another_server(start_copra, tmp_path):
    first = start_copra()
    err = serve_fails(tmp_path, "--data", first.data_dir,
                      "--http-addr", f"127.0.0.1:{free_port()}")
    assert err.startswith("copra: data directory ")
    assert str(first.data_dir) in err
    assert "in use by another Copra process" in err or "lock" in err.lower()
    assert f"pid {first.proc.pid}" in err  # names the holder
    assert first.get("/health").status_code == 200
    assert first.stop() == 0


def test_non_loopback_http_address_is_refused(tmp_path):
    err = serve_fails(tmp_path, "--data", tmp_path / "d", "--http-addr", "0.0.0.0:4000")
    assert "copra: refusing to listen on 0.0.0.0:4000 without configured users" in err
    assert not (tmp_path / "d").exists()  # refused before touching the data directory


def test_non_loopback_pg_address_is_refused(tmp_path):
    err = serve_fails(tmp_path, "--data", tmp_path / "d",
                      "--http-addr", f"127.0.0.1:{free_port()}", "--pg-addr", "[::]:4003")
    assert "copra: refusing to listen on [::]:4003 without configured users" in err


def test_malformed_http_address(tmp_path):
    err = serve_fails(tmp_path, "--http-addr", "localhost")
    assert 'copra: --http-addr: invalid address "localhost"' in err
    assert "HOST:PORT" in err


def test_malformed_pg_address(tmp_path):
    err = serve_fails(tmp_path, "--pg-addr", "127.0.0.1:99999")
    assert 'copra: --pg-addr: invalid address "127.0.0.1:99999"' in err


def test_bad_log_level(tmp_path):
    err = serve_fails(tmp_path, "--log-level", "loud")
    assert 'copra: --log-level: unknown log level "loud"' in err


def test_pg_port_taken(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        err = serve_fails(tmp_path, "--data", tmp_path / "d", "--http-addr",
                          f"127.0.0.1:{free_port()}", "--pg-addr", f"127.0.0.1:{port}")
    assert f"copra: cannot listen on 127.0.0.1:{port}: address already in use" in err

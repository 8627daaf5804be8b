"""`copra serve --config FILE`: loading, precedence of flags, errors."""

from conftest import free_port, run_copra


def test_config_file_sets_data_dir_and_addresses(start_copra, tmp_path):
    http_addr = f"127.0.0.1:{free_port()}"
    data_dir = tmp_path / "from-config"
    config = tmp_path / "copra.toml"
    config.write_text(
        "# Copra test config\n"
        f'data_dir = "{data_dir}"\n'
        "\n"
        "[http]\n"
        f'addr = "{http_addr}"   # the HTTP API\n'
        "[pg]\n"
        f"addr = '127.0.0.1:{free_port()}'\n"
        "[log]\n"
        'level = "debug"\n'
    )
    server = start_copra("--config", config, data_dir=False, http_addr=http_addr)
    assert server.get("/health").json()["status"] == "ok"
    assert data_dir.is_dir()
    assert "http GET /health -> 200" in server.log()  # log.level = debug took effect
    assert server.stop() == 0, server.log()


def test_flags_override_config_file(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    # The fixture passes --data, --http-addr and --pg-addr, which must win.
    config.write_text('data_dir = "unused"\n[http]\naddr = "127.0.0.1:1"\n')
    server = start_copra("--config", config)
    assert server.get("/health").status_code == 200
    assert not (tmp_path / "unused").exists()
    assert server.stop() == 0, server.log()


def serve_with_config(tmp_path, text):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    r = run_copra("serve", "--config", config, "--data", tmp_path / "d", timeout=30,
                  cwd=tmp_path)
    assert r.returncode != 0, r.stderr
    return r.stderr, str(config)


def test_config_wrong_type_names_file_and_line(tmp_path):
    err, path = serve_with_config(tmp_path, "[http]\naddr = 4000\n")
    assert f"copra: {path}:2: http.addr must be a string in quotes, not an integer" in err


def test_config_syntax_error_names_file_and_line(tmp_path):
    err, path = serve_with_config(tmp_path, '# ok\n[http]\naddr = "127.0.0.1:4000\n')
    assert f"copra: {path}:3: unterminated string" in err


def test_config_unknown_key_names_file_and_line(tmp_path):
    err, path = serve_with_config(tmp_path, 'data_dir = "x"\nhttp_port = 4000\n')
    assert f'copra: {path}:2: unknown key "http_port"' in err
    assert "http.addr" in err  # lists the known keys


def test_config_bad_address_names_file_and_line(tmp_path):
    err, path = serve_with_config(tmp_path, '[pg]\naddr = "somewhere"\n')
    assert f'copra: {path}:2: pg.addr: invalid address "somewhere"' in err


def test_missing_config_file(tmp_path):
    r = run_copra("serve", "--config", tmp_path / "nope.toml", timeout=30, cwd=tmp_path)
    assert r.returncode != 0
    assert f"copra: cannot read config file {tmp_path / 'nope.toml'}" in r.stderr


def test_http_max_body_size(start_copra, tmp_path):
    """A request body over http.max_body_size gets 413 without being read;
    the server keeps answering."""
    import requests

    config = tmp_path / "copra.toml"
    config.write_text("[http]\nmax_body_size = 4096\n")
    server = start_copra("--config", config)
    small = requests.post(server.url + "/v1/sql", data={"sql": "SELECT 1"}, timeout=10)
    assert small.status_code == 200, small.text
    big = requests.post(server.url + "/v1/sql", data={"sql": "SELECT '" + "x" * 10000 + "'"},
                        timeout=10)
    assert big.status_code == 413, big.text
    lines = "".join(f"cpu,host=h{i} v={i} {i}\n" for i in range(1000))
    r = requests.post(server.url + "/v1/influxdb/write", data=lines, timeout=10)
    assert r.status_code == 413, r.text
    assert server.get("/health").json()["status"] == "ok"
    assert server.stop() == 0, server.log()

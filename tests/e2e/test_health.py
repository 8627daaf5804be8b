"""The HTTP API's /health endpoint and its error shape."""

from conftest import run_copra


def test_health(copra_server):
    r = copra_server.get("/health")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    version = run_copra("--version").stdout.split()[1]
    assert r.json() == {"status": "ok", "version": version}


def test_unknown_endpoint_is_a_json_404(copra_server):
    r = copra_server.get("/no/such/endpoint")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_log_says_how_to_connect(copra_server):
    log = copra_server.log()
    assert f"HTTP API listening on {copra_server.url}" in log
    assert f"PostgreSQL wire protocol listening on {copra_server.pg_addr}" in log
    assert f"psql -h {copra_server.pg_host} -p {copra_server.pg_port} -U copra -d public" in log

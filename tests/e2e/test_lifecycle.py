"""Starting and stopping `copra serve`: signals, the data directory lock."""

import signal

import pytest


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_cleanly(start_copra, sig):
    server = start_copra()
    assert server.get("/health").status_code == 200
    code = server.stop(sig)
    assert code == 0, server.log()
    log = server.log()
    assert f"received {sig.name}" in log
    assert "stopped" in log


def test_data_directory_is_created_and_locked(start_copra, tmp_path):
    data_dir = tmp_path / "fresh"
    server = start_copra(data_dir=data_dir)
    assert data_dir.is_dir()
    assert (data_dir / "LOCK").exists()
    assert server.stop() == 0


def test_lock_is_released_on_shutdown(start_copra, tmp_path):
    data_dir = tmp_path / "data"
    first = start_copra(data_dir=data_dir)
    assert first.stop() == 0, first.log()
    second = start_copra(data_dir=data_dir)
    assert second.get("/health").status_code == 200
    assert second.stop() == 0, second.log()


def test_repeated_signal_still_shuts_down_cleanly(start_copra):
    # Supervisors such as make or a container runtime may deliver a signal twice.
    server = start_copra()
    server.proc.send_signal(signal.SIGTERM)
    server.proc.send_signal(signal.SIGTERM)
    code = server.stop(signal.SIGINT)
    assert code == 0, server.log()
    assert "stopped" in server.log()

"""The local Neo4j: real process management, clear failures."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ops.neo4j_server import LocalNeo4j, Neo4jServerError, bolt_answers, java_version
from settings import Settings


def test_the_test_instance_answers_bolt_on_loopback(neo4j_server: LocalNeo4j) -> None:
    status = neo4j_server.status()
    assert status.running
    assert bolt_answers("127.0.0.1", neo4j_server.settings.bolt_port)


def test_starting_a_running_server_is_a_no_op(neo4j_server: LocalNeo4j) -> None:
    pid = neo4j_server.pid()
    assert neo4j_server.start() is False
    assert neo4j_server.pid() == pid


def test_the_server_listens_on_loopback_only_with_auth(neo4j_server: LocalNeo4j) -> None:
    conf = (neo4j_server.instance / "conf" / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "dbms.security.auth_enabled=true" in conf


def test_the_distribution_is_cached(neo4j_server: LocalNeo4j) -> None:
    lib = neo4j_server.ensure_distribution()
    jars = {path.name for path in lib.glob("*.jar")}
    assert f"neo4j-{neo4j_server.settings.neo4j_version}.jar" in jars
    assert any(name.startswith("neo4j-browser-") for name in jars)


def test_the_browser_is_served(neo4j_server: LocalNeo4j) -> None:
    import httpx

    page = httpx.get(neo4j_server.status().browser_url, timeout=10)
    assert page.status_code == 200
    assert "Neo4j Browser" in page.text or "<html" in page.text.lower()


def test_bolt_answers_is_false_on_a_closed_port() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert not bolt_answers("127.0.0.1", port)


def test_missing_java_is_reported_with_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Neo4jServerError, match="apt-get install openjdk-17"):
        java_version()


def test_a_server_that_cannot_start_fails_with_its_log(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        # Something that is not Neo4j holds the Bolt port: Neo4j cannot bind it and exits.
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        settings = Settings(
            neo4j_home=tmp_path,
            neo4j_instance="broken",
            neo4j_password="irrelevant-password",
            neo4j_heap="512m",
            neo4j_pagecache="64m",
            neo4j_uri=f"bolt://127.0.0.1:{blocker.getsockname()[1]}",
            neo4j_http_port=_free_port(),
            neo4j_start_timeout=120,
        )
        server = LocalNeo4j(settings)
        # Share the cached jars instead of downloading them again.
        (tmp_path / "dist").symlink_to(Settings().neo4j_home / "dist", target_is_directory=True)
        try:
            with pytest.raises(Neo4jServerError, match="exited while starting") as failure:
                server.start()
        finally:
            server.stop()
    assert "neo4j.log" in str(failure.value) or "console.log" in str(failure.value)
    assert server.pid() is None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_default_neo4j_password_is_refused() -> None:
    with pytest.raises(ValueError, match="other than the default"):
        Settings(neo4j_password="neo4j")

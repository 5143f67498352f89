"""docker-compose.yml: valid for users with Docker (no engine needed to check it)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from settings import PROJECT_ROOT


def _compose() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


@pytest.mark.skipif(_compose() is None, reason="neither docker compose nor docker-compose here")
def test_compose_file_is_valid() -> None:
    compose = _compose()
    assert compose is not None
    result = subprocess.run(
        [*compose, "-f", str(PROJECT_ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_ROOT,
        env={"NEO4J_PASSWORD": "compose-check-password", "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "neo4j:5.26" in result.stdout
    assert "healthcheck" in result.stdout


def test_the_image_holds_every_package_and_the_queries() -> None:
    """The Dockerfile copies each top-level package (a new one is easy to forget) and cypher/."""
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text("utf-8")
    copied = {line.split()[1] for line in dockerfile.splitlines() if line.startswith("COPY ")}
    packages = {path.parent.name for path in PROJECT_ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages | {"cypher"} <= copied, f"not in the image: {(packages | {'cypher'}) - copied}"

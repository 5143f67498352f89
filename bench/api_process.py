"""`taggraph serve` against the bench instance in a process of its own, so that what a
benchmark measures over HTTP is not slowed by the benchmark's own Python work (one GIL)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx

from settings import Settings

ROOT = Path(__file__).resolve().parent.parent


class ApiProcess:
    """`taggraph serve` against the bench instance, in its own process."""

    def __init__(
        self, settings: Settings, port: int, *, auth: bool = False, command: list[str] | None = None
    ) -> None:
        """Authentication off unless asked for: loopback only, and most benchmarks measure the
        engine; bench.access measures what credentials and visibility cost. `command` replaces
        the installed `taggraph serve` (e.g. to serve this checkout's code)."""
        self.port, self.log = port, Path(f"/tmp/taggraph-bench-api-{port}.log")
        env = os.environ | {
            "TAGGRAPH_AUTH": "true" if auth else "false",
            "TAGGRAPH_NEO4J_URI": settings.neo4j_uri, "TAGGRAPH_NEO4J_INSTANCE": "bench",
            "TAGGRAPH_NEO4J_PASSWORD": settings.password(), "TAGGRAPH_API_PORT": str(port),
            "TAGGRAPH_LOG_LEVEL": "WARNING", "TAGGRAPH_RULE_SWEEP_MINUTES": "0",
        }  # fmt: skip
        with self.log.open("wb") as log:
            command = command or [str(ROOT / ".venv/bin/taggraph"), "serve"]
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
            )
        self.started = time.perf_counter()
        self.url = f"http://127.0.0.1:{port}/graphql"

    def wait_ready(self, timeout: float = 1200) -> float:
        """Seconds from process start until /readyz reports the index ready."""
        while time.perf_counter() - self.started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"API exited:\n{self.log.read_text()[-3000:]}")
            try:
                ready = httpx.get(f"http://127.0.0.1:{self.port}/readyz", timeout=5).json()
                if ready.get("index") == "ready":
                    return time.perf_counter() - self.started
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        raise TimeoutError(f"index not ready after {timeout} s")

    def rss_mib(self) -> float:
        """Resident set size of the process."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        """Terminate the process (and wait for it)."""
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port(start: int) -> int:
    """The first port from `start` that nothing listens on."""
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", start)) != 0:
                return start
        start += 1

"""Operations: obtain Neo4j Community from Maven Central and run it on loopback, without Docker.

Maven Central carries no server archive for Neo4j 5, but it carries every module the archive
is made of. We resolve `org.neo4j:neo4j` (the DBMS), `org.neo4j.app:neo4j-server` (the HTTP
connector that serves Neo4j Browser), `neo4j-command-line` (neo4j-admin) and
`org.neo4j.client:neo4j-browser` with Maven, cache the jars under `.neo4j/dist/<version>/`,
and start `org.neo4j.server.CommunityEntryPoint`, the entry point of the official tarball.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from settings import Settings

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
BROWSER_COMMANDS = "style http://127.0.0.1:{port}/browser/style.grass; guide http://127.0.0.1:{port}/browser/guide.md"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
# The JVM flags the official distribution sets (conf/neo4j.conf, server.jvm.additional).
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)
INSTALL_HINT = {
    "java": "Java 17 or newer is required: `apt-get install openjdk-17-jre-headless`.",
    "mvn": "Maven is required to fetch Neo4j from Maven Central: `apt-get install maven`.",
}


class Neo4jServerError(RuntimeError):
    """The local Neo4j could not be obtained, started or stopped; the message says why."""


@dataclass(frozen=True)
class ServerStatus:
    """What `taggraph neo4j status` reports."""

    running: bool
    pid: int | None
    bolt_uri: str
    browser_url: str
    data_dir: Path
    version: str


class LocalNeo4j:
    """One local Neo4j instance: its jars, its folders, its process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.neo4j_home
        self.dist = self.home / "dist" / settings.neo4j_version
        self.instance = self.home / "instances" / settings.neo4j_instance
        self.pid_file = self.instance / "run" / "neo4j.pid"
        self.console_log = self.instance / "logs" / "console.log"

    # -- distribution -------------------------------------------------------------------

    def ensure_distribution(self) -> Path:
        """Download the Neo4j jars once; later calls find them in the cache and download nothing."""
        lib = self.dist / "lib"
        if (self.dist / "COMPLETE").exists():
            return lib
        java_version()  # fail early and clearly when Java is missing or too old
        mvn = _require("mvn")
        staging = self.dist.with_name(self.dist.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        pom = staging / "pom.xml"
        pom.write_text(resources.files("ops").joinpath("maven/pom.xml").read_text("utf-8"))
        command = [
            mvn, "-B", "-q", "-f", str(pom),
            f"-Dneo4j.version={self.settings.neo4j_version}",
            f"-Dbrowser.version={self.settings.neo4j_browser_version}",
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging / 'lib'}",
            "-DincludeScope=runtime",
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise Neo4jServerError(
                f"Maven could not fetch Neo4j {self.settings.neo4j_version}:\n"
                + (result.stdout + result.stderr)[-3000:]
            )
        (staging / "COMPLETE").write_text(self.settings.neo4j_version)
        shutil.rmtree(self.dist, ignore_errors=True)
        staging.rename(self.dist)
        return lib

    def _java_command(self, main_class: str, *args: str, heap: str | None = None) -> list[str]:
        java = _require("java")
        memory = [f"-Xms{heap}", f"-Xmx{heap}"] if heap else []
        classpath = str(self.dist / "lib" / "*")
        return [java, *memory, *JVM_FLAGS, "-cp", classpath, main_class, *args]

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.instance)
        env["NEO4J_CONF"] = str(self.instance / "conf")
        return env

    def admin(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `neo4j-admin` with these arguments against this instance."""
        self.ensure_distribution()
        command = self._java_command(ADMIN_TOOL, *args, heap="1g")
        return subprocess.run(
            command, env=self._environment(), capture_output=True, text=True, check=False
        )

    # -- configuration ------------------------------------------------------------------

    def write_config(self) -> None:
        """Write conf/neo4j.conf from the settings: loopback only, auth on."""
        s = self.settings
        for folder in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.instance / folder).mkdir(parents=True, exist_ok=True)
        bolt = f"127.0.0.1:{s.bolt_port}"
        http = f"127.0.0.1:{s.neo4j_http_port}"
        lines = [
            "# Written by `taggraph neo4j start` from TagGraph's settings; edits are overwritten.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address={bolt}",
            f"server.bolt.advertised_address={bolt}",
            f"server.http.listen_address={http}",
            f"server.http.advertised_address={http}",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.memory.heap.initial_size={s.neo4j_heap}",
            f"server.memory.heap.max_size={s.neo4j_heap}",
            f"server.memory.pagecache.size={s.neo4j_pagecache}",
            f"server.directories.data={self.instance / 'data'}",
            f"server.directories.logs={self.instance / 'logs'}",
            f"server.directories.run={self.instance / 'run'}",
            f"server.directories.import={self.instance / 'import'}",
            f"server.directories.plugins={self.instance / 'plugins'}",
            # Usage data collection would try to reach the internet.
            "dbms.usage_report.enabled=false",
            # Browser opens the analysts' guide and style the API serves (ops/browser/).
            "browser.remote_content_hostname_whitelist=127.0.0.1,localhost",
            f"browser.post_connect_cmd={BROWSER_COMMANDS.format(port=s.api_port)}",
            "db.tx_log.rotation.retention_policy=2 days 2G",
        ]
        (self.instance / "conf" / "neo4j.conf").write_text("\n".join(lines) + "\n", "utf-8")

    # -- process ------------------------------------------------------------------------

    def pid(self) -> int | None:
        """The pid of the running server, or None when it is not running."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _alive(pid) and self._is_ours(pid) else None

    def _is_ours(self, pid: int) -> bool:
        # A stale pid file may name a pid that the system has since given to another process.
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except FileNotFoundError:
            return True  # no /proc (not Linux): trust the pid file
        return ENTRY_POINT in cmdline and str(self.instance) in cmdline

    def status(self) -> ServerStatus:
        """Whether the server runs and where it answers."""
        pid = self.pid()
        return ServerStatus(
            running=pid is not None and bolt_answers("127.0.0.1", self.settings.bolt_port),
            pid=pid,
            bolt_uri=f"bolt://127.0.0.1:{self.settings.bolt_port}",
            browser_url=f"http://127.0.0.1:{self.settings.neo4j_http_port}/browser/",
            data_dir=self.instance / "data",
            version=self.settings.neo4j_version,
        )

    def start(self) -> bool:
        """Start the server and wait until Bolt answers; False when it was already running."""
        pid = self.pid()
        if pid is not None:
            self._wait_for_bolt(pid)
            return False
        if bolt_answers("127.0.0.1", self.settings.bolt_port):
            raise Neo4jServerError(
                f"Port {self.settings.bolt_port} already answers Bolt, but not from the instance "
                f"in {self.instance}. Stop that server or set TAGGRAPH_NEO4J_URI to another port."
            )
        self.ensure_distribution()
        self.write_config()
        self._set_initial_password()
        self.console_log.parent.mkdir(parents=True, exist_ok=True)
        with self.console_log.open("ab") as log:
            process = subprocess.Popen(
                self._java_command(
                    ENTRY_POINT,
                    f"--home-dir={self.instance}",
                    f"--config-dir={self.instance / 'conf'}",
                    heap=self.settings.neo4j_heap,
                ),
                env=self._environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # outlives the command that started it
            )
        self.pid_file.write_text(str(process.pid))
        self._wait_for_bolt(process.pid)
        return True

    def _set_initial_password(self) -> None:
        if (self.instance / "data" / "dbms" / "auth.ini").exists():
            return
        result = self.admin("dbms", "set-initial-password", self.settings.password())
        if result.returncode != 0:
            raise Neo4jServerError("Could not set the Neo4j password:\n" + result.stderr[-2000:])

    def _wait_for_bolt(self, pid: int) -> None:
        deadline = time.monotonic() + self.settings.neo4j_start_timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                raise Neo4jServerError("Neo4j exited while starting.\n" + self.log_tail())
            if bolt_answers("127.0.0.1", self.settings.bolt_port):
                return
            time.sleep(0.5)
        raise Neo4jServerError(
            f"Neo4j did not answer on Bolt port {self.settings.bolt_port} within "
            f"{self.settings.neo4j_start_timeout:.0f} s.\n" + self.log_tail()
        )

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server (SIGTERM, SIGKILL after `timeout`); False when it was not running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the server's logs, for error messages."""
        parts = []
        for path in (self.console_log, self.instance / "logs" / "neo4j.log"):
            if path.exists():
                text = path.read_text("utf-8", errors="replace").splitlines()[-lines:]
                parts.append(f"--- {path}\n" + "\n".join(text))
        return "\n".join(parts)


def bolt_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when a Bolt server completes the version handshake on host:port."""
    # Magic preamble, then four proposals: Bolt 5.0-5.8, 4.4, none, none.
    handshake = bytes.fromhex("6060b01700080805000004040000000000000000")
    try:
        with socket.create_connection((host, port), timeout=timeout) as conn:
            conn.settimeout(timeout)
            conn.sendall(handshake)
            agreed = conn.recv(4)
    except OSError:
        return False
    return len(agreed) == 4 and agreed != b"\x00\x00\x00\x00"


def java_version() -> int:
    """The major version of the `java` on PATH; raises when it is missing or older than 17."""
    java = _require("java")
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', result.stderr)
    major = int(match.group(1)) if match else 0
    if major < 17:
        raise Neo4jServerError(f"Found Java {major or 'unknown'}; {INSTALL_HINT['java']}")
    return major


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise Neo4jServerError(f"`{tool}` was not found on PATH. {INSTALL_HINT[tool]}")
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited child not yet reaped) is not alive.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, IndexError):
        return True
    return state != "Z"

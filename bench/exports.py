"""Benchmark: exporting 1,000,000 customers (and a segment) over HTTP, as CSV and JSONL.

    flock /tmp/taggraph-bench.lock .venv/bin/python -m bench.exports

Against the 1M bench instance (read only: nothing is written), one `taggraph serve` process
with its index; each export streams through `POST /exports/customers` with the default
columns (tags as paths). Measured: time to the first byte, rows/s over the whole file, and the
API process's resident memory above its idle level (VmRSS sampled every 50 ms).
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from dataclasses import dataclass
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from bench.api_process import ApiProcess, free_port
from bench.load import bench_settings
from bench.machine import describe_machine
from bench.postgres import DEFAULT_TRIPLES
from bench.segments import segment_filter
from ops.neo4j_server import LocalNeo4j

console = Console()
# This checkout's `taggraph serve` (the installed script may be another checkout's).
SERVE = [sys.executable, "-c", "from cli.main import app; app()", "serve"]


@dataclass(frozen=True)
class Measured:
    """One export over HTTP."""

    label: str
    rows: int
    megabytes: float
    first_byte_s: float
    seconds: float
    peak_above_idle_mib: float

    @property
    def rows_per_second(self) -> float:
        """Rows over the whole transfer time."""
        return self.rows / self.seconds if self.seconds else 0.0


class RssSampler:
    """The peak VmRSS of the API process while an export runs."""

    def __init__(self, api: ApiProcess) -> None:
        self.api, self.peak, self._stop = api, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.api.rss_mib())
            time.sleep(0.05)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _export(api: ApiProcess, label: str, body: dict[str, Any], idle: float) -> Measured:
    base = api.url.removesuffix("/graphql")
    rows = size = 0
    first = 0.0
    with RssSampler(api) as sampler, httpx.Client(base_url=base, timeout=None) as http:
        started = time.perf_counter()
        with http.stream("POST", "/exports/customers", json=body) as response:
            response.raise_for_status()
            for chunk in response.iter_raw():
                if not first:
                    first = time.perf_counter() - started
                size += len(chunk)
                rows += chunk.count(b"\n")
        seconds = time.perf_counter() - started
    if body.get("format", "csv") == "csv":
        rows -= 1  # the header (names hold no line breaks in the bench data)
    elif body.get("format") == "xlsx":
        rows = -1  # a zip: rows not counted
    return Measured(label, rows, size / 1e6, first, seconds, sampler.peak - idle)


def _idle_rss(api: ApiProcess) -> float:
    gc.collect()
    samples = []
    for _ in range(10):
        samples.append(api.rss_mib())
        time.sleep(0.2)
    return max(samples)


def main(
    *,
    skip_all: Annotated[bool, typer.Option(help="Only the segment exports.")] = False,
) -> None:
    """Export all customers and a segment as CSV and JSONL; print the table."""
    settings = bench_settings("4g", "8g")
    neo4j = LocalNeo4j(settings)
    started_neo4j = neo4j.start()
    api = ApiProcess(settings, free_port(8400), command=SERVE)
    results: list[Measured] = []
    try:
        console.print(f"index ready after {api.wait_ready():.0f} s")
        idle = _idle_rss(api)
        console.print(f"API idle RSS {idle:,.0f} MiB")
        triple = DEFAULT_TRIPLES[0]
        segment = {"filter": segment_filter(triple)}
        name = f"segment {triple.tag}·{triple.industry}·{triple.region}"
        cases = [(f"{name} CSV", {**segment, "format": "csv"}),
                 (f"{name} JSONL", {**segment, "format": "jsonl"}),
                 (f"{name} XLSX", {**segment, "format": "xlsx"})]  # fmt: skip
        if not skip_all:
            cases += [("all 1M customers CSV", {"format": "csv"}),
                      ("all 1M customers JSONL", {"format": "jsonl"})]  # fmt: skip
        for label, body in cases:
            results.append(_export(api, label, body, idle))
            console.print(results[-1])
    finally:
        api.stop()
        if started_neo4j:
            neo4j.stop()
    table = Table(title="Export over HTTP (default columns, tags as paths)")
    for column in (
        "export",
        "rows",
        "MB",
        "first byte",
        "seconds",
        "rows/s",
        "peak RSS above idle",
    ):
        table.add_column(column)
    for m in results:
        table.add_row(m.label, f"{m.rows:,}", f"{m.megabytes:,.1f}",
                      f"{m.first_byte_s * 1000:,.0f} ms", f"{m.seconds:,.1f}",
                      f"{m.rows_per_second:,.0f}", f"{m.peak_above_idle_mib:,.0f} MiB")  # fmt: skip
    console.print(table)
    console.print(describe_machine(settings))


if __name__ == "__main__":
    typer.run(main)

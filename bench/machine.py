"""What machine a benchmark ran on, for the record in docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from settings import Settings


def describe_machine(settings: Settings) -> str:
    """CPU model, cores, memory, OS, Python and Neo4j version with its memory settings."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown memory"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, {memory}, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; Neo4j Community "
        f"{settings.neo4j_version} (heap {settings.neo4j_heap}, "
        f"page cache {settings.neo4j_pagecache})"
    )

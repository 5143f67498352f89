"""Benchmark: top-20 similar customers on the 1,000,000-customer data set.

    flock /tmp/taggraph-bench.lock .venv/bin/python -m bench.similarity

In one run, for customers sampled across popular and rare tags (by the share of customers
holding each one's rarest tag): the naive Cypher Jaccard an analyst would write, the exact
measure by brute force (every customer scored, vectorized), and the project's fast path
in-process and through the GraphQL API over HTTP (with explanations; `taggraph serve` in a
process of its own). Reports p50/p95 and recall@20 against the exact measure, the index build
time and the API process's memory.
"""

from __future__ import annotations

import asyncio
import random
import resource
import statistics
import time
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from bench.api_process import ApiProcess, free_port
from bench.load import bench_settings
from bench.machine import describe_machine
from graph.database import Database
from graph.viewer import Viewer
from ops.neo4j_server import LocalNeo4j
from services.index_keeper import IndexKeeper
from services.neighbours import Neighbours, tree_weights
from setindex.similarity import Similarity
from settings import Settings

VIEWER = Viewer.full_access("bench")  # similarity over every category

console = Console()
NAIVE_TIMEOUT = 180.0
BANDS = ((0.0, 0.001, "rarest tag < 0.1%"), (0.001, 0.01, "0.1–1%"), (0.01, 0.1, "1–10%"),
         (0.1, 1.0, "≥ 10%"))  # fmt: skip
# The same answer (20 customers, every shared path with its contribution) in the two forms
# the schema offers: path nodes as objects, or a path's keys and names as lists.
QUERIES = {
    "nodes": """query($id: ID!) { similarCustomers(customerId: $id, first: 20) {
  score customer { id } sharedPaths { weight nodes { kind key name } } } }""",
    "compact": """query($id: ID!) { similarCustomers(customerId: $id, first: 20) {
  score customer { id } sharedPaths { weight kind keys names } } }""",
}
NAIVE_CYPHER = """
MATCH (a:Customer {id: $id})-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(n:Tag)
WITH a, collect(DISTINCT n) AS mine
UNWIND mine AS n
MATCH (n)<-[:CHILD_OF*0..]-(:Tag)<-[:TAGGED]-(b:Customer)
WHERE b <> a
WITH a, mine, b, count(DISTINCT n) AS shared
MATCH (b)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(m:Tag)
WITH b, shared, size(mine) AS mineCount, count(DISTINCT m) AS theirs
RETURN b.id AS id, toFloat(shared) / (mineCount + theirs - shared) AS score
ORDER BY score DESC, id LIMIT 20"""


def _rss() -> str:
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"


def _stats(seconds: list[float]) -> tuple[str, str]:
    if not seconds:
        return "–", "–"
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:,.1f}", f"{p95 * 1000:,.1f}"


def _sample(keeper: IndexKeeper, per_band: int) -> list[tuple[str, str]]:
    store = keeper.store
    assert store is not None
    alive = len(store.alive)
    share = [len(bitmap) / alive for bitmap in store.direct]
    rng = random.Random(20261125)
    chosen: list[tuple[str, str]] = []
    for low, high, label in BANDS:
        found = 0
        for _ in range(200_000):
            number = rng.randrange(store.size)
            tags = [n for n in store.direct_rows.get(number).tolist()
                    if store.forest.kinds[n] == "TAG"]  # fmt: skip
            if tags and low <= min(share[n] for n in tags) < high:
                chosen.append((store.ids[number], label))
                found += 1
                if found == per_band:
                    break
    return chosen


async def _run(settings: Settings, per_band: int, naive: int, port: int) -> None:
    api = ApiProcess(settings, free_port(port))  # builds its own index meanwhile
    try:
        await _measure(settings, per_band, naive, api)
    finally:
        api.stop()


async def _measure(settings: Settings, per_band: int, naive: int, api: ApiProcess) -> None:
    db = Database.connect(settings)
    started = time.perf_counter()
    keeper = IndexKeeper(db)
    await keeper.rebuild()
    console.print(f"index (this process) built in {time.perf_counter() - started:.1f} s")
    neighbours = Neighbours(db, keeper, tree_weights(settings))
    started = time.perf_counter()
    neighbours.refresh_snapshot()  # what the API does in the background after its first search
    console.print(f"totals snapshot: {time.perf_counter() - started:.2f} s; max RSS {_rss()}")
    console.print(
        f"API ready {api.wait_ready():.1f} s after its start; RSS {api.rss_mib():,.0f} MiB"
    )
    samples = _sample(keeper, per_band)
    console.print(f"{len(samples)} sample customers")
    similarity: Similarity = neighbours.similarity()
    exact_times, fast_times, recalls = [], [], []
    http_times: dict[str, list[float]] = {form: [] for form in QUERIES}
    per_band_http: dict[str, list[float]] = {}
    exact_answers: dict[str, list[str]] = {}
    store = similarity.store
    with httpx.Client(base_url=api.url.removesuffix("/graphql"), timeout=120) as http:
        # The API takes its own totals snapshot in the background after its first search.
        http.post("/graphql", json={"query": QUERIES["nodes"], "variables": {"id": samples[0][0]}})
        time.sleep(10)
        for customer_id, label in samples:
            profile = similarity.customer_profile(store.positions[customer_id])
            t = time.perf_counter()
            exact = similarity.exact_top(profile, 20)
            exact_times.append(time.perf_counter() - t)
            exact_answers[customer_id] = [store.ids[m.customer] for m in exact]
            t = time.perf_counter()
            neighbours.similar_customers(VIEWER, customer_id, 20)
            fast_times.append(time.perf_counter() - t)
            for form, query in QUERIES.items():
                for _ in range(3):  # no cache: each request searches again
                    t = time.perf_counter()
                    payload = {"query": query, "variables": {"id": customer_id}}
                    response = http.post("/graphql", json=payload)
                    elapsed = time.perf_counter() - t
                    http_times[form].append(elapsed)
                    if form == "nodes":
                        per_band_http.setdefault(label, []).append(elapsed)
            found = [r["customer"]["id"] for r in response.json()["data"]["similarCustomers"]]
            recalls.append(len(set(found) & set(exact_answers[customer_id])) / 20)
            last = (exact_times[-1], fast_times[-1], elapsed)
            console.print(
                f"{customer_id} ({label}): exact / fast / HTTP ms "
                + " / ".join(f"{t * 1000:,.1f}" for t in last)
            )
    naive_times, naive_recalls = [], []
    for customer_id, _ in samples[:: max(1, len(samples) // naive)][:naive]:
        t = time.perf_counter()
        try:
            rows = await asyncio.wait_for(db.read(NAIVE_CYPHER, id=customer_id), NAIVE_TIMEOUT)
        except TimeoutError:
            console.print(f"naive Cypher for {customer_id}: no answer within {NAIVE_TIMEOUT} s")
            naive_times.append(NAIVE_TIMEOUT)
            naive_recalls.append(0.0)
            continue
        naive_times.append(time.perf_counter() - t)
        naive_recalls.append(len({r["id"] for r in rows} & set(exact_answers[customer_id])) / 20)
    console.print(f"API RSS at the end: {api.rss_mib():,.0f} MiB")
    await keeper.stop()
    await db.close()
    table = Table(title=f"top-20 similar customers, {len(samples)} customers, 1M data set")
    for column in ("approach", "p50 ms", "p95 ms", "recall@20", "runs"):
        table.add_column(column, justify="right" if column != "approach" else "left")
    table.add_row("naive Cypher Jaccard (analyst)", *_stats(naive_times),
                  f"{statistics.mean(naive_recalls):.2f}", str(len(naive_times)))  # fmt: skip
    table.add_row("exact brute force (NumPy, all customers)", *_stats(exact_times), "1.00",
                  str(len(exact_times)))  # fmt: skip
    table.add_row("fast path in-process (with explanations)", *_stats(fast_times),
                  f"{statistics.mean(recalls):.2f}", str(len(fast_times)))  # fmt: skip
    for form, times in http_times.items():
        table.add_row(f"fast path via GraphQL over HTTP, paths as {form}", *_stats(times),
                      f"{statistics.mean(recalls):.2f}", str(len(times)))  # fmt: skip
    for label, times in per_band_http.items():
        table.add_row(f"  HTTP (nodes), {label}", *_stats(times), "", str(len(times)))
    console.print(table)
    console.print(f"min recall@20 {min(recalls):.2f}; max RSS {_rss()}")


def main(
    per_band: Annotated[int, typer.Option(help="Sample customers per popularity band.")] = 25,
    naive: Annotated[int, typer.Option(help="Customers for the (slow) naive Cypher.")] = 5,
    port: Annotated[int, typer.Option(help="First API port to try.")] = 28100,
) -> None:
    """Similarity timings and recall on the bench instance."""
    settings = bench_settings("4g", "6g")
    LocalNeo4j(settings).start()
    console.print(describe_machine(settings))
    asyncio.run(_run(settings, per_band, naive, port))


if __name__ == "__main__":
    typer.run(main)

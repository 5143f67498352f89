"""Benchmark: 3-way segments through the API (index beside the graph) vs Cypher vs PostgreSQL.

    flock /tmp/taggraph-bench.lock .venv/bin/python -m bench.segments

On the 1M bench instance that `bench.load` fills: starts `taggraph serve` as a subprocess,
waits until its index is built, then times count, first page of 50 and region-area facets of
the sample triples through GraphQL over HTTP, beside the analyst's Cypher (neo4j driver) and
PostgreSQL 15 + intarray (`bench.postgres`), checking that the answers agree. Freshness: tags
and untags a customer through the API and times until the segment's count changes in the same
process and in a second API process. Prints a table.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Annotated, Any, LiteralString

import httpx
import typer
from rich.console import Console
from rich.table import Table

from bench.api_process import ApiProcess, free_port
from bench.load import bench_settings
from bench.machine import describe_machine
from bench.postgres import DEFAULT_TRIPLES, Answer, PostgresBench, Triple
from graph.database import Database
from ops.neo4j_server import LocalNeo4j

console = Console()
MIN_EMPLOYEES = 500
QUERIES = {
    "count": "query($f: CustomerFilter) { customers(filter: $f, first: 0) { totalCount } }",
    "first_page": "query($f: CustomerFilter) { customers(filter: $f, first: 50) {"
    " edges { node { id name } } } }",
    "area_facets": 'query($f: CustomerFilter) { facets(dimension: REGION, filter: $f, parent: "CN")'
    " { key customers } }",
}
TAG = "mutation($c: [ID!], $t: [ID!]!) { tagCustomers(customerIds: $c, tagIds: $t) { addedCount } }"
UNTAG = "mutation($c: [ID!], $t: [ID!]!) { untagCustomers(customerIds: $c, tagIds: $t) {"
UNTAG += " removedCount } }"
# The straightforward Cypher: one MATCH per tree, then count / page / count per area.
ANALYST: LiteralString = """
MATCH (:Tag {id: $tag})<-[:CHILD_OF*0..]-(:Tag)<-[:TAGGED]-(c:Customer)
MATCH (c)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(:Industry {code: $industry})
MATCH (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(:Region {code: $region})
WHERE c.employees >= $min
"""
CYPHER: dict[str, LiteralString] = {
    "count": ANALYST + "RETURN count(DISTINCT c) AS n",
    "first_page": ANALYST + "WITH DISTINCT c ORDER BY c.id LIMIT 50 RETURN c.id AS id, c.name",
    "area_facets": ANALYST + "WITH DISTINCT c MATCH (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->"
    "(a:Region)-[:CHILD_OF]->(:Region {code: 'CN'})"
    " RETURN a.code AS key, count(*) AS n ORDER BY n DESC, key",
}
# A customer of the rare triple's industry and region outside its tag's subtree, for freshness.
OUTSIDER: LiteralString = """
MATCH (c:Customer)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(:Industry {code: $industry})
MATCH (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(:Region {code: $region})
WHERE c.employees >= $min
  AND NOT EXISTS { (c)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(:Tag {id: $tag}) }
RETURN c.id AS id ORDER BY c.id LIMIT 1"""
TARGETS = {"count": "p95 ≤ 5 ms", "first_page": "p95 ≤ 5 ms", "area_facets": "p95 ≤ 50 ms"}
Samples = dict[str, list[float]]  # query name -> seconds
Calls = dict[str, Callable[[Triple], Any]]


def segment_filter(t: Triple) -> dict[str, Any]:
    """The GraphQL filter of a triple."""
    clauses = [{"hasTag": t.tag}, {"inIndustry": t.industry}, {"inRegion": t.region}]
    return {"and": [*clauses, {"employeesGte": MIN_EMPLOYEES}]}


def gql(client: httpx.Client, url: str, query: str, variables: dict[str, Any]) -> Any:
    """The data of one GraphQL request; raises on errors."""
    body = client.post(url, json={"query": query, "variables": variables}).json()
    if body.get("errors"):
        raise RuntimeError(f"GraphQL errors: {body['errors']}")
    return body["data"]


def ms(samples: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def time_calls(calls: Calls, triples: Sequence[Triple],
               runs: int) -> tuple[Samples, dict[Triple, Answer]]:  # fmt: skip
    """Seconds per call (one warm-up pass first) and the answers of the warm-up pass."""
    samples: Samples = {name: [] for name in calls}
    found: dict[Triple, list[Any]] = {t: [] for t in triples}
    for name, call in calls.items():
        for run in range(runs + 1):
            for t in triples:
                started = time.perf_counter()
                result = call(t)
                if run:
                    samples[name].append(time.perf_counter() - started)
                else:
                    found[t].append(result)
    return samples, {t: (a[0], a[1], a[2]) for t, a in found.items()}


def api_calls(client: httpx.Client, url: str) -> Calls:
    """count, first_page and area_facets through GraphQL, as `Answer` parts."""

    def run(name: str, t: Triple) -> Any:
        return gql(client, url, QUERIES[name], {"f": segment_filter(t)})

    return {
        "count": lambda t: run("count", t)["customers"]["totalCount"],
        "first_page": lambda t: [
            e["node"]["id"] for e in run("first_page", t)["customers"]["edges"]
        ],
        "area_facets": lambda t: [
            (f["key"], f["customers"]) for f in run("area_facets", t)["facets"]
        ],
    }


def cypher_calls(db: Database, loop: asyncio.AbstractEventLoop) -> Calls:
    """The analyst's Cypher through the driver, as `Answer` parts."""

    def run(name: str, t: Triple) -> Any:
        params = {"min": MIN_EMPLOYEES, **t._asdict()}
        return loop.run_until_complete(db.read(CYPHER[name], **params))

    return {
        "count": lambda t: run("count", t)[0]["n"],
        "first_page": lambda t: [row["id"] for row in run("first_page", t)],
        "area_facets": lambda t: [(row["key"], row["n"]) for row in run("area_facets", t)],
    }


def freshness(client: httpx.Client, here: str, there: str, customer: str, t: Triple,
              rounds: int) -> tuple[list[float], list[float], list[float]]:  # fmt: skip
    """Mutation seconds, and seconds after it until the count changes here and there."""

    def count(url: str) -> int:
        return int(
            gql(client, url, QUERIES["count"], {"f": segment_filter(t)})["customers"]["totalCount"]
        )

    before = count(here)
    assert count(there) == before
    mutation_s: list[float] = []
    same: list[float] = []
    other: list[float] = []
    for step in range(rounds + rounds % 2):  # even: the customer ends as it began
        tagging = step % 2 == 0
        started = time.perf_counter()
        done = gql(client, here, TAG if tagging else UNTAG, {"c": [customer], "t": [t.tag]})
        committed = time.perf_counter()
        changed = next(iter(next(iter(done.values())).values()))
        assert changed == 1, (step, done)
        mutation_s.append(committed - started)
        for url, out in ((here, same), (there, other)):
            while True:
                now = count(url)
                if now != before:
                    out.append(time.perf_counter() - committed)
                    break
                if time.perf_counter() - committed > 10:
                    raise TimeoutError(f"count unchanged 10 s after the mutation at {url}")
        before = now
        time.sleep(random.uniform(0.1, 0.4))  # another phase of the other process's poll
    return mutation_s, same, other


def main(
    runs: Annotated[int, typer.Option(help="Runs over the triples, API and PostgreSQL.")] = 50,
    cypher_runs: Annotated[int, typer.Option(help="Runs of the analyst Cypher (slow).")] = 10,
    rounds: Annotated[int, typer.Option(help="Tag/untag rounds of the freshness test.")] = 20,
    port: Annotated[int, typer.Option(help="First API port to try.")] = 28100,
) -> None:
    """Segments through the API beside Cypher and PostgreSQL, and freshness, on 1M customers."""
    settings = bench_settings("4g", "8g")
    neo4j = LocalNeo4j(settings)
    started_neo4j = neo4j.start()
    triples = list(DEFAULT_TRIPLES)
    pg = PostgresBench()
    apis: list[ApiProcess] = []
    loop = asyncio.new_event_loop()
    db = Database.connect(settings)
    try:
        apis.append(ApiProcess(settings, free_port(port)))
        build = apis[0].wait_ready()
        rss = apis[0].rss_mib()
        console.print(f"API 1 ready (index built) {build:.1f} s after start; RSS {rss:,.0f} MiB")
        pg.start()
        info = pg.ensure_loaded()
        console.print(f"PostgreSQL: {info.customers:,} customers, loaded in {info.seconds:.0f} s"
                      f"{' (earlier)' if info.cached else ''}")  # fmt: skip
        with httpx.Client(timeout=60) as client:
            api_s, api_ans = time_calls(api_calls(client, apis[0].url), triples, runs)
        pg_ans = {t: pg.answer(t, MIN_EMPLOYEES) for t in triples}
        pg_t = pg.timings(triples, runs, MIN_EMPLOYEES)
        cy_s, cy_ans = time_calls(cypher_calls(db, loop), triples, cypher_runs)
        check = Table(title=f"Answers, employees ≥ {MIN_EMPLOYEES}")
        for column in ("tag", "industry", "region", "count", "first id", "API = Cypher", "= PG"):
            check.add_column(column)
        for t in triples:
            same_cy, same_pg = api_ans[t] == cy_ans[t], api_ans[t] == pg_ans[t]
            if not same_cy:
                console.print(f"[red]API ≠ Cypher for {t}[/red]: {api_ans[t]} vs {cy_ans[t]}")
            if not same_pg:
                console.print(f"[yellow]API ≠ PostgreSQL for {t}[/yellow]: {pg_ans[t]}")
            count, page, _ = api_ans[t]
            check.add_row(*t, f"{count:,}", page[0] if page else "—", str(same_cy), str(same_pg))
        console.print(check)
        rare = triples[2]
        params = {"min": MIN_EMPLOYEES, **rare._asdict()}
        customer = loop.run_until_complete(db.read(OUTSIDER, **params))[0]["id"]
        apis.append(ApiProcess(settings, free_port(apis[0].port + 1)))
        build2 = apis[1].wait_ready()
        console.print(f"API 2 ready {build2:.1f} s after start; RSS {apis[1].rss_mib():,.0f} MiB")
        with httpx.Client(timeout=60) as client:
            fresh = freshness(client, apis[0].url, apis[1].url, customer, rare, rounds)
        rss_end = [api.rss_mib() for api in apis]
    finally:
        for api in apis:
            api.stop()
        pg.stop()
        loop.run_until_complete(db.close())
        loop.close()
        if started_neo4j:
            neo4j.stop()
    table = Table(title=f"3-way segments on 1M customers ({len(triples)} triples; API and "
                  f"PostgreSQL × {runs} runs, Cypher × {cypher_runs})")  # fmt: skip
    for column in ("query", "API p50", "API p95", "Cypher p50 / p95", "PostgreSQL p50 / p95",
                   "target", "Cypher / API p95", "PG / API p95"):  # fmt: skip
        table.add_column(column, justify="right")
    for name in QUERIES:
        a50, a95 = ms(api_s[name])
        c50, c95 = ms(cy_s[name])
        p50, p95 = pg_t[name].p50_ms, pg_t[name].p95_ms
        table.add_row(name, f"{a50:.2f}", f"{a95:.2f}", f"{c50:,.0f} / {c95:,.0f}",
                      f"{p50:.2f} / {p95:.2f}", TARGETS[name], f"{c95 / a95:,.0f}×",
                      f"{p95 / a95:.1f}×")  # fmt: skip
    mutation, same, other = (ms(s) for s in fresh)
    for label, (f50, _) in (("freshness, same process", same), ("freshness, 2nd process", other)):
        worst = max(fresh[1] if "same" in label else fresh[2]) * 1000
        table.add_row(label, f"{f50:.1f}", f"max {worst:.1f}", "", "", "≤ 1,000 ms", "", "")
    table.add_row("tag/untag mutation", f"{mutation[0]:.1f}", f"{mutation[1]:.1f}", "", "", "",
                  "", "")  # fmt: skip
    console.print(table)
    console.print(
        f"Index build: {build:.1f} s (API 1), {build2:.1f} s (API 2, API 1 idle); RSS after "
        f"build {rss:,.0f} MiB, at the end {rss_end[0]:,.0f} / {rss_end[1]:,.0f} MiB; "
        f"freshness: customer {customer}, tag {rare.tag}"
    )
    console.print(describe_machine(settings))


if __name__ == "__main__":
    typer.run(main)

"""The Neo4j Browser guide for analysts (`:guide http://127.0.0.1:8000/browser/guide.md`): the
graph model, then the saved queries of cypher/analyst/ as runnable blocks with example
parameters, so nothing needs copying by hand. Built from the .cypher files when asked for, in
the Markdown Browser reads (slides apart by `---`, fenced `cypher` blocks runnable)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ANALYST = ROOT.parent.parent / "cypher" / "analyst"
STYLE = ROOT / "style.grass"
PARAMETERS = "// In Neo4j Browser:"

_MODEL = """# TagGraph for analysts

Customers, their tags and the three trees they hang in — tags (in categories), industries
(GB/T 4754) and regions — are nodes; everything else hangs off them.

```cypher
CALL db.schema.visualization()
```

* `(:Customer)-[:TAGGED {since, by, source, note, expiresAt}]->(:Tag)`: what a customer holds
  now, with its provenance; `[:WAS_TAGGED {since, until, …}]` what it held before.
* `(:Tag)-[:CHILD_OF]->(:Tag)`, `(:Tag)-[:IN_CATEGORY]->(:TagCategory)`: the tag trees.
* `(:Customer)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF]->(:Industry)`,
  `(:Customer)-[:LOCATED_IN]->(:Region)-[:CHILD_OF]->(:Region)`.
* `(:Segment)`, `(:TagRule)` name the tags and categories their filters use
  (`[:FILTERS_ON]`); `(:Customer)-[:MEMBER_OF]->(:Segment)` for STATIC segments.
* Plumbing you can leave aside: `(:ChangeNotice)` (how the API's index follows the graph,
  deleted after a day), `(:AuditEntry)`, `(:User)`, `(:ApiKey)`, `(:Department)`.

Tags, assignments and customers added or removed here reach the API's index within a minute
(its drift check); changes through the API or the console within a second. Change customers'
attributes (employees, industry, region) through the API.

The style of this guide's pictures: `:style http://127.0.0.1:{port}/browser/style.grass`.
"""


def guide(api_port: int) -> str:
    """The guide as Markdown, for Browser's `:guide <url>`."""
    return _guide(api_port)


@cache
def _guide(api_port: int) -> str:
    slides = [_MODEL.replace("{port}", str(api_port))]
    slides += [_slide(path) for path in sorted(ANALYST.glob("*.cypher"))]
    return "\n---\n".join(slides)


def style() -> str:
    """The Browser style (GraSS): a colour and a caption per label."""
    return STYLE.read_text(encoding="utf-8")


def _slide(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [line[2:].strip() for line in lines if line.startswith("//")]
    body = "\n".join(line for line in lines if not line.startswith("//")).strip()
    name, _, first = header[0].partition(":")
    described = [first.strip()] + [
        line for line in header[1:] if not line.startswith(("$", "Parameters:", "In Neo4j"))
    ]
    parameters = [
        part.strip() + ";"
        for line in lines
        if line.startswith(PARAMETERS)
        for part in line.removeprefix(PARAMETERS).split(";")
        if part.strip()
    ]
    title = name.replace("_", " ").capitalize()
    block = "\n".join([*parameters, body])
    return f"## {title}\n\n{' '.join(described)}\n\n```cypher\n{block}\n```\n"

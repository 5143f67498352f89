"""Reference data in the graph: complete trees, loaded idempotently."""

from __future__ import annotations

from graph.classification.reference import merge_reference_data
from graph.database import Database


async def test_all_gbt_4754_sections_and_divisions_are_in_the_graph(db: Database) -> None:
    rows = await db.read("MATCH (i:Industry) RETURN i.level AS level, count(*) AS n ORDER BY level")
    assert {row["level"]: row["n"] for row in rows} == {"DIVISION": 97, "SECTION": 20}


async def test_every_division_hangs_under_exactly_one_section(db: Database) -> None:
    rows = await db.read(
        "MATCH (d:Industry {level: 'DIVISION'}) "
        "RETURN d.code AS code, "
        "COUNT { (d)-[:CHILD_OF]->(:Industry {level: 'SECTION'}) } AS parents"
    )
    assert len(rows) == 97
    assert all(row["parents"] == 1 for row in rows)


async def test_china_has_seven_areas_and_thirty_four_provinces(db: Database) -> None:
    rows = await db.read(
        "MATCH (p:Region {level: 'PROVINCE'})-[:CHILD_OF]->(a:Region {level: 'AREA'})"
        "-[:CHILD_OF]->(:Region {code: 'CN'}) "
        "RETURN count(DISTINCT a) AS areas, count(p) AS provinces"
    )
    assert rows[0] == {"areas": 7, "provinces": 34}


async def test_guangzhou_is_in_guangdong_in_south_china(db: Database) -> None:
    rows = await db.read(
        "MATCH path = (:Region {code: '440100'})-[:CHILD_OF*]->(:Region {code: 'CN'}) "
        "RETURN [n IN nodes(path) | n.name] AS names"
    )
    assert rows[0]["names"] == ["广州市", "广东省", "华南", "中国"]


async def test_loading_reference_data_twice_changes_nothing(db: Database) -> None:
    query = (
        "MATCH (n) WHERE n:Industry OR n:Region "
        "RETURN count(n) AS nodes, COUNT { (:Industry|Region)-[:CHILD_OF]->() } AS links"
    )
    before = await db.read(query)
    await merge_reference_data(db)
    assert await db.read(query) == before

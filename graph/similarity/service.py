"""What similarity needs from the graph beyond the index: purchases, and materialized
neighbourhoods for analysts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from graph.cypher import Queries
from graph.database import Database
from graph.similarity.model import Neighbour, ProductRecommendation

query = Queries("similarity")


async def find_products_of_neighbours(
    db: Database, *, customer_id: str, neighbours: Sequence[Neighbour], limit: int
) -> list[ProductRecommendation]:
    """Products the neighbours bought and the customer did not, best supported first."""
    rows = await db.read(
        query("recommend_products"),
        customerId=customer_id,
        neighbours=[{"id": n.id, "score": n.score} for n in neighbours],
        limit=limit,
    )
    return [
        ProductRecommendation(
            id=row["id"],
            name=row["name"],
            line=row["line"],
            tier=row["tier"],
            support=float(row["support"]),
            buyers=int(row["buyers"]),
            backers=tuple(row["backers"]),
            purchases=int(row["purchases"]),
        )
        for row in rows
    ]


async def replace_similar_to(
    db: Database, *, neighbourhoods: dict[str, list[Neighbour]], computed_at: datetime
) -> int:
    """Write each customer's SIMILAR_TO relationships (replacing old ones); returns how many."""
    rows = [
        {
            "id": customer_id,
            "neighbours": [
                {"id": n.id, "score": n.score, "rank": rank}
                for rank, n in enumerate(neighbours, start=1)
            ],
        }
        for customer_id, neighbours in neighbourhoods.items()
    ]
    if not rows:
        return 0
    result = await db.write(query("replace_similar_to"), rows=rows, computedAt=computed_at)
    return int(result[0]["written"]) if result else 0

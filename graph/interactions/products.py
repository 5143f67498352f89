"""Products customers buy: lines in tiers (基础版, 专业版, 旗舰版), linked by PURCHASED."""

from __future__ import annotations

from collections.abc import Iterable

from graph.cypher import Queries
from graph.database import Database
from graph.errors import ErrorCode, FieldError, UserInputError
from graph.interactions.model import Product
from graph.text import clean_text

query = Queries("interactions")
MAX_PRODUCTS_PER_CALL = 1_000


async def merge_products(db: Database, *, products: Iterable[Product]) -> int:
    """Create or update products by id; returns how many were written."""
    items = list(products)
    errors = [
        FieldError(ErrorCode.INVALID_INPUT, "a product needs an id and a name", ("input", str(i)))
        for i, p in enumerate(items)
        if not p.id.strip() or not p.name.strip()
    ]
    if len(items) > MAX_PRODUCTS_PER_CALL:
        errors.append(
            FieldError(
                ErrorCode.TOO_MANY_ITEMS, f"at most {MAX_PRODUCTS_PER_CALL} products per call"
            )
        )
    if errors:
        raise UserInputError(errors)
    rows = await db.write(
        query("merge_products"),
        rows=[
            {"id": p.id.strip(), "name": clean_text(p.name), "line": p.line, "tier": p.tier}
            for p in items
        ],
    )
    return int(rows[0]["merged"]) if rows else 0


async def find_products(db: Database) -> list[Product]:
    """Every product, by line and tier."""
    rows = await db.read(query("find_products"))
    return [
        Product(
            id=row["product"]["id"],
            name=row["product"]["name"],
            line=row["product"].get("line"),
            tier=row["product"].get("tier"),
            purchases=int(row["product"]["purchases"]),
        )
        for row in rows
    ]

"""Write a generated data set as CSV files for `neo4j-admin database import full`."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import refdata
from datagen import Dataset
from graph.text import normalize_name


def write_import_csv(dataset: Dataset, folder: Path) -> list[str]:
    """Write every node and relationship file; returns the --nodes/--relationships arguments."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    args: list[str] = []

    def write(kind: str, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        args.append(f"--{kind}={path}")

    write(
        "nodes", "categories",
        ["id:ID(TagCategory)", "name", "normalizedName", "description", "exclusive:boolean",
         "color", ":LABEL"],
        ([c.id, c.name, normalize_name(c.name), c.description, str(c.exclusive).lower(), c.color,
          "TagCategory"] for c in dataset.categories),
    )  # fmt: skip
    write(
        "nodes", "tags",
        ["id:ID(Tag)", "name", "normalizedName", "color", "description", "status", ":LABEL"],
        ([t.id, t.name, normalize_name(t.name), t.color, t.description, "ACTIVE", "Tag"]
         for t in dataset.tags),
    )  # fmt: skip
    write(
        "relationships", "tag_in_category", [":START_ID(Tag)", ":END_ID(TagCategory)", ":TYPE"],
        ([t.id, t.category_id, "IN_CATEGORY"] for t in dataset.tags),
    )  # fmt: skip
    write(
        "relationships", "tag_child_of", [":START_ID(Tag)", ":END_ID(Tag)", ":TYPE"],
        ([t.id, t.parent_id, "CHILD_OF"] for t in dataset.tags if t.parent_id),
    )  # fmt: skip
    write(
        "nodes", "industries", ["code:ID(Industry)", "name", "level", ":LABEL"],
        ([i.code, i.name, i.level, "Industry"] for i in refdata.industries()),
    )  # fmt: skip
    write(
        "relationships", "industry_child_of", [":START_ID(Industry)", ":END_ID(Industry)", ":TYPE"],
        ([i.code, i.parent_code, "CHILD_OF"] for i in refdata.industries() if i.parent_code),
    )  # fmt: skip
    write(
        "nodes", "regions", ["code:ID(Region)", "name", "nameEn", "level", ":LABEL"],
        ([r.code, r.name, r.name_en, r.level, "Region"] for r in refdata.regions()),
    )  # fmt: skip
    write(
        "relationships", "region_child_of", [":START_ID(Region)", ":END_ID(Region)", ":TYPE"],
        ([r.code, r.parent_code, "CHILD_OF"] for r in refdata.regions() if r.parent_code),
    )  # fmt: skip

    customers = folder / "customers.csv"
    industry = folder / "customer_industry.csv"
    region = folder / "customer_region.csv"
    tagged = folder / "tagged.csv"
    with (
        customers.open("w", newline="", encoding="utf-8") as c_out,
        industry.open("w", newline="", encoding="utf-8") as i_out,
        region.open("w", newline="", encoding="utf-8") as r_out,
        tagged.open("w", newline="", encoding="utf-8") as t_out,
    ):
        c_csv, i_csv, r_csv, t_csv = (csv.writer(f) for f in (c_out, i_out, r_out, t_out))
        c_csv.writerow(["id:ID(Customer)", "name", "kind", "employees:long", "annualRevenue:double",
                        "email", "phone", "createdAt:datetime", "updatedAt:datetime",
                        "lastInteractionAt:datetime", ":LABEL"])  # fmt: skip
        i_csv.writerow([":START_ID(Customer)", ":END_ID(Industry)", ":TYPE"])
        r_csv.writerow([":START_ID(Customer)", ":END_ID(Region)", ":TYPE"])
        t_csv.writerow([":START_ID(Customer)", ":END_ID(Tag)", "since:datetime", "by", "source",
                        ":TYPE"])  # fmt: skip
        for batch in dataset.customers(batch_size=10_000):
            for c in batch:
                created = _iso(c.created_at)
                c_csv.writerow([c.id, c.name, c.kind, c.employees, c.annual_revenue, c.email,
                                c.phone, created, created, _iso(c.last_interaction_at),
                                "Customer"])  # fmt: skip
                if c.industry_code:
                    i_csv.writerow([c.id, c.industry_code, "IN_INDUSTRY"])
                if c.region_code:
                    r_csv.writerow([c.id, c.region_code, "LOCATED_IN"])
                t_csv.writerows([c.id, tag, created, "datagen", "IMPORT", "TAGGED"]
                                for tag in c.tag_ids)  # fmt: skip
    args += [
        f"--nodes={customers}",
        f"--relationships={industry}",
        f"--relationships={region}",
        f"--relationships={tagged}",
    ]
    return args


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()

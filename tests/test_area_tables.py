"""Areas reach each other's data through participation/areas.py, never through each other's tables: no SQL
written in one area names a table of another (webcare once read the consultations table to match posts)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from tortoise.models import Model

from participation.areas import AREAS

ROOT = Path(__file__).resolve().parent.parent


def tables_of(module_name: str) -> set[str]:
    module = importlib.import_module(module_name)
    return {
        value._meta.db_table
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Model)
        and value is not Model
        and value.__module__ == module_name
    }


def sql_naming(source: str, tables: set[str]) -> list[str]:
    pattern = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+\"?(" + "|".join(map(re.escape, tables)) + r")\b", re.I)
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += pattern.findall(node.value)
    return found


def test_no_area_writes_sql_against_another_areas_tables():
    tables = {area.name: tables_of(area.models) for area in AREAS}
    assert "consultations" in tables["consultations"] and "webcare_posts" in tables["webcare"]
    problems = []
    for area in AREAS:
        others = set().union(*(t for name, t in tables.items() if name != area.name))
        for path in sorted((ROOT / "participation" / area.name).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for table in sql_naming(path.read_text(), others):
                problems.append(f"{path.relative_to(ROOT)} names {table}")
    assert problems == []


def test_the_check_finds_sql_naming_a_table():
    assert sql_naming('q = "SELECT id, title FROM consultations WHERE 1"', {"consultations"}) == ["consultations"]
    assert sql_naming('q = "a consultations list"', {"consultations"}) == []

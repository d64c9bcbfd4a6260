"""The domain (participation/) knows nothing of the web: no starlette, jinja2 or server imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "participation"
FORBIDDEN = ("starlette", "jinja2", "server")


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def violations(source: str, filename: str) -> list[str]:
    tree = ast.parse(source, filename=filename)
    return [
        f"{filename}:{line} imports {module}"
        for line, module in imported_modules(tree)
        if module.split(".")[0] in FORBIDDEN
    ]


def test_the_domain_does_not_import_the_web_layer():
    files = sorted(DOMAIN.rglob("*.py"))
    assert len(files) > 10
    problems = [v for path in files for v in violations(path.read_text(), str(path.relative_to(ROOT)))]
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        "import starlette",
        "from starlette.requests import Request",
        "import jinja2.ext as ext",
        "from server import app",
        "from server.web import now",
        "def f():\n    import server.settings",
        "import importlib\nimportlib.import_module('server.app')",
    ],
)
def test_the_check_catches_each_way_of_importing(source):
    assert violations(source, "x.py")


@pytest.mark.parametrize(
    "source", ["import serverless", "from participation import server_time", "from . import server"]
)
def test_the_check_allows_names_that_only_look_alike(source):
    assert violations(source, "x.py") == []


# The areas, in both layers. Only the lists of areas (participation/areas.py, server/app.py) name them; the
# shared modules loop over those lists, and areas reach each other only through accounts (people) and, for
# asking about a text, moderation's rules.
AREAS = ("accounts", "consultations", "cocreation", "moderation", "webcare")
LISTS = {"participation/areas.py", "server/app.py"}


def area_of(path: Path) -> str | None:
    parts = path.relative_to(ROOT).parts
    return parts[1] if len(parts) > 2 and parts[1] in AREAS else None


def areas_imported(path: Path) -> set[str]:
    found = set()
    for _line, module in imported_modules(ast.parse(path.read_text())):
        parts = module.split(".")
        if len(parts) > 1 and parts[0] in ("participation", "server") and parts[1] in AREAS:
            found.add(parts[1])
    return found


def test_shared_modules_do_not_import_areas_and_areas_not_each_other():
    problems = []
    for path in sorted([*DOMAIN.rglob("*.py"), *(ROOT / "server").rglob("*.py")]):
        relative = str(path.relative_to(ROOT))
        if relative in LISTS:
            continue
        own = area_of(path)
        # Everything may know people (accounts); an area may also ask moderation.
        allowed = {"accounts"} | ({own, "moderation"} if own and own != "accounts" else set())
        wrong = areas_imported(path) - allowed
        if wrong:
            problems.append(f"{relative} imports {sorted(wrong)}")
    assert problems == []

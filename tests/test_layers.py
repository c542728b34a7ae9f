"""The house of DESIGN.md §3: each app imports only the apps below it.

core knows no domain; mail, accounts, registry, meetings, development, annual and privacy stand on it
in that order; home, api and demo, on the top floor, put the others together and are imported by none.
"""

import ast
from pathlib import Path

import pytest

LINDRA = Path(__file__).resolve().parents[1] / "lindra"
FLOORS = {
    "core": 0,
    "mail": 1,
    "accounts": 2,
    "registry": 3,
    "meetings": 4,
    "development": 5,
    "annual": 6,
    "privacy": 7,
    "home": 8,
    "api": 8,
    "demo": 8,
}


def imported_apps(path: Path) -> set[tuple[str, int]]:
    """The apps of Lindra a file imports, with the line of each import."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "lindra" and len(parts) > 1 and parts[1] in FLOORS:
                found.add((parts[1], node.lineno))
    return found


def files_of(app: str) -> list[Path]:
    return sorted(p for p in (LINDRA / app).rglob("*.py") if "migrations" not in p.parts)


def test_every_app_has_a_floor():
    apps = {p.name for p in LINDRA.iterdir() if (p / "apps.py").exists()}
    assert apps <= set(FLOORS), f"give {apps - set(FLOORS)} a floor in FLOORS and in DESIGN.md's house"


@pytest.mark.parametrize("app", [app for app in FLOORS if (LINDRA / app).exists()])
def test_an_app_imports_only_the_apps_below_it(app):
    floor = FLOORS[app]
    upward = [
        f"{path.relative_to(LINDRA.parent)}:{line} imports lindra.{other}"
        for path in files_of(app)
        for other, line in sorted(imported_apps(path))
        if other != app and FLOORS[other] >= floor
    ]
    assert not upward, "\n".join(upward)


def test_core_imports_no_domain():
    domains = [
        f"{path.relative_to(LINDRA.parent)}:{line} imports lindra.{other}"
        for path in files_of("core")
        for other, line in sorted(imported_apps(path))
        if other != "core"
    ]
    assert not domains, "\n".join(domains)

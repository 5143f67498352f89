"""The README stays true: its configuration table lists exactly the settings that exist, and
its two commands are what CI runs."""

from __future__ import annotations

import re

from settings import PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text("utf-8")


def test_configuration_table_lists_every_setting_and_no_other() -> None:
    documented = set(re.findall(r"^\| `TAGGRAPH_([A-Z0-9_]+)` \|", README, flags=re.MULTILINE))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_documented_defaults_match_the_code() -> None:
    rows = re.findall(r"^\| `TAGGRAPH_([A-Z0-9_]+)` \| `([^`]*)` \|", README, flags=re.MULTILINE)
    for name, default in rows:
        value = Settings.model_fields[name.lower()].default
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        if name in ("NEO4J_HOME", "IMPORT_SPOOL_DIR"):  # paths below the project
            shown = value.name
        assert shown == default, name


def test_the_two_commands_lead_the_readme_and_ci_runs_the_test_command() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    ci = (PROJECT_ROOT / ".ci" / "run").read_text("utf-8")
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)


def _layout() -> dict[str, list[str]]:
    """The README's layout block: each top-level folder with the entries indented below it."""
    block = README.split("## Layout", 1)[1].split("```", 2)[1]
    entries: dict[str, list[str]] = {}
    current = ""
    for line in block.splitlines():
        if not line.strip():
            continue
        first = line.split()[0]
        if not line.startswith(" ") and first.endswith("/"):
            current = first.rstrip("/")
            entries[current] = []
        elif line.startswith("  ") and not line.startswith("    ") and current:
            # an indented entry line: `name/` (a subpackage) or `a.py b.py …` (modules)
            words = line.split("  ")[1].split() if not first.endswith(".py") else line.split()
            entries[current] += [w for w in words if w.endswith(("/", ".py"))]
    return entries


def test_the_layout_section_names_every_package_and_nothing_that_is_not_there() -> None:
    layout = _layout()
    packages = {p.parent.name for p in PROJECT_ROOT.glob("*/__init__.py")}
    assert packages <= set(layout), f"not in the README's layout: {packages - set(layout)}"
    for top, listed in layout.items():
        assert (PROJECT_ROOT / top).is_dir(), top
        for entry in listed:
            assert (PROJECT_ROOT / top / entry.rstrip("/")).exists(), f"{top}/{entry}"
    for top in ("graph", "api", "services", "setindex"):
        on_disk = {p.parent.name + "/" for p in (PROJECT_ROOT / top).glob("*/__init__.py")}
        on_disk |= {p.name for p in (PROJECT_ROOT / top).glob("*.py") if p.name != "__init__.py"}
        assert on_disk == set(layout[top]), f"{top}: README {set(layout[top]) ^ on_disk}"

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
        if name == "NEO4J_HOME":
            shown = value.name
        assert shown == default, name


def test_the_two_commands_lead_the_readme_and_ci_runs_the_test_command() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    ci = (PROJECT_ROOT / ".ci" / "run").read_text("utf-8")
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)

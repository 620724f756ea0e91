"""The README documents every command and every option, and every option has help text
(after sqlite-utils' documentation tests)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from helpers import ROOT

from wgigbalance.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMAND: Any = typer.main.get_command(app)  # typer's own click Group
COMMANDS = sorted(COMMAND.commands)


def _options(name: str) -> list[str]:
    command = COMMAND.commands[name]
    return sorted(
        opt
        for param in command.params
        if param.param_type_name == "option"
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    )


def test_there_are_commands() -> None:
    assert {"select", "check", "explain", "tradeoffs", "alternatives", "compare", "lottery"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_commands_are_documented(name: str) -> None:
    assert re.search(rf"^##+ .*\b{re.escape(name)}\b", README, re.MULTILINE), (
        f"README.md has no section heading for `wgigbalance {name}`"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_commands_have_help(name: str) -> None:
    assert (COMMAND.commands[name].help or "").strip(), f"{name} has no help text"


@pytest.mark.parametrize(("name", "option"), [(c, o) for c in COMMANDS for o in _options(c)])
def test_options_are_documented_and_have_help(name: str, option: str) -> None:
    command = COMMAND.commands[name]
    param = next(p for p in command.params if option in getattr(p, "opts", []))
    assert (param.help or "").strip(), f"wgigbalance {name} {option} has no help text"
    assert option in README, f"README.md never mentions {option} (wgigbalance {name})"

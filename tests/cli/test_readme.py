"""Every example in the README runs: the Python snippets, and every `$ wgigbalance ...` line,
in a fresh folder with the shipped data (and, for the sortition example, the Flanigan et al.
demo files from ../shared, read from there)."""

from __future__ import annotations

import csv
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
COMMAND_LINES = re.findall(r"^\$ (wgigbalance .+)$", README, re.MULTILINE)
SORTITION = ROOT.parent / "shared" / "instances" / "flanigan2021" / "example_small_20"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A user's folder: the shipped data and constraints, a hand-made roster, and the
    sortition demo files."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "constraints", tmp_path / "constraints")
    with open(ROOT / "data" / "candidates.csv", newline="", encoding="utf-8-sig") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    (tmp_path / "hand_made.csv").write_text("id\n" + "\n".join(ids[:30]) + "\n")
    if SORTITION.exists():
        shutil.copy(SORTITION / "respondents.csv", tmp_path / "respondents.csv")
        shutil.copy(SORTITION / "categories.csv", tmp_path / "categories.csv")
    return tmp_path


def test_there_are_examples() -> None:
    assert PYTHON_BLOCKS and len(COMMAND_LINES) >= 8


@pytest.mark.parametrize("code", PYTHON_BLOCKS)
def test_python_examples_run(code: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    exec(compile(code, "README.md", "exec"), {})


def test_command_examples_run_in_order(folder: Path) -> None:
    """In the README's order, in one folder: later examples use the files earlier ones
    wrote (compare reads what select and alternatives wrote)."""
    commands = [c for line in COMMAND_LINES for c in line.split("&&")]
    if not SORTITION.exists():
        commands = [c for c in commands if "respondents.csv" not in c]
    for command in commands:
        args = shlex.split(command)[1:]  # quoted values, as a shell reads them
        done = subprocess.run(
            [sys.executable, "-m", "wgigbalance.cli", *args, "--time-limit", "60"]
            if "--time-limit" not in args and args[0] not in ("compare", "draw")
            else [sys.executable, "-m", "wgigbalance.cli", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
            env=dict(os.environ, NO_COLOR="1"),
        )
        # 0: a result; 1: the example shows a roster that breaks rules or impossible rules
        assert done.returncode in (0, 1), f"{command}: exit {done.returncode}\n{done.stderr}"
        assert "Traceback" not in done.stderr

"""Terminal output, summary first (issue 14): `wgigbalance select` with no options, on the
shipped data, in a pipe 80 columns wide."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT


def _select(*args: str, columns: int = 80) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "wgigbalance.cli", "select", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, COLUMNS=str(columns), NO_COLOR="1"),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def summary() -> str:
    return _select()


def test_status_comes_first_and_the_whole_output_is_short(summary: str) -> None:
    lines = summary.splitlines()
    assert any(line.startswith("Status: optimal") for line in lines[:5])
    assert any(line.startswith("Size: 30 members") for line in lines[:5])
    assert any(line.startswith("Balance: worst dimension") for line in lines[:5])
    assert len(lines) < 60


def test_80_columns_no_cut_words_no_box_art(summary: str) -> None:
    assert all(len(line) <= 80 for line in summary.splitlines())
    assert "…" not in summary  # nothing cut short
    assert not set("┏━┃│└┡╇") & set(summary)  # a pipe gets no box art
    assert "\x1b[" not in summary  # nor colour


def test_the_roster_names_people_and_only_rules_at_their_limit(summary: str) -> None:
    assert "C0017  Ricardo Mendoza" in summary
    # 80 columns: grouped by region, which then takes no width, so more columns fit whole
    header = next(line for line in summary.splitlines() if line.startswith("id "))
    assert header.split() == ["id", "name", "stakeholder", "gender", "development", "country"]
    assert "African (6)" in [line.rstrip() for line in summary.splitlines()]
    assert "not shown at this width: school, organisation, score" in summary
    assert "Rules at their limit" in summary
    assert "at most 1 per organisation: 30 at the limit of 1" in summary
    assert "more caps hold with room to spare" not in summary  # the full list is --verbose
    assert "region (target: equal" not in summary  # balance tables are --verbose
    assert "Seed 0; CP-SAT" in summary


def test_a_wide_terminal_shows_every_rule_column() -> None:
    wide = _select(columns=220)
    header = next(line for line in wide.splitlines() if line.startswith("id "))
    for column in ("name", "region", "stakeholder", "gender", "country", "organisation"):
        assert column in header
    assert "not shown at this width" not in wide


def test_verbose_adds_the_details() -> None:
    out = _select("--verbose", columns=200)
    assert "region (target: equal; 0 seats out of place)" in out
    assert "more caps hold with room to spare" in out
    assert "stage 'worst dimension'" in out
    assert out.splitlines()[0].startswith("Status: optimal")


def test_replace_keeps_its_details_behind_verbose(tmp_path: Path) -> None:
    group = tmp_path / "group.csv"
    _select("--out", str(group))
    args = ("replace", str(group), "--dropped", "C0017")

    def run(*more: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "wgigbalance.cli", *args, *more],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            env=dict(os.environ, COLUMNS="200", NO_COLOR="1"),
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "region (target: equal" not in run()
    assert "region (target: equal" in run("--verbose")

"""Input handling found by review: delimiters, blank and case-variant values, outputs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from wgigbalance import read_candidates
from wgigbalance.cli import app

runner = CliRunner()


def shipped(repo_root: Path) -> pd.DataFrame:
    return pd.read_csv(repo_root / "data" / "candidates.csv", dtype=str, keep_default_na=False)


def test_semicolon_and_tab_files_are_read(tmp_path: Path, repo_root: Path) -> None:
    frame = shipped(repo_root)
    for sep, name in ((";", "semi.csv"), ("\t", "tab.csv")):
        path = tmp_path / name
        frame.to_csv(path, sep=sep, index=False)
        back = read_candidates(path)
        assert list(back.columns) == list(frame.columns) and len(back) == len(frame)
        out = runner.invoke(app, ["select", "--candidates", str(path), "--format", "json"])
        assert out.exit_code == 0, out.output


def test_blank_and_case_variant_values_are_refused(tmp_path: Path, repo_root: Path) -> None:
    frame = shipped(repo_root)
    blank = frame.copy()
    blank.loc[1, "region"] = ""
    blank.to_csv(tmp_path / "blank.csv", index=False)
    out = runner.invoke(app, ["select", "--candidates", str(tmp_path / "blank.csv")])
    assert out.exit_code == 2 and "line 3, column 'region' is empty" in out.output + out.stderr
    case = frame.copy()
    case.loc[4, "gender"] = case.loc[4, "gender"].upper()
    case.to_csv(tmp_path / "case.csv", index=False)
    out = runner.invoke(app, ["select", "--candidates", str(tmp_path / "case.csv")])
    assert out.exit_code == 2 and "differ only in upper/lower case" in out.output + out.stderr


def test_blank_organisation_is_not_capped(tmp_path: Path, repo_root: Path) -> None:
    frame = shipped(repo_root)
    frame.loc[frame.index[:120], "organisation"] = ""
    frame.to_csv(tmp_path / "orgs.csv", index=False)
    out = runner.invoke(
        app, ["select", "--candidates", str(tmp_path / "orgs.csv"), "--format", "json"]
    )
    assert out.exit_code == 0, out.output


def test_outputs_are_checked_before_solving(tmp_path: Path, repo_root: Path) -> None:
    cand = tmp_path / "cand.csv"
    cand.write_bytes((repo_root / "data" / "candidates.csv").read_bytes())
    out = runner.invoke(app, ["select", "--candidates", str(cand), "--out", str(cand)])
    assert out.exit_code == 2 and "overwrite" in out.output + out.stderr
    assert len(pd.read_csv(cand)) == 360
    plot = tmp_path / "p.png"
    not_a_folder = tmp_path / "cand.csv" / "points"  # a missing folder is created; this can't be
    out = runner.invoke(
        app, ["tradeoffs", "--size", "--plot", str(plot), "--out-dir", str(not_a_folder)]
    )
    assert out.exit_code == 2 and not plot.exists()


def test_large_merit_is_refused(tmp_path: Path, repo_root: Path) -> None:
    frame = shipped(repo_root)
    frame.loc[3, "score"] = "1e18"
    frame.to_csv(tmp_path / "big.csv", index=False)
    out = runner.invoke(app, ["select", "--candidates", str(tmp_path / "big.csv")])
    assert out.exit_code == 2 and "line 5" in out.output + out.stderr


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    old = os.umask(0o022)
    try:
        out = runner.invoke(app, ["select", "--out", str(roster), "--format", "json"])
    finally:
        os.umask(old)
    assert out.exit_code == 0
    assert stat.S_IMODE(roster.stat().st_mode) == 0o644

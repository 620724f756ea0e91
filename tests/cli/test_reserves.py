"""`wgigbalance reserves`, end to end on the shipped data: the list, the simulation beside
the usual practice, every format, per-person and per-group dropout rates, bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

from wgigbalance import read_roster_ids
from wgigbalance.cli import app

runner = CliRunner()


def invoke(*args: object) -> Result:
    return runner.invoke(app, ["reserves", *(str(a) for a in args)])


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reserves") / "group.csv"
    done = runner.invoke(app, ["select", "--out", str(path), "--format", "json"])
    assert done.exit_code == 0, done.stderr
    return path


def test_json_report_and_the_list_file(group: Path, tmp_path: Path) -> None:
    out = tmp_path / "reserves.csv"
    done = invoke(group, "--length", 6, "--runs", 20, "--out", out, "--format", "json")
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    sitting = read_roster_ids(group)
    assert len(report["reserve"]) == 6 and not set(report["reserve"]) & set(sitting)
    assert report["expected_dropouts"] == pytest.approx(0.2 * len(sitting))
    labels = [o["label"] for o in report["outcomes"]]
    assert labels[0].startswith("optimised") and "usual practice" in labels[1]
    assert all(0 <= o["valid_share"] <= 1 and o["runs"] == 20 for o in report["outcomes"])
    written = pd.read_csv(out, dtype=str)
    assert written["id"].tolist() == report["reserve"]
    assert written["reserve_rank"].tolist() == [str(n) for n in range(1, 7)]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "html"])
def test_every_format(group: Path, fmt: str) -> None:
    done = invoke(group, "-r", 4, "--runs", 10, "--format", fmt)
    assert done.exit_code == 0, done.stderr
    if fmt == "csv":
        assert len(pd.read_csv(io.StringIO(done.stdout), dtype=str)) == 4
    else:
        assert "Reserve list of 4" in done.stdout and "usual practice" in done.stdout


def test_dropout_rates_per_person_and_per_group(group: Path, tmp_path: Path) -> None:
    sitting = read_roster_ids(group)
    per_person = tmp_path / "people.csv"
    per_person.write_text(f"id,rate\n{sitting[0]},0.9\n{sitting[1]},10%\n", encoding="utf-8")
    done = invoke(group, "-r", 3, "--runs", 5, "--dropout-rates", per_person, "--format", "json")
    assert done.exit_code == 0, done.stderr
    rates = json.loads(done.stdout)["dropout_rates"]
    assert rates[sitting[0]] == 0.9 and rates[sitting[1]] == pytest.approx(0.1)
    assert rates[sitting[2]] == 0.2
    per_group = tmp_path / "groups.csv"
    per_group.write_text("column,value,rate\nstakeholder,government,0.05\n", encoding="utf-8")
    done = invoke(group, "-r", 3, "--runs", 5, "--dropout-rates", per_group, "--format", "json")
    assert done.exit_code == 0, done.stderr
    assert 0.05 in json.loads(done.stdout)["dropout_rates"].values()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("id,rate\nC9999,0.5\n", "'C9999' is not a member"),
        ("id,rate\n{m},2\n", "between 0 and 1"),
        ("id,rate\n{m},lots\n", "is not a number"),
        ("column,value,rate\nplanet,Mars,0.5\n", "no column 'planet'"),
        ("who,how\na,b\n", "needs the columns"),
    ],
)
def test_bad_rates_are_one_line_and_exit_2(
    group: Path, tmp_path: Path, content: str, says: str
) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text(content.format(m=read_roster_ids(group)[0]), encoding="utf-8")
    done = invoke(group, "--dropout-rates", rates, "--runs", 5)
    assert done.exit_code == 2
    assert says in done.stderr and str(rates) in done.stderr
    assert "Traceback" not in done.stderr


def test_select_gives_a_reserve_list_with_its_roster(tmp_path: Path) -> None:
    """`select --reserves R`: the roster and an ordered reserve list of R people not in it,
    with the simulation beside the usual practice; --reserves-out writes the list."""
    listed = tmp_path / "reserves.csv"
    done = runner.invoke(
        app,
        ["select", "--reserves", "4", "--reserve-runs", "10", "--reserves-out", str(listed),
         "--format", "json"],
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    reserve = report["reserves"]["reserve"]
    assert len(reserve) == 4 and not set(reserve) & set(report["members"])
    assert report["reserves"]["members"] == report["members"]
    labels = [o["label"] for o in report["reserves"]["outcomes"]]
    assert any("usual practice" in label for label in labels)
    written = pd.read_csv(listed, dtype=str)
    assert written["id"].tolist() == reserve and written["reserve_rank"].tolist() == list("1234")
    table = runner.invoke(app, ["select", "--reserves", "3", "--reserve-runs", "5"])
    assert table.exit_code == 0 and "Simulated dropouts" in table.stdout


def test_lottery_gives_a_reserve_list_for_the_drawn_group(tmp_path: Path) -> None:
    from helpers import SMALL_POOL_CSV, SMALL_SPEC_TOML

    pool, spec = tmp_path / "pool.csv", tmp_path / "spec.toml"
    pool.write_text(SMALL_POOL_CSV, encoding="utf-8")
    spec.write_text(SMALL_SPEC_TOML, encoding="utf-8")
    done = runner.invoke(
        app,
        ["lottery", "--candidates", str(pool), "--constraints", str(spec), "--reserves", "2",
         "--reserve-runs", "5", "--format", "json"],
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    reserve = report["reserves"]["reserve"]
    assert len(reserve) == 2 and not set(reserve) & set(report["drawn"])
    assert report["reserves"]["members"] == report["drawn"]

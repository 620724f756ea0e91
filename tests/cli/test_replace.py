"""`wgigbalance replace`, end to end on the shipped data: both modes, every format, two
rounds, a replacement that cannot keep the rules (exit 1, with the reasons) and bad ids
(exit 2)."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

from wgigbalance import check_roster, load_problem, read_roster_ids
from wgigbalance.cli import app

runner = CliRunner()
CANDIDATES = "data/candidates.csv"
CONSTRAINTS = "constraints/wgig2004.toml"


def invoke(*args: object) -> Result:
    return runner.invoke(app, ["replace", *(str(a) for a in args)])


def assert_clean(result: Result) -> None:
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The best WGIG group of the shipped data, as `select --out` writes it."""
    path = tmp_path_factory.mktemp("replace") / "group.csv"
    done = runner.invoke(app, ["select", "--out", str(path), "--format", "json"])
    assert done.exit_code == 0, done.stderr
    return path


def valid_under_the_rules(members: list[str], size: int) -> bool:
    problem, _ = load_problem(CANDIDATES, CONSTRAINTS)
    return check_roster(problem, members).ok and len(members) == size


def test_optimised_replacement_on_the_shipped_data(group: Path, tmp_path: Path) -> None:
    sitting = read_roster_ids(group)
    gone = sitting[:2]
    out = tmp_path / "round1.csv"
    started = time.monotonic()
    done = invoke(group, "--dropped", ",".join(gone), "--out", out, "--format", "json")
    seconds = time.monotonic() - started
    assert done.exit_code == 0, done.stderr
    assert_clean(done)
    report = json.loads(done.stdout)
    assert report["mode"] == "optimised" and report["status"] == "optimal"
    assert report["left"] == gone
    assert report["stayed"] == sitting[2:]
    assert len(report["joined"]) == 2 and not set(report["joined"]) & set(sitting)
    assert set(report["members"]) == set(sitting[2:]) | set(report["joined"])
    assert report["selection"]["constraints"][0]["message"]  # the sentences, as select's
    assert report["provenance"]["rosters"][0]["path"] == str(group)
    assert valid_under_the_rules(report["members"], len(sitting))
    written = read_roster_ids(out)
    assert sorted(written) == sorted(report["members"])
    assert seconds < 30  # about 2 s on the shipped data (README); generous for busy CI


def test_drawn_replacement_reports_everyones_chance(group: Path) -> None:
    sitting = read_roster_ids(group)
    args = (group, "--dropped", sitting[0], "--draw", "--within", "10", "--seed", "7")
    done = invoke(*args, "--format", "json")
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["mode"] == "drawn" and report["lottery"]["proven_fair"]
    chances = report["lottery"]["probabilities"]
    assert not set(chances) & set(sitting)
    assert sum(chances.values()) == pytest.approx(1.0, abs=1e-6)
    (joined,) = report["joined"]
    assert chances[joined] > 0
    assert valid_under_the_rules(report["members"], len(sitting))
    again = json.loads(invoke(*args, "--format", "json").stdout)
    assert again["members"] == report["members"]  # same seed, same draw


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "html"])
def test_every_format(group: Path, fmt: str) -> None:
    sitting = read_roster_ids(group)
    done = invoke(group, "--dropped", f"{sitting[0]},{sitting[1]}", "--format", fmt)
    assert done.exit_code == 0, done.stderr
    assert_clean(done)
    text = done.stdout
    if fmt == "csv":
        members = pd.read_csv(io.StringIO(text), dtype=str)["id"].tolist()
        assert len(members) == len(sitting) and sitting[0] not in members
    else:
        assert "Replacing 2 dropout(s)" in text and "28 stayed, 2 left, 2 joined" in text
        assert sitting[0] in text  # the diff names who left


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_drawn_formats_show_the_chances(group: Path, fmt: str) -> None:
    sitting = read_roster_ids(group)
    done = invoke(group, "--dropped", sitting[0], "--draw", "--within", "0", "--format", fmt)
    assert done.exit_code == 0, done.stderr
    assert "chances of joining" in done.stdout.lower()
    assert "Lottery status" in done.stdout


def test_two_rounds_from_the_command_line(group: Path, tmp_path: Path) -> None:
    sitting = read_roster_ids(group)
    first, second = tmp_path / "round1.csv", tmp_path / "round2.csv"
    done = invoke(group, "--dropped", sitting[0], "--out", first, "--format", "json")
    assert done.exit_code == 0, done.stderr
    (joined,) = json.loads(done.stdout)["joined"]
    gone = tmp_path / "gone.csv"
    gone.write_text(f"id\n{joined}\n", encoding="utf-8")
    done = invoke(
        first, "--dropped-file", gone, "--exclude", sitting[0], "--out", second, "--format", "json"
    )
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["left"] == [joined] and report["also_excluded"] == [sitting[0]]
    members = read_roster_ids(second)
    assert sitting[0] not in members and joined not in members
    assert set(sitting[1:]) <= set(members)
    assert valid_under_the_rules(members, len(sitting))


def test_no_replacement_keeps_the_rules(tmp_path: Path) -> None:
    """The first 30 candidates break several rules; with 29 of them pinned, no single
    replacement can mend that: exit 1, with the explanation."""
    ids = pd.read_csv(CANDIDATES, dtype=str)["id"].tolist()[:30]
    roster = tmp_path / "hand_made.csv"
    roster.write_text("id\n" + "\n".join(ids) + "\n", encoding="utf-8")
    done = invoke(roster, "--dropped", ids[0], "--time-limit", "20")
    assert done.exit_code == 1, done.stderr
    assert_clean(done)
    assert "No replacement keeps every hard rule" in done.stdout
    assert "Why no roster exists" in done.stdout or "Conflict" in done.stdout
    assert "must sit [replace: stays]" in done.stdout  # the rule says where it comes from
    done = invoke(roster, "--dropped", ids[0], "--format", "json", "--time-limit", "20")
    report = json.loads(done.stdout)
    assert report["status"] == "infeasible" and report["explanation"]["feasible"] is False
    assert report["joined"] == [] and report["members"] == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--dropped", "C9999"], "dropout 'C9999' is not on this roster"),
        ([], "who dropped out?"),
        (["--dropped", "{first}", "--exclude", "NOPE"], "excluded id 'NOPE'"),
        (["--dropped", "{first}", "--size", "30", "--spec-size"], "not both"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(group: Path, args: list[str], says: str) -> None:
    first = read_roster_ids(group)[0]
    done = invoke(group, *(a.format(first=first) for a in args))
    assert done.exit_code == 2
    assert_clean(done)
    assert says in done.stderr
    assert str(group) in done.stderr or "replace" in done.stderr or "NOPE" in done.stderr


def test_a_roster_id_not_in_the_candidates_names_the_file(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id\nC0001\nZZ404\n", encoding="utf-8")
    done = invoke(roster, "--dropped", "C0001")
    assert done.exit_code == 2
    assert "ZZ404" in done.stderr and str(roster) in done.stderr


def test_spec_size_lets_the_group_grow_or_shrink_in_range(group: Path) -> None:
    sitting = read_roster_ids(group)
    done = invoke(group, "--dropped", sitting[0], "--spec-size", "--format", "json")
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    assert 30 <= report["size"] <= 40 and sitting[0] not in report["members"]
    done = invoke(group, "--dropped", sitting[0], "--size", "31", "--format", "json")
    assert json.loads(done.stdout)["size"] == 31

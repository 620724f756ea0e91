"""`wgigbalance renew`, end to end on the shipped IGF MAG history: every format, the roster
diff, files written (--out, --history-out), two renewals in a row, a renewal that cannot
keep the rules (exit 1, with the reasons) and bad input (exit 2)."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

from typer.testing import CliRunner, Result

from wgigbalance import check_roster, load_problem, read_roster_ids
from wgigbalance.cli import app
from wgigbalance.io import read_history, read_history_terms

runner = CliRunner()
CANDIDATES = "data/candidates.csv"
CONSTRAINTS = "constraints/igf_mag_renewal.toml"
HISTORY = "data/igf_mag_history.csv"


def invoke(*args: object) -> Result:
    return runner.invoke(app, ["renew", *(str(a) for a in args)])


def assert_clean(result: Result) -> None:
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def test_renew_the_shipped_history(tmp_path: Path) -> None:
    out, history_out = tmp_path / "mag2025.csv", tmp_path / "history.csv"
    started = time.monotonic()
    done = invoke(
        HISTORY,
        "--constraints",
        CONSTRAINTS,
        "--out",
        out,
        "--history-out",
        history_out,
        "--format",
        "json",
    )
    seconds = time.monotonic() - started
    assert done.exit_code == 0, done.stderr
    assert_clean(done)
    report = json.loads(done.stdout)
    cycles = read_history(HISTORY)
    last = cycles[-1][1]
    assert report["status"] == "optimal" and report["cycle"] == "2025"
    members = report["members"]
    assert len(members) == 50
    problem, _ = load_problem(CANDIDATES, CONSTRAINTS)
    assert check_roster(problem, members).ok  # every rule of the file
    assert sorted(report["stayed"] + report["left"]) == sorted(last)
    assert 9 <= len(report["left"]) <= 20 and len(report["stayed"]) >= 25
    for i in members:  # at most three consecutive terms
        run = 1
        for _, sitting in reversed(cycles):
            if i not in sitting:
                break
            run += 1
        assert run <= 3
    assert report["left_by_term_limit"]
    assert not set(report["left_by_term_limit"]) & set(members)
    assert report["selection"]["constraints"][0]["message"]
    assert report["balance_before"] and report["provenance"]["history"]["path"] == HISTORY
    assert sorted(read_roster_ids(out)) == sorted(members)
    assert read_history(history_out) == [*cycles, ("2025", members)]
    assert read_history_terms(history_out) == report["terms"]
    assert seconds < 30  # about 1 s (README); generous for a busy machine


def test_every_format(tmp_path: Path) -> None:
    table = invoke(HISTORY, "--constraints", CONSTRAINTS)
    assert table.exit_code == 0 and "Renewing cycle 2025 from 2024" in table.stdout
    assert "term limit" in table.stdout
    md = invoke(HISTORY, "--constraints", CONSTRAINTS, "--format", "markdown")
    assert md.exit_code == 0 and md.stdout.startswith("# Renewal")
    assert "Balance: last cycle against this one" in md.stdout
    html = invoke(HISTORY, "--constraints", CONSTRAINTS, "--format", "html")
    assert html.exit_code == 0 and "<!DOCTYPE html>" in html.stdout
    csv = invoke(HISTORY, "--constraints", CONSTRAINTS, "--format", "csv")
    assert (
        csv.exit_code == 0 and csv.stdout.startswith("id,") and len(csv.stdout.splitlines()) == 51
    )


def test_compose_then_renew_twice(tmp_path: Path) -> None:
    first = tmp_path / "mag1.csv"
    done = runner.invoke(app, ["select", "--constraints", CONSTRAINTS, "--out", str(first)])
    assert done.exit_code == 0, done.stderr
    h2, h3 = tmp_path / "h2.csv", tmp_path / "h3.csv"
    assert invoke(first, "--constraints", CONSTRAINTS, "--history-out", h2).exit_code == 0
    done = invoke(h2, "--constraints", CONSTRAINTS, "--history-out", h3, "--cycle", "3")
    assert done.exit_code == 0, done.stderr
    cycles = read_history(h3)
    assert [c for c, _ in cycles] == ["1", "2", "3"]
    # rotation: 9 to 20 of 50 leave each cycle
    for (_, before), (_, after) in itertools.pairwise(cycles):
        assert 9 <= len(set(before) - set(after)) <= 20


def test_impossible_renewal_says_why(tmp_path: Path) -> None:
    spec = tmp_path / "spec.toml"
    text = Path(CONSTRAINTS).read_text(encoding="utf-8")
    spec.write_text(text.replace("keep_at_least = 25", "keep_at_least = 45"), encoding="utf-8")
    done = invoke(HISTORY, "--constraints", spec)
    assert done.exit_code == 1
    assert_clean(done)
    assert "renewal.keep_at_least" in done.stdout or "renewal.rotate_out" in done.stdout


def test_bad_input(tmp_path: Path) -> None:
    history = tmp_path / "h.csv"
    history.write_text("cycle,id\n1,NOPE\n")
    done = invoke(history, "--constraints", CONSTRAINTS)
    assert done.exit_code == 2 and "NOPE" in done.stderr
    no_columns = tmp_path / "n.csv"
    no_columns.write_text("year,who\n1,C0001\n")
    done = invoke(no_columns, "--constraints", CONSTRAINTS)
    assert done.exit_code == 2 and "cycle,id" in done.stderr
    done = invoke(HISTORY, "--constraints", CONSTRAINTS, "--cycle", "2024")
    assert done.exit_code == 2 and "already in the history" in done.stderr
    same = tmp_path / "same.csv"
    done = invoke(HISTORY, "--constraints", CONSTRAINTS, "--out", same, "--history-out", same)
    assert done.exit_code == 2
    assert_clean(done)


def test_check_and_explain_accept_the_history(tmp_path: Path) -> None:
    renewed = tmp_path / "mag2025.csv"
    assert invoke(HISTORY, "--constraints", CONSTRAINTS, "--out", renewed).exit_code == 0
    with_history = ("--constraints", CONSTRAINTS, "--history", HISTORY)
    done = runner.invoke(app, ["check", str(renewed), *with_history, "--format", "json"])
    assert done.exit_code == 0, done.stdout
    sources = {c["source"] for c in json.loads(done.stdout)["constraints"]}
    assert {"renewal.rotate_out", "renewal.keep_at_least"} <= sources
    last = tmp_path / "last.csv"
    last.write_text("id\n" + "\n".join(read_history(HISTORY)[-1][1]) + "\n")
    done = runner.invoke(app, ["check", str(last), *with_history, "--format", "json"])
    assert done.exit_code == 1  # the last cycle again: term limits and rotation fail
    failed = {c["source"] for c in json.loads(done.stdout)["failures"]}
    assert {"renewal.max_consecutive_terms", "renewal.rotate_out"} <= failed
    assert runner.invoke(app, ["check", str(last), "--constraints", CONSTRAINTS]).exit_code == 0
    done = runner.invoke(app, ["explain", *with_history, "--format", "json"])
    assert done.exit_code == 0 and "renewal." in done.stdout

"""The exit-code contract (README, "Exit codes"), for every command, and 64-bit seeds.

0 result; 1 proven that none exists; 2 bad input or settings (before any solving);
3 internal error; 4 time limit with no result; 130 Ctrl-C (see test_interrupt.py).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from helpers import ROOT, SMALL_POOL_CSV, SMALL_SPEC_TOML, build_pool
from typer.testing import CliRunner, Result

from wgigbalance import api, cli, lottery, parse_spec
from wgigbalance.cli import ExitCode, app, exit_code
from wgigbalance.settings import MAX_SEED, Status

runner = CliRunner()
CANDIDATES = ROOT / "data" / "candidates.csv"
IMPOSSIBLE = ROOT / "constraints" / "examples" / "impossible.toml"

# A small pool and rule set: every command answers in well under a second.
POOL, SPEC = SMALL_POOL_CSV, SMALL_SPEC_TOML
# Region A needs 3 of at most 8 seats, and the others too: 12 > 8.
NONE = SPEC.replace(
    '[balance.region]\ntarget = "equal"\n',
    '[balance.region]\ntarget = "equal"\neach = { min = 3 }\n',
)


@pytest.fixture
def small(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "pool.csv").write_text(POOL)
    (tmp_path / "spec.toml").write_text(SPEC)
    (tmp_path / "none.toml").write_text(NONE)
    return {
        "pool": tmp_path / "pool.csv",
        "spec": tmp_path / "spec.toml",
        "none": tmp_path / "none.toml",
        "dir": tmp_path,
    }


def run(*args: object) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def clean(result: Result) -> None:
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


# ---------------------------------------------------------------------------------------------
# The one mapping


@pytest.mark.parametrize(
    ("status", "has_result", "code"),
    [
        (Status.OPTIMAL, True, 0),
        (Status.FEASIBLE, True, 0),
        (Status.INFEASIBLE, False, 1),
        (Status.UNKNOWN, False, 4),
        (Status.INTERRUPTED, True, 130),
        (Status.INTERRUPTED, False, 130),
        ("optimal", True, 0),
        ("unknown", False, 4),
    ],
)
def test_exit_code_mapping(status: str, has_result: bool, code: int) -> None:
    assert exit_code(status, has_result) == code
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4, 130, 141]


# ---------------------------------------------------------------------------------------------
# 0 and 1 for real, per command

COMMANDS = {
    "select": ["select"],
    "explain": ["explain"],
    "alternatives": ["alternatives", "-k", "2", "--min-difference", "1"],
    "tradeoffs prices": ["tradeoffs"],
    "tradeoffs --size": ["tradeoffs", "--size"],
    "tradeoffs --between": ["tradeoffs", "--between", "region", "gender"],
    "tradeoffs --merit": ["tradeoffs", "--merit"],
    "lottery": ["lottery"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_result_exits_0_and_proven_none_exits_1(name: str, small: dict[str, Path]) -> None:
    args = COMMANDS[name]
    ok = run(*args, "--candidates", small["pool"], "--constraints", small["spec"])
    assert ok.exit_code == 0, ok.output
    clean(ok)
    none = run(*args, "--candidates", small["pool"], "--constraints", small["none"])
    assert none.exit_code == 1, none.output
    clean(none)


def test_lottery_on_infeasible_rules_exits_1_with_the_explanation(small: dict[str, Path]) -> None:
    """It used to exit 2, as if the input were malformed."""
    for fmt in ("table", "json"):
        out = run(
            "lottery",
            "--candidates",
            small["pool"],
            "--constraints",
            small["none"],
            "--format",
            fmt,
        )
        assert out.exit_code == 1, out.output
        if fmt == "json":
            data = json.loads(out.stdout)
            assert data["status"] == "infeasible" and data["drawn"] is None
            assert data["explanation"]["repair"]
        else:
            assert "no group meets every hard rule" in out.stdout
            assert "the minimums of balance.region add up to 12 seats" in out.stdout


def test_check_exits_0_when_the_roster_holds_1_when_not(small: dict[str, Path]) -> None:
    roster = small["dir"] / "best.csv"
    out = run(
        "select", "--candidates", small["pool"], "--constraints", small["spec"], "--out", roster
    )
    assert out.exit_code == 0
    args = ["--candidates", small["pool"], "--constraints", small["spec"]]
    assert run("check", roster, *args).exit_code == 0
    bad = small["dir"] / "bad.csv"
    bad.write_text("id\nP00\nP04\n")  # too few, and both from org o0/o2... size 2 < 5
    assert run("check", bad, *args).exit_code == 1
    assert run("check", small["dir"] / "missing.csv", *args).exit_code == 2


def test_compare_exits_0_and_2(small: dict[str, Path]) -> None:
    a, b = small["dir"] / "a.csv", small["dir"] / "b.csv"
    a.write_text("id\nP00\nP01\nP02\nP03\nP05\n")
    b.write_text("id\nP01\nP02\nP03\nP05\nP06\n")
    args = ["--candidates", small["pool"], "--constraints", small["spec"]]
    assert run("compare", a, b, *args).exit_code == 0
    assert run("compare", a, *args).exit_code == 2
    assert run("compare", a, small["dir"] / "nope.csv", *args).exit_code == 2


# ---------------------------------------------------------------------------------------------
# 4: the time limit came before any result (the solvers are replaced by their answer)


def _unknown_selection(*_: Any, **__: Any) -> Any:
    from wgigbalance import load_problem, solve_problem

    problem, _ = load_problem(CANDIDATES, ROOT / "constraints" / "wgig2004.toml")
    return replace(solve_problem(problem), status=Status.UNKNOWN, check=None, stages=[])


def test_select_time_limit_without_roster_exits_4(monkeypatch: pytest.MonkeyPatch) -> None:
    """It used to exit 1, like a proven infeasibility."""
    monkeypatch.setattr(api, "select", _unknown_selection)
    out = run("select")
    assert out.exit_code == 4, out.output
    assert "time limit" in out.stderr and "none was proven impossible" in " ".join(
        out.stderr.split()
    )


def test_every_solving_command_maps_unknown_to_4(monkeypatch: pytest.MonkeyPatch) -> None:
    from wgigbalance.results import Alternatives, Explanation, Tradeoffs

    unknown = _unknown_selection()
    problem = unknown.problem
    monkeypatch.setattr(
        api, "explain", lambda *a, **k: Explanation(problem, False, status=Status.UNKNOWN)
    )
    monkeypatch.setattr(api, "tradeoffs", lambda *a, **k: Tradeoffs(problem, unknown))
    monkeypatch.setattr(
        api, "alternatives", lambda *a, **k: Alternatives(problem, [], 3, 10, status=Status.UNKNOWN)
    )

    def no_lottery(*a: Any, **k: Any) -> Any:
        result = lottery(build_pool({"g": list("abab")}), parse_spec({"size": {"exact": 2}}))
        return replace(result, status=Status.UNKNOWN, panels=[], drawn=None)

    monkeypatch.setattr(api, "lottery", no_lottery)
    for args in (
        ["explain"],
        ["tradeoffs"],
        ["tradeoffs", "--size"],
        ["alternatives"],
        ["lottery"],
    ):
        out = run(*args)
        assert out.exit_code == 4, (args, out.output)
        clean(out)


# ---------------------------------------------------------------------------------------------
# 3: a bug, one line that says how to report it


def test_internal_error_exits_3_with_how_to_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "select", broken)
    monkeypatch.setattr(sys, "argv", ["wgigbalance", "select"])
    monkeypatch.delenv("WGIGBALANCE_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 3
    err = " ".join(capsys.readouterr().err.split())
    assert "internal error" in err and "RuntimeError: boom" in err
    assert "WGIGBALANCE_DEBUG=1" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# 2: bad output paths, before any solving


@pytest.mark.parametrize(
    "args",
    [
        ["select", "--out", "{file}/roster.csv"],
        ["lottery", "--out", "{file}/drawn.csv"],
        ["alternatives", "--out-dir", "{file}/alts"],
        ["tradeoffs", "--size", "--out-dir", "{file}/points"],
        ["tradeoffs", "--size", "--plot", "{file}/plot.png"],
        ["select", "--out", "{dir}"],
        ["select", "--out", "{pool}"],
        ["tradeoffs", "--size", "--plot", "{dir}/plot.txt"],
    ],
)
def test_bad_output_paths_exit_2_before_solving(
    args: list[str], small: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: Any, **__: Any) -> Any:
        raise AssertionError("solved before checking the output paths")

    for name in ("select", "lottery", "alternatives", "tradeoffs"):
        monkeypatch.setattr(api, name, never)
    blocker = small["dir"] / "blocker.txt"
    blocker.write_text("a file, not a folder")
    values = {"file": str(blocker), "dir": str(small["dir"]), "pool": str(small["pool"])}
    argv = [a.format(**values) for a in args]
    out = run(*argv, "--candidates", small["pool"], "--constraints", small["spec"])
    assert out.exit_code == 2, out.output
    clean(out)
    assert out.stderr.startswith("error: ") and out.stdout == ""


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs a read-only folder")
def test_unwritable_folder_exits_2_even_as_root(small: dict[str, Path]) -> None:
    """/proc refuses new files to everyone: the check tries a file, not the permission bits."""
    out = run(
        "select", "--candidates", small["pool"], "--constraints", small["spec"],
        "--out", "/proc/wgigbalance-test/roster.csv",
    )  # fmt: skip
    assert out.exit_code == 2, out.output
    assert "cannot" in out.stderr


def test_missing_output_folders_are_created(small: dict[str, Path]) -> None:
    args = ["--candidates", small["pool"], "--constraints", small["spec"]]
    out_dir = small["dir"] / "a" / "b"
    done = run("alternatives", "-k", "2", "--min-difference", "1", "--out-dir", out_dir, *args)
    assert done.exit_code == 0, done.output
    assert (out_dir / "roster_1.csv").exists()
    plot = small["dir"] / "c" / "plot.svg"
    done = run("tradeoffs", "--size", "--plot", plot, *args)
    assert done.exit_code == 0, done.output
    assert plot.exists()


# ---------------------------------------------------------------------------------------------
# 64-bit seeds

SEEDED = {
    "select": ["select"],
    "check": ["check", "{roster}"],
    "explain": ["explain"],
    "alternatives": ["alternatives", "-k", "2", "--min-difference", "1"],
    "tradeoffs": ["tradeoffs", "--between", "region", "gender"],
    "lottery": ["lottery"],
}


@pytest.mark.parametrize("name", list(SEEDED))
def test_any_64_bit_seed_works_and_repeats(name: str, small: dict[str, Path]) -> None:
    roster = small["dir"] / "r.csv"
    roster.write_text("id\nP00\nP01\nP02\nP03\nP05\n")
    argv = [a.format(roster=roster) for a in SEEDED[name]]
    args = [
        *argv,
        "--candidates",
        small["pool"],
        "--constraints",
        small["spec"],
        "--format",
        "json",
    ]
    outputs = []
    for seed in (2**31, 2**32 + 5, MAX_SEED, MAX_SEED):
        out = run(*args, "--seed", seed)
        assert out.exit_code in (0, 1), (seed, out.output)  # check: the roster may fail
        clean(out)
        outputs.append(_without_timings(json.loads(out.stdout)))
    assert outputs[2] == outputs[3]  # same seed, same output
    refused = run(*args, "--seed", MAX_SEED + 1)
    assert refused.exit_code == 2
    clean(refused)
    assert "--seed" in refused.stderr and "Traceback" not in refused.stderr


def _without_timings(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_timings(v) for k, v in data.items() if k not in ("seconds",)}
    if isinstance(data, list):
        return [_without_timings(v) for v in data]
    return data


def test_big_seed_on_the_shipped_data_gives_the_same_roster_twice() -> None:
    """A seed of 2^31 or more used to crash with an internal error."""
    first = run("select", "--seed", 2**40, "--format", "json")
    second = run("select", "--seed", 2**40, "--format", "json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["members"] == json.loads(second.stdout)["members"]


# ---------------------------------------------------------------------------------------------
# lottery: honest status, no name column, --panels, footer


def test_time_limited_lottery_says_not_proven_fair(tmp_path: Path) -> None:
    """The shipped data's leximin lottery takes minutes: stopped after a few seconds, it
    still has a valid distribution (exit 0), but says plainly that it is not proven fair."""
    out = run("lottery", "--time-limit", "2", "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["status"] == "feasible" and data["proven_fair"] is False
    assert data["drawn"]
    table = run("lottery", "--time-limit", "2")
    assert table.exit_code == 0
    text = " ".join(table.stdout.split())
    assert "NOT proven fair" in text
    assert "from the fair distribution" not in text
    assert "time limit 2 s" in text  # the footer shows the lottery's own settings
    assert "0 candidate types from 0 candidates" not in text


def test_lottery_table_without_a_name_column(tmp_path: Path) -> None:
    """The README's sortition example: a people file without a name column."""
    people = tmp_path / "people.csv"
    people.write_text(
        "gender,age\n"
        + "".join(f"{'mf'[i % 2]},{['young', 'old'][(i // 2) % 2]}\n" for i in range(30))
    )
    categories = tmp_path / "categories.csv"
    categories.write_text(
        "feature,value,min,max\ngender,m,2,3\ngender,f,2,3\nage,young,2,3\nage,old,2,3\n"
    )
    for fmt in ("table", "markdown", "json"):
        out = run(
            "lottery", "--candidates", people, "--constraints", categories, "--size", "5",
            "--format", fmt, "--panels", "7",
        )  # fmt: skip
        assert out.exit_code == 0, out.output
        clean(out)
    assert "probability" in out.stdout


def test_panels_draws_one_of_the_listed_panels() -> None:
    pool = build_pool(
        {
            "region": ["NSEW"[i % 4] for i in range(24)],
            "gender": ["wm"[(i * 7 // 5) % 2] for i in range(24)],
        }
    )
    spec = parse_spec(
        {
            "size": {"exact": 6},
            "balance": {
                "region": {"target": "equal", "each": {"min": 1}},
                "gender": {"target": "equal", "each": {"min": 2}},
            },
        }
    )
    picks = []
    for seed in range(40):
        result = lottery(pool, spec, seed=seed, panels=5)
        assert result.rounded is not None and len(result.rounded) == 5
        assert result.drawn is not None
        listed = [sorted(result.problem.ids[r] for r in group) for group in result.rounded]
        drawn = sorted(result.drawn.members)
        assert drawn in listed
        picks.append(listed.index(drawn))
        assert result.drawn.settings.seed == seed
    assert len(set(picks)) >= 3  # the seed chooses among them
    again = lottery(pool, spec, seed=7, panels=5)
    first = lottery(pool, spec, seed=7, panels=5)
    assert again.drawn is not None and first.drawn is not None
    assert again.drawn.members == first.drawn.members
    assert np.allclose(again.probability, first.probability)


def test_lottery_drawn_footer_uses_the_lottery_settings(small: dict[str, Path]) -> None:
    out = run(
        "lottery", "--candidates", small["pool"], "--constraints", small["spec"],
        "--time-limit", "17", "--seed", "3",
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    text = " ".join(out.stdout.split())
    assert "time limit 17 s" in text
    assert "candidate types from 16 candidates" in text
    assert "drawn by lottery from the fair distribution" in text


def test_lottery_out_writes_the_drawn_group(small: dict[str, Path]) -> None:
    drawn = small["dir"] / "sub" / "drawn.csv"
    out = run(
        "lottery", "--candidates", small["pool"], "--constraints", small["spec"],
        "--out", drawn, "--format", "json",
    )  # fmt: skip
    assert out.exit_code == 0
    assert sorted(pd.read_csv(drawn)["id"]) == sorted(json.loads(out.stdout)["drawn"])


def test_ctrl_c_while_explaining_an_infeasible_select_exits_130(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The infeasibility was proven, but the user stopped the explanation: 130, not 1."""
    from wgigbalance.results import Explanation

    def infeasible(*a: Any, **k: Any) -> Any:
        unknown = _unknown_selection()
        explanation = Explanation(unknown.problem, False, status=Status.INTERRUPTED)
        return replace(unknown, status=Status.INFEASIBLE, explanation=explanation)

    monkeypatch.setattr(api, "select", infeasible)
    assert run("select").exit_code == ExitCode.INTERRUPTED
    first = infeasible()
    result = replace(first, explanation=Explanation(first.problem, False, status=Status.INFEASIBLE))
    monkeypatch.setattr(api, "select", lambda *a, **k: result)
    assert run("select").exit_code == ExitCode.NONE_EXISTS

"""The command line, end to end, on the shipped data and on broken inputs."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

import wgigbalance
from wgigbalance import check_roster, load_problem, read_candidates, select
from wgigbalance.cli import app

CONFIGS = ["wgig2004", "igf_mag", "cstd2010"]
FORMATS = ["table", "json", "csv", "markdown"]
TIME_LIMIT = "30"
JSON_KEYS = {
    "status",
    "size",
    "members",
    "balance",
    "constraints",
    "objective",
    "stages",
    "reasons",
    "model",
    "provenance",
}

runner = CliRunner()


def invoke(*args: object) -> Result:
    return runner.invoke(app, ["select", *(str(a) for a in args)])


def assert_clean(result: Result) -> None:
    """No Python traceback anywhere, and no exception other than the intended exit."""
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


@pytest.fixture(scope="module")
def json_runs(shipped_candidates: Path, shipped_constraints: dict[str, Path]) -> dict[str, Any]:
    """One JSON run per shipped constraint file, shared by the tests below."""
    runs = {}
    for name in CONFIGS:
        result = invoke(
            "--candidates",
            shipped_candidates,
            "--constraints",
            shipped_constraints[name],
            "--format",
            "json",
            "--time-limit",
            TIME_LIMIT,
        )
        assert result.exit_code == 0, result.stderr
        assert_clean(result)
        runs[name] = json.loads(result.stdout)
    return runs


# --------------------------------------------------------------------------------------------
# The shipped data


@pytest.mark.parametrize("name", CONFIGS)
def test_json_report(name: str, json_runs, shipped_candidates, shipped_constraints) -> None:
    report = json_runs[name]
    assert set(report) >= JSON_KEYS
    assert report["status"] == "optimal"
    members = report["members"]
    assert report["size"] == len(members) == len(set(members))
    # every hard constraint holds, as reported and as re-checked from the ids
    assert report["constraints"] and all(c["holds"] for c in report["constraints"])
    problem, _ = load_problem(shipped_candidates, shipped_constraints[name])
    assert problem.size_min <= len(members) <= problem.size_max
    check = check_roster(problem, members)
    assert check.ok
    assert {d["dimension"] for d in report["balance"]} == {d.column for d in problem.dimensions}
    assert [s["status"] for s in report["stages"]] == ["optimal"] * len(report["stages"])
    assert report["reasons"] == []
    assert report["model"]["candidates"] == len(problem.pool)
    tiers = report["objective"]["tiers"]
    assert tiers[0]["worst_dimension_deviation"] == pytest.approx(
        float(check.objective.tiers[0][1])
    )


@pytest.mark.parametrize("name", CONFIGS)
def test_json_provenance(name: str, json_runs, shipped_candidates, shipped_constraints) -> None:
    prov = json_runs[name]["provenance"]
    assert (
        prov["candidates"]["sha256"] == hashlib.sha256(shipped_candidates.read_bytes()).hexdigest()
    )
    assert (
        prov["constraints"]["sha256"]
        == hashlib.sha256(shipped_constraints[name].read_bytes()).hexdigest()
    )
    assert prov["candidates"]["path"] == str(shipped_candidates)
    assert prov["version"] == wgigbalance.__version__
    assert prov["seed"] == 0
    settings = prov["solver_settings"]
    assert settings["random_seed"] == 0
    assert settings["num_workers"] == 1
    assert settings["time_limit_seconds"] == float(TIME_LIMIT)


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
@pytest.mark.parametrize("name", CONFIGS)
def test_every_format_shows_the_same_roster(
    name: str, fmt: str, json_runs, shipped_candidates, shipped_constraints
) -> None:
    result = invoke(
        "--candidates",
        shipped_candidates,
        "--constraints",
        shipped_constraints[name],
        "--format",
        fmt,
        "--time-limit",
        TIME_LIMIT,
    )
    assert result.exit_code == 0, result.stderr
    assert_clean(result)
    members = json_runs[name]["members"]
    pool = read_candidates(shipped_candidates).set_index("id")
    out = result.stdout
    title = wgigbalance.load_spec(shipped_constraints[name]).name
    if fmt == "csv":
        frame = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
        assert frame["id"].tolist() == members
        assert list(frame.columns) == ["id", *pool.columns]
    elif fmt == "markdown":
        assert out.startswith(f"# {title}\n")
        assert f"## Roster ({len(members)} members)" in out
        rows = [line for line in out.splitlines() if line.startswith("| ")]
        shown = [line.split(" | ")[0].removeprefix("| ") for line in rows]
        assert [i for i in shown if i in pool.index] == members
        assert "## Hard constraints" in out and "**NO**" not in out
    else:
        assert f"{len(members)} members" in out
        assert "Status: optimal" in out
        assert all(member in out for member in members)
        assert "Seed 0;" in out


def test_out_writes_exactly_the_members(tmp_path, shipped_candidates, shipped_constraints):
    out = tmp_path / "roster.csv"
    result = invoke(
        "--candidates",
        shipped_candidates,
        "--constraints",
        shipped_constraints["igf_mag"],
        "--format",
        "json",
        "--out",
        out,
        "--time-limit",
        TIME_LIMIT,
    )
    assert result.exit_code == 0, result.stderr
    members = json.loads(result.stdout)["members"]
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    pool = read_candidates(shipped_candidates)
    assert list(written.columns) == list(pool.columns)
    assert written["id"].tolist() == members
    expected = pool.set_index("id").loc[members].reset_index()
    pd.testing.assert_frame_equal(written, expected)
    # the roster and its manifest, no temporary file left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv", "roster.csv.manifest.json"]


def test_out_neutralises_formula_cells(tmp_path, write_file) -> None:
    pool = write_file(
        "pool.csv",
        'id,name,g,note\nA1,=HYPERLINK("http://x"),a,+1\nA2,@SUM(1),b,-2\nA3,Plain Name,a,ok\n',
    )
    spec = write_file(
        "c.toml",
        '[size]\nexact = 2\n[balance.g]\ntarget = "equal"\n[people]\ninclude = ["A1"]\n',
    )
    out = tmp_path / "roster.csv"
    result = invoke("--candidates", pool, "--constraints", spec, "--out", out, "--format", "json")
    assert result.exit_code == 0, result.stderr
    members = json.loads(result.stdout)["members"]
    assert members == ["A1", "A2"]  # A1 must sit; A2 is the only 'b'
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert written["name"].tolist() == ['\'=HYPERLINK("http://x")', "'@SUM(1)"]
    assert written["note"].tolist() == ["'+1", "'-2"]


def test_same_seed_same_members(shipped_candidates, shipped_constraints) -> None:
    def members(seed: int) -> list[str]:
        result = invoke(
            "--candidates",
            shipped_candidates,
            "--constraints",
            shipped_constraints["wgig2004"],
            "--format",
            "json",
            "--seed",
            seed,
            "--time-limit",
            TIME_LIMIT,
        )
        assert result.exit_code == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["provenance"]["seed"] == seed
        return report["members"]

    first = members(7)
    assert first
    assert members(7) == first


def test_two_workers_give_an_optimal_roster(shipped_candidates, shipped_constraints) -> None:
    result = invoke(
        "--candidates",
        shipped_candidates,
        "--constraints",
        shipped_constraints["igf_mag"],
        "--format",
        "json",
        "--workers",
        "2",
        "--time-limit",
        TIME_LIMIT,
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "optimal"
    assert report["provenance"]["solver_settings"]["interleave_search"] is True


# --------------------------------------------------------------------------------------------
# Bad input: exit 2, one line, no traceback, no output file

POOL = "id,name,g,region\nA,Ann,a,North\nB,Bob,b,South\nC,Cy,a,South\nD,Di,b,North\n"
OK_SPEC = '[size]\nmin = 1\nmax = 3\n[balance.g]\ntarget = "equal"\n'

BAD_INPUTS = {
    "missing candidates file": (None, OK_SPEC, "no such candidate file"),
    "non-CSV file": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4, OK_SPEC, "not a text CSV file"),
    "missing id column": ("name,g\nAnn,a\n", OK_SPEC, "no 'id' column"),
    "empty pool": ("id,name,g\n", OK_SPEC, "has a header but no candidates"),
    "duplicate ids": ("id,g\nA,a\nA,b\n", OK_SPEC, "id 'A' appears more than once"),
    "unknown column": (
        POOL,
        '[balance.regoin]\ntarget = "equal"\n',
        "balance.regoin: column 'regoin' is not in",
    ),
    "unknown value": (
        POOL,
        '[[quota]]\nwhere = { region = "West" }\nmin = 1\n',
        "quota[1].where.region: no candidate has region = 'West'",
    ),
    "min above max": (
        POOL,
        '[balance.region]\ntarget = "equal"\neach = { min = 3, max = 2 }\n',
        "balance.region.each: min (3) is above max (2)",
    ),
    "share above 1": (
        POOL,
        '[balance.region]\ntarget = "equal"\neach = { max_share = "120%" }\n',
        "balance.region.each.max_share: share 1.2 is outside 0–1",
    ),
    "include not in pool": (
        POOL,
        '[people]\ninclude = ["Z"]\n',
        "people.include: id 'Z' is not in",
    ),
    "include and exclude": (
        POOL,
        '[people]\ninclude = ["A"]\nexclude = ["A"]\n',
        "id 'A' is both in include and exclude",
    ),
    "unknown key": (POOL, "[size]\nmaximum = 3\n", "did you mean 'max'?"),
    "invalid TOML": (POOL, "[size\n", "not valid TOML"),
    "missing constraint file": (POOL, None, "no such constraint file"),
    "non-numeric merit": (
        "id,g,score\nA,a,1\nB,b,n/a\n",
        '[size]\nexact = 1\n[merit]\ncolumn = "score"\n',
        "line 3, column 'score': 'n/a' is not a number",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line(case: str, tmp_path: Path, write_file) -> None:
    pool_text, spec_text, fragment = BAD_INPUTS[case]
    pool = tmp_path / "pool.csv" if pool_text is None else write_file("pool.csv", pool_text)
    spec = tmp_path / "c.toml" if spec_text is None else write_file("c.toml", spec_text)
    out = tmp_path / "roster.csv"
    result = invoke("--candidates", pool, "--constraints", spec, "--out", out, "--time-limit", 5)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert_clean(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert fragment in lines[0]
    assert result.stdout == ""
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".roster.csv")]


def test_out_into_missing_folder_creates_it(tmp_path: Path, write_file) -> None:
    pool = write_file("pool.csv", POOL)
    spec = write_file("c.toml", OK_SPEC)
    out = tmp_path / "new" / "folder" / "roster.csv"
    result = invoke("--candidates", pool, "--constraints", spec, "--out", out, "--time-limit", 5)
    assert result.exit_code == 0, result.output
    assert_clean(result)
    assert out.exists()


def test_out_under_a_file_exits_2_before_solving(tmp_path: Path, write_file) -> None:
    pool = write_file("pool.csv", POOL)
    spec = write_file("c.toml", OK_SPEC)
    out = tmp_path / "pool.csv" / "roster.csv"  # its "folder" is a file
    result = invoke("--candidates", pool, "--constraints", spec, "--out", out, "--time-limit", 5)
    assert result.exit_code == 2
    assert_clean(result)
    assert "cannot be created" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args", [["--format", "xml"], ["--seed", "-1"], ["--workers", "0"], ["--bogus"]]
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = runner.invoke(app, ["select", *args])
    assert result.exit_code == 2
    assert_clean(result)
    assert result.stdout == ""


# Regression: the message used to be printed as Rich markup: MarkupError, traceback, exit 1.
def test_error_message_with_brackets_is_printed_verbatim(tmp_path: Path, write_file) -> None:
    pool = write_file("pool.csv", POOL)
    spec = write_file("c.toml", '[[quota]]\nwhere = { g = "[/b]" }\nmin = 1\n')
    done = subprocess.run(
        [str(console_script()), "select", "--candidates", str(pool), "--constraints", str(spec)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no candidate has g = '[/b]'" in lines[0]


# Regression: table cells used to be Rich markup, showing 'Li Wei [acting]' as 'Li Wei '.
def test_table_shows_names_verbatim(write_file) -> None:
    pool = write_file("pool.csv", "id,name,g\nA,Li Wei [acting],a\nB,Bob,b\n")
    spec = write_file("c.toml", '[size]\nexact = 2\n[balance.g]\ntarget = "equal"\n')
    result = invoke("--candidates", pool, "--constraints", spec, "--format", "table")
    assert result.exit_code == 0
    assert "Li Wei [acting]" in result.stdout


# --------------------------------------------------------------------------------------------
# No roster: exit 1 with a plain message

IMPOSSIBLE = {
    # 5 regions, at most 9 seats each: 45 < 50 (only the solver can see it)
    "size 50, at most 9 per region": (
        '[size]\nexact = 50\n[[cap]]\ncolumn = "region"\nmax = 9\n',
        ("no group satisfies all the hard constraints", "cap[1]"),
        "at most 9 per region",
    ),
    # 5 regions x 20 = 100 seats > 40 (found by arithmetic, before solving)
    "region each min 20, size max 40": (
        '[size]\nmin = 30\nmax = 40\n[balance.region]\ntarget = "equal"\neach = { min = 20 }\n',
        ("the minimums of balance.region add up to",),
        "the minimums of balance.region add up to",
    ),
}


@pytest.mark.parametrize("case", list(IMPOSSIBLE), ids=list(IMPOSSIBLE))
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_impossible_constraints_exit_1(
    case: str, fmt: str, tmp_path: Path, write_file, shipped_candidates
) -> None:
    spec_text, reasons, shown = IMPOSSIBLE[case]
    spec = write_file("c.toml", spec_text)
    out = tmp_path / "roster.csv"
    result = invoke(
        "--candidates",
        shipped_candidates,
        "--constraints",
        spec,
        "--out",
        out,
        "--format",
        fmt,
        "--time-limit",
        TIME_LIMIT,
    )
    assert result.exit_code == 1, result.output
    assert_clean(result)
    stderr = " ".join(result.stderr.split())  # the console may wrap long lines
    assert stderr.startswith("No roster: ")
    assert "infeasible" in stderr or "no roster satisfies" in stderr
    assert not out.exists()
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report["status"] == "infeasible"
        assert report["members"] == [] and report["size"] is None
        assert report["constraints"] == []
        # a plain reason: the arithmetic one, or the solver's, naming the rule where it can
        assert report["reasons"]
        messages = [r["message"] for r in report["reasons"]]
        assert any(fragment in m for m in messages for fragment in reasons)
    else:
        stdout = " ".join(result.stdout.split())
        assert stdout.startswith("No roster")
        assert "infeasible" in stdout
        assert shown in stdout


# --------------------------------------------------------------------------------------------
# The installed console script


def console_script() -> Path:
    script = Path(sys.executable).parent / "wgigbalance"
    assert script.exists(), f"console script not installed next to {sys.executable}"
    return script


def test_installed_entry_point_runs(repo_root: Path) -> None:
    done = subprocess.run(
        [str(console_script()), "select", "--format", "json", "--time-limit", TIME_LIMIT],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "optimal"
    # the defaults are the shipped WGIG file and pool
    assert report["provenance"]["candidates"]["path"] == "data/candidates.csv"
    assert report["provenance"]["constraints"]["path"] == "constraints/wgig2004.toml"
    assert 30 <= report["size"] <= 40


def test_installed_entry_point_bad_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(console_script()), "select", "--candidates", str(tmp_path / "none.csv")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'none.csv'}: no such candidate file; check the path."
    ]
    assert done.stdout == ""


def test_ctrl_c_during_a_solve_keeps_the_best_roster_marked_interrupted(
    monkeypatch: pytest.MonkeyPatch, shipped_candidates: Path
) -> None:
    """Ctrl-C arrives in the main thread while CP-SAT runs: the solve stops, the result is
    marked interrupted (not optimal), and any roster returned still meets every hard rule."""
    import threading

    real_wait = threading.Event.wait
    calls = {"n": 0}

    def wait(self: threading.Event, timeout: float | None = None) -> bool:
        if timeout is not None:  # the polling wait of a solve: as if the user pressed Ctrl-C
            calls["n"] += 1
            if calls["n"] == 1:
                raise KeyboardInterrupt
        return real_wait(self, timeout)

    monkeypatch.setattr(threading.Event, "wait", wait)
    result = select(
        shipped_candidates, shipped_candidates.parents[1] / "constraints" / "wgig2004.toml"
    )
    assert calls["n"] >= 1
    assert result.status == "interrupted"
    assert not result.proven_optimal
    if result.check is not None:
        assert result.check.ok

"""tradeoffs, alternatives and compare: end to end on the shipped data and on small pools."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from helpers import build_pool
from typer.testing import CliRunner

from wgigbalance import (
    alternatives,
    check_roster,
    compare,
    parse_spec,
    resolve,
)
from wgigbalance.analyses.tradeoffs import (
    between_frontier,
    merit_frontier,
    prices_of,
    size_frontier,
)
from wgigbalance.cli import app
from wgigbalance.render.words import verdicts

runner = CliRunner()


def pool() -> pd.DataFrame:
    rows = 16
    return build_pool(
        {
            "region": ["ABCD"[i % 4] for i in range(rows)],
            "gender": ["wm"[(i // 4) % 2] for i in range(rows)],
            "stake": ["gov", "gov", "civ", "biz"][:4] * 4,
            "org": [f"o{i // 2}" for i in range(rows)],
            "score": [str(50 + (i * 37) % 41) for i in range(rows)],
        }
    )


SPEC: dict[str, Any] = {
    "size": {"min": 5, "max": 8},
    "balance": {
        "region": {"target": "equal"},
        "gender": {"target": "equal", "each": {"min": 2}},
        "stake": {"target": {"gov": 0.5, "civ": 0.25, "biz": 0.25}},
    },
    "quota": [{"where": {"gender": "w"}, "for_each": "region", "max": 1}],
    "cap": [{"column": "org", "max": 1}],
    "merit": {"column": "score"},
}


def problem():
    return resolve(parse_spec(SPEC, "t.toml"), pool(), "t.toml", "pool.csv")


def dominated(points: list[Any], maximise_y: bool) -> bool:
    for p, q in itertools.permutations(points, 2):
        y_ok = q.y >= p.y if maximise_y else q.y <= p.y
        y_strict = q.y > p.y if maximise_y else q.y < p.y
        if q.x <= p.x and y_ok and (q.x < p.x or y_strict):
            return True
    return False


def test_size_frontier_has_every_size_and_valid_rosters() -> None:
    prob = problem()
    t = size_frontier(prob)
    assert t.frontier is not None
    sizes = [int(p.x) for p in t.frontier.points]
    assert sizes == list(range(5, 9))
    for p in t.frontier.points:
        assert p.result.check is not None and p.result.check.ok
        assert p.result.check.size == int(p.x)
        assert p.result.status == "optimal"
    # The best roster over the whole range is as good as the best single size.
    best = t.base.check
    assert best is not None
    assert best.objective.key() == min(
        p.result.check.objective.key() for p in t.frontier.points if p.result.check is not None
    )


def test_between_frontier_is_pareto_and_valid() -> None:
    prob = problem()
    t = between_frontier(prob, "region", "stake")
    assert t.frontier is not None and t.frontier.points
    assert not dominated(t.frontier.points, maximise_y=False)
    for p in t.frontier.points:
        check = check_roster(prob, p.result.members)
        assert check.ok
        by = {d.column: float(d.deviation or 0) for d in check.balance}
        assert by["region"] == pytest.approx(p.x) and by["stake"] == pytest.approx(p.y)


def test_merit_frontier_trades_balance_for_merit() -> None:
    prob = problem()
    t = merit_frontier(prob, steps=4)
    assert t.frontier is not None and len(t.frontier.points) >= 2
    assert not dominated(t.frontier.points, maximise_y=True)
    xs = [p.x for p in t.frontier.points]
    ys = [p.y for p in t.frontier.points]
    assert xs == sorted(xs) and ys == sorted(ys)  # more merit costs balance
    for p in t.frontier.points:
        assert p.result.check is not None and p.result.check.ok


def test_prices_name_every_rule_and_are_consistent() -> None:
    prob = problem()
    t = prices_of(prob)
    sources = {p.source for p in t.prices}
    assert {"size", "balance.gender.each", "quota[1]", "cap[1]"} <= sources
    assert any(p.measured_on == "other dimensions" for p in t.prices)
    for p in t.prices:
        if p.measured_on != "balance":
            continue
        # Relaxing a rule never makes the best roster worse; tightening never makes it better.
        if p.relaxed is not None and p.relaxed.feasible:
            assert (p.relaxed.worst, p.relaxed.total) <= (p.base.worst, p.base.total)
        if p.tightened is not None and p.tightened.feasible:
            assert (p.tightened.worst, p.tightened.total) >= (p.base.worst, p.base.total)


def test_alternatives_differ_and_stay_within() -> None:
    alts = alternatives(pool(), parse_spec(SPEC), k=3, min_difference=2, within=50)
    assert 2 <= len(alts.rosters) <= 3
    for a, b in itertools.combinations(alts.rosters, 2):
        assert (
            len(set(a.members) - set(b.members)) >= 2 or len(set(b.members) - set(a.members)) >= 2
        )
        overlap = len(set(a.members) & set(b.members))
        assert overlap <= len(a.members) - 2
    best = alts.rosters[0].check
    assert best is not None
    worst0 = max(float(w) for _, w, _ in best.objective.tiers)
    for r in alts.rosters:
        assert r.check is not None and r.check.ok
        worst = max(float(w) for _, w, _ in r.check.objective.tiers)
        assert worst <= worst0 * 1.5 + 1e-9
    assert set(alts.core) == set.intersection(*(set(r.members) for r in alts.rosters))
    again = alternatives(pool(), parse_spec(SPEC), k=3, min_difference=2, within=50)
    assert [r.members for r in again.rosters] == [r.members for r in alts.rosters]


def test_compare_identical_rosters_report_no_difference(
    tmp_path: Path, shipped_candidates: Path, shipped_constraints: dict[str, Path]
) -> None:
    roster = tmp_path / "a.csv"
    out = runner.invoke(app, ["select", "--out", str(roster), "--format", "json"])
    assert out.exit_code == 0
    copy = tmp_path / "b.csv"
    copy.write_text("id\n" + "\n".join(json.loads(out.output)["members"]) + "\n")
    result = compare([roster, copy], shipped_candidates, shipped_constraints["wgig2004"])
    assert result.identical
    assert verdicts(result) == ["The rosters have the same members: no difference."]
    assert all(not result.only(n) for n in range(2))


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html"])
def test_compare_cli_every_format(tmp_path: Path, fmt: str, shipped_candidates: Path) -> None:
    a = tmp_path / "a.csv"
    assert runner.invoke(app, ["select", "--out", str(a), "--format", "json"]).exit_code == 0
    hand = tmp_path / "hand.csv"
    ids = [line.split(",")[0] for line in shipped_candidates.read_text().splitlines()[1:31]]
    hand.write_text("id\n" + "\n".join(ids) + "\n")
    out = runner.invoke(app, ["compare", str(a), str(hand), "--format", fmt])
    assert out.exit_code == 0, out.output
    if fmt == "json":
        data = json.loads(out.output)
        assert data["rosters"] == ["a", "hand"] and not data["identical"]
        assert any("hand breaks" in v for v in data["verdict"])
        assert data["constraints_failing_somewhere"]
    elif fmt == "html":
        assert out.output.startswith("<!DOCTYPE html>") and "<svg" in out.output
    else:
        assert "better balanced" in out.output


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_alternatives_cli(tmp_path: Path, fmt: str) -> None:
    out = runner.invoke(
        app,
        [
            "alternatives",
            "-k",
            "3",
            "--min-difference",
            "4",
            "--format",
            fmt,
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert out.exit_code == 0, out.output
    files = sorted(tmp_path.glob("roster_*.csv"))
    assert len(files) == 3
    members = [set(pd.read_csv(f, dtype=str)["id"]) for f in files]
    for a, b in itertools.combinations(members, 2):
        assert len(a & b) <= len(a) - 4
    if fmt == "json":
        data = json.loads(out.output)
        assert data["k"] == 3 and len(data["core"]) + len(data["some"]) >= 30


def test_tradeoffs_cli_size_frontier_with_plot(tmp_path: Path) -> None:
    plot = tmp_path / "size.png"
    out = runner.invoke(
        app,
        [
            "tradeoffs",
            "--size",
            "--plot",
            str(plot),
            "--format",
            "json",
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    points = data["frontier"]["points"]
    assert [p["x"] for p in points] == [float(n) for n in range(30, 41)]
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(list(tmp_path.glob("point_*.csv"))) == 11


def test_tradeoffs_cli_between_and_errors(tmp_path: Path) -> None:
    svg = tmp_path / "b.svg"
    out = runner.invoke(
        app,
        [
            "tradeoffs",
            "--between",
            "region",
            "stakeholder",
            "--plot",
            str(svg),
            "--format",
            "markdown",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "# Trade-offs" in out.output and svg.read_text().startswith("<svg")
    bad = runner.invoke(app, ["tradeoffs", "--between", "region", "colour"])
    assert bad.exit_code == 2 and "colour" in bad.output + bad.stderr
    both = runner.invoke(app, ["tradeoffs", "--size", "--merit"])
    assert both.exit_code == 2
    plot_only = runner.invoke(app, ["tradeoffs", "--plot", str(tmp_path / "x.png")])
    assert plot_only.exit_code == 2
    wrong = runner.invoke(app, ["tradeoffs", "--size", "--plot", str(tmp_path / "x.pdf")])
    assert wrong.exit_code == 2 and not (tmp_path / "x.pdf").exists()


def test_a_tighter_variant_settled_without_a_solve_has_the_solved_optimum() -> None:
    """`Solver.tighter` skips the solve when the best roster meets the tightened rules; the
    outcome must be the one a solve proves, for every tightened bound and size."""
    from dataclasses import replace

    from wgigbalance.analyses.tradeoffs.solving import Solver
    from wgigbalance.results import Outcome
    from wgigbalance.settings import SolverSettings
    from wgigbalance.solver.select import solve_problem

    prob = problem()
    solver = Solver(prob, SolverSettings())
    solver()  # the best roster under the rules as written
    variants = [prob.with_size(prob.size_min + 1, prob.size_max)]
    variants += [prob.with_size(prob.size_min, prob.size_max - 1)]
    for i, b in enumerate(prob.bounds):
        if b.max is not None and b.max > 0:
            bounds = list(prob.bounds)
            bounds[i] = replace(b, max=b.max - 1)
            variants.append(prob.with_bounds(bounds))
    for variant in variants:
        quick = Outcome.of(solver.tighter(variant))
        solved = Outcome.of(solve_problem(variant))
        assert (quick.feasible, quick.worst, quick.total, quick.merit) == (
            solved.feasible,
            solved.worst,
            solved.total,
            solved.merit,
        )
    assert 0 < solver.skipped < len(variants), "both branches: settled at once, and solved"

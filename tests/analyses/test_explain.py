"""check and explain: every kind of rule failing, alone and together; minimal conflicts;
repairs that work; binding bounds; the CLI on the shipped data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import build_pool
from typer.testing import CliRunner

from wgigbalance import check, explain_problem, parse_spec, resolve, select, solve_problem
from wgigbalance.analyses.explain import all_rules, satisfiable
from wgigbalance.cli import app
from wgigbalance.problem import Problem
from wgigbalance.render.reasons import describe_conflict, describe_rule, reason_text
from wgigbalance.render.words import constraint_message

runner = CliRunner()


def small_pool() -> Any:
    """12 candidates: 3 regions x 2 genders x 2 stakeholders; org shared in pairs."""
    regions, genders, stakes, orgs = [], [], [], []
    for i in range(12):
        regions.append("ABC"[i % 3])
        genders.append("wm"[(i // 3) % 2])
        stakes.append(["gov", "civ"][i // 6])
        orgs.append(f"o{i // 2}")
    return build_pool(
        {
            "region": regions,
            "gender": genders,
            "stake": stakes,
            "org": orgs,
            "score": [str(10 + i) for i in range(12)],
        }
    )


def problem_of(spec: dict[str, Any]) -> Problem:
    return resolve(parse_spec(spec, "t.toml"), small_pool(), "t.toml", "pool.csv")


def assert_minimal(problem: Problem, conflict: list[Any]) -> None:
    """The conflict cannot hold, and dropping any one of its rules makes the rest hold."""
    assert satisfiable(problem, set(conflict)) is False
    for rule in conflict:
        rest = set(conflict) - {rule}
        assert satisfiable(problem, rest) is True, describe_rule(problem, rule)


def assert_repair_works(problem: Problem, explanation: Any) -> None:
    assert explanation.repaired is not None
    fixed = solve_problem(explanation.repaired)
    assert fixed.check is not None and fixed.check.ok, fixed.status
    # The repair is no bigger than needed: every relaxation moved at least one seat.
    assert all(r.seats > 0 for r in explanation.repair)


# One infeasible spec per kind of rule (alone), and combinations.
INFEASIBLE: dict[str, dict[str, Any]] = {
    "size above pool": {"size": {"exact": 13}},
    "each min too high": {
        "size": {"min": 3, "max": 6},
        "balance": {"region": {"target": "equal", "each": {"min": 3}}},
    },
    "seats min above available": {
        "size": {"exact": 6},
        "balance": {"gender": {"seats": {"w": {"min": 7}}}},
    },
    "share bounds collide": {
        "size": {"exact": 6},
        "balance": {"gender": {"target": "equal", "each": {"min_share": "60%"}}},
    },
    "quota vs seats": {
        "size": {"exact": 4},
        "balance": {"stake": {"seats": {"gov": {"max": 1}}}},
        "quota": [{"where": {"stake": "gov", "gender": "w"}, "min": 2}],
    },
    "intersectional for_each": {
        "size": {"exact": 4},
        "quota": [{"where": {"gender": "w"}, "for_each": "region", "min": 2}],
    },
    "cap vs quota": {"size": {"exact": 4}, "cap": [{"column": "region", "max": 1}]},
    "include breaks cap": {
        "size": {"exact": 4},
        "cap": [{"column": "org", "max": 1}],
        "people": {"include": ["P00", "P01"]},
    },
    "not_together vs include": {
        "size": {"exact": 2},
        "balance": {"gender": {"seats": {"w": {"max": 0}}}},
        "people": {"include": ["P00"]},
    },
    "combination": {
        "size": {"min": 4, "max": 5},
        "balance": {
            "region": {"target": "equal", "each": {"min": 2}},
            "gender": {"seats": {"m": {"max": 1}}},
        },
        "quota": [{"where": {"stake": "civ"}, "max": 1}],
    },
}


@pytest.mark.parametrize("name", sorted(INFEASIBLE))
def test_each_kind_of_failure_is_explained(name: str) -> None:
    problem = problem_of(INFEASIBLE[name])
    assert solve_problem(problem).check is None
    explanation = explain_problem(problem)
    assert not explanation.feasible
    assert explanation.conflicts, "an infeasible set must name a conflict"
    assert explanation.conflict_minimal
    for conflict in explanation.conflicts:
        assert_minimal(problem, conflict)
    assert_repair_works(problem, explanation)


def _reasons(name: str) -> list[str]:
    problem = problem_of(INFEASIBLE[name])
    return [reason_text(problem, r) for r in explain_problem(problem).reasons]


def test_arithmetic_reasons_come_in_plain_words() -> None:
    reasons = _reasons("each min too high")
    assert any("add up to 9 seats" in r for r in reasons), reasons
    assert any("only 6 candidates qualify" in r for r in _reasons("seats min above available"))
    assert any("must-include" in r for r in _reasons("include breaks cap"))


def test_arithmetic_reasons_are_structured() -> None:
    problem = problem_of(INFEASIBLE["seats min above available"])
    (reason,) = [r for r in explain_problem(problem).reasons if r.code == "few_qualify"]
    assert (reason.need, reason.have) == (7, 6)
    assert reason.bound is not None and ("bound", reason.bound) in reason.rules


def test_conflict_names_rules_as_written() -> None:
    problem = problem_of(INFEASIBLE["quota vs seats"])
    explanation = explain_problem(problem)
    text = " | ".join(
        c for conflict in explanation.conflicts for c in describe_conflict(problem, conflict)
    )
    assert "[quota[1]]" in text and "[balance.stake.seats.gov]" in text
    assert "[size]" not in text  # not needed for this conflict: it would not be minimal


def test_feasible_set_reports_binding_bounds_and_slack() -> None:
    problem = problem_of(
        {
            "size": {"exact": 4},
            "balance": {
                "region": {"target": "equal"},
                "gender": {"target": "equal", "seats": {"w": {"min": 3}}},
            },
        }
    )
    explanation = explain_problem(problem)
    assert explanation.feasible and explanation.best is not None
    binding = {s.label for s in explanation.slacks if s.binding}
    assert any("gender = w" in r for r in binding)  # equal wants 2, the bound holds it at 3
    sizes = [s for s in explanation.slacks if s.key == "size"]
    assert sizes and sizes[0].binding


def test_select_explains_infeasibility_unasked(shipped_candidates: Path, repo_root: Path) -> None:
    impossible = repo_root / "constraints" / "examples" / "impossible.toml"
    result = select(shipped_candidates, impossible)
    assert result.status == "infeasible" and result.explanation is not None
    assert len(result.explanation.conflicts) == 2
    assert_repair_works(result.problem, result.explanation)
    out = runner.invoke(app, ["select", "--constraints", str(impossible)])
    assert out.exit_code == 1
    assert "Cheapest repair" in out.output and "Conflict 2" in out.output


def test_explain_cli_on_shipped_data(repo_root: Path) -> None:
    impossible = repo_root / "constraints" / "examples" / "impossible.toml"
    out = runner.invoke(app, ["explain", "--constraints", str(impossible), "--format", "json"])
    assert out.exit_code == 1, out.output
    data = json.loads(out.output)
    assert data["feasible"] is False
    rules = [rule for conflict in data["conflicts"] for rule in conflict]
    assert any(rule["key"] == "quota[1]" for rule in rules)
    assert any("[quota[1]]" in rule["text"] for rule in rules)
    assert all(move["message"] and move["rule"]["text"] for move in data["repair"])
    assert all(reason["code"] and reason["message"] for reason in data["reasons"])
    assert data["repair_total_seats"] >= 1
    ok = runner.invoke(app, ["explain", "--format", "markdown"])
    assert ok.exit_code == 0, ok.output
    assert "binding" in ok.output


def test_check_cli_holds_and_fails(tmp_path: Path, shipped_candidates: Path) -> None:
    roster = tmp_path / "roster.csv"
    made = runner.invoke(app, ["select", "--out", str(roster), "--format", "json"])
    assert made.exit_code == 0
    out = runner.invoke(app, ["check", str(roster), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["ok"] and data["failures"] == []
    assert data["objective"] == data["best"]["objective"]

    hand = tmp_path / "hand.csv"
    ids = [line.split(",")[0] for line in shipped_candidates.read_text().splitlines()[1:31]]
    hand.write_text("id\n" + "\n".join(ids) + "\n")
    bad = runner.invoke(app, ["check", str(hand)])
    assert bad.exit_code == 1
    assert "short" in bad.output or "too many" in bad.output
    assert "Best achievable" in bad.output


def test_check_refuses_unknown_ids(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("id\nC0001\nNOPE1\nNOPE2\n")
    out = runner.invoke(app, ["check", str(roster)])
    assert out.exit_code == 2
    assert "NOPE1" in out.output + out.stderr and "NOPE2" in out.output + out.stderr


def test_check_api_reports_shortfalls() -> None:
    pool = small_pool()
    spec = parse_spec({"size": {"exact": 3}, "balance": {"gender": {"seats": {"w": {"min": 2}}}}})
    audit = check(["P03", "P04", "P05"], pool, spec, compare_best=True)  # three men
    assert not audit.ok
    (failure,) = audit.check.failures
    assert constraint_message(failure) == "gender = w: 0 seats, needs at least 2: 2 short"
    assert audit.best is not None and audit.best.check is not None and audit.best.check.ok


def test_every_rule_kind_is_a_rule() -> None:
    problem = problem_of(INFEASIBLE["include breaks cap"])
    kinds = {kind for kind, _ in all_rules(problem)}
    assert {"size", "bound", "include"} <= kinds

"""The tool against an independent oracle: brute force (tiny pools) and a HiGHS MILP.

Every instance goes through the public API (`wgigbalance.select` on a DataFrame and a spec
parsed from a plain dict) and is judged by exact.py, which knows nothing of the package:
'infeasible' exactly when no roster exists; otherwise 'optimal', every hard rule holding,
the exact objective vector equal to the oracle's optimum, and the tool's own reported
numbers (check.objective, stage values) equal to the exact ones.

The default run keeps a fast subset; `-m slow` runs a few hundred seeded instances.
"""

from __future__ import annotations

import time
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import milp
import pandas as pd
import pytest
from bruteforce import brute_force
from exact import compile_spec, evaluate, failures, share
from generate import instance
from harness import Truth, fmt, run_tool

import wgigbalance

ROOT = Path(__file__).resolve().parents[2]

TINY_FAST = list(range(25))
TINY_SLOW = list(range(25, 225))
MEDIUM_FAST = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 15, 17, 21, 23, 31, 45]
MEDIUM_SLOW = [s for s in range(160) if s not in MEDIUM_FAST]


def brute_truth(pool: pd.DataFrame, spec: dict[str, Any]) -> Truth:
    found = brute_force(pool, spec)
    return Truth(found.key, found.ids, "brute force")


def milp_truth(pool: pd.DataFrame, spec: dict[str, Any]) -> Truth:
    found = milp.solve(pool, spec)
    key = None if found.evaluation is None else found.evaluation.key
    return Truth(key, found.ids, "MILP", found.notes)


def judge(pool: pd.DataFrame, spec: dict[str, Any], truth: Truth, limit: float = 60.0) -> None:
    """Fail with every disagreement between the tool and the oracle, and a reproduction."""
    outcome = run_tool(pool, spec, truth, time_limit=limit)
    if outcome.problems:
        lines = "\n  - ".join(outcome.problems)
        pytest.fail(f"{len(outcome.problems)} problem(s):\n  - {lines}\nspec = {spec!r}")


# ---------------------------------------------------------------------------------------
# Seeded random instances


@pytest.mark.parametrize("seed", TINY_FAST)
def test_tiny_against_brute_force(seed: int) -> None:
    pool, spec = instance(seed, tiny=True)
    judge(pool, spec, brute_truth(pool, spec))


@pytest.mark.slow
@pytest.mark.parametrize("seed", TINY_SLOW)
def test_tiny_against_brute_force_slow(seed: int) -> None:
    pool, spec = instance(seed, tiny=True)
    judge(pool, spec, brute_truth(pool, spec))


@pytest.mark.parametrize("seed", MEDIUM_FAST)
def test_medium_against_milp(seed: int) -> None:
    pool, spec = instance(seed, tiny=False)
    judge(pool, spec, milp_truth(pool, spec))


@pytest.mark.slow
@pytest.mark.parametrize("seed", MEDIUM_SLOW)
def test_medium_against_milp_slow(seed: int) -> None:
    pool, spec = instance(seed, tiny=False)
    judge(pool, spec, milp_truth(pool, spec))


def _oracles_agree(seeds: list[int]) -> None:
    for seed in seeds:
        pool, spec = instance(seed, tiny=True)
        brute = brute_force(pool, spec)
        found = milp.solve(pool, spec)
        got = None if found.evaluation is None else found.evaluation.key
        assert got == brute.key, (seed, fmt(got), fmt(brute.key), spec)


def test_milp_oracle_agrees_with_brute_force() -> None:
    """The MILP is only trusted on big pools because it matches brute force on small ones."""
    _oracles_agree(TINY_FAST)


@pytest.mark.slow
def test_milp_oracle_agrees_with_brute_force_slow() -> None:
    _oracles_agree(list(range(25, 425)))


def test_instances_cover_every_rule_kind() -> None:
    """The default subset alone exercises every rule kind, and has infeasible cases."""
    specs = [instance(s, tiny=True)[1] for s in TINY_FAST]
    specs += [instance(s, tiny=False)[1] for s in MEDIUM_FAST]
    dims = [d for s in specs for d in s["balance"].values()]
    targets = {d["target"] if isinstance(d["target"], str) else "shares" for d in dims}
    assert targets == {"equal", "proportional", "shares", "none"}
    assert any("values" in d for d in dims)
    written = [str(v) for d in dims if isinstance(d["target"], dict) for v in d["target"].values()]
    assert {"3/7", "0.123", "1/11"} & set(written)
    assert any(w.endswith("%") for w in written)
    weights = {d.get("weight") for d in dims}
    assert {0.001, 1000} <= weights
    assert len({d.get("priority", 1) for d in dims}) == 3
    for key in ("min", "max", "min_share", "max_share"):
        assert any(key in d.get("each", {}) for d in dims), key
        assert any(key in b for d in dims for b in d.get("seats", {}).values()), key
    quotas = [q for s in specs for q in s.get("quota", [])]
    assert any(isinstance(q.get("for_each"), str) for q in quotas)
    assert any(isinstance(q.get("for_each"), list) for q in quotas)
    assert any(isinstance(v, list) for q in quotas for v in q["where"].values())
    for key in ("min", "max", "min_share", "max_share"):
        assert any(key in q for q in quotas), key
    caps = [c for s in specs for c in s.get("cap", [])]
    assert any(c["column"] == "org" for c in caps) and any("where" in c for c in caps)
    for key in ("include", "exclude", "not_together"):
        assert any(key in s.get("people", {}) for s in specs), key
    sizes = [s["size"] for s in specs]
    assert any("exact" in z for z in sizes) and any(set(z) == {"max"} for z in sizes)
    assert any(set(z) == {"min"} for z in sizes) and any(len(z) == 2 for z in sizes)
    assert any("merit" in s for s in specs)
    infeasible = sum(brute_force(*instance(s, tiny=True)).key is None for s in TINY_FAST)
    assert 0 < infeasible < len(TINY_FAST)


# ---------------------------------------------------------------------------------------
# Regression fixtures


def test_regression_target_just_below_a_half_seat() -> None:
    """(a) 39 women, 77 men, 115 seats, women's target 38.500003 seats: the optimum keeps all
    39 women (0.499997 out of place, not 0.500003). Rounding the targets to a coarser scale
    makes 38 and 39 tie or flip."""
    genders = ["woman"] * 39 + ["man"] * 77
    pool = pd.DataFrame(
        {
            "id": [f"G{i:03d}" for i in range(116)],
            "gender": genders,
            "m": [str(i % 7) for i in range(116)],
        }
    )
    spec: dict[str, Any] = {
        "size": {"exact": 115},
        "balance": {"gender": {"target": {"woman": "3347903/10000229", "man": "6652326/10000229"}}},
    }
    women_target = 115 * share("3347903/10000229")
    assert 38.5 < women_target < 38.50001
    best = evaluate(pool, spec, [f"G{i:03d}" for i in range(115)])  # all women, 76 men
    assert best.ok and best.key == (abs(39 - women_target), abs(39 - women_target))
    worse = evaluate(pool, spec, [f"G{i:03d}" for i in range(1, 116)])  # 38 women
    assert worse.key > best.key
    truth = Truth(best.key, [f"G{i:03d}" for i in range(115)], "arithmetic")
    assert milp_truth(pool, spec).key == truth.key  # the oracle MILP sees the difference
    outcome = run_tool(pool, spec, truth)
    women = sum(1 for i in outcome.members if int(i[1:]) < 39)
    assert not outcome.problems and women == 39, (women, outcome.problems)


def shipped_pool() -> pd.DataFrame:
    """data/candidates.csv as a DataFrame of stripped strings (read without the package)."""
    pool = pd.read_csv(ROOT / "data" / "candidates.csv", dtype=str, keep_default_na=False)
    stripped: pd.DataFrame = pool.apply(lambda col: col.str.strip())
    return stripped


def extreme_weights_spec() -> dict[str, Any]:
    """constraints/wgig2004.toml with region weighted 1000 and gender 0.001."""
    with (ROOT / "constraints" / "wgig2004.toml").open("rb") as f:
        spec = tomllib.load(f)
    spec["balance"]["region"]["weight"] = 1000
    spec["balance"]["gender"]["weight"] = 0.001
    return spec


# The MILP oracle's proven optimum of extreme_weights_spec() (worst, total, -merit);
# test_regression_extreme_weights_oracle re-derives it (slow: ~20 s of HiGHS).
EXTREME_WEIGHTS_OPTIMUM = (Fraction(1, 3), Fraction(1, 3), Fraction(-12078, 5))


def test_regression_extreme_weights_on_shipped_data() -> None:
    """(b) Weights 1000 and 0.001 on the shipped problem: proven optimal well inside 60 s."""
    pool, spec = shipped_pool(), extreme_weights_spec()
    started = time.monotonic()
    truth = Truth(EXTREME_WEIGHTS_OPTIMUM, [], "MILP (recorded)")
    outcome = run_tool(pool, spec, truth, time_limit=30)
    seconds = time.monotonic() - started
    assert not outcome.problems, outcome.problems
    assert seconds < 30


@pytest.mark.slow
def test_regression_extreme_weights_oracle() -> None:
    found = milp_truth(shipped_pool(), extreme_weights_spec())
    assert found.key == EXTREME_WEIGHTS_OPTIMUM, fmt(found.key)


def huge_denominator_case() -> tuple[pd.DataFrame, dict[str, Any]]:
    """(c) proportional targets on 293 candidates (denominator 293) with shares "3/7",
    "0.123", "1/11" on a second column and thirteenths/seventeenths on a third: common
    denominator 293 * 7 * 1000 * 11 * 13 * 17, far past any fixed scale."""
    n = 293
    p = ["p0"] * 101 + ["p1"] * 97 + ["p2"] * 95
    s = [f"s{(i * 7) % 4}" for i in range(n)]
    q = [f"q{(i * 5 + i // 11) % 3}" for i in range(n)]
    pool = pd.DataFrame(
        {
            "id": [f"H{i:03d}" for i in range(n)],
            "p": p,
            "s": s,
            "q": q,
            "m": [f"{(i * 37) % 101 / 10:.1f}" for i in range(n)],
        }
    )
    rest_s = 1 - Fraction(3, 7) - Fraction("0.123") - Fraction(1, 11)
    rest_q = 1 - Fraction(1, 13) - Fraction(2, 17)
    spec: dict[str, Any] = {
        "size": {"min": 20, "max": 26},
        "balance": {
            "p": {"target": "proportional"},
            "s": {"target": {"s0": "3/7", "s1": "0.123", "s2": "1/11", "s3": str(rest_s)}},
            "q": {"target": {"q0": "1/13", "q1": "2/17", "q2": str(rest_q)}, "weight": 2.5},
        },
        "merit": {"column": "m"},
    }
    return pool, spec


def test_regression_huge_common_denominator() -> None:
    pool, spec = huge_denominator_case()
    c = compile_spec(pool, spec)
    dens = [max(t.denominator for t in d.targets) for d in c.dims]
    assert dens[0] == 293 and Fraction("0.123").denominator == 1000
    judge(pool, spec, milp_truth(pool, spec))


def test_regression_huge_denominator_exact_size() -> None:
    """(c') the same targets at one exact size, with caps and a quota in play."""
    pool, spec = huge_denominator_case()
    pool["org"] = [f"o{i % 40}" if i % 9 else "" for i in range(len(pool))]
    spec["size"] = {"exact": 23}
    spec["cap"] = [{"column": "org", "max": 1}]
    spec["quota"] = [{"where": {"p": "p2"}, "for_each": "q", "min_share": "1/11"}]
    judge(pool, spec, milp_truth(pool, spec))


# ---------------------------------------------------------------------------------------
# Fair lottery: every group it can draw must meet every hard rule


LOTTERY_FAST = [s for s in TINY_FAST if s % 3 == 0]


def _lottery_groups_are_valid(seed: int) -> None:
    pool, spec = instance(seed, tiny=True)
    truth = brute_force(pool, spec)
    result = wgigbalance.lottery(pool, wgigbalance.parse_spec(spec), seed=0, time_limit=30)
    if truth.key is None:
        assert str(result.status) == "infeasible", (seed, str(result.status), spec)
        return
    assert str(result.status) == "optimal", (seed, str(result.status), spec)
    c = compile_spec(pool, spec)
    assert result.panels and abs(sum(p for p, _ in result.panels) - 1) < 1e-6
    for probability, rows in result.panels:
        broken = failures(c, sorted(int(r) for r in rows))
        assert probability <= 1e-12 or not broken, (seed, [c.ids[r] for r in rows], broken, spec)
    assert result.drawn is not None
    assert evaluate(pool, spec, result.drawn.members).ok, (seed, result.drawn.members, spec)


@pytest.mark.parametrize("seed", LOTTERY_FAST)
def test_lottery_groups_meet_every_rule(seed: int) -> None:
    _lottery_groups_are_valid(seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [s for s in TINY_SLOW if s % 3 == 0])
def test_lottery_groups_meet_every_rule_slow(seed: int) -> None:
    _lottery_groups_are_valid(seed)

"""`replace` on small seeded pools: every replaced group keeps every hard rule of the
original constraints, keeps the members who stay, never picks a dropout, an excluded or an
already-sitting person, and (optimised) reaches the optimum of exhaustive enumeration; the
drawn mode gives a chance exactly to those in some valid completion."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest
from bruteforce import brute_force as exact_brute_force
from helpers import build_pool

from wgigbalance import InputError, check_roster, parse_spec, replace, resolve
from wgigbalance.analyses.replace import replacement_problem
from wgigbalance.problem import Problem
from wgigbalance.settings import Status


def random_case(seed: int) -> tuple[pd.DataFrame, dict[str, Any], list[str], list[str], list[str]]:
    """A pool of 9-11, a spec of most rule kinds with an exact size k, a roster of any k
    (perhaps breaking rules: often no completion exists), 1-2 dropouts and perhaps one
    more id shut out."""
    rng = random.Random(seed)
    n = rng.randint(9, 11)
    columns: dict[str, list[str]] = {
        "c0": [f"v{rng.randrange(2)}" for _ in range(n)],
        "c1": [f"w{rng.randrange(3)}" for _ in range(n)],
        "org": [f"o{rng.randrange(5)}" for _ in range(n)],
        "m": [str(rng.randint(0, 40) / 2) for _ in range(n)],
    }
    pool = build_pool(columns, prefix="X")
    ids = pool["id"].tolist()
    k = rng.randint(3, 5)
    spec: dict[str, Any] = {"size": {"exact": k}, "balance": {}}
    for c in ("c0", "c1"):
        values = sorted(set(columns[c]))
        if rng.random() < 0.5:
            dim: dict[str, Any] = {"target": "equal"}
        else:
            weights = [rng.randint(1, 3) for _ in values]
            dim = {
                "target": {v: f"{w}/{sum(weights)}" for v, w in zip(values, weights, strict=True)}
            }
        if rng.random() < 0.3:
            dim["each"] = {"min": 1}
        if rng.random() < 0.3:
            dim["weight"] = rng.choice([0.5, 2])
        spec["balance"][c] = dim
    if rng.random() < 0.4:
        spec["quota"] = [{"where": {"c0": "v0"}, "min": 1, "for_each": "c1"}]
    if rng.random() < 0.5:
        spec["cap"] = [{"column": "org", "max": 1}]
    roster = rng.sample(ids, k)
    dropped = rng.sample(roster, rng.randint(1, min(2, k)))
    outside = [i for i in ids if i not in roster]
    people: dict[str, Any] = {}
    if rng.random() < 0.3:
        people["exclude"] = [rng.choice(outside)]
    if rng.random() < 0.3:
        a, b = rng.sample(outside, 2)
        people["not_together"] = [[a, b]]
    if people:
        spec["people"] = people
    if rng.random() < 0.5:
        spec["merit"] = {"column": "m"}
    shut = [rng.choice(outside)] if rng.random() < 0.3 else []
    return pool, spec, roster, dropped, shut


def completions(
    problem: Problem, roster: list[str], dropped: list[str], shut: list[str]
) -> list[tuple[tuple[Any, ...], list[str]]]:
    """Every valid completion, by enumeration, checked against the ORIGINAL problem (the
    spec's rules at the roster's size): (objective key, members)."""
    stay = [i for i in roster if i not in dropped]
    open_ids = [i for i in problem.ids if i not in roster and i not in shut]
    found = []
    for extra in itertools.combinations(open_ids, len(roster) - len(stay)):
        check = check_roster(problem, [*stay, *extra])
        if check.ok:
            found.append((check.objective.key(), check.members))
    return found


def same_key(got: tuple[Any, ...], best: tuple[Any, ...]) -> bool:
    return len(got) == len(best) and all(
        a == b
        if isinstance(a, Fraction) and isinstance(b, Fraction)
        else abs(float(a) - float(b)) <= 1e-6
        for a, b in zip(got, best, strict=True)
    )


SEEDS = list(range(24))


@pytest.mark.parametrize("seed", SEEDS)
def test_replace_matches_enumeration_and_keeps_every_rule(seed: int) -> None:
    pool, data, roster, dropped, shut = random_case(seed)
    spec = parse_spec(data)
    original = resolve(spec, pool)
    valid = completions(original, roster, dropped, shut)
    result = replace(roster, dropped, pool, spec, exclude=shut, time_limit=10)
    if not valid:
        assert result.status == Status.INFEASIBLE
        assert not result.has_group and result.members == []
        assert result.explanation is not None and not result.explanation.feasible
        return
    assert result.status == Status.OPTIMAL
    members = result.members
    assert check_roster(original, members).ok  # every hard rule of the constraints
    stay = [i for i in roster if i not in dropped]
    assert set(stay) <= set(members)  # no one who stays is changed
    assert not set(members) & set(dropped)  # dropouts are never picked again
    assert not set(result.joined) & set(shut)  # nor anyone shut out
    assert not set(result.joined) & set(roster)  # replacements come from those not selected
    assert sorted(result.joined) == sorted(set(members) - set(roster))
    assert len(members) == len(roster)
    best = min(key for key, _ in valid)
    assert same_key(check_roster(original, members).objective.key(), best)


@pytest.mark.parametrize("seed", SEEDS[:12])
def test_replace_matches_the_exact_oracle(seed: int) -> None:
    """The exact-arithmetic brute force of tests/oracle, given the stayers as must-includes
    and the dropouts as exclusions, agrees on feasibility and the optimum."""
    pool, data, roster, dropped, shut = random_case(seed)
    stay = [i for i in roster if i not in dropped]
    people = dict(data.get("people", {}))
    people["include"] = stay
    people["exclude"] = sorted({*people.get("exclude", []), *dropped, *shut})
    oracle_spec = {**data, "people": people}
    # "proportional" targets are never used here, so shutting people out leaves them be
    truth = exact_brute_force(pool, oracle_spec)
    result = replace(roster, dropped, pool, parse_spec(data), exclude=shut, time_limit=10)
    if truth.key is None:
        assert not result.has_group
        return
    assert result.selection is not None and result.selection.check is not None
    assert same_key(result.selection.check.objective.key(), truth.key)


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_drawn_replacement_is_a_fair_lottery_over_valid_completions(seed: int) -> None:
    pool, data, roster, dropped, shut = random_case(seed)
    spec = parse_spec(data)
    original = resolve(spec, pool)
    valid = completions(original, roster, dropped, shut)
    result = replace(roster, dropped, pool, spec, exclude=shut, draw=True, seed=seed)
    assert result.mode == "drawn"
    if not valid:
        assert result.status == Status.INFEASIBLE and not result.has_group
        assert result.explanation is not None
        return
    assert result.status == Status.OPTIMAL  # proven fair
    members = result.members
    assert any(sorted(members) == sorted(m) for _, m in valid)  # one of the completions
    assert check_roster(original, members).ok
    chances = result.probabilities
    assert not set(chances) & set(roster) and not set(chances) & set(shut)
    assert sum(chances.values()) == pytest.approx(len(dropped), abs=1e-6)
    can_join = {i for _, m in valid for i in m} - set(roster)
    assert {i for i, p in chances.items() if p > 1e-7} == can_join


def test_two_rounds() -> None:
    """Run replace on its own output: the second round keeps everyone the first left
    sitting, and never re-picks the first round's dropouts when told so."""
    pool, data, *_ = random_case(3)
    data = {**data, "size": {"exact": 4}}
    data.pop("people", None)
    spec = parse_spec(data)
    original = resolve(spec, pool)
    first = replace(pool["id"].tolist()[:4], ["X00"], pool, spec)
    assert first.has_group, first.explanation
    second = replace(first.members, [first.joined[0]], pool, spec, exclude=["X00"])
    assert second.has_group
    assert "X00" not in second.members and first.joined[0] not in second.members
    assert set(first.members) - {first.joined[0]} <= set(second.members)
    assert check_roster(original, second.members).ok


def test_the_replacement_problem_pins_and_shuts_out() -> None:
    pool = build_pool({"g": ["a", "b"] * 4})
    spec = parse_spec({"size": {"exact": 4}, "balance": {"g": {"target": "equal"}}})
    problem = resolve(spec, pool)
    request = replacement_problem(problem, ["P00", "P01", "P02", "P03"], ["P01"], ["P05"])
    assert [problem.ids[r] for r in request.problem.include] == ["P00", "P02", "P03"]
    assert [problem.ids[r] for r in request.problem.exclude] == ["P01", "P05"]
    assert request.stayed == ["P00", "P02", "P03"]
    check = check_roster(request.problem, ["P00", "P02", "P03", "P04"])
    sources = {c.label: c.source for c in check.constraints if c.kind in ("include", "exclude")}
    assert sources == {
        "P00 must sit": "replace: stays",
        "P02 must sit": "replace: stays",
        "P03 must sit": "replace: stays",
        "P01 may not sit": "replace: dropped out",
        "P05 may not sit": "replace: --exclude",
    }
    assert check_roster(problem, ["P00"]).constraints  # the original's own rules are intact
    assert problem.include == () and problem.exclude == ()  # the original is untouched
    assert [problem.ids[r] for r in request.open_rows.nonzero()[0]] == ["P04", "P06", "P07"]


def test_a_dropped_must_include_gives_way_with_a_warning() -> None:
    pool = build_pool({"g": ["a", "b"] * 4})
    data = {
        "size": {"exact": 2},
        "balance": {"g": {"target": "equal"}},
        "people": {"include": ["P00"]},
    }
    result = replace(["P00", "P01"], ["P00"], pool, parse_spec(data))
    assert result.has_group and "P00" not in result.members
    assert [w.code for w in result.warnings] == ["dropped_must_include"]


@pytest.mark.parametrize(
    ("roster", "dropped", "shut", "code"),
    [
        (["P00", "P01"], ["P05"], [], "dropout_not_in_roster"),
        (["P00", "P01"], [], [], "no_dropouts"),
        (["P00", "P01"], ["P00"], ["P01"], "excluded_sits"),
        (["P00", "P01"], ["P00"], ["nobody"], "excluded_not_candidate"),
        (["P00", "P07"], ["P00"], [], "roster_member_excluded"),
    ],
)
def test_bad_ids_are_input_errors(
    roster: list[str], dropped: list[str], shut: list[str], code: str
) -> None:
    pool = build_pool({"g": ["a", "b"] * 4})
    data = {
        "size": {"exact": 2},
        "balance": {"g": {"target": "equal"}},
        "people": {"exclude": ["P07"]},
    }
    with pytest.raises(InputError) as err:
        replace(roster, dropped, pool, parse_spec(data), exclude=shut)
    assert err.value.code == code
    assert any(i in err.value.message for i in [*dropped, *shut, "P07", "dropped out"])


def test_a_roster_id_not_in_the_candidates_is_an_input_error() -> None:
    pool = build_pool({"g": ["a", "b"] * 4})
    spec = parse_spec({"size": {"exact": 2}, "balance": {"g": {"target": "equal"}}})
    with pytest.raises(InputError, match="ZZ9"):
        replace(["P00", "ZZ9"], ["P00"], pool, spec)

"""Reserves: the ordered list, the two replacement rules and the simulation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from helpers import build_pool

from wgigbalance import check_roster, load_problem, parse_spec, resolve, select
from wgigbalance.analyses.reserves import (
    fill,
    member_rates,
    random_reserve,
    reserve_list,
    reserves_problem,
    simulate,
)
from wgigbalance.problem import Problem


def small() -> tuple[Problem, list[str]]:
    """12 candidates, two balanced columns, a cap; the best group of 4."""
    pool = build_pool(
        {
            "g": ["a", "b", "a", "b", "a", "b", "a", "b", "a", "b", "a", "b"],
            "r": ["x", "x", "y", "y", "z", "z", "x", "y", "z", "x", "y", "z"],
            "org": ["o1", "o2", "o3", "o4", "o1", "o2", "o3", "o4", "o5", "o5", "o6", "o6"],
        }
    )
    spec = parse_spec(
        {
            "size": {"exact": 4},
            "balance": {"g": {"target": "equal", "each": {"min": 2}}, "r": {"target": "equal"}},
            "cap": [{"column": "org", "max": 1}],
        }
    )
    result = select(pool, spec)
    assert result.check is not None
    return resolve(spec, pool), result.members


def test_the_list_is_distinct_free_candidates_and_deterministic() -> None:
    problem, group = small()
    reserve = reserve_list(problem, group, 5)
    assert len(reserve) == len(set(reserve)) == 5
    assert not set(reserve) & set(group)
    assert reserve == reserve_list(problem, group, 5)
    assert reserve_list(problem, group, 50) and len(reserve_list(problem, group, 50)) <= 8


def test_the_list_mirrors_the_group_in_every_prefix() -> None:
    problem, group = small()
    reserve = reserve_list(problem, group, 4)
    genders = [problem.pool.set_index("id").loc[r, "g"] for r in reserve]
    assert sorted(genders[:2]) == ["a", "b"]  # the group is half a, half b: so is each pair
    assert sorted(genders) == ["a", "a", "b", "b"]


def test_rates() -> None:
    problem, group = small()
    assert member_rates(problem, group, 0.2).tolist() == [0.2] * 4
    assert member_rates(problem, group, {group[0]: 0.5}).tolist() == [0.5, 0, 0, 0]
    assert member_rates(problem, group, [0.1, 0.2, 0.3, 0.4]).tolist() == [0.1, 0.2, 0.3, 0.4]
    with pytest.raises(ValueError):
        member_rates(problem, group, 1.5)
    with pytest.raises(ValueError):
        member_rates(problem, group, [0.1])


def test_next_in_line_takes_the_first_unused() -> None:
    problem, group = small()
    reserve = [i for i in problem.ids if i not in group][:3]
    after = fill(problem, group, {group[0], group[1]}, reserve, "next")
    assert after == [*group[2:], *reserve[:2]]
    short = fill(problem, group, set(group), reserve, "next")
    assert short == reserve  # the list ran out: a seat stays empty


def test_best_from_the_list_finds_a_valid_completion_whenever_one_exists() -> None:
    problem, group = small()
    others = [i for i in problem.ids if i not in group]
    for reserve in (others[:3], others[3:7], others[::2]):
        for gone in itertools.combinations(group, 2):
            stay = [m for m in group if m not in gone]
            exists = any(
                check_roster(problem, [*stay, *pick]).ok
                for pick in itertools.combinations(reserve, 2)
            )
            after = fill(problem, group, set(gone), reserve, "best")
            assert set(stay) <= set(after) and set(after) - set(stay) <= set(reserve)
            assert check_roster(problem, after).ok == exists


def test_no_dropouts_no_change_and_the_same_seed_the_same_outcome() -> None:
    problem, group = small()
    reserve = reserve_list(problem, group, 3)
    calm = simulate(problem, group, reserve, 0.0, runs=20)
    assert calm.valid_share == 1.0 and calm.mean_dropouts == 0 and calm.mean_unfilled == 0
    a = simulate(problem, group, reserve, 0.3, runs=30, seed=4)
    b = simulate(problem, group, reserve, 0.3, runs=30, seed=4)
    assert a == b
    assert 0 < a.mean_dropouts < 4


def test_random_reserve_is_the_remaining_pool_in_a_seeded_order() -> None:
    problem, group = small()
    usual = random_reserve(problem, group, 5, seed=2)
    assert usual == random_reserve(problem, group, 5, seed=2)
    assert len(usual) == 5 and not set(usual) & set(group)


def test_the_usual_practice_draws_a_new_order_every_run() -> None:
    problem, group = small()
    fresh = simulate(problem, group, 3, 0.3, runs=30, seed=4, rule="next")
    assert fresh.reserve == ()  # no one list: a new random order in every run
    assert fresh == simulate(problem, group, 3, 0.3, runs=30, seed=4, rule="next")
    one = simulate(problem, group, random_reserve(problem, group, 3, 0), 0.3, 30, 4, "next")
    assert one.mean_dropouts == fresh.mean_dropouts  # the same dropouts whatever the list


def test_optimised_reserve_beats_the_usual_practice_on_the_shipped_data() -> None:
    """A short run of the benchmark (benchmarks/reserves_bench.py): the WGIG group, 10
    reserves, 20 % dropout, 40 seeded runs."""
    problem, _ = load_problem("data/candidates.csv", "constraints/wgig2004.toml")
    group = select("data/candidates.csv", "constraints/wgig2004.toml").members
    result = reserves_problem(problem, group, 10, 0.2, runs=40, seed=1)
    best, usual = result.outcomes[0], result.outcomes[1]
    assert best.label.startswith("optimised") and "usual practice" in usual.label
    assert best.valid_share >= usual.valid_share
    assert best.mean_total_deviation < usual.mean_total_deviation
    assert best.mean_dropouts == usual.mean_dropouts  # the same scenarios
    assert np.isclose(sum(result.dropout_rates.values()), 0.2 * len(group))

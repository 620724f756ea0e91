"""The CP-SAT model pieces: least deviation, weights, candidate types, and the hard rules."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from wgigbalance import InputError, check_roster, parse_spec, resolve, select
from wgigbalance.solver.model import build_model, least_deviation, tier_units
from wgigbalance.solver.types import build_types

# --------------------------------------------------------------------------------------------
# least_deviation


def brute_least_deviation(
    shares: list[int], lows: list[int], highs: list[int], size: int, scale: int
) -> int | None:
    best = None
    for counts in itertools.product(
        *(range(lo, hi + 1) for lo, hi in zip(lows, highs, strict=True))
    ):
        if sum(counts) != size:
            continue
        cost = sum(abs(scale * c - s * size) for c, s in zip(counts, shares, strict=True))
        best = cost if best is None else min(best, cost)
    return best


def random_shares(rng: random.Random, k: int) -> tuple[list[int], int]:
    """k target shares as integers over a common scale (like Problem.scale)."""
    kind = rng.choice(["equal", "weights", "zeros"])
    if kind == "equal":
        return [1] * k, k
    weights = [rng.randint(0 if kind == "zeros" else 1, 5) for _ in range(k)]
    if sum(weights) == 0:
        weights[0] = 1
    return weights, sum(weights)


def test_least_deviation_matches_brute_force() -> None:
    rng = random.Random(20041)
    checked_none = checked_value = 0
    for _ in range(400):
        k = rng.randint(1, 4)
        shares, scale = random_shares(rng, k)
        lows = [rng.choice([0, 0, 1, 2]) for _ in range(k)]
        highs = [lo + rng.randint(0, 4) for lo in lows]
        size = rng.randint(0, 9)
        expected = brute_least_deviation(shares, lows, highs, size, scale)
        got = least_deviation(shares, lows, highs, size, scale)
        assert got == expected, (shares, lows, highs, size, scale)
        if expected is None:
            checked_none += 1
        else:
            checked_value += 1
    assert checked_none > 20 and checked_value > 200  # both branches were exercised


def test_least_deviation_examples() -> None:
    # thirds over 4 seats: best is 2/1/1: |3*2-4| + |3-4| + |3-4| = 4 (2/3 seat out of place)
    assert least_deviation([1, 1, 1], [0, 0, 0], [4, 4, 4], 4, 3) == 4
    # a minimum forces an uneven split: 3/1/0 -> |9-4| + |3-4| + |0-4| = 10
    assert least_deviation([1, 1, 1], [3, 0, 0], [4, 4, 0], 4, 3) == 10
    # too few seats allowed, or minimums above the size: no allocation
    assert least_deviation([1, 1], [0, 0], [1, 1], 3, 2) is None
    assert least_deviation([1, 1], [2, 2], [3, 3], 3, 2) is None


# Regression: least_deviation used to return a cost here (found during this suite's writing).
def test_least_deviation_none_when_a_low_exceeds_its_high() -> None:
    assert brute_least_deviation([1, 1], [2, 0], [1, 3], 3, 2) is None
    assert least_deviation([1, 1], [2, 0], [1, 3], 3, 2) is None


# --------------------------------------------------------------------------------------------
# tier_units


@pytest.mark.parametrize(
    ("coefficients", "unit", "ints"),
    [
        ([Fraction(1)], 1, [1]),
        ([Fraction(1, 2), Fraction(1, 3)], 6, [3, 2]),
        (
            [Fraction(1000, 10), Fraction(1, 2 * 10**3 * 10000229)],
            2 * 10**3 * 10000229,
            [100 * 2 * 10**3 * 10000229, 1],
        ),
    ],
)
def test_tier_units(coefficients: list[Fraction], unit: int, ints: list[int]) -> None:
    assert tier_units(coefficients) == (unit, ints)


def test_tier_units_are_exact() -> None:
    rng = random.Random(7)
    for _ in range(100):
        coefs = [Fraction(rng.randint(1, 1000), rng.randint(1, 10**6)) for _ in range(4)]
        unit, ints = tier_units(coefs)
        assert all(Fraction(i, unit) == c for i, c in zip(ints, coefs, strict=True))
        assert all(unit % c.denominator == 0 for c in coefs)


# Regression: weight = 0.0001 used to pass the spec and then crash select() with
# ZeroDivisionError in integer_weights (gcd of [0]); the spec now refuses weights below 0.001.
def test_tiny_weight_is_refused_not_crashing(pool_builder) -> None:
    with pytest.raises(InputError) as info:
        parse_spec({"balance": {"g": {"target": "equal", "weight": 0.0001}}}, "c.toml")
    assert str(info.value).startswith("c.toml: balance.g.weight: ")
    pool = pool_builder({"g": ["a", "a", "b", "b"], "h": ["x", "y", "x", "x"]})
    spec = parse_spec(
        {
            "size": {"exact": 2},
            "balance": {"g": {"target": "equal", "weight": 0.001}, "h": {"target": "equal"}},
        }
    )
    result = select(pool, spec, time_limit=5)
    assert result.status == "optimal"
    assert result.check is not None and result.check.ok


# --------------------------------------------------------------------------------------------
# build_types


def test_build_types_groups_identical_candidates(pool_builder) -> None:
    pool = pool_builder(
        {
            "g": ["a", "a", "b", "a", "b", "b"],
            "h": ["x", "x", "x", "y", "x", "x"],
            "name": ["n0", "n1", "n2", "n3", "n4", "n5"],  # not in any rule: invisible
        }
    )
    spec = parse_spec({"balance": {"g": {"target": "equal"}, "h": {"target": "equal"}}})
    problem = resolve(spec, pool)
    types = build_types(problem, seed=0)
    row_type = types.row_type.tolist()
    assert row_type[0] == row_type[1]  # a/x twice
    assert row_type[2] == row_type[4] == row_type[5]  # b/x three times
    assert len({row_type[0], row_type[2], row_type[3]}) == 3
    assert len(types) == 3
    assert sorted(types.counts.tolist()) == [1, 2, 3]
    # types are numbered by their first row in file order
    assert row_type[0] == 0 and row_type[2] == 1 and row_type[3] == 2


def test_build_types_split_not_together_and_drop_excluded(pool_builder) -> None:
    pool = pool_builder({"g": ["a"] * 6})
    spec = parse_spec(
        {
            "balance": {"g": {"target": "equal"}},
            "people": {"not_together": [["P01", "P02"]], "exclude": ["P05"]},
        }
    )
    types = build_types(resolve(spec, pool), seed=0)
    row_type = types.row_type.tolist()
    assert row_type[5] == -1  # excluded: no type
    assert row_type[1] != row_type[2]
    assert row_type[1] != row_type[0] and row_type[2] != row_type[0]
    assert row_type[0] == row_type[3] == row_type[4]
    assert sorted(types.counts.tolist()) == [1, 1, 3]


def test_build_types_bounds_split_types(pool_builder) -> None:
    pool = pool_builder({"g": ["a"] * 4, "org": ["o1", "o1", "o2", "o3"]})
    # a cap that can bind splits candidates by organisation
    spec = parse_spec({"balance": {"g": {"target": "equal"}}, "cap": [{"column": "org", "max": 1}]})
    types = build_types(resolve(spec, pool), seed=0)
    assert types.row_type[0] == types.row_type[1]
    assert types.row_type[0] != types.row_type[2]
    # o2 and o3 have one candidate each, so their caps can never bind: they stay one type
    assert types.row_type[2] == types.row_type[3]
    assert len(types.active_bounds) == 1
    # a cap that can never bind (each organisation has <= max candidates) is dropped
    loose = parse_spec(
        {"balance": {"g": {"target": "equal"}}, "cap": [{"column": "org", "max": 2}]}
    )
    loose_types = build_types(resolve(loose, pool), seed=0)
    assert len(loose_types) == 1
    assert loose_types.active_bounds == []


def test_pick_order_inside_a_type(pool_builder) -> None:
    pool = pool_builder({"g": ["a"] * 5, "m": ["5", "9", "1", "7", "3"]})
    spec = parse_spec(
        {
            "balance": {"g": {"target": "equal"}},
            "people": {"include": ["P02"]},
            "merit": {"column": "m"},
        }
    )
    types = build_types(resolve(spec, pool), seed=0)
    (members,) = types.members
    # must-includes first, then by merit, highest first
    assert members.tolist() == [2, 1, 3, 0, 4]
    assert types.included.tolist() == [1]


def test_feasible_sizes_skip_impossible_sizes(pool_builder) -> None:
    # every value needs 2 seats and there are 3 values: sizes below 6 cannot hold a roster
    pool = pool_builder({"g": ["a", "b", "c"] * 3})
    spec = parse_spec(
        {"size": {"min": 3, "max": 8}, "balance": {"g": {"target": "equal", "each": {"min": 2}}}}
    )
    bm = build_model(resolve(spec, pool))
    assert bm.feasible_sizes == [6, 7, 8]


# --------------------------------------------------------------------------------------------
# Hard rules in solved rosters


def solve(pool, data: dict[str, object]):
    return select(pool, parse_spec(data), time_limit=10)


def test_must_include_sits_even_when_it_costs_balance(pool_builder) -> None:
    # 4 'a' and 4 'b'; size 2, equal: the best is one of each. Including two 'a' costs balance.
    pool = pool_builder({"g": list("aaaabbbb")})
    result = solve(
        pool,
        {
            "size": {"exact": 2},
            "balance": {"g": {"target": "equal"}},
            "people": {"include": ["P02", "P03"]},
        },
    )
    assert result.status == "optimal"
    assert result.members == ["P02", "P03"]
    assert result.check is not None and result.check.balance[0].deviation == 1


def test_excluded_candidate_never_sits(pool_builder) -> None:
    # the only 'b' candidate is excluded: balance must suffer rather than seat it
    pool = pool_builder({"g": ["a", "a", "a", "b"], "m": ["1", "1", "1", "100"]})
    result = solve(
        pool,
        {
            "size": {"exact": 2},
            "balance": {"g": {"target": "equal"}},
            "people": {"exclude": ["P03"]},
            "merit": {"column": "m"},
        },
    )
    assert result.status == "optimal"
    assert "P03" not in result.members
    assert len(result.members) == 2


def test_not_together_pair_never_both_sit(pool_builder) -> None:
    # P00 and P01 are the two best by merit and balance does not care; they may not sit together
    pool = pool_builder({"g": ["a"] * 4, "m": ["90", "80", "10", "5"]})
    result = solve(
        pool,
        {
            "size": {"exact": 2},
            "balance": {"g": {"target": "equal"}},
            "people": {"not_together": [["P00", "P01"]]},
            "merit": {"column": "m"},
        },
    )
    assert result.status == "optimal"
    assert result.members == ["P00", "P02"]


def test_caps_are_respected(pool_builder) -> None:
    # the three best share an organisation; at most one per organisation may sit
    pool = pool_builder(
        {
            "org": ["o1", "o1", "o1", "o2", "o3", "o4"],
            "m": ["99", "98", "97", "10", "20", "30"],
        }
    )
    result = solve(
        pool, {"size": {"exact": 3}, "cap": [{"column": "org", "max": 1}], "merit": {"column": "m"}}
    )
    assert result.status == "optimal"
    assert result.members == ["P00", "P04", "P05"]
    assert result.check is not None and result.check.ok


def test_cap_with_where_only_limits_matching_rows(pool_builder) -> None:
    pool = pool_builder(
        {
            "kind": ["gov", "gov", "ngo", "ngo", "gov"],
            "country": ["X", "X", "X", "X", "Y"],
            "m": ["50", "40", "30", "20", "1"],
        }
    )
    result = solve(
        pool,
        {
            "size": {"exact": 3},
            "cap": [{"column": "country", "max": 1, "where": {"kind": "gov"}}],
            "merit": {"column": "m"},
        },
    )
    assert result.status == "optimal"
    # one government seat per country, non-government seats are free
    assert result.members == ["P00", "P02", "P03"]


def test_every_bound_holds_in_a_crowded_problem(pool_builder) -> None:
    rng = random.Random(3)
    n = 30
    pool = pool_builder(
        {
            "g": [rng.choice("ab") for _ in range(n)],
            "r": [rng.choice(["N", "S", "E"]) for _ in range(n)],
            "org": [f"o{rng.randrange(8)}" for _ in range(n)],
            "m": [str(rng.randint(0, 99)) for _ in range(n)],
        }
    )
    data = {
        "size": {"min": 6, "max": 9},
        "balance": {
            "g": {"target": "equal", "each": {"min_share": "40%"}},
            "r": {"target": "proportional", "each": {"min": 1}},
        },
        "quota": [{"where": {"g": "a"}, "for_each": "r", "max": 2}],
        "cap": [{"column": "org", "max": 1}],
        "people": {"include": ["P00"], "exclude": ["P01"], "not_together": [["P02", "P03"]]},
        "merit": {"column": "m"},
    }
    result = solve(pool, data)
    assert result.status == "optimal"
    check = check_roster(resolve(parse_spec(data), pool), result.members)
    assert check.ok, [c.to_dict() for c in check.failures]
    picked = pool.set_index("id").loc[result.members]
    assert picked["org"].value_counts().max() == 1
    assert "P00" in result.members and "P01" not in result.members
    assert not {"P02", "P03"} <= set(result.members)


# Regression: the merit of a type holding a must-include used to be counted with the
# must-include's score as the slope, so select() returned A,C (merit 50).
def test_merit_counts_the_rest_of_a_type_with_a_must_include(pool_builder) -> None:
    pool = pool_builder(
        {"g": ["a", "a", "b", "b"], "score": ["0", "100", "50", "50"]}, ids=list("ABCD")
    )
    result = solve(
        pool,
        {
            "size": {"exact": 2},
            "quota": [{"where": {"g": "a"}, "min": 0}],
            "people": {"include": ["A"]},
            "merit": {"column": "score"},
        },
    )
    assert result.status == "optimal"
    assert result.check is not None
    assert result.check.objective.merit == 100.0
    assert result.members == ["A", "B"]


# Regression: with lazily enforced caps a must-include whose cap group an earlier type had
# filled used to be skipped; select() answered 'unknown' with no roster.
def test_must_include_is_not_displaced_by_a_cap(pool_builder) -> None:
    pool = pool_builder({"g": ["a", "b", "b"], "org": ["o1", "o1", "o2"]})
    result = solve(
        pool,
        {
            "size": {"exact": 2},
            "balance": {"g": {"target": "equal"}},
            "cap": [{"column": "org", "max": 1}],
            "people": {"include": ["P01"]},
        },
    )
    assert result.status == "optimal"
    assert result.members == ["P01", "P02"]


# Regression: merit was summed in hundredths (MERIT_SCALE = 100), so 0.734 and 0.731 tied.
def test_merit_is_not_rounded_to_hundredths(pool_builder) -> None:
    pool = pool_builder(
        {
            "region": ["North", "South", "North", "South"],
            "gender": ["woman", "man", "man", "woman"],
            "score": ["0.734", "0.734", "0.731", "0.731"],
        }
    )
    result = solve(
        pool,
        {
            "size": {"exact": 2},
            "balance": {"region": {"target": "equal"}, "gender": {"target": "equal"}},
            "merit": {"column": "score"},
        },
    )
    assert result.status == "optimal"
    assert result.members == ["P00", "P01"]
    assert result.check is not None
    assert result.check.objective.merit == pytest.approx(1.468)


def test_shares_too_fine_for_64_bits_are_refused_not_rounded(pool_builder) -> None:
    """The honest limit of exact arithmetic: refused with the key, never rounded silently."""
    den = 2**61 - 1
    pool = pool_builder({"g": ["a", "b", "a", "b"]})
    spec = parse_spec(
        {
            "size": {"exact": 2},
            "balance": {"g": {"target": {"a": f"1/{den}", "b": f"{den - 1}/{den}"}}},
        }
    )
    with pytest.raises(InputError) as info:
        select(pool, spec)
    assert "balance.g.target" in str(info.value) and str(den) in str(info.value)

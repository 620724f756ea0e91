"""Parsing a constraint file (`parse_spec`, `load_spec`) and resolving it against a pool."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from wgigbalance import InputError, load_problem, parse_spec, read_candidates, resolve
from wgigbalance.spec import DEFAULT_SIZE, load_spec, parse_share

SRC = "c.toml"


def refused(data: dict[str, object]) -> str:
    """The one-line message parse_spec gives for `data` (which must be refused)."""
    with pytest.raises(InputError) as info:
        parse_spec(data, SRC)
    message = str(info.value)
    assert "\n" not in message, "error messages are one line"
    assert message.startswith(f"{SRC}: "), message
    return message


# --------------------------------------------------------------------------------------------
# Shares


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (0.4, Fraction(2, 5)),
        ("40%", Fraction(2, 5)),
        (" 12.5 % ", Fraction(1, 8)),
        ("1/3", Fraction(1, 3)),
        ("2/9", Fraction(2, 9)),
        (0, Fraction(0)),
        (1, Fraction(1)),
        ("100%", Fraction(1)),
        (0.333, Fraction(333, 1000)),
    ],
)
def test_share_spellings_are_exact(written: object, expected: Fraction) -> None:
    assert parse_share(written) == expected
    spec = parse_spec({"balance": {"g": {"target": "equal", "each": {"min_share": written}}}})
    each = spec.balance["g"].each
    assert each is not None
    assert each.min_share == expected
    assert isinstance(each.min_share, Fraction)


@pytest.mark.parametrize("written", [1.5, "150%", -0.1, "-5%", "4/3", 2])
def test_share_outside_zero_one_is_refused(written: object) -> None:
    message = refused({"balance": {"region": {"each": {"max_share": written}}}})
    assert "balance.region.each.max_share" in message
    assert "outside 0–1" in message


@pytest.mark.parametrize("written", ["abc", "1/0", "nan", True, float("inf")])
def test_share_that_is_not_a_number_is_refused(written: object) -> None:
    message = refused({"balance": {"region": {"each": {"min_share": written}}}})
    assert "balance.region.each.min_share" in message
    assert "share" in message


def test_share_bound_min_share_above_max_share_is_refused() -> None:
    message = refused({"quota": [{"min": 1}, {"min_share": "60%", "max_share": "1/2"}]})
    assert message.startswith(f"{SRC}: quota[2]: ")
    assert "min_share (0.6) is above max_share (0.5)" in message


# --------------------------------------------------------------------------------------------
# Size


def test_size_exact() -> None:
    assert parse_spec({"size": {"exact": 12}}).size.range() == (12, 12)


def test_size_range() -> None:
    assert parse_spec({"size": {"min": 3, "max": 7}}).size.range() == (3, 7)


def test_size_default_is_30_to_40() -> None:
    assert DEFAULT_SIZE == (30, 40)
    assert parse_spec({}).size.range() == (30, 40)
    assert parse_spec({"size": {}}).size.range() == (30, 40)


def test_size_min_above_max_is_refused() -> None:
    message = refused({"size": {"min": 10, "max": 5}})
    assert message == f"{SRC}: size: min (10) is above max (5); make min <= max"


def test_size_exact_with_a_range_is_refused() -> None:
    message = refused({"size": {"exact": 5, "min": 3}})
    assert "size" in message
    assert "either exact, or min and max" in message


@pytest.mark.parametrize("key", ["exact", "min", "max"])
def test_size_must_be_positive(key: str) -> None:
    message = refused({"size": {key: 0}})
    assert f"size.{key}" in message
    assert "(got 0)" in message


# --------------------------------------------------------------------------------------------
# Bounds: min above max, key paths


def test_each_min_above_max_names_the_key_path() -> None:
    message = refused({"balance": {"region": {"target": "equal", "each": {"min": 5, "max": 3}}}})
    assert message == (f"{SRC}: balance.region.each: min (5) is above max (3); make min <= max")


def test_seats_min_above_max_names_the_value() -> None:
    message = refused({"balance": {"region": {"seats": {"African": {"min": 5, "max": 3}}}}})
    assert message.startswith(f"{SRC}: balance.region.seats.African: min (5) is above max (3)")


def test_quota_min_above_max_is_numbered_from_one() -> None:
    message = refused({"quota": [{"min": 1}, {"min": 1}, {"min": 3, "max": 1}]})
    assert message.startswith(f"{SRC}: quota[3]: min (3) is above max (1)")


def test_quota_without_a_bound_is_refused() -> None:
    message = refused({"quota": [{"where": {"gender": "woman"}}]})
    assert "quota[1]" in message
    assert "needs at least one of min, max" in message


def test_negative_cap_is_refused() -> None:
    message = refused({"cap": [{"column": "country", "max": -1}]})
    assert "cap[1].max" in message
    assert "(got -1)" in message


def test_zero_weight_is_refused() -> None:
    message = refused({"balance": {"g": {"target": "equal", "weight": 0}}})
    assert "balance.g.weight" in message


# --------------------------------------------------------------------------------------------
# Unknown keys: did-you-mean


@pytest.mark.parametrize(
    ("data", "place", "key", "hint"),
    [
        ({"sise": {"max": 3}}, "sise", "sise", "size"),
        ({"size": {"maximum": 3}}, "size.maximum", "maximum", "max"),
        ({"balance": {"region": {"eachh": {"min": 1}}}}, "balance.region.eachh", "eachh", "each"),
        ({"balance": {"region": {"each": {"mn": 1}}}}, "balance.region.each.mn", "mn", "min"),
        (
            {"quota": [{"min": 1}, {"for_eahc": "region", "min": 1}]},
            "quota[2].for_eahc",
            "for_eahc",
            "for_each",
        ),
        ({"people": {"includ": ["x"]}}, "people.includ", "includ", "include"),
    ],
)
def test_unknown_key_gives_did_you_mean(
    data: dict[str, object], place: str, key: str, hint: str
) -> None:
    message = refused(data)
    assert message == f"{SRC}: {place}: unknown key '{key}'; did you mean '{hint}'?"


def test_unknown_key_without_close_match_lists_known_keys() -> None:
    message = refused({"size": {"zzzz": 3}})
    assert "unknown key 'zzzz'" in message
    assert "known keys: exact, min, max" in message


# --------------------------------------------------------------------------------------------
# Targets


def test_target_shares_must_add_up_to_one() -> None:
    message = refused({"balance": {"g": {"target": {"a": 0.5, "b": 0.3}}}})
    assert message.startswith(f"{SRC}: balance.g: target shares add up to 0.8, not exactly 1")


# The README says shares must add up to 1: 0.99 used to be rescaled silently.
@pytest.mark.parametrize(
    ("shares", "said"),
    [
        ({"a": 0.333, "b": 0.333, "c": 0.333}, "0.999"),
        ({"a": 0.5, "b": 0.49}, "0.99"),
        ({"a": "1/3", "b": "1/3", "c": 0.3333}, "29999/30000 (about 0.999967)"),
    ],
)
def test_target_shares_near_one_are_refused(shares: dict[str, object], said: str) -> None:
    message = refused({"balance": {"g": {"target": shares}}})
    assert f"target shares add up to {said}" in message
    assert "not exactly 1" in message


def test_target_shares_are_kept_exact(pool_builder) -> None:
    target = {"a": "3347903/10000229", "b": "6652326/10000229"}
    spec = parse_spec({"balance": {"g": {"target": target}}})
    (dim,) = resolve(spec, pool_builder({"g": ["a", "b"]})).dimensions
    assert dim.targets == {"a": Fraction(3347903, 10000229), "b": Fraction(6652326, 10000229)}
    assert dim.scale == 10000229


def test_values_only_with_equal_target() -> None:
    message = refused({"balance": {"g": {"target": "proportional", "values": ["a"]}}})
    assert "'values' only goes with target = \"equal\"" in message


def test_resolved_targets(pool_builder) -> None:
    pool = pool_builder({"g": ["a", "a", "a", "b", "c", "c"], "h": ["x", "y", "x", "y", "x", "y"]})
    spec = parse_spec(
        {
            "balance": {
                "g": {"target": "proportional"},
                "h": {"target": "equal", "values": ["x"]},
            },
            "people": {"exclude": ["P00"]},
        }
    )
    problem = resolve(spec, pool)
    g, h = problem.dimensions
    # proportional to the candidates left after exclusions: a 2, b 1, c 2 of 5
    assert g.targets == {"a": Fraction(2, 5), "b": Fraction(1, 5), "c": Fraction(2, 5)}
    # equal over the listed values only
    assert h.targets == {"x": Fraction(1), "y": Fraction(0)}
    assert (g.scale, h.scale) == (5, 1)
    assert problem.exclude == (0,)


def test_explicit_target_leaves_unnamed_values_at_zero(pool_builder) -> None:
    pool = pool_builder({"g": ["a", "b", "c"]})
    problem = resolve(parse_spec({"balance": {"g": {"target": {"a": "1/4", "b": "75%"}}}}), pool)
    assert problem.dimensions[0].targets == {
        "a": Fraction(1, 4),
        "b": Fraction(3, 4),
        "c": Fraction(0),
    }


def test_target_none_is_reported_not_balanced(pool_builder) -> None:
    pool = pool_builder({"g": ["a", "b"]})
    problem = resolve(parse_spec({"balance": {"g": {"target": "none"}}}), pool)
    assert problem.dimensions[0].targets is None
    assert problem.balanced() == []


# Regression: this used to say "Input should be 'equal', 'proportional' or 'none'".
def test_bad_share_inside_target_table_names_the_share() -> None:
    message = refused({"balance": {"g": {"target": {"a": "abc", "b": "2/3"}}}})
    assert "balance.g.target" in message
    assert "not a share" in message


# --------------------------------------------------------------------------------------------
# resolve(): the spec against the pool


@pytest.fixture
def small_pool(pool_builder):
    return pool_builder(
        {
            "g": ["a", "b", "b", "a"],
            "region": ["North", "South", "East", "North"],
            "m": ["1", "x", "2", "3"],
        },
        ids=["A", "B", "C", "D"],
    )


def resolve_refused(data: dict[str, object], pool) -> str:
    with pytest.raises(InputError) as info:
        resolve(parse_spec(data, SRC), pool, SRC, "cands.csv")
    message = str(info.value)
    assert "\n" not in message
    return message


def test_resolve_column_not_in_candidates(small_pool) -> None:
    message = resolve_refused({"balance": {"regoin": {"target": "equal"}}}, small_pool)
    assert message.startswith(f"{SRC}: balance.regoin: column 'regoin' is not in cands.csv")
    assert "did you mean 'region'?" in message
    assert "columns are: id, g, region, m" in message


@pytest.mark.parametrize(
    ("data", "place"),
    [
        ({"cap": [{"column": "country", "max": 1}]}, "cap[1].column"),
        ({"quota": [{"where": {"country": "X"}, "min": 1}]}, "quota[1].where"),
        ({"quota": [{"for_each": "country", "min": 1}]}, "quota[1].for_each"),
        ({"merit": {"column": "score"}}, "merit.column"),
    ],
)
def test_resolve_unknown_column_anywhere(small_pool, data, place) -> None:
    message = resolve_refused(data, small_pool)
    assert f"{place}: column '" in message
    assert "is not in cands.csv" in message


def test_resolve_value_no_candidate_has_lists_known_values(small_pool) -> None:
    message = resolve_refused({"quota": [{"where": {"region": "Nort"}, "min": 1}]}, small_pool)
    assert message.startswith(f"{SRC}: quota[1].where.region: no candidate has region = 'Nort'")
    assert "did you mean 'North'?" in message
    assert "known values: 'East', 'North', 'South'" in message


@pytest.mark.parametrize(
    ("data", "place"),
    [
        ({"balance": {"region": {"target": {"North": 0.5, "West": 0.5}}}}, "balance.region.target"),
        ({"balance": {"region": {"seats": {"West": {"max": 1}}}}}, "balance.region.seats"),
        ({"balance": {"region": {"target": "equal", "values": ["West"]}}}, "balance.region.values"),
    ],
)
def test_resolve_unknown_value_in_balance(small_pool, data, place) -> None:
    message = resolve_refused(data, small_pool)
    assert f"{place}: no candidate has region = 'West'" in message
    assert "known values: 'East', 'North', 'South'" in message


def test_resolve_include_id_not_in_pool(small_pool) -> None:
    message = resolve_refused({"people": {"include": ["Z9"]}}, small_pool)
    assert message.startswith(f"{SRC}: people.include: id 'Z9' is not in cands.csv")


def test_resolve_exclude_id_not_in_pool(small_pool) -> None:
    message = resolve_refused({"people": {"exclude": ["Z9"]}}, small_pool)
    assert "people.exclude: id 'Z9' is not in cands.csv" in message


def test_resolve_id_both_included_and_excluded(small_pool) -> None:
    message = resolve_refused({"people": {"include": ["A"], "exclude": ["A"]}}, small_pool)
    assert message == f"{SRC}: people: id 'A' is both in include and exclude; keep it in one."


def test_resolve_not_together_same_id(small_pool) -> None:
    message = resolve_refused({"people": {"not_together": [["B", "B"]]}}, small_pool)
    assert message.startswith(f"{SRC}: people.not_together: pair ('B', 'B') names one id")


def test_resolve_not_together_unknown_id(small_pool) -> None:
    message = resolve_refused({"people": {"not_together": [["B", "Q"]]}}, small_pool)
    assert "people.not_together: id 'Q' is not in cands.csv" in message


def test_resolve_not_together_both_included(small_pool) -> None:
    message = resolve_refused(
        {"people": {"include": ["A", "B"], "not_together": [["A", "B"]]}}, small_pool
    )
    assert "'A' and 'B' are both in include" in message


def test_resolve_non_numeric_merit_cell(small_pool) -> None:
    message = resolve_refused({"merit": {"column": "m"}}, small_pool)
    # spreadsheet line numbers: header is line 1, B is the second data row
    assert message.startswith("cands.csv: line 3, column 'm': 'x' is not a number")


def test_resolve_numeric_merit(pool_builder) -> None:
    pool = pool_builder({"m": ["1.5", "-2", "1e1"]})
    problem = resolve(parse_spec({"merit": {"column": "m"}}), pool)
    assert problem.merit is not None
    assert problem.merit.tolist() == [1.5, -2.0, 10.0]
    assert problem.merit_column == "m"


def test_resolve_bounds(small_pool) -> None:
    spec = parse_spec(
        {
            "balance": {"region": {"target": "equal", "each": {"min": 1}}},
            "quota": [{"where": {"g": "a"}, "for_each": "region", "max": 1}],
            "cap": [{"column": "g", "max": 2}],
            "people": {"include": ["C"], "exclude": ["B"], "not_together": [["A", "D"]]},
        }
    )
    problem = resolve(spec, small_pool)
    by_source: dict[str, list] = {}
    for bound in problem.bounds:
        by_source.setdefault(bound.source, []).append(bound)
    # one 'each' bound per region value
    assert sorted(b.label for b in by_source["balance.region.each"]) == [
        "region = East",
        "region = North",
        "region = South",
    ]
    # the quota: one bound per region among g = a candidates (A and D are both North)
    quota = by_source["quota[1]"]
    north = next(b for b in quota if b.label.endswith("region = North"))
    assert north.rows.tolist() == [0, 3]
    assert north.max == 1
    # the cap: one bound per value of g
    caps = by_source["cap[1]"]
    assert len(caps) == 2
    assert all(b.max == 2 and b.kind == "cap" for b in caps)
    assert problem.include == (2,)
    assert problem.exclude == (1,)
    assert problem.not_together == ((0, 3),)


def test_bound_limits_round_shares_inward() -> None:
    from wgigbalance.problem import Bound

    bound = Bound(
        "seats", "x", "s", "f", np.ones(3, bool), min_share=Fraction(1, 3), max_share=Fraction(1, 2)
    )
    assert bound.limits(10) == (4, 5)  # ceil(10/3), floor(10/2)
    assert bound.limits(9) == (3, 4)
    counted = Bound("seats", "x", "s", "f", np.ones(3, bool), min=5, max=3, max_share=Fraction(1))
    assert counted.limits(2) == (5, 2)


# --------------------------------------------------------------------------------------------
# Files


def test_load_spec_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such constraint file"):
        load_spec(tmp_path / "nope.toml")


def test_load_spec_invalid_toml(write_file) -> None:
    path = write_file("bad.toml", "[size\nmin = 3\n")
    with pytest.raises(InputError) as info:
        load_spec(path)
    assert str(info.value).startswith(f"{path}: not valid TOML")


def test_load_spec_bom_is_accepted(write_file) -> None:
    path = write_file("bom.toml", "\ufeff[size]\nexact = 7\n")
    assert load_spec(path).size.range() == (7, 7)


@pytest.mark.parametrize("name", ["wgig2004", "igf_mag", "cstd2010"])
def test_shipped_constraint_files_resolve(name, shipped_constraints, shipped_candidates) -> None:
    spec = load_spec(shipped_constraints[name])
    assert spec.name
    problem, provenance = load_problem(shipped_candidates, shipped_constraints[name])
    assert problem.balanced(), "every shipped file balances at least one column"
    assert provenance["constraints"]["path"] == str(shipped_constraints[name])
    assert len(problem.pool) == len(read_candidates(shipped_candidates))


def test_shipped_wgig_file_reads_as_documented(shipped_constraints) -> None:
    spec = load_spec(shipped_constraints["wgig2004"])
    assert spec.size.range() == (30, 40)
    stakeholder = spec.balance["stakeholder"]
    assert isinstance(stakeholder.target, dict)
    assert stakeholder.target["government"] == Fraction(1, 3)
    assert stakeholder.target["civil society"] == Fraction(2, 9)
    assert spec.balance["gender"].each is not None
    assert spec.balance["gender"].each.min_share == Fraction(2, 5)
    assert spec.merit is not None and spec.merit.column == "score"


# --------------------------------------------------------------------------------------------
# The public API the brief documents


def test_documented_api_is_importable() -> None:
    import wgigbalance

    for name in (
        "select",
        "parse_spec",
        "resolve",
        "check_roster",
        "load_problem",
        "solve_problem",
        "SolverSettings",
        "InputError",
        "read_candidates",
    ):
        assert callable(getattr(wgigbalance, name)), name


# Regression: __all__ once named five objects __init__.py did not import (AttributeError).
def test_star_import_works() -> None:
    namespace: dict[str, object] = {}
    exec("from wgigbalance import *", namespace)
    import wgigbalance

    assert set(wgigbalance.__all__) <= set(namespace)
    assert "select" in namespace and "check_roster" in namespace

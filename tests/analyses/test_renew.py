"""`renew` on small seeded pools and histories: every renewed group keeps every hard rule of
the constraints, never re-seats a member past the term limit, never picks a member told to
leave or an excluded person, keeps the rotation and continuity counts, and reaches the
optimum of the exact brute-force oracle, given the renewal rules as plain quotas and
exclusions computed here, independently of the tool."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest
from bruteforce import brute_force
from helpers import build_pool

from wgigbalance import InputError, check_roster, parse_spec, renew, resolve
from wgigbalance.analyses.renew import history_of, renewal_problem
from wgigbalance.settings import Status

Case = tuple[pd.DataFrame, dict[str, Any], list[tuple[str, list[str]]]]


def random_case(seed: int) -> Case:
    """A pool of 9-11, a spec with an exact size k and rules of most kinds, a history of 1-3
    cycles of k members each, and random renewal rules."""
    rng = random.Random(seed)
    n = rng.randint(9, 11)
    columns: dict[str, list[str]] = {
        "c0": [f"v{rng.randrange(2)}" for _ in range(n)],
        "c1": [f"w{rng.randrange(3)}" for _ in range(n)],
        "country": [f"K{rng.randrange(5)}" for _ in range(n)],
    }
    pool = build_pool(columns, prefix="X")
    ids = pool["id"].tolist()
    k = rng.randint(3, 5)
    spec: dict[str, Any] = {"size": {"exact": k}, "balance": {}}
    for c in ("c0", "c1"):
        dim: dict[str, Any] = {"target": "equal"}
        if rng.random() < 0.3:
            dim["each"] = {"min": 1}
        spec["balance"][c] = dim
    if rng.random() < 0.4:
        spec["cap"] = [{"column": "country", "max": 2}]
    cycles = rng.randint(1, 3)
    history: list[tuple[str, list[str]]] = []
    sitting = rng.sample(ids, k)
    for year in range(cycles):
        history.append((str(2020 + year), sitting))
        stay = rng.sample(sitting, rng.randint(k // 2, k))
        sitting = stay + rng.sample([i for i in ids if i not in stay], k - len(stay))
    last = history[-1][1]
    renewal: dict[str, Any] = {}
    if rng.random() < 0.7:
        renewal["max_consecutive_terms"] = rng.randint(1, 3)
    if rng.random() < 0.6:
        lo = rng.randint(0, 2)
        renewal["rotate_out"] = {"min": lo, "max": lo + rng.randint(0, 2)}
    if rng.random() < 0.4:
        renewal["keep_at_least"] = rng.randint(0, k - 1)
    if rng.random() < 0.3:
        renewal["leaving"] = [rng.choice(last)]
    if rng.random() < 0.5:
        under: dict[str, Any] = {"column": "country", "cycles": rng.randint(1, 2)}
        if rng.random() < 0.6:
            under["weight"] = rng.choice([1, 2.5])
        if "weight" not in under or rng.random() < 0.4:
            under["min"] = rng.randint(0, 2)
        renewal["underrepresented"] = under
    if rng.random() < 0.3:
        spec["people"] = {"exclude": [rng.choice([i for i in ids if i not in last])]}
    spec["renewal"] = renewal
    return pool, spec, history


def terms(history: list[tuple[str, list[str]]], member: str) -> int:
    count = 0
    for _, sitting in reversed(history):
        if member not in sitting:
            break
        count += 1
    return count


def oracle_spec(pool: pd.DataFrame, data: dict[str, Any], history: Any) -> tuple[Any, Any]:
    """The renewal as plain rules: a `last` column with quotas on it, the leavers excluded,
    a `prio` column with a quota and the bonus as a merit column."""
    renewal = data["renewal"]
    last = history[-1][1]
    n = len(last)
    pool = pool.copy()
    pool["last"] = ["yes" if i in last else "no" for i in pool["id"]]
    limit = renewal.get("max_consecutive_terms")
    gone = [i for i in last if limit is not None and terms(history, i) >= limit]
    gone += renewal.get("leaving", [])
    spec = {k: v for k, v in data.items() if k != "renewal"}
    people = dict(spec.get("people", {}))
    people["exclude"] = sorted({*people.get("exclude", []), *gone})
    spec["people"] = people
    quotas: list[dict[str, Any]] = []
    if "rotate_out" in renewal:
        rot = renewal["rotate_out"]
        quotas.append(
            {"where": {"last": "yes"}, "min": max(n - rot["max"], 0), "max": n - rot["min"]}
        )
    if renewal.get("keep_at_least"):
        quotas.append({"where": {"last": "yes"}, "min": renewal["keep_at_least"]})
    under = renewal.get("underrepresented")
    if under is not None:
        seats: dict[str, int] = {}
        country = dict(zip(pool["id"], pool["country"], strict=True))
        for _, sitting in history[-under["cycles"] :]:
            for i in sitting:
                seats[country[i]] = seats.get(country[i], 0) + 1
        flag = [seats.get(c, 0) == 0 for c in pool["country"]]
        pool["prio"] = ["yes" if f else "no" for f in flag]
        if under.get("min") is not None:
            quotas.append({"where": {"prio": "yes"}, "min": under["min"]})
        if under.get("weight") is not None:
            pool["bonus"] = [str(under["weight"] if f else 0) for f in flag]
            spec["merit"] = {"column": "bonus"}
    if quotas:
        spec["quota"] = quotas
    return pool, spec


def same_key(got: tuple[Any, ...], best: tuple[Any, ...]) -> bool:
    return len(got) == len(best) and all(
        a == b
        if isinstance(a, Fraction) and isinstance(b, Fraction)
        else abs(float(a) - float(b)) <= 1e-6
        for a, b in zip(got, best, strict=True)
    )


SEEDS = list(range(40))


@pytest.mark.parametrize("seed", SEEDS)
def test_renew_keeps_every_rule_and_matches_the_exact_oracle(seed: int) -> None:
    pool, data, history = random_case(seed)
    spec = parse_spec(data)
    result = renew(history, pool, spec, time_limit=10)
    opool, ospec = oracle_spec(pool, data, history)
    truth = brute_force(opool, ospec)
    if truth.key is None:
        assert result.status == Status.INFEASIBLE and not result.has_group
        assert result.explanation is not None and not result.explanation.feasible
        return
    assert result.status == Status.OPTIMAL
    members = result.members
    original = resolve(spec, pool)
    assert check_roster(original, members).ok  # every hard rule of the constraints
    renewal = data["renewal"]
    last = history[-1][1]
    limit = renewal.get("max_consecutive_terms")
    for i in members:  # never past the term limit
        assert limit is None or terms(history, i) + 1 <= limit
    assert not set(members) & set(renewal.get("leaving", []))
    assert not set(members) & set(data.get("people", {}).get("exclude", []))
    kept = len(set(members) & set(last))
    if "rotate_out" in renewal:
        rot = renewal["rotate_out"]
        assert rot["min"] <= len(last) - kept <= rot["max"]
    assert kept >= renewal.get("keep_at_least", 0)
    assert sorted(result.stayed + result.left) == sorted(last)
    assert sorted(result.left_by_term_limit + result.left_by_rule + result.left_by_choice) == (
        sorted(result.left)
    )
    assert sorted(result.stayed + result.joined) == sorted(members)
    # the optimum of exhaustive enumeration over the same rules, written as plain rules
    oracle_check = check_roster(resolve(parse_spec(ospec), opool), members)
    assert oracle_check.ok
    assert same_key(oracle_check.objective.key(), truth.key)


def test_term_limits_rotation_and_diff_on_a_hand_made_case() -> None:
    pool = build_pool({"g": ["a", "b"] * 5, "country": ["K0", "K1", "K2", "K3", "K4"] * 2})
    spec = parse_spec(
        {
            "size": {"exact": 4},
            "balance": {"g": {"target": "equal"}},
            "renewal": {"max_consecutive_terms": 2, "rotate_out": {"min": 2, "max": 3}},
        }
    )
    history = [("1", ["P00", "P01", "P02", "P03"]), ("2", ["P00", "P01", "P04", "P05"])]
    result = renew(history, pool, spec)
    assert result.status == Status.OPTIMAL
    assert result.request.cycle == "3"
    assert result.left_by_term_limit == ["P00", "P01"]
    assert not {"P00", "P01"} & set(result.members)
    assert 2 <= len(result.left) <= 3
    assert result.history_after()[-1] == ("3", result.members)
    assert result.terms_after()[result.members[0]] >= 1
    data = result.to_dict()
    assert data["left_by_term_limit"] == ["P00", "P01"] and data["cycle"] == "3"


def test_bad_histories_are_refused_with_every_problem() -> None:
    pool = build_pool({"g": ["a", "b"] * 4})
    spec = parse_spec(
        {
            "size": {"exact": 2},
            "balance": {"g": {"target": "equal"}},
            "renewal": {"leaving": ["P07"]},
        }
    )
    problem = resolve(spec, pool)
    with pytest.raises(InputError) as caught:
        renewal_problem(problem, history_of([("1", ["P00", "Z99"])], "h.csv"))
    codes = {p.code for p in caught.value.problems}
    assert codes == {"history_id_not_candidate", "leaving_not_member"}


def test_a_roster_is_a_history_of_one_cycle(tmp_path: Any) -> None:
    from wgigbalance.io import read_history

    roster = tmp_path / "r.csv"
    roster.write_text("id,name\nP00,a\nP01,b\n")
    assert read_history(roster) == [("1", ["P00", "P01"])]
    history = tmp_path / "h.csv"
    history.write_text("cycle,id\n10,P01\n9,P00\n10,P02\n")
    assert read_history(history) == [("9", ["P00"]), ("10", ["P01", "P02"])]
    bad = tmp_path / "b.csv"
    bad.write_text("cycle,id\n1,P00\n1,P00\n")
    with pytest.raises(InputError):
        read_history(bad)


def test_tradeoffs_price_the_renewal_rules() -> None:
    from wgigbalance import tradeoffs

    pool, data, history = random_case(1)
    data["renewal"] = {"rotate_out": {"min": 1, "max": 2}, "keep_at_least": 1}
    spec = parse_spec(data)
    result = tradeoffs(pool, spec, history=history, time_limit=10)
    sources = {b.source for b in result.problem.bounds}
    assert {"renewal.rotate_out", "renewal.keep_at_least"} <= sources


def test_shares_of_the_last_cycle_and_named_leavers() -> None:
    pool = build_pool({"g": ["a", "b"] * 6})
    spec = parse_spec(
        {
            "size": {"exact": 5},
            "balance": {"g": {"target": "equal"}},
            "renewal": {
                "rotate_out": {"min_share": "20%", "max_share": "40%"},
                "keep_at_least_share": "60%",
                "leaving": ["P01"],
            },
        }
    )
    history = [("2024", ["P00", "P01", "P02", "P03", "P04"])]
    request = renewal_problem(resolve(spec, pool), history_of(history))
    kept = {b.source: (b.min, b.max) for b in request.problem.bounds if b.kind == "quota"}
    assert kept == {"renewal.rotate_out": (3, 4), "renewal.keep_at_least": (3, None)}
    result = renew(history, pool, spec)
    assert result.has_group and result.request.cycle == "2025"
    assert result.left_by_rule == ["P01"] and "P01" not in result.members
    assert 1 <= len(result.left) <= 2


def test_stated_terms_count_where_the_history_is_short(tmp_path: Any) -> None:
    from wgigbalance.io import read_history_terms

    pool = build_pool({"g": ["a", "b"] * 4})
    spec = parse_spec(
        {
            "size": {"exact": 2},
            "balance": {"g": {"target": "equal"}},
            "renewal": {"max_consecutive_terms": 3},
        }
    )
    history = [("7", ["P00", "P01"])]
    result = renew(history, pool, spec, terms={"P00": 3})
    assert result.left_by_term_limit == ["P00"] and "P00" not in result.members
    assert result.terms_after().get("P01", 0) in (0, 2)
    file = tmp_path / "h.csv"
    file.write_text("cycle,id,terms\n6,P00,\n7,P00,3\n7,P01,\n")
    assert read_history_terms(file) == {"P00": 3}
    assert renew(file, pool, spec).left_by_term_limit == ["P00"]
    file.write_text("cycle,id,terms\n7,P00,x\n")
    with pytest.raises(InputError):
        read_history_terms(file)
    with pytest.raises(InputError):
        renew(history, pool, spec, terms={"P05": 2})  # not a member of the last cycle

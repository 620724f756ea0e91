"""Reserves (alternates): an ordered reserve list for a group, judged by simulated dropouts.

**The list.** When members drop out, the seats to refill look like the members who left;
who leaves is random, so a reserve list should look like the group's expected dropouts: on
every balanced dimension, its shares are those of the members weighted by their dropout
chances (with one rate for all, the group's own shares). And the minimums the group
sits close to (a region's minimum, a former host country's one seat) break when more of
their members drop out than the slack above them: the k-th reserve that can stand in for a
rule is worth the chance that it is needed, P(N >= slack + k), N the rule's dropouts. The
list is the best-balanced selection of R candidates against those targets (the same solver
and lexicographic objective as `select`), among those not selected, with "at least k" for
the most valuable of these needs (each at least 5 % likely: the R most valuable, half of
them, or none, whichever keeps the group valid most often in a trial simulation), keeping
the caps (per country, per organisation) and leaving out candidates who could not join the
group as it is (a full cap group, a sitting member they may not sit with) unless they
stand in for such a need. It is ordered so that every prefix is as close as it can be to
the targets, those who can only replace the member they share a full cap group with last:
whoever uses only the first k gets the best-balanced k.

**The simulation.** Each member drops out independently with its own chance; the dropouts
are then replaced from the list by one of two rules, and the resulting group is checked
against every hard rule (`check_roster`; a must-include who dropped out gives way, as in
`replace`) and measured (weighted seats out of place):

- *next in line*: the first unused reserves, in list order (the usual practice, with a
  list in random order of the remaining pool: a new order in every run, so that its
  outcome is the expected one over the luck of the order);
- *best from the list*: the replacements `replace` would choose if only the reserves could
  join (every hard rule, then the best balance); when no choice from the list keeps the
  rules, the best-balanced choice from it (the group is then counted as breaking them).

The same seed draws the same dropouts whatever the list, so lists are compared on the same
scenarios.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from ..problem import Bound, Problem
from ..results.reserves import ReserveOutcome, Reserves
from ..roster import check_roster, roster_rows
from ..settings import SolverSettings
from ..solver.select import solve_problem

Rates = float | Mapping[str, float] | Sequence[float] | np.ndarray
Rule = str  # "next" (next in line) or "best" (best from the list)


def member_rates(problem: Problem, members: Sequence[str], rates: Rates) -> np.ndarray:
    """Each member's dropout probability: one rate for all, a mapping id -> rate (members
    not named: 0), or one rate per member in order."""
    if isinstance(rates, int | float):
        out = np.full(len(members), float(rates))
    elif isinstance(rates, Mapping):
        out = np.array([float(rates.get(m, 0.0)) for m in members])
    else:
        out = np.asarray(rates, dtype=float)
        if out.shape != (len(members),):
            raise ValueError(f"{len(out)} dropout rates for {len(members)} members")
    if ((out < 0) | (out > 1)).any():
        raise ValueError("dropout rates must be between 0 and 1")
    return out


def _blocked(problem: Problem, sitting: np.ndarray) -> np.ndarray:
    """Rows that could not join the group as it is: in a cap group the group already fills,
    or paired (not together) with a sitting member."""
    size = int(sitting.sum())
    out = np.zeros(len(problem.pool), dtype=bool)
    for bound in problem.bounds:
        if bound.kind != "cap":
            continue
        _, hi = bound.limits(size)
        if hi is not None and int(sitting[bound.rows].sum()) >= hi:
            out[bound.rows] = True
    for a, b in problem.not_together:
        out[b] |= bool(sitting[a])
        out[a] |= bool(sitting[b])
    return out


def _mirror_targets(problem: Problem, rows: np.ndarray, rate: np.ndarray) -> list[object]:
    """The balanced dimensions with the expected dropouts' shares as targets."""
    weights = [Fraction(str(p)) for p in rate.tolist()]
    if sum(weights) == 0:
        weights = [Fraction(1)] * len(weights)
    total = sum(weights, Fraction(0))
    dims: list[object] = []
    for dim in problem.dimensions:
        if dim.targets is None:
            dims.append(dim)
            continue
        shares = dict.fromkeys(dim.values, Fraction(0))
        for r, w in zip(rows.tolist(), weights, strict=True):
            shares[dim.values[int(dim.codes[r])]] += w / total
        dims.append(dataclasses.replace(dim, targets=shares, target_kind="expected dropouts"))
    return dims


def reserve_list(
    problem: Problem,
    members: Sequence[str],
    length: int,
    rates: Rates = 0.2,
    settings: SolverSettings | None = None,
    trial_runs: int = 60,
) -> list[str]:
    """The optimised ordered reserve list (see the module's docstring).

    Three lists are made: mirroring the expected dropouts alone, and with the needs of R or
    R/2 of the rules at risk; the one that keeps the group valid most often (then with the
    least deviation) in `trial_runs` simulated rounds, best from the list, is returned. The
    trial rounds are drawn apart from the ones `simulate` reports with the same seed."""
    settings = settings or SolverSettings(time_limit=30)
    rows = roster_rows(problem, list(members))
    sitting = np.zeros(len(problem.pool), dtype=bool)
    sitting[rows] = True
    ids = [problem.ids[r] for r in rows]
    rate = member_rates(problem, ids, rates)
    free = problem.available & ~sitting
    length = min(length, int(free.sum()))
    if length <= 0:
        return []
    needs = _coverage(problem, rows, rate, free, length)
    lists: list[list[str]] = []
    for cover in (needs, needs[: length // 2], []):
        made = _mirror_list(problem, rows, rate, sitting, length, cover, settings)
        if made not in lists:
            lists.append(made)
        if not needs:
            break
    if len(lists) == 1 or trial_runs <= 0:
        return lists[0]
    trial_seed = (settings.seed + 7919) % 2**63

    def score(made: list[str]) -> tuple[float, float]:
        o = simulate(problem, ids, made, rate, trial_runs, trial_seed, "best")
        return (-o.valid_share, o.mean_total_deviation)

    return min(lists, key=score)


def _mirror_list(
    problem: Problem,
    rows: np.ndarray,
    rate: np.ndarray,
    sitting: np.ndarray,
    length: int,
    cover: list[Bound],
    settings: SolverSettings,
) -> list[str]:
    """The best-balanced R against the expected dropouts' shares, with the needs `cover`
    (less of them when R cannot meet them all), in prefix order."""
    free = problem.available & ~sitting
    covered = np.zeros(len(problem.pool), dtype=bool)
    for bound in cover:
        covered[bound.rows] = True
    blocked = _blocked(problem, sitting)
    usable = free & (~blocked | covered)
    if int(usable.sum()) < 2 * length:
        usable = free
    dims = _mirror_targets(problem, rows, rate)
    caps = [b for b in problem.bounds if b.kind == "cap"]
    pairs = tuple(p for p in problem.not_together if usable[p[0]] and usable[p[1]])
    while True:  # the coverage asked for may be more than R can give: ask for less
        mirror = dataclasses.replace(
            problem.with_bounds([*caps, *cover])
            .with_dimensions(dims)  # type: ignore[arg-type]
            .with_size(length, length)
            .with_people([], np.flatnonzero(~usable).tolist()),
            not_together=pairs,
        )
        result = solve_problem(mirror, settings)
        if result.check is not None or not cover:
            break
        cover = cover[: len(cover) * 3 // 4]  # the least valuable quarter goes
    if result.check is None:  # the caps alone leave too few: the first usable, by merit
        picked = [r for r in problem.pick_order(settings.seed).tolist() if usable[r]][:length]
    else:
        picked = result.check.rows.tolist()
    return [problem.ids[r] for r in _prefix_order(mirror, picked, blocked)]


COVER_THRESHOLD = 0.05  # a rule at risk less often than this gets no reserve of its own


def _tail(rates: np.ndarray) -> np.ndarray:
    """P(N >= j) for j = 0..len(rates), N the number of independent dropouts."""
    dist = np.zeros(len(rates) + 1)
    dist[0] = 1.0
    for p in rates.tolist():
        step = dist * (1 - p)
        step[1:] += dist[:-1] * p
        dist = step
    return np.asarray(np.cumsum(dist[::-1])[::-1])


def _coverage(
    problem: Problem, rows: np.ndarray, rate: np.ndarray, free: np.ndarray, length: int
) -> list[Bound]:
    """Minimums the reserve list should meet so that the group's own minimums survive
    dropouts: a rule with a minimum (a seat bound, a quota: a former host country's seat)
    whose group has `slack` seats above it breaks when more than slack + k of its members
    drop out and only k reserves can stand in; the k-th reserve of it is worth
    P(N >= slack + k). The largest of these chances over all rules, at least
    COVER_THRESHOLD, one reserve each (at most R of them), become "at least k" bounds on
    the list, most valuable first."""
    size = len(rows)
    gains: list[tuple[float, int, int]] = []
    for i, bound in enumerate(problem.bounds):
        lo, _ = bound.limits(size)
        if bound.kind == "cap" or lo <= 0:
            continue
        inside = np.isin(np.asarray(rows, dtype=np.int64), bound.rows)
        seats = int(inside.sum())
        slack = seats - lo
        if slack < 0:
            continue  # already broken: no list mends it
        tail = _tail(rate[inside])
        room = int(free[bound.rows].sum())
        for k in range(1, min(room, seats - slack) + 1):
            if tail[slack + k] >= COVER_THRESHOLD:
                gains.append((float(tail[slack + k]), i, k))
    gains.sort(key=lambda g: (-g[0], g[1], g[2]))
    need: dict[int, int] = {}
    for _, i, k in gains[:length]:
        need[i] = k
    return [
        Bound(
            "quota",
            f"reserves for {problem.bounds[i].label}",
            problem.bounds[i].source,
            f"reserve-cover-{i}",
            problem.bounds[i].rows,
            min=k,
        )
        for i, k in need.items()
    ]


def _prefix_order(mirror: Problem, picked: list[int], blocked: np.ndarray) -> list[int]:
    """The picks in an order whose every prefix is as close as it can be to the targets
    (greedy: least total deviation of the prefix, then merit, then pool order); those who
    can only stand in for the member they share a full cap group with come last."""
    dims = mirror.balanced()
    merit = mirror.merit if mirror.merit is not None else np.zeros(len(mirror.pool))
    counts = [np.zeros(len(d.values)) for d in dims]
    targets = [np.array([float(d.targets[v]) for v in d.values]) for d in dims]  # type: ignore[index]
    left = list(picked)
    order: list[int] = []
    while left:
        k = len(order) + 1

        def cost(r: int, k: int = k) -> tuple[float, float, float, int]:
            dev = 0.0
            for d, dim in enumerate(dims):
                c = counts[d].copy()
                c[int(dim.codes[r])] += 1
                dev += dim.weight * float(np.abs(c - targets[d] * k).sum()) / 2
            return (float(blocked[r]), round(dev, 9), -float(merit[r]), r)

        best = min(left, key=cost)
        left.remove(best)
        order.append(best)
        for d, dim in enumerate(dims):
            counts[d][int(dim.codes[best])] += 1
    return order


def random_reserve(problem: Problem, members: Sequence[str], length: int, seed: int) -> list[str]:
    """The usual practice: the first `length` of a random order of the remaining pool."""
    sitting = set(members)
    order = np.random.default_rng(seed).permutation(len(problem.pool))
    free = [r for r in order.tolist() if problem.available[r] and problem.ids[r] not in sitting]
    return [problem.ids[r] for r in free[:length]]


def fill(
    problem: Problem,
    members: Sequence[str],
    dropped: set[str],
    reserve: Sequence[str],
    rule: Rule = "best",
    settings: SolverSettings | None = None,
) -> list[str]:
    """The group after replacing `dropped` from `reserve` by `rule` (see the module's
    docstring); it is short when the reserve runs out."""
    stay = [m for m in members if m not in dropped]
    need = len(members) - len(stay)
    nxt = stay + list(reserve[:need])
    if rule == "next" or not dropped or need > len(reserve):
        return nxt
    index_of = {v: i for i, v in enumerate(problem.ids)}
    allowed = {index_of[r] for r in reserve}
    keep = [index_of[m] for m in stay]
    include = [*keep, *(r for r in problem.include if problem.ids[r] not in dropped)]
    shut = [r for r in range(len(problem.pool)) if r not in allowed and r not in keep]
    variant = problem.with_people(include, [*problem.exclude, *shut]).with_size(
        len(members), len(members)
    )
    settings = settings or SolverSettings(time_limit=10)
    result = solve_problem(variant, settings)
    if result.check is None:  # no choice keeps every rule: the best-balanced one
        result = solve_problem(variant.with_bounds([]), settings)
    return nxt if result.check is None else result.members


def _without(problem: Problem, gone: frozenset[str]) -> Problem:
    """The rules a replaced group is held to: a must-include who dropped out gives way (as
    in `replace`)."""
    keep = [r for r in problem.include if problem.ids[r] not in gone]
    if len(keep) == len(problem.include):
        return problem
    return problem.with_people(keep, problem.exclude)


def simulate(
    problem: Problem,
    members: Sequence[str],
    reserve: Sequence[str] | int,
    rates: Rates = 0.2,
    runs: int = 200,
    seed: int = 0,
    rule: Rule = "best",
    label: str = "",
) -> ReserveOutcome:
    """Draw dropouts `runs` times, replace them from the reserve by `rule`, and check every
    resulting group (see the module's docstring). `reserve` as a number R: a new random
    order of the remaining pool in every run, its first R the list (the usual practice,
    averaged over the luck of the order)."""
    members = list(members)
    rate = member_rates(problem, members, rates)
    draws = np.random.default_rng(seed).random((runs, len(members)))
    orders = np.random.default_rng([seed, 1]).integers(0, 2**63, size=runs)
    settings = SolverSettings(seed=seed, time_limit=10)
    groups: dict[tuple[frozenset[str], tuple[str, ...]], list[str]] = {}
    seen: dict[tuple[tuple[str, ...], frozenset[str]], tuple[bool, float, float]] = {}
    must = frozenset(problem.ids[r] for r in problem.include)
    valid = total = worst = dropouts = unfilled = 0.0
    for run in range(runs):
        gone = frozenset(m for m, u, p in zip(members, draws[run], rate, strict=True) if u < p)
        listed = tuple(
            random_reserve(problem, members, reserve, int(orders[run]))
            if isinstance(reserve, int)
            else reserve
        )
        if (gone, listed) not in groups:
            groups[gone, listed] = fill(problem, members, set(gone), listed, rule, settings)
        group = groups[gone, listed]
        key = (tuple(sorted(group)), gone & must)
        if key not in seen:
            check = check_roster(_without(problem, gone & must), list(key[0]))
            seen[key] = (check.ok, float(check.objective.total()), float(check.objective.worst()))
        ok, t, w = seen[key]
        valid += ok
        total += t
        worst += w
        dropouts += len(gone)
        unfilled += len(members) - len(group)
    n = max(runs, 1)
    shown = () if isinstance(reserve, int) else tuple(reserve)
    return ReserveOutcome(
        label, shown, runs, valid / n, total / n, worst / n, dropouts / n, unfilled / n
    )


def reserves_problem(
    problem: Problem,
    members: Sequence[str],
    length: int,
    rates: Rates = 0.2,
    runs: int = 200,
    seed: int = 0,
    time_limit: float = 30.0,
) -> Reserves:
    """The optimised reserve list, and its simulated outcome beside the usual practice (a
    random order of the remaining pool, next in line), each list under both rules. The
    list's trial simulation has as many runs, at most 60."""
    members = list(members)
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    best = reserve_list(problem, members, length, rates, settings, min(runs, 60))
    usual = len(best)  # a new random order in every run, as long as the optimised list
    cases: list[tuple[list[str] | int, Rule, str]] = [
        (best, "best", "optimised list, best from the list"),
        (usual, "next", "random order, next in line (usual practice)"),
        (best, "next", "optimised list, next in line"),
        (usual, "best", "random order, best from the list"),
    ]
    outcomes = tuple(
        simulate(problem, members, lst, rates, runs, seed, rule, label)
        for lst, rule, label in cases
    )
    rate = member_rates(problem, members, rates)
    return Reserves(
        problem,
        tuple(members),
        tuple(best),
        dict(zip(members, rate.tolist(), strict=True)),
        outcomes,
        seed,
    )

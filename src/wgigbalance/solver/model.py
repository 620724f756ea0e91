"""The CP-SAT model: the one place that turns a resolved `Problem` into variables and constraints.

Candidates that look the same to every rule are interchangeable, so the model has one integer
variable per *type* of candidate (how many of that type sit), not one per candidate: its size
depends on the number of distinct types, not on the pool. Individuals are picked inside each
type afterwards (must-includes first, then merit, then a seeded draw).

Balance deviation of a dimension, in units of 1/(2*scale) seat, is sum_v |scale*c_v - s_v*n|
where c_v are the seats of value v, n the group size and s_v/scale the target share: half of
sum_v |c_v - share_v * n|, the number of seats out of place. Its least value at each size
(an even-as-possible apportionment under the seat bounds) is a valid lower bound, given to the
solver through an element constraint on the size: this is what lets it prove optimality fast.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from ortools.sat.python import cp_model

from ..errors import InputError
from ..problem import Bound, Problem
from .types import TypeTable, build_types


def least_deviation(
    shares: list[int], lows: list[int], highs: list[int], size: int, scale: int
) -> int | None:
    """Least sum |scale*c_v - shares_v*size| with lows <= c <= highs and sum c = size.

    Separable convex allocation: start at the lows and give each further seat to the value
    whose deviation grows least. None when no allocation exists.
    """
    counts = list(lows)
    left = size - sum(counts)
    if left < 0 or sum(highs) < size or any(lo > hi for lo, hi in zip(lows, highs, strict=True)):
        return None

    def cost(v: int, c: int) -> int:
        return abs(scale * c - shares[v] * size)

    heap = [
        (cost(v, counts[v] + 1) - cost(v, counts[v]), v)
        for v in range(len(shares))
        if counts[v] < highs[v]
    ]
    heapq.heapify(heap)
    while left > 0:
        _, v = heapq.heappop(heap)
        counts[v] += 1
        left -= 1
        if counts[v] < highs[v]:
            heapq.heappush(heap, (cost(v, counts[v] + 1) - cost(v, counts[v]), v))
    return sum(cost(v, counts[v]) for v in range(len(shares)))


def tier_units(coefficients: list[Fraction]) -> tuple[int, list[int]]:
    """The exact integer unit of a weighted sum of deviations: the smallest M such that every
    coefficient times M is an integer, and those integers."""
    unit = math.lcm(*(c.denominator for c in coefficients)) if coefficients else 1
    return unit, [int(c * unit) for c in coefficients]


# Largest |coefficient x value| sum the model may hold: CP-SAT works in 64-bit integers and
# refuses a model that could overflow; this leaves it room for its own sums.
_MAGNITUDE_LIMIT = 2**60


@dataclass
class BalanceModel:
    """The CP-SAT model and the handles the solving stages need.

    Each balanced dimension d has an integer deviation `deviation[d]` in units of
    1/`unit[d]` seat (unit = 2 x the least common denominator of its target shares), so a
    target is never rounded. `weight[d]` is the user's weight as an exact fraction; the
    weighted deviation in seats is weight * deviation / unit. A tier's total is an exact
    integer sum in units of 1/`tier_unit[p]` seat; its worst is never a single expression
    (the coefficients could be huge): `stages` bounds each dimension instead.
    """

    problem: Problem
    types: TypeTable
    model: cp_model.CpModel
    x: list[cp_model.IntVar]
    size: cp_model.IntVar
    deviation: dict[int, cp_model.IntVar]  # per balanced dimension index
    unit: dict[int, int]
    weight: dict[int, Fraction]
    tier_total: dict[int, cp_model.LinearExpr] = field(default_factory=dict)
    tier_unit: dict[int, int] = field(default_factory=dict)
    tier_members: dict[int, list[int]] = field(default_factory=dict)
    lower: dict[int, list[int]] = field(default_factory=dict)  # least deviation per size
    size_index: cp_model.IntVar | None = None
    merit: cp_model.LinearExpr | None = None
    feasible_sizes: list[int] = field(default_factory=list)

    def floor_by_size(
        self,
        expr: cp_model.LinearExprT,
        members: list[int],
        coefs: list[int],
        combine: Callable[[list[int]], int],
        name: str,
    ) -> None:
        """expr >= the least value it can have at the chosen size: `combine` (sum, max) of
        the members' least deviations times their coefficients, one entry per size."""
        table = [
            combine([c * self.lower[d][i] for c, d in zip(coefs, members, strict=True)])
            for i in range(len(self.lower[members[0]]))
        ]
        floor = self.model.new_int_var(0, max(table), name)
        assert self.size_index is not None
        self.model.add_element(self.size_index, table, floor)
        self.model.add(expr >= floor)

    def seats(self, d: int, units: int) -> Fraction:
        """A deviation in model units, as weighted seats."""
        return self.weight[d] * Fraction(units, self.unit[d])

    def deviation_at_most(self, d: int, seats: Fraction) -> None:
        """Dimension d has at most `seats` seats out of place (unweighted)."""
        self.model.add(self.deviation[d] <= math.floor(seats * self.unit[d]))

    def deviation_below(self, d: int, seats: Fraction) -> None:
        """Dimension d has strictly fewer than `seats` seats out of place (unweighted)."""
        self.model.add(self.deviation[d] <= math.ceil(seats * self.unit[d]) - 1)

    def worst_at_most(self, priority: int, worst: Fraction, strict: bool = False) -> None:
        """Every dimension of the tier has a weighted deviation <= worst (< worst if strict)."""
        for d in self.tier_members[priority]:
            limit = worst * self.unit[d] / self.weight[d]
            top = math.ceil(limit) - 1 if strict else math.floor(limit)
            self.model.add(self.deviation[d] <= top)

    def total_at_most(self, priority: int, total: Fraction) -> None:
        """The tier's total weighted deviation is at most `total` seats."""
        self.model.add(self.tier_total[priority] <= math.floor(total * self.tier_unit[priority]))


def _value_limits(
    problem: Problem, types: TypeTable, dim_index: int, size: int
) -> tuple[list[int], list[int]]:
    """Seat range of every value of a dimension at one size, from bounds on exactly that value."""
    dim = problem.balanced()[dim_index]
    counts = types.counts
    lows, highs = [], []
    for v in range(len(dim.values)):
        in_value = np.flatnonzero(types.dim_codes[:, dim_index] == v)
        lo = int(types.included[in_value].sum())
        hi = int(np.minimum(counts[in_value], size).sum())
        key = set(in_value.tolist())
        for i in types.active_bounds:
            if set(types.bound_types[i].tolist()) == key:
                b_lo, b_hi = problem.bounds[i].limits(size)
                lo = max(lo, b_lo)
                hi = hi if b_hi is None else min(hi, b_hi)
        lows.append(lo)
        highs.append(hi)
    return lows, highs


def build_model(
    problem: Problem, seed: int = 0, caps: set[int] | None = None, split: Iterable[int] = ()
) -> BalanceModel:
    """Build the CP-SAT model for a problem, in named steps: the type counts, the size, the
    hard rules, each dimension's deviation, each tier's total, merit."""
    check_magnitudes(problem)
    types = build_types(problem, seed, caps, split)
    model = cp_model.CpModel()
    upper = _type_limits(problem, types)
    x = [
        model.new_int_var(int(types.included[t]), int(upper[t]), f"x{t}") for t in range(len(types))
    ]
    lower, sizes = _least_deviations(problem, types)
    size = _add_size(model, problem, x, sizes)
    for i in types.active_bounds:
        add_bound(model, problem.bounds[i], [x[t] for t in types.bound_types[i].tolist()], size)
    for a, b in problem.not_together:
        ta, tb = types.row_type[a], types.row_type[b]
        if ta >= 0 and tb >= 0:
            model.add(x[ta] + x[tb] <= 1)
    index = model.new_int_var(0, problem.size_max - problem.size_min, "size_index")
    model.add(index == size - problem.size_min)
    dims = problem.balanced()
    deviation = {
        d: _add_deviation(model, problem, types, x, size, index, d, lower[d])
        for d in range(len(dims))
    }
    bm = BalanceModel(
        problem,
        types,
        model,
        x,
        size,
        deviation,
        unit={d: 2 * dim.scale for d, dim in enumerate(dims)},
        weight={d: Fraction(str(dim.weight)) for d, dim in enumerate(dims)},
        lower=lower,
        size_index=index,
        feasible_sizes=sizes,
    )
    for priority in problem.priorities():
        _add_tier_total(bm, priority, [d for d, dim in enumerate(dims) if dim.priority == priority])
    if problem.merit is not None:
        bm.merit = _merit_expression(problem, types, model, x, upper)
    return bm


def _type_limits(problem: Problem, types: TypeTable) -> np.ndarray:
    """Most seats of each type: its members, the group size, every group it is in."""
    upper = np.minimum(types.counts, problem.size_max)
    for i in types.active_bounds:
        _, cap = problem.bounds[i].limits(problem.size_max)
        if cap is not None and len(types.bound_types[i]):
            in_bound = types.bound_types[i]
            upper[in_bound] = np.minimum(upper[in_bound], cap)
    return np.asarray(np.maximum(upper, types.included))


def _least_deviations(problem: Problem, types: TypeTable) -> tuple[dict[int, list[int]], list[int]]:
    """Each dimension's least deviation at each size (model units), and the sizes at which
    every dimension's own bounds can be met (the others cannot hold a roster)."""
    dims = problem.balanced()
    lower: dict[int, list[int]] = {d: [] for d in range(len(dims))}
    sizes = []
    for n in range(problem.size_min, problem.size_max + 1):
        row = []
        for d, dim in enumerate(dims):
            assert dim.targets is not None
            lows, highs = _value_limits(problem, types, d, n)
            shares = [int(dim.targets[v] * dim.scale) for v in dim.values]
            row.append(least_deviation(shares, lows, highs, n, dim.scale))
        if all(r is not None for r in row):
            sizes.append(n)
        for d, r in enumerate(row):
            lower[d].append(r if r is not None else 0)
    return lower, sizes


def _add_size(
    model: cp_model.CpModel, problem: Problem, x: list[cp_model.IntVar], sizes: list[int]
) -> cp_model.IntVar:
    size_domain = sizes if sizes else [problem.size_min]
    size = model.new_int_var_from_domain(cp_model.Domain.from_values(size_domain), "size")
    model.add(sum(x) == size)
    if not sizes:
        model.add_bool_or([])  # no size works: let the solver report infeasibility
    return size


def add_bound(
    model: cp_model.CpModel,
    bound: Bound,
    members: list[cp_model.IntVar],
    size: cp_model.LinearExpr,
    below: cp_model.LinearExpr | int = 0,
    above: cp_model.LinearExpr | int = 0,
) -> None:
    """Seats of a group within the bound's counts and shares (shares exactly: den*seats vs
    num*size). `below`/`above`: seats the lower/upper limits may give way by (the elastic
    model of `explain` passes its slack variables)."""
    seats: cp_model.LinearExpr = cp_model.LinearExpr.sum(members)
    if bound.min:
        model.add(seats + below >= bound.min)
    if bound.max is not None:
        model.add(seats - above <= bound.max)
    give = bound.share_slack
    if bound.min_share:
        share = bound.min_share
        model.add(share.denominator * (seats + give + below) >= share.numerator * size)
    if bound.max_share is not None:
        share = bound.max_share
        model.add(share.denominator * (seats - give - above) <= share.numerator * size)


def _add_deviation(
    model: cp_model.CpModel,
    problem: Problem,
    types: TypeTable,
    x: list[cp_model.IntVar],
    size: cp_model.IntVar,
    index: cp_model.IntVar,
    d: int,
    lower: list[int],
) -> cp_model.IntVar:
    """sum_v |scale*c_v - s_v*n| for one dimension, with its least value at each size as a
    floor (an element constraint on the size): what lets the solver prove optima fast."""
    dim = problem.balanced()[d]
    assert dim.targets is not None
    scale = dim.scale
    top = 2 * scale * problem.size_max
    terms = []
    for v, value in enumerate(dim.values):
        share = int(dim.targets[value] * scale)
        seats = sum(x[t] for t in np.flatnonzero(types.dim_codes[:, d] == v).tolist())
        gap = model.new_int_var(0, scale * problem.size_max, f"gap_{d}_{v}")
        model.add(gap >= scale * seats - share * size)
        model.add(gap >= share * size - scale * seats)
        terms.append(gap)
    dev = model.new_int_var(0, top, f"dev_{dim.column}")
    model.add(dev >= sum(terms))
    floor = model.new_int_var(0, top, f"least_dev_{dim.column}")
    model.add_element(index, lower, floor)
    model.add(dev >= floor)
    return dev


def _add_tier_total(bm: BalanceModel, priority: int, members: list[int]) -> None:
    """The tier's total weighted deviation as an exact integer sum, floored at each size."""
    unit, coefs = tier_units([bm.weight[d] / bm.unit[d] for d in members])
    total = cp_model.LinearExpr.weighted_sum([bm.deviation[d] for d in members], coefs)
    bm.floor_by_size(total, members, coefs, sum, f"least_total_p{priority}")
    bm.tier_total[priority] = total
    bm.tier_unit[priority] = unit
    bm.tier_members[priority] = members


def check_magnitudes(problem: Problem) -> None:
    """Refuse, naming the dimension, a target or weight whose exact integer form would not fit
    the solver's 64-bit arithmetic: the alternative would be to round it silently."""
    dims = problem.balanced()
    for dim in dims:
        if 2 * dim.scale * problem.size_max * max(len(dim.values), 1) > _MAGNITUDE_LIMIT:
            raise InputError(
                f"{problem.source}: balance.{dim.column}.target: the target shares have a "
                f"common denominator of {dim.scale}, too large to count exactly in groups of "
                f"up to {problem.size_max}; write the shares with smaller denominators "
                "(e.g. '1/3', 0.125)."
            )
    for priority in problem.priorities():
        members = [d for d in dims if d.priority == priority]
        coefs = [Fraction(str(d.weight)) / (2 * d.scale) for d in members]
        unit, ints = tier_units(coefs)
        biggest = sum(
            c * 2 * d.scale * problem.size_max for c, d in zip(ints, members, strict=True)
        )
        if biggest > _MAGNITUDE_LIMIT:
            names = ", ".join(f"balance.{d.column}" for d in members)
            raise InputError(
                f"{problem.source}: the weights and target shares of {names} (priority "
                f"{priority}) cannot be added up exactly in 64-bit integers (their common unit "
                f"is 1/{unit} seat); use weights with fewer decimals, target shares with "
                "smaller denominators, or put the dimensions in different priority tiers."
            )


def _merit_expression(
    problem: Problem,
    types: TypeTable,
    model: cp_model.CpModel,
    x: list[cp_model.IntVar],
    upper: np.ndarray,
) -> cp_model.LinearExpr:
    """Total merit of the picks: a concave function of each type's count, by tangent lines."""
    assert problem.merit is not None
    scale = problem.merit_scale
    scores = np.rint(problem.merit * scale).astype(np.int64)
    terms: list[cp_model.LinearExprT] = []
    for t, rows in enumerate(types.members):
        top = int(upper[t])
        if top == 0:
            continue
        picked = scores[rows[:top]]
        inc = int(types.included[t])
        rest = picked[inc:]
        if len(set(rest.tolist())) <= 1:  # equal scores after the must-includes: linear
            fixed = int(picked[:inc].sum())
            slope = int(rest[0]) if len(rest) else 0
            terms.append(fixed + slope * (x[t] - inc))
            continue
        prefix = np.concatenate([[0], np.cumsum(picked)])
        low, high = int(prefix.min()), int(prefix.max())
        gain = model.new_int_var(min(low, 0), max(high, 0), f"merit{t}")
        for k in range(int(types.included[t]), top):
            slope = int(prefix[k + 1] - prefix[k])
            model.add(gain <= int(prefix[k]) + slope * (x[t] - k))
        terms.append(gain)
    return cp_model.LinearExpr.sum(terms)

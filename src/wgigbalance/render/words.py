"""The words of every report: status words, number formats, and the sentences built from
structured results (rule checks, comparison verdicts, changes, solver status)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..problem import Problem
    from ..results import Comparison, LotteryResult, Outcome, SelectionResult
    from ..roster import ConstraintCheck, DimensionBalance, RosterCheck

STATUS_WORDS = {
    "optimal": "optimal: proven best roster under these constraints",
    "feasible": "feasible: a valid roster, but the time limit came before it was proven best",
    "interrupted": "interrupted (Ctrl-C): best roster found so far, NOT proven optimal",
    "drawn": "drawn by lottery from the fair distribution",
    "drawn unproven": "drawn by lottery from a distribution whose probabilities are NOT "
    "proven fair (time limit or Ctrl-C)",
    "infeasible": "infeasible: no roster satisfies all the hard constraints",
    "unknown": "no roster found within the time limit (none proven impossible either)",
}

LOTTERY_STATUS = {
    "optimal": "finished: the probabilities are proven {objective}-fair",
    "feasible": "TIME LIMIT: a valid distribution over valid groups, but its probabilities "
    "are NOT proven fair (give more --time-limit)",
    "interrupted": "INTERRUPTED (Ctrl-C): a valid distribution over the groups found so far; "
    "its probabilities are NOT proven fair",
    "infeasible": "no group meets every hard rule",
    "unknown": "time limit reached before any valid group was found (none proven impossible)",
}

DASH = "–"  # an empty cell

# The column that names a person, when the candidate file has one (first found, any case).
DISPLAY_COLUMNS = ("name", "full_name", "full name", "display_name", "display name", "label")


def display_column(columns: object) -> str | None:
    """The column of `columns` that names a person (`name`, `full_name`, ...), if any."""
    present = {str(c).lower(): str(c) for c in columns}  # type: ignore[attr-defined]
    return next((present[c] for c in DISPLAY_COLUMNS if c in present), None)


def status_words(status: str) -> str:
    return STATUS_WORDS.get(str(status), str(status))


def num(x: float | None, digits: int = 2) -> str:
    """A number without trailing zeros: 2, 0.33, 1.5; '–' for none."""
    if x is None:
        return DASH
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(x: float | None) -> str:
    return DASH if x is None else f"{x * 100:.1f} %"


def signed(x: float | None) -> str:
    return DASH if x is None else f"{x:+.2f}"


def yes_no(holds: bool) -> str:
    return "yes" if holds else "NO"


# ---------------------------------------------------------------------------------------------
# rules and balance


def constraint_message(c: ConstraintCheck) -> str:
    """One hard rule on one roster in words: 'Africa: 4 seats, needs at least 6: 2 short'."""
    if c.kind in ("include", "exclude", "not_together"):
        return f"{c.label}: {'holds' if c.holds else 'fails'}"
    if c.short:
        return f"{c.label}: {c.seats} seats, needs at least {c.low}: {c.short} short"
    if c.excess:
        return f"{c.label}: {c.seats} seats, allows at most {c.high}: {c.excess} too many"
    allowed = f"{c.low}–{c.high}" if c.high is not None else f"{c.low} or more"
    return f"{c.label}: {c.seats} seats (allowed {allowed})"


def dimension_title(dim: DimensionBalance) -> str:
    dev = (
        "no target" if dim.deviation is None else f"{num(float(dim.deviation))} seats out of place"
    )
    return f"{dim.column} (target: {dim.target}; {dev})"


def objective_lines(check: RosterCheck) -> list[str]:
    lines = []
    for priority, worst, total in check.objective.tiers:
        tier = f" (priority {priority})" if len(check.objective.tiers) > 1 else ""
        lines.append(
            f"Balance{tier}: worst dimension {num(float(worst))} seats out of place, "
            f"all dimensions {num(float(total))} seats out of place"
        )
    if check.objective.merit is not None:
        lines.append(f"Merit: total {num(check.objective.merit)}")
    return lines


def objective_cells(check: RosterCheck | None) -> list[str]:
    """worst dimension, all dimensions, merit: three table cells."""
    if check is None:
        return [DASH, DASH, DASH]
    obj = check.objective
    merit = DASH if obj.merit is None else num(obj.merit)
    return [num(float(obj.worst())), num(float(obj.total())), merit]


# ---------------------------------------------------------------------------------------------
# solver status


def selection_headline(result: SelectionResult) -> str:
    """'not proven optimal, gap X' (or 'proven optimal'): the first thing to know."""
    status = str(result.status)
    if status == "optimal":
        return "proven optimal"
    gaps = [s.gap for s in result.stages if s.gap is not None and str(s.status) != "optimal"]
    gap = f"gap {max(gaps) * 100:.1f} %" if gaps else "gap unknown"
    why = {"interrupted": "interrupted (Ctrl-C)", "feasible": "time limit reached"}
    return f"{why.get(status, status)}: not proven optimal, {gap}"


def shown_status(result: SelectionResult) -> str:
    """The status word, 'drawn unproven' for a group drawn from an unproven lottery."""
    status = str(result.status)
    if status == "drawn" and result.provenance.get("proven_fair") is False:
        return "drawn unproven"
    return status


def stage_lines(result: SelectionResult) -> list[str]:
    """Per solving stage: its value and whether it is proven."""
    lines = []
    for stage in result.stages:
        gap = stage.gap
        if stage.status == "optimal":
            proof = "proven"
        elif gap is not None:
            proof = f"bound {num(stage.bound_float, 3)}, gap {gap * 100:.1f} %"
        else:
            proof = "no bound"
        lines.append(
            f"  stage '{stage.name}': {num(stage.objective, 3)} {stage.unit} "
            f"({stage.status}, {proof}, {stage.seconds:.2f} s)"
        )
    return lines


def settings_lines(result: SelectionResult) -> list[str]:
    """The seed and solver settings: what re-running needs."""
    s = result.settings
    stats = result.model_stats
    if str(result.status) == "drawn" and not stats and not result.stages:
        drawn_from = result.provenance.get("drawn_from", "")
        where = f" ({drawn_from})" if drawn_from else ""
        return [f"Drawn with seed {s.seed}{where}; no solver was run for this group."]
    model = ""
    if stats.get("candidates"):
        model = (
            f"; {stats.get('candidate_types', 0)} candidate types from "
            f"{stats['candidates']} candidates"
        )
    return [
        f"Seed {s.seed}; CP-SAT with {s.workers} worker(s)"
        f"{', interleaved (deterministic)' if s.workers > 1 else ' (deterministic)'}, "
        f"time limit {s.time_limit:g} s{model}."
    ]


def provenance_lines(result: SelectionResult) -> list[str]:
    prov = result.provenance
    return [
        f"{key.capitalize()}: {prov[key]['path']} (sha256 {prov[key]['sha256'][:16]}…)"
        for key in ("candidates", "constraints")
        if key in prov
    ]


def status_lines(result: SelectionResult) -> list[str]:
    """Solver status, per-stage proof, seed and settings: the reproducibility footer."""
    return [
        f"Status: {status_words(shown_status(result))}",
        *stage_lines(result),
        *settings_lines(result),
        *provenance_lines(result),
    ]


def caps_at_limit(checks: list[ConstraintCheck], source: str) -> str:
    """A cap's values at its limit in one line: 'at most 2 per country: 3 values at 2 (FRA,
    KOR, NZL) [cap[1]]'."""
    first = checks[0]
    rule = first.label.split(": ", 1)[0] if ": " in first.label else first.label
    values = [c.label.rsplit(" = ", 1)[-1] for c in checks]
    named = ", ".join(values[:3]) + (f" and {len(values) - 3} more" if len(values) > 3 else "")
    return f"{rule}: {len(values)} at the limit of {first.high} ({named}) [{source}]"


def lottery_status_line(result: LotteryResult) -> str:
    words = LOTTERY_STATUS.get(str(result.status), str(result.status))
    if str(result.status) == "interrupted" and not result.has_distribution:
        words = "INTERRUPTED (Ctrl-C) before any valid group was found"
    return "Lottery status: " + words.format(objective=result.objective)


# ---------------------------------------------------------------------------------------------
# comparisons and changes


def verdicts(cmp: Comparison) -> list[str]:
    """Which roster is better balanced on which dimension, and overall, in words."""
    if cmp.identical:
        return ["The rosters have the same members: no difference."]
    lines = []
    for d, dim in enumerate(cmp.checks[0].balance):
        winners = cmp.better_on(d)
        if not winners:
            continue
        shown = ", ".join(
            f"{cmp.names[n]} {float(dev):.2f}"
            for n, c in enumerate(cmp.checks)
            if (dev := c.balance[d].deviation) is not None
        )
        if len(winners) == len(cmp.names):
            lines.append(f"{dim.column}: equally balanced ({shown} seats out of place)")
        else:
            better = " and ".join(cmp.names[n] for n in winners)
            lines.append(f"{dim.column}: {better} better balanced ({shown} seats out of place)")
    for n, c in enumerate(cmp.checks):
        if c.failures:
            lines.append(f"{cmp.names[n]} breaks {len(c.failures)} hard constraint(s).")
    best = cmp.best_overall()
    if best:
        lines.append(
            "Best overall under select's objective (balance first, then merit), among "
            f"rosters that meet every hard rule: {' and '.join(cmp.names[n] for n in best)}."
        )
    else:
        lines.append("No roster meets every hard constraint.")
    return lines


def outcome_text(o: Outcome | None, base: Outcome) -> str:
    """A change in words: 'worst 0.33 → 0.20, total 0.33 → 0.20, merit +12.1'."""
    if o is None:
        return "not possible"
    if not o.feasible:
        return "no roster" if o.proven else "no roster found in time (none proven impossible)"
    parts = []
    if o.worst is not None and base.worst is not None:
        if abs(o.worst - base.worst) < 1e-9 and abs((o.total or 0) - (base.total or 0)) < 1e-9:
            parts.append("no change in balance")
        else:
            parts.append(
                f"worst {num(base.worst)} → {num(o.worst)}, "
                f"total {num(base.total)} → {num(o.total)}"
            )
    if o.merit is not None and base.merit is not None and abs(o.merit - base.merit) > 1e-9:
        parts.append(f"merit {o.merit - base.merit:+.1f}")
    if not o.proven:
        parts.append("not proven optimal (time limit)")
    return "; ".join(parts)


def drawn_from(provenance: dict[str, Any]) -> str:
    """Which group a draw took: one of the listed groups, or of the distribution."""
    where = provenance.get("drawn_from")
    if not isinstance(where, dict):
        return "" if where is None else str(where)
    if where.get("committed"):
        return f"committed group {where['group']} of {where['of']}"
    if where.get("listed"):
        return f"listed group {where['group']} of {where['of']}, each equally likely"
    return f"group {where['group']} of {where['of']} in the distribution"


def person_columns(problem: Problem) -> list[str]:
    """The columns that show who a person is to the rules: id, name, every dimension."""
    pool = problem.pool
    wanted = ["id", "name", *(d.column for d in problem.dimensions)]
    return list(dict.fromkeys(c for c in wanted if c in pool.columns))

"""An explanation (`explain`, or why `select` and `lottery` found nothing) as a Document."""

from __future__ import annotations

from ..results import Explanation, Slack
from .document import Block, Document, bullets, lines
from .reasons import describe_conflict, describe_rule, reason_text, relaxation_change


def explanation_blocks(explanation: Explanation) -> list[Block]:
    """An infeasible set in words: quick reasons, the minimal conflict, the cheapest repair;
    for a feasible one, the bounds the best roster sits on and the slack of the others."""
    head: list[Block] = []
    status = str(explanation.status)
    if status == "interrupted":
        head = [lines("INTERRUPTED (Ctrl-C): the account below is what was found so far.")]
    elif status == "unknown" and not explanation.feasible:
        return [
            lines(
                "Time limit reached: no roster was found, and none was proven impossible "
                "either (give more --time-limit)."
            )
        ]
    nothing = not (explanation.reasons or explanation.conflicts or explanation.repair)
    if status == "interrupted" and not explanation.slacks and (explanation.feasible or nothing):
        return [
            *head,
            lines("Nothing was established yet: neither a roster nor a reason for none."),
        ]
    if explanation.feasible:
        return head + _slack_blocks(explanation.slacks)
    return head + _why_blocks(explanation)


def _slack_blocks(slacks: list[Slack]) -> list[Block]:
    binding = [s for s in slacks if s.binding]
    blocks: list[Block] = [
        lines("The constraints can be met. Bounds the best roster sits on (binding):")
    ]
    if binding:
        blocks.append(bullets([f"{s.label} [{s.key}]: {s.seats} seats" for s in binding]))
    else:
        blocks.append(lines("  (none)"))
    blocks.append(lines("Bounds with room to spare (slack in seats):"))
    items = []
    for s in slacks:
        if s.binding:
            continue
        room = []
        if s.low > 0:
            room.append(f"{s.seats - s.low} above the minimum")
        if s.high is not None:
            room.append(f"{s.high - s.seats} below the maximum")
        items.append(f"{s.label} [{s.key}]: {s.seats} seats ({', '.join(room)})")
    blocks.append(bullets(items))
    return blocks


def _why_blocks(explanation: Explanation) -> list[Block]:
    problem = explanation.problem
    reasons = [reason_text(problem, r) for r in explanation.reasons]
    blocks: list[Block] = [lines("Why no roster exists:"), bullets(reasons)]
    proven = "" if explanation.conflict_minimal else " (not proven minimal: time ran out)"
    for n, rules in enumerate(explanation.conflicts, start=1):
        conflict = describe_conflict(problem, rules)
        label = f"Conflict {n}" if len(explanation.conflicts) > 1 else "Conflict"
        if len(conflict) == 1:
            blocks.append(lines(f"{label}: this rule cannot be met on its own{proven}:"))
        else:
            blocks.append(
                lines(
                    f"{label}: these {len(conflict)} rules cannot all hold together; "
                    f"dropping any one of them removes this conflict{proven}:"
                )
            )
        blocks.append(bullets(conflict))
    if explanation.repair:
        total = sum(r.seats for r in explanation.repair)
        blocks.append(lines(f"Cheapest repair ({total} seat(s) in all), then a roster exists:"))
        moves = [
            f"{describe_rule(problem, r.rule)}: {relaxation_change(r)}" for r in explanation.repair
        ]
        blocks.append(bullets(moves))
    return blocks


def document(explanation: Explanation) -> Document:
    if explanation.feasible:
        verdict = "a roster exists"
    elif str(explanation.status) == "infeasible":
        verdict = "no roster exists"
    else:
        verdict = f"not settled ({explanation.status})"
    return Document(
        "Explanation",
        tuple(explanation_blocks(explanation)),
        (("Verdict", verdict), ("Seconds", f"{explanation.seconds:.2f}")),
    )

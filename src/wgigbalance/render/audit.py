"""A roster check (`check`) as a Document: every rule held or failed, the balance, and the
roster beside the best one."""

from __future__ import annotations

from ..results import RosterAudit
from . import words
from .document import Document, Heading, lines
from .selection import balance_tables, constraint_tables


def audit_lines(audit: RosterAudit) -> list[str]:
    """The roster's objective next to the best achievable one."""
    out = ["This roster: " + "; ".join(words.objective_lines(audit.check))]
    best = audit.best
    if best is None:
        return out
    if best.check is None:
        out.append(f"Best achievable: no roster ({best.status}).")
        return out
    proven = "proven optimal" if best.status == "optimal" else f"{best.status}, not proven optimal"
    out.append("Best achievable: " + "; ".join(words.objective_lines(best.check)) + f" ({proven})")
    if audit.check.objective.key() == best.check.objective.key():
        out.append("This roster is as well balanced as the best one.")
    else:
        out.append(
            f"{len(set(best.members) - set(audit.check.members))} member(s) differ "
            "from the best roster; run `wgigbalance select` to see it."
        )
    return out


def document(audit: RosterAudit) -> Document:
    check = audit.check
    failures = check.failures
    verdict = (
        "every hard constraint holds"
        if not failures
        else f"{len(failures)} hard constraint(s) fail"
    )
    fails = [f"FAILS {words.constraint_message(c)}  [{c.source}]" for c in failures]
    blocks = [
        lines(f"Roster {audit.source}: {check.size} members; {verdict}."),
        *([lines(*fails, style="alert", only="terminal")] if fails else []),
        Heading("Balance"),
        *balance_tables(check),
        *constraint_tables(check),
        Heading("Against the best roster"),
        lines(*audit_lines(audit), listed=True),
    ]
    return Document(
        f"Check of {audit.source}",
        tuple(blocks),
        (
            ("Members", str(check.size)),
            ("Hard constraints", verdict),
            ("Worst dimension", f"{words.num(float(check.objective.worst()))} seats out of place"),
        ),
    )

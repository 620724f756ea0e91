"""Several good rosters (`alternatives`) as a Document."""

from __future__ import annotations

from ..results import Alternatives
from . import words
from .document import Block, Document, Table, lines


def tables(alts: Alternatives) -> list[Table]:
    ids = alts.problem.ids
    names = alts.problem.pool["name"].tolist() if "name" in alts.problem.pool else ids
    name_of = dict(zip(ids, names, strict=True))
    numbers = [f"#{n + 1}" for n in range(len(alts.rosters))]
    first = set(alts.rosters[0].members) if alts.rosters else set()
    summary = [
        [
            str(n + 1),
            str(r.status),
            str(len(r.members)),
            *words.objective_cells(r.check),
            str(len(set(r.members) - first)),
        ]
        for n, r in enumerate(alts.rosters)
    ]
    out = [
        Table(
            "Rosters",
            (
                "#",
                "status",
                "size",
                "worst dimension",
                "all dimensions",
                "merit",
                "differs from #1",
            ),
            summary,
        )
    ]
    if alts.rosters and alts.rosters[0].check is not None:
        rows = []
        for d, dim in enumerate(alts.rosters[0].check.balance):
            if dim.deviation is None:
                continue
            cells = [
                words.num(float(r.check.balance[d].deviation or 0)) if r.check else words.DASH
                for r in alts.rosters
            ]
            rows.append([dim.column, *cells])
        out.append(Table("Seats out of place per dimension", ("dimension", *numbers), rows))
    some = [
        [i, str(name_of.get(i, "")), *("x" if i in r.members else "" for r in alts.rosters)]
        for i in alts.some
    ]
    out.append(
        Table(
            f"In some rosters only ({len(some)}); in all of them: {len(alts.core)}",
            ("id", "name", *numbers),
            some,
        )
    )
    return out


def alternatives_note(alts: Alternatives) -> str:
    """Why fewer rosters than asked for: none at all, Ctrl-C, or no more differ enough."""
    found = len(alts.rosters)
    if not found:
        return f"no roster at all ({alts.status})"
    if str(alts.status) == "interrupted":
        return f"interrupted (Ctrl-C) after {found} roster(s); there may be more"
    if found < alts.asked:
        return (
            f"only {found} roster(s) differ by at least {alts.min_difference} members "
            f"within {alts.within:g} % of the best balance"
        )
    return ""


def document(alts: Alternatives) -> Document:
    head = (
        f"{len(alts.rosters)} roster(s), each within {alts.within:g} % of the best balance, "
        f"every two differing in at least {alts.min_difference} members."
    )
    note = alternatives_note(alts)
    blocks: list[Block] = [lines(head, *([note] if note else [])), *tables(alts)]
    blocks.append(lines("In all rosters: " + (", ".join(alts.core) or "(nobody)"), only="terminal"))
    if alts.rosters:
        listed = (f"Roster #{n + 1}: " + ", ".join(r.members) for n, r in enumerate(alts.rosters))
        blocks.append(lines(*listed, only="document"))
    return Document(
        "Alternatives",
        tuple(blocks),
        (
            ("Rosters", str(len(alts.rosters))),
            ("In all of them", str(len(alts.core))),
            ("In some only", str(len(alts.some))),
        ),
    )

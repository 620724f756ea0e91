"""Rosters side by side (`compare`) as a Document, with the verdict and a deviation chart."""

from __future__ import annotations

from ..results import Comparison
from . import words
from .document import Block, Chart, Document, Heading, Table, bullets, lines


def tables(cmp: Comparison) -> list[Table]:
    names = cmp.names
    out = [
        Table(
            "Objective",
            ("roster", "size", "hard constraints", "worst dimension", "all dimensions", "merit"),
            [
                [
                    name,
                    str(c.size),
                    "all hold" if c.ok else f"{len(c.failures)} fail",
                    *words.objective_cells(c),
                ]
                for name, c in zip(names, cmp.checks, strict=True)
            ],
        )
    ]
    membership = [["in all rosters", str(len(cmp.common))]]
    membership += [
        [f"in {name}, not in every roster", str(len(cmp.only(n)))] for n, name in enumerate(names)
    ]
    out.append(Table("Members", ("", "count"), membership))
    differs = who_differs(cmp)
    if differs is not None:
        out.append(differs)
    for d, dim in enumerate(cmp.checks[0].balance):
        rows = []
        for j, value in enumerate(dim.values):
            cells = []
            for c in cmp.checks:
                v = c.balance[d].values[j]
                dev = "" if v.deviation is None else f" ({v.deviation:+.2f})"
                cells.append(f"{v.seats}{dev}")
            rows.append([value.value, words.pct(value.target_share), *cells])
        devs = [
            words.DASH if (gap := c.balance[d].deviation) is None else words.num(float(gap))
            for c in cmp.checks
        ]
        rows.append(["seats out of place", "", *devs])
        out.append(
            Table(f"{dim.column}: seats (deviation from target)", ("value", "target", *names), rows)
        )
    failing = [
        [
            rule.label,
            rule.source,
            *(
                "holds" if c.constraints[i].holds else f"FAILS ({c.constraints[i].seats})"
                for c in cmp.checks
            ),
        ]
        for i, rule in enumerate(cmp.checks[0].constraints)
        if any(not c.constraints[i].holds for c in cmp.checks)
    ]
    out.append(
        Table(
            "Hard constraints that fail in some roster",
            ("rule", "from", *names),
            failing
            or [["(none: every roster meets every hard constraint)", "", *("" for _ in names)]],
        )
    )
    return out


def who_differs(cmp: Comparison) -> Table | None:
    """Everyone who is in some roster but not in all: id, name, and in which (none when
    the rosters have the same members)."""
    common = set(cmp.common)
    anywhere = set().union(*(set(c.members) for c in cmp.checks))
    differ = [i for i in cmp.problem.ids if i in anywhere and i not in common]
    if not differ:
        return None
    pool = cmp.problem.pool
    name = words.display_column(pool.columns)
    names = dict(zip(pool["id"], pool[name], strict=True)) if name else {}
    rosters = [set(c.members) for c in cmp.checks]
    rows = [
        [
            str(i),
            *([str(names.get(i, ""))] if name else []),
            *("yes" if i in members else words.DASH for members in rosters),
        ]
        for i in differ
    ]
    header = ("id", *([name] if name else []), *(f"in {n}" for n in cmp.names))
    lead = 2 if name else 1
    return Table(
        f"Who differs ({len(differ)})",
        header,
        rows,
        align="l" * lead + "r" * len(cmp.names),
    )


def _chart(cmp: Comparison) -> Chart | None:
    dims = [d.column for d in cmp.checks[0].balance if d.deviation is not None]
    if not dims:
        return None
    series = {
        name: [float(b.deviation or 0) for b in c.balance if b.deviation is not None]
        for name, c in zip(cmp.names, cmp.checks, strict=True)
    }

    def svg() -> str:
        from .charts import deviation_bars, svg_text

        return svg_text(deviation_bars(dims, series))

    return Chart("Seats out of place per dimension", svg)


def document(cmp: Comparison) -> Document:
    verdict = words.verdicts(cmp)
    chart = _chart(cmp)
    blocks: list[Block] = [
        Heading("Verdict"),
        bullets(verdict, only="document"),
        Heading("Side by side"),
        *([chart] if chart is not None else []),
        *tables(cmp),
        lines(*verdict, only="terminal"),
    ]
    best = cmp.best_overall()
    return Document(
        "Comparison: " + " vs ".join(cmp.names),
        tuple(blocks),
        (
            ("Rosters", str(len(cmp.names))),
            ("In all rosters", str(len(cmp.common))),
            ("Best overall", " and ".join(cmp.names[n] for n in best) or "none meets every rule"),
        ),
    )

"""Presentation: every result as a Document written for the terminal, Markdown or HTML, as
JSON, or (a roster) as CSV; live progress; charts; the words they share.

Importing this package is cheap (the command line's --help imports nothing heavy): the
writers and the result types are loaded inside the functions.
"""

from __future__ import annotations

import errno
import sys
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console

    from .document import Document

Format = Literal["table", "json", "csv", "markdown", "html"]
FORMATS: tuple[Format, ...] = ("table", "json", "csv", "markdown", "html")


def to_document(result: Any) -> Document:
    """The Document of any result (select, check, explain, tradeoffs, alternatives, compare,
    lottery, replace, renew, reserves, commit, draw, verify)."""
    from .. import results
    from ..results import draw as drawn
    from . import (
        alternatives,
        audit,
        compare,
        draw,
        explain,
        lottery,
        renew,
        replace,
        reserves,
        selection,
        tradeoffs,
    )

    builders: list[tuple[type, Any]] = [
        (results.SelectionResult, selection.document),
        (results.RosterAudit, audit.document),
        (results.Explanation, explain.document),
        (results.Tradeoffs, tradeoffs.document),
        (results.Alternatives, alternatives.document),
        (results.Comparison, compare.document),
        (results.LotteryResult, lottery.document),
        (results.ReplaceResult, replace.document),
        (results.RenewResult, renew.document),
        (results.Reserves, reserves.document),
        (drawn.Commitment, draw.commitment_document),
        (drawn.DrawResult, draw.draw_document),
        (drawn.Verification, draw.verification_document),
    ]
    for kind, build in builders:
        if isinstance(result, kind):
            doc: Document = build(result)
            if isinstance(result, results.SelectionResult):
                doc = reserves.appended(doc, result.reserves)
            elif isinstance(result, results.LotteryResult) and result.drawn is not None:
                doc = reserves.appended(doc, result.drawn.reserves)
            return _with_warnings(doc, warnings_of(result))
    raise TypeError(f"no report for {type(result).__name__}")


def warnings_of(result: Any) -> list[Any]:
    """What the tool approximated, skipped or assumed for this result (ToolWarnings)."""
    own = getattr(result, "warnings", None)
    if own is not None:
        return list(own)
    problem = getattr(result, "problem", None)
    return list(getattr(problem, "warnings", ()))


def _with_warnings(doc: Document, warnings: list[Any]) -> Document:
    """Warnings first, where nobody misses them."""
    if not warnings:
        return doc
    from dataclasses import replace

    from .document import lines

    block = lines(*(f"warning: {w.message}" for w in warnings), style="warn")
    return replace(doc, blocks=(block, *doc.blocks))


def text(result: Any, fmt: Format) -> str:
    """The result as text in a file format: json, markdown, html, or csv (a selection or a
    replaced group)."""
    if fmt == "json":
        from .json import dumps

        return dumps(result) + "\n"
    if fmt == "csv":
        from ..results import RenewResult, ReplaceResult, Reserves, SelectionResult
        from .roster import roster_csv

        if isinstance(result, Reserves):
            from .reserves import reserve_csv

            return reserve_csv(result)
        if isinstance(result, ReplaceResult) and result.selection is not None:
            result = result.selection
        if isinstance(result, RenewResult) and result.has_group:
            result = result.selection
        if not isinstance(result, SelectionResult):
            raise ValueError("csv is a roster format: select, replace, renew and reserves only")
        return roster_csv(result)
    from .document import write_html, write_markdown

    if fmt == "markdown":
        return write_markdown(to_document(result))
    if fmt == "html":
        return write_html(to_document(result))
    raise ValueError(f"unknown format {fmt!r}")


def show(result: Any, fmt: Format, console: Console | None = None, verbose: bool = False) -> None:
    """Print the result on standard output (or `console`) in `fmt`; `verbose`: the terminal
    shows the details too (balance tables, every rule, solver stages)."""
    if fmt == "table":
        from .document import write_rich

        write_rich(to_document(result), console or _console(), verbose=verbose)
        return
    out = sys.stdout if console is None else console.file
    out.write(text(result, fmt))
    out.flush()


def say(message: str, *, err: bool = True, label: str = "") -> None:
    """One line for the user (on standard error unless `err` is off); `label` in bold red
    before it ('error: '). Never wrapped, never read as markup."""
    from rich.text import Text

    from ..text import visible

    message = "\n".join(visible(line) for line in message.split("\n"))
    _console(stderr=err, soft_wrap=True).print(
        Text.assemble((label, "bold red"), message) if label else Text(message), highlight=False
    )


def _console(**options: Any) -> Console:
    """A rich console that lets a closed pipe (`select | head`) raise `BrokenPipeError` for
    the command line to end quietly (rich itself would exit with 1, the "no roster" code)."""
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "output closed")

    return _PipeConsole(**options)

"""A small document model and its three writers: the terminal (rich), Markdown and HTML.

Every report is built once, as a `Document` of blocks, by the module for its result kind
(`render.selection`, `render.audit`, ...); the writers know nothing about results. A block
may be meant for the terminal only (`only="terminal"`: a short roster, the lowest
probabilities), for the written documents only (`only="document"`: the full tables), or
for the documents and the terminal's `--verbose` (`only="detail"`: balance tables, every
rule, solver stages).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..text import visible

if TYPE_CHECKING:
    from rich.console import Console

Style = Literal["", "alert", "warn"]  # alert: something fails; warn: not proven
# document: Markdown and HTML; detail: documents, and the terminal with --verbose
Where = Literal["all", "terminal", "document", "detail"]


@dataclass(frozen=True)
class Heading:
    """A section heading (Markdown and HTML; the terminal shows tables' own titles)."""

    text: str
    only: Where = "document"


@dataclass(frozen=True)
class Lines:
    """Lines of text. `listed`: a bulleted list in Markdown and HTML, the lines as they are
    (indented or not) on the terminal."""

    lines: tuple[str, ...]
    style: Style = ""
    listed: bool = False
    only: Where = "all"


@dataclass(frozen=True)
class Bullets:
    """Items under the line before: '  - item' on the terminal, a list elsewhere."""

    items: tuple[str, ...]
    style: Style = ""
    only: Where = "all"


@dataclass(frozen=True)
class Table:
    """A titled table of text cells. `align`: one 'l' or 'r' per column (default: the
    first column left, the others right); `alerts`: rows to flag (something fails);
    `no_wrap`: columns never wrapped on the terminal; `fold`: on a narrow terminal, long
    words are folded onto the next line rather than cut short with '…'; `fit`: on the
    terminal, every cell on one line and never cut: the columns (after the first two) that
    do not fit the width are left out, and a line names them; `group` (with `fit`): when
    that leaves columns out, the rows are shown under one line per value of this column
    instead (it then takes no width), if more columns fit so."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    align: str = ""
    alerts: frozenset[int] = frozenset()
    no_wrap: frozenset[int] = frozenset()
    fold: bool = False
    fit: bool = False
    group: int | None = None
    only: Where = "all"

    def justify(self, column: int) -> Literal["left", "right"]:
        if self.align:
            return "right" if self.align[column] == "r" else "left"
        return "left" if column == 0 else "right"


@dataclass(frozen=True)
class Chart:
    """A chart, drawn only when a writer needs it (HTML): `svg()` returns inline SVG."""

    title: str
    svg: Callable[[], str]
    only: Where = "document"


Block = Heading | Lines | Bullets | Table | Chart


@dataclass(frozen=True)
class Document:
    """A report: title, key figures (label, value) and blocks in reading order.

    The key figures head the HTML page; the terminal and Markdown already say them in the
    blocks' own lines."""

    title: str
    blocks: tuple[Block, ...] = ()
    figures: tuple[tuple[str, str], ...] = field(default=())

    def shown(
        self, where: Literal["terminal", "document"], verbose: bool = False
    ) -> Iterator[Block]:
        wanted = {"all", where} | ({"detail"} if where == "document" or verbose else set())
        return (b for b in self.blocks if b.only in wanted)


def lines(*text: str, style: Style = "", listed: bool = False, only: Where = "all") -> Lines:
    return Lines(tuple(text), style, listed, only)


def bullets(items: Sequence[str], style: Style = "", only: Where = "all") -> Bullets:
    return Bullets(tuple(items), style, only)


# ---------------------------------------------------------------------------------------------
# terminal

_RICH_STYLE: dict[str, str] = {"": "", "alert": "bold red", "warn": "bold yellow"}


def write_rich(doc: Document, console: Console, verbose: bool = False) -> None:
    """The terminal report: lines as they are, tables as rich tables (title above). Not on a
    terminal (a pipe, a file), tables have no box art; rich honours NO_COLOR. `verbose`:
    also the blocks meant for details (`only="detail"`)."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table as RichTable
    from rich.text import Text

    def say(line: str, style: Style) -> None:
        if style:
            console.print(Text(visible(line), style=_RICH_STYLE[style]))
        else:
            console.print(visible(line), highlight=False, markup=False)

    framed = console.is_terminal

    def fitted(
        block: Table, skip: frozenset[int] = frozenset(), boxed: bool = framed
    ) -> tuple[list[int], list[str], bool, list[int]]:
        """The columns of a `fit` table that fit the console, whole (but `skip`); the names
        of the rest; whether the kept ones fit on one line (the first two always stay,
        wrapped if long); every column's width."""
        widths = [
            max(
                [cell_len(_terminal_cell(str(block.header[n])))]
                + [cell_len(_terminal_cell(row[n])) for row in block.rows]
            )
            for n in range(len(block.header))
        ]
        extra = 3 if boxed else 2  # "│ x " per column boxed, two spaces between plain
        used = 1 if boxed else -2
        kept: list[int] = []
        for n, width in enumerate(widths):
            if n in skip:
                continue
            if n < 2 or used + width + extra <= console.width:
                kept.append(n)
                used += width + extra
        left_out = [
            str(block.header[n]) for n in range(len(widths)) if n not in kept and n not in skip
        ]
        return kept, left_out, used <= console.width, widths

    def new_table(title: str | None, show_header: bool = True, boxed: bool = framed) -> RichTable:
        return RichTable(
            title=Text(visible(title)) if title else None,
            title_justify="left",
            box=box.HEAVY_HEAD if boxed else None,
            pad_edge=boxed,
            show_header=show_header,
        )

    def grouped(block: Table, kept: list[int], widths: list[int], group: int) -> None:
        """A header, then under one line per value of column `group` its rows (no box: the
        groups' tables line up as one)."""
        if block.title:
            say(block.title, "")
        rows: dict[str, list[int]] = {}
        for r, row in enumerate(block.rows):
            rows.setdefault(row[group], []).append(r)
        parts: list[tuple[RichTable, list[int]]] = [(new_table(None, boxed=False), [])] + [
            (new_table(f"{value} ({len(rs)})", show_header=False, boxed=False), rs)
            for value, rs in sorted(rows.items())
        ]
        for table, members in parts:
            for n in kept:
                table.add_column(
                    Text(visible(block.header[n])),
                    justify=block.justify(n),
                    no_wrap=True,
                    width=widths[n],
                )
            for r in members:
                style = _RICH_STYLE["alert"] if r in block.alerts else ""
                table.add_row(*(Text(_terminal_cell(block.rows[r][n])) for n in kept), style=style)
            console.print(table)

    for block in doc.shown("terminal", verbose):
        if isinstance(block, Lines):
            for line in block.lines:
                say(line, block.style)
        elif isinstance(block, Bullets):
            for item in block.items:
                say(f"  - {item}", block.style)
        elif isinstance(block, Table):
            left_out: list[str] = []
            kept, one_line = list(range(len(block.header))), False
            if block.fit:
                kept, left_out, one_line, widths = fitted(block)
                if left_out and one_line and block.group is not None:
                    g_kept, g_left, g_one_line, _ = fitted(
                        block, frozenset({block.group}), boxed=False
                    )
                    if g_one_line and len(g_left) < len(left_out):
                        grouped(block, g_kept, widths, block.group)
                        if g_left:
                            say(
                                f"(not shown at this width: {', '.join(g_left)}; every "
                                "column is in --format csv, markdown and html)",
                                "",
                            )
                        continue
            table = new_table(block.title)
            for n in kept:
                table.add_column(
                    Text(visible(block.header[n])),
                    justify=block.justify(n),
                    no_wrap=one_line or n in block.no_wrap,
                    overflow="fold" if block.fold or block.fit else "ellipsis",
                )
            for r, row in enumerate(block.rows):
                style = _RICH_STYLE["alert"] if r in block.alerts else ""
                table.add_row(*(Text(_terminal_cell(row[n])) for n in kept), style=style)
            console.print(table)
            if left_out:
                say(
                    f"(not shown at this width: {', '.join(left_out)}; every column is in "
                    "--format csv, markdown and html)",
                    "",
                )


_LONGEST_CELL = 1_000  # characters of one cell the terminal shows (wrapping a 20 MB cell hangs)


def _terminal_cell(cell: str) -> str:
    shown = visible(cell)
    if len(shown) <= _LONGEST_CELL:
        return shown
    return f"{shown[:_LONGEST_CELL]}… ({len(shown):,} characters)"


# ---------------------------------------------------------------------------------------------
# Markdown


# Characters that Markdown reads as code, links, raw HTML or table cells: shown as written.
# Angle brackets become entities (every renderer shows them as text; a backslash escape
# is CommonMark's, and not every renderer that allows raw HTML honours it).
_MD_SPECIAL = str.maketrans({"<": "&lt;", ">": "&gt;"} | {c: "\\" + c for c in "\\`|[]"})


def md_text(text: str) -> str:
    """Text as Markdown shows it, never as markup: code spans, links, raw HTML (`<script>`,
    `<img onerror=...>`) and table pipes escaped; controls visible; newlines spaces."""
    return visible(text).translate(_MD_SPECIAL)


def _md_cell(cell: str) -> str:
    return md_text(cell)


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = ["| " + " | ".join(_md_cell(h) for h in header) + " |"]
    out.append("|" + "|".join("---" for _ in header) + "|")
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def _md_styled(line: str, style: Style) -> str:
    text = md_text(line.strip())
    return f"**{text}**" if style == "alert" and text else text


def _captions(doc: Document, where: Literal["terminal", "document"]) -> Iterator[tuple[Block, int]]:
    """Each block with its heading level: sections are level 2; a table or chart gets a
    caption one level below the current section (none when titled like the section)."""
    section = ""
    for block in doc.shown(where):
        if isinstance(block, Heading):
            section = block.text
            yield block, 2
        elif isinstance(block, Table | Chart):
            yield block, (0 if not block.title or block.title == section else 3 if section else 2)
        else:
            yield block, 0


def write_markdown(doc: Document) -> str:
    """A Markdown report to publish."""
    out = [f"# {md_text(doc.title)}", ""]
    for block, level in _captions(doc, "document"):
        if isinstance(block, Heading):
            out += [f"## {md_text(block.text)}", ""]
        elif isinstance(block, Lines):
            if block.listed:
                out += [f"- {_md_styled(line, block.style)}" for line in block.lines]
            else:
                out += [_md_styled(line, block.style) for line in block.lines]
            out.append("")
        elif isinstance(block, Bullets):
            out += [f"- {_md_styled(item, block.style)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            if level:
                out += ["#" * level + " " + md_text(block.title), ""]
            out += [md_table(block.header, block.rows), ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# HTML

_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;"
    "color:#222}"
    "h1{font-size:1.6em}h2{font-size:1.3em;margin-top:1.6em}h3{font-size:1.05em}"
    "table{border-collapse:collapse;margin:.6em 0 1.4em}"
    "td,th{border:1px solid #bbb;padding:.25em .6em;vertical-align:top}"
    "th{background:#f2f2f2}.l{text-align:left}.r{text-align:right}"
    "tr.alert td,.alert{color:#b00;font-weight:bold}.warn{color:#a60;font-weight:bold}"
    "dl.figures{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}"
    "dl.figures dt{font-weight:bold}dl.figures dd{margin:0}"
    "p{margin:.3em 0}ul{margin:.3em 0 1em}figure{margin:1em 0}svg{max-width:100%;height:auto}"
)


def _esc(text: str) -> str:
    return html.escape(visible(text), quote=True)


def _cls(style: Style) -> str:
    return f' class="{style}"' if style else ""


def write_html(doc: Document) -> str:
    """A self-contained HTML page: inline CSS, charts as inline SVG, every text escaped."""
    title = _esc(doc.title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style>",
        "</head><body>",
        f"<h1>{title}</h1>",
    ]
    if doc.figures:
        parts.append('<dl class="figures">')
        parts += [f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in doc.figures]
        parts.append("</dl>")
    for block, level in _captions(doc, "document"):
        if isinstance(block, Heading):
            parts.append(f"<h2>{_esc(block.text)}</h2>")
        elif isinstance(block, Lines):
            items = [line.strip() for line in block.lines]
            if block.listed:
                parts.append(
                    f"<ul{_cls(block.style)}>"
                    + "".join(f"<li>{_esc(i)}</li>" for i in items)
                    + "</ul>"
                )
            else:
                parts += [f"<p{_cls(block.style)}>{_esc(i)}</p>" for i in items]
        elif isinstance(block, Bullets):
            parts.append(
                f"<ul{_cls(block.style)}>"
                + "".join(f"<li>{_esc(i)}</li>" for i in block.items)
                + "</ul>"
            )
        elif isinstance(block, Table):
            if level:
                parts.append(f"<h{level}>{_esc(block.title)}</h{level}>")
            parts.append(_html_table(block))
        elif isinstance(block, Chart):
            if level:
                parts.append(f"<h{level}>{_esc(block.title)}</h{level}>")
            parts.append(f"<figure>{block.svg()}</figure>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_table(table: Table) -> str:
    side = ["l" if table.justify(n) == "left" else "r" for n in range(len(table.header))]
    out = ["<table>", "<thead><tr>"]
    out += [f'<th class="{side[n]}">{_esc(h)}</th>' for n, h in enumerate(table.header)]
    out.append("</tr></thead><tbody>")
    for r, row in enumerate(table.rows):
        out.append('<tr class="alert">' if r in table.alerts else "<tr>")
        out += [f'<td class="{side[n]}">{_esc(c)}</td>' for n, c in enumerate(row)]
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)

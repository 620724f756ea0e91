"""Charts (matplotlib, drawn off-screen): deviation bars for comparisons, frontier plots.

matplotlib is imported, and its file-only backend chosen, inside the functions: importing
this module costs nothing.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import InputError
from ..io import write_atomic
from ..text import visible

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PLOT_SUFFIXES = (".png", ".svg")


def _pyplot() -> ModuleType:
    import matplotlib

    matplotlib.use("Agg")  # no display: files and strings only
    import matplotlib.pyplot as plt

    return plt


def _plain(text: str) -> str:
    """A label drawn as written: a `$` would start matplotlib's math mode (and a malformed
    formula in a column name would stop the drawing)."""
    return visible(text).replace("$", r"\$")


def deviation_bars(dimensions: Sequence[str], series: Mapping[str, Sequence[float]]) -> Figure:
    """Grouped bars: seats out of place per dimension, one colour per roster."""
    plt = _pyplot()
    fig: Figure
    fig, ax = plt.subplots(figsize=(max(4.0, 1.4 * len(dimensions) + 2), 3.2))
    width = 0.8 / max(len(series), 1)
    for n, (name, values) in enumerate(series.items()):
        xs = [i + n * width - 0.4 + width / 2 for i in range(len(dimensions))]
        ax.bar(xs, values, width, label=_plain(name))
    ax.set_xticks(range(len(dimensions)), [_plain(d) for d in dimensions])
    ax.set_ylabel("seats out of place")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def frontier_plot(
    xs: Sequence[float],
    ys: Sequence[float],
    xlabel: str,
    ylabel: str,
    title: str,
    labels: Sequence[str] | None = None,
) -> Figure:
    """A trade-off frontier: one marker per roster, joined in order."""
    plt = _pyplot()
    fig: Figure
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    ax.plot(xs, ys, marker="o")
    for i, label in enumerate(labels or []):
        ax.annotate(
            _plain(label),
            (xs[i], ys[i]),
            textcoords="offset points",
            xytext=(4, 4),
            fontsize="x-small",
        )
    ax.set_xlabel(_plain(xlabel))
    ax.set_ylabel(_plain(ylabel))
    ax.set_title(_plain(title), fontsize="medium")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def svg_text(fig: Figure) -> str:
    """The figure as an inline SVG string (for HTML reports); closes the figure."""
    plt = _pyplot()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.find("<svg") :]


def image(fig: Figure, suffix: str) -> bytes:
    """The figure as the bytes of a PNG or SVG file (by `suffix`); closes the figure."""
    plt = _pyplot()
    if suffix.lower() not in PLOT_SUFFIXES:
        plt.close(fig)
        raise InputError(f"a plot must end in .png or .svg, not {suffix!r}; change --plot.")
    if suffix.lower() == ".svg":
        return svg_text(fig).encode("utf-8")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    plt.close(fig)
    return buffer.getvalue()


def save(fig: Figure, path: str | os.PathLike[str]) -> None:
    """Write a PNG or SVG whole (temporary file, then rename); closes the figure."""
    target = os.fspath(path)
    write_atomic(target, image(fig, os.path.splitext(target)[1]))

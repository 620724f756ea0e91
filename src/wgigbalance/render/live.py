"""Live solver progress on the terminal (rich): implements `settings.Progress`."""

from __future__ import annotations

import math
import time
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.text import Text


class LiveProgress:
    """Shows the best objective and the proven bound while the solver works (on a terminal
    only, and only once a solve has taken `delay` seconds)."""

    def __init__(self, console: Console | None = None, delay: float = 0.5) -> None:
        self.console = Console(stderr=True) if console is None else console
        self.delay = delay
        self.started = time.monotonic()
        self.live: Live | None = None

    def __enter__(self) -> LiveProgress:
        return self

    def __call__(self, stage: str, objective: float, bound: float, seconds: float) -> None:
        if not self.console.is_terminal or time.monotonic() - self.started < self.delay:
            return
        found = (
            "no roster yet"
            if math.isnan(objective)
            else f"best {objective:.3f}, proven bound {bound:.3f}"
        )
        text = Text(
            f"solving: stage '{stage}': {found} ({time.monotonic() - self.started:.1f} s; "
            "Ctrl-C stops and keeps the best so far)"
        )
        if self.live is None:
            self.live = Live(text, console=self.console, transient=True, auto_refresh=False)
            self.live.start()
        self.live.update(text, refresh=True)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.live is not None:
            self.live.stop()

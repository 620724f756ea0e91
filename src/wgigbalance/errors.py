"""Errors the user can fix, and warnings about what the tool approximated, skipped or assumed.

An `InputError` carries one or more problems, each with a stable `code` (for tests and for
JSON), the place (file, line, column, key) and the fix (hint), and one plain line of text.
All problems found in one input are raised together, so the user fixes a file in one go.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with an input."""

    code: str
    message: str  # the whole line the user reads: file, place, what is wrong, the fix
    file: str | None = None
    line: int | None = None
    column: str | None = None
    key: str | None = None
    hint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class InputError(Exception):
    """Bad input (file, column, value or constraint): the CLI prints every problem, exit 2."""

    def __init__(
        self,
        message: str = "",
        *,
        code: str = "invalid_input",
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        key: str | None = None,
        hint: str | None = None,
        problems: list[InputProblem] | None = None,
    ) -> None:
        if problems is None:
            problems = [InputProblem(code, message, file, line, column, key, hint)]
        self.problems = problems
        self.message = "\n".join(p.message for p in problems)
        super().__init__(self.message)

    @property
    def code(self) -> str:
        return self.problems[0].code

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return {"error": "input", "problems": [p.to_dict() for p in self.problems]}


class Problems:
    """Collects the problems of one input, to raise them all at once."""

    def __init__(self) -> None:
        self.found: list[InputProblem] = []

    def add(self, error: InputError) -> None:
        self.found.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.found:
            raise InputError(problems=list(self.found))


@dataclass(frozen=True)
class ToolWarning:
    """Something the tool approximated, skipped or assumed: shown to the user and in JSON."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

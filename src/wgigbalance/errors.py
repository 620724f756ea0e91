"""Errors the user can fix: each carries one plain line naming the file, the place and the fix."""

from __future__ import annotations


class InputError(Exception):
    """Bad input (file, column, value or constraint): the CLI prints the message and exits 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

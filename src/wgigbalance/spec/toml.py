"""Reading a TOML constraint file: pydantic errors become one line naming the key and the fix."""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError, InputProblem
from ..settings import MAX_SEATS
from .schema import Bounds, Cap, Dimension, Merit, People, Quota, Size, Spec

MAX_SPEC_BYTES = 1_000_000  # a constraint file is a few kilobytes
_TYPE_TAGS = {"str", "int", "float", "list[str]", "bool"}


def _key_path(loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location into the key path the user wrote (quota[2].min)."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        elif "[" in item or "(" in item or item in _TYPE_TAGS:
            continue  # pydantic's union-branch tags, not the user's keys
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts) or "(top level)"


_SECTIONS: dict[str, type[BaseModel]] = {
    "size": Size,
    "balance": Dimension,
    "quota": Quota,
    "cap": Cap,
    "people": People,
    "merit": Merit,
}


def _known_keys(loc: tuple[int | str, ...]) -> list[str]:
    """Keys allowed where an unknown key was found, for a did-you-mean hint."""
    keys = [k for k in loc[:-1] if isinstance(k, str) and "[" not in k]
    if not keys:
        return list(Spec.model_fields)
    section = _SECTIONS.get(keys[0])
    if section is None:
        return []
    if keys[0] == "balance" and len(keys) >= 3 and keys[2] in ("each", "seats"):
        return list(Bounds.model_fields)
    return list(section.model_fields)


def _union_root(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The location up to pydantic's first union-branch tag: errors of one union share it."""
    for i, item in enumerate(loc):
        if isinstance(item, str) and ("[" in item or "(" in item or item in _TYPE_TAGS):
            return loc[:i]
    return loc


def _problem(path: Path, error: Any) -> InputProblem:
    loc = tuple(error["loc"])
    where = _key_path(loc)
    if error["type"] == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(loc)
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        message = f"{path}: {where}: unknown key '{key}'; {hint}"
        return InputProblem("unknown_key", message, str(path), key=where, hint=hint)
    message = f"{path}: {where}: {str(error['msg']).removeprefix('Value error, ')}"
    got = error.get("input")
    if error["type"] != "value_error" and got is not None and not isinstance(got, dict):
        message += f" (got {_shown(got)})"
    return InputProblem(f"invalid_{error['type']}", message, str(path), key=where)


def _shown(value: Any) -> str:
    """What the user wrote, short: a 5,000-digit number or a long list is cut, never
    printed whole (nor converted, which Python refuses beyond 4,300 digits)."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _validation_error(path: Path, exc: ValidationError) -> InputError:
    """Every problem pydantic found, one line each, in the file's order."""
    # In a union (target = "equal" or a table of shares) pydantic reports every branch; the
    # deepest location is the one that names what the user got wrong.
    chosen: dict[tuple[int | str, ...], Any] = {}
    for error in exc.errors():
        root = _union_root(tuple(error["loc"]))
        if root not in chosen or len(error["loc"]) > len(chosen[root]["loc"]):
            chosen[root] = error
    return InputError(problems=[_problem(path, e) for e in chosen.values()])


def parse_spec(data: dict[str, Any], source: str = "<constraints>") -> Spec:
    """Validate already-parsed TOML data; errors name `source` and the key."""
    try:
        return Spec.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(Path(source), exc) from exc


def load_spec(path: str | os.PathLike[str]) -> Spec:
    """Read and validate a TOML constraint file."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such constraint file; check the path.")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a constraint file.")
    if p.stat().st_size > MAX_SPEC_BYTES:
        raise InputError(
            f"{p}: {p.stat().st_size:,} bytes is too large for a constraint file "
            f"(at most {MAX_SPEC_BYTES:,}); check that this is the right file.",
            code="file_too_large",
            file=str(p),
        )
    try:
        text = p.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not a text file; save the constraints as UTF-8 TOML.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: not valid TOML ({exc}); see constraints/wgig2004.toml.") from exc
    except RecursionError as exc:
        raise InputError(
            f"{p}: tables or lists nested too deeply to read; a constraint file needs at "
            "most a few levels.",
            code="toml_too_deep",
            file=str(p),
        ) from exc
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise InputError(
            f"{p}: a number is far too long ({str(exc).split(';')[0]}); sizes and seats are "
            f"whole numbers up to {MAX_SEATS:,}.",
            code="number_too_long",
            file=str(p),
        ) from exc
    return parse_spec(data, str(p))

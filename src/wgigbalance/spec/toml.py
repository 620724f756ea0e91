"""Reading a TOML constraint file: pydantic errors become one line naming the key and the fix."""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from .schema import Bounds, Cap, Dimension, Merit, People, Quota, Size, Spec

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


def _format_validation(path: Path, exc: ValidationError) -> str:
    errors = exc.errors()
    # In a union (target = "equal" or a table of shares) pydantic reports every branch; the
    # deepest location is the one that names what the user got wrong.
    first = max(errors, key=lambda e: len(e["loc"]))
    loc = tuple(first["loc"])
    where = _key_path(loc)
    if first["type"] == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(loc)
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        msg = f"{path}: {where}: unknown key '{key}'; {hint}"
    else:
        msg = f"{path}: {where}: {str(first['msg']).removeprefix('Value error, ')}"
        got = first.get("input")
        if first["type"] != "value_error" and got is not None and not isinstance(got, dict):
            msg += f" (got {got!r})"
    if len(errors) > 1:
        msg += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return msg


def parse_spec(data: dict[str, Any], source: str = "<constraints>") -> Spec:
    """Validate already-parsed TOML data; errors name `source` and the key."""
    try:
        return Spec.model_validate(data)
    except ValidationError as exc:
        raise InputError(_format_validation(Path(source), exc)) from exc


def load_spec(path: str | os.PathLike[str]) -> Spec:
    """Read and validate a TOML constraint file."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such constraint file; check the path.")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a constraint file.")
    try:
        text = p.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not a text file; save the constraints as UTF-8 TOML.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: not valid TOML ({exc}); see constraints/wgig2004.toml.") from exc
    return parse_spec(data, str(p))

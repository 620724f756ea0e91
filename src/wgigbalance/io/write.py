"""Writing safely: CSV cells neutralised against formulas, whole files written atomically,
no file overwritten unless asked, a manifest of what a run wrote, file fingerprints."""

from __future__ import annotations

import hashlib
import io as _io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..settings import tool_version
from ..text import visible

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unneutralise(text: str) -> str:
    """Undo `neutralise_cell` for ids read back from a roster this tool wrote."""
    if text.startswith("'") and text[1:2] and text[1:2] in "".join(_FORMULA_START):
        return text[1:]
    return text


def neutralise_cell(value: object) -> str:
    """Prefix a quote to cells a spreadsheet would run as a formula (OWASP CSV injection);
    control, escape and bidirectional characters are written visibly (`\\x1b`, `<U+202E>`)."""
    text = "" if value is None else visible(str(value))
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def frame_to_safe_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text with every cell neutralised against formula injection."""
    safe = frame.astype(str).map(neutralise_cell)
    safe.columns = [neutralise_cell(c) for c in frame.columns]
    buffer = _io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def check_output(
    path: str | os.PathLike[str],
    option: str = "--out",
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Refuse an output path before any work: a folder, a missing folder, or an input file."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; give {option} a file name.")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{target}: folder {folder} does not exist; create it or change {option}.")
    for source in inputs:
        if Path(source).exists() and target.exists() and target.samefile(source):
            raise InputError(f"{target}: is an input file; {option} would overwrite it.")


def write_atomic(path: str | os.PathLike[str], text: str | bytes, overwrite: bool = True) -> None:
    """Write to a temporary file beside the target, then rename: never a partial file.

    With `overwrite` off, an existing file is never replaced, not even one that appears
    while writing (the temporary file is hard-linked to the name, which fails if it exists).
    """
    target = Path(path)
    check_output(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # an ordinary file for colleagues, not mkstemp's 0600
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    Path(tmp).unlink(missing_ok=True)


def _link_new(tmp: str, target: Path) -> None:
    """Give the written temporary file its name, refusing a name that exists."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise InputError(refuse_existing(target)) from None
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise InputError(refuse_existing(target)) from None
        os.replace(tmp, target)


def refuse_existing(path: str | os.PathLike[str]) -> str:
    """The message for an output file that exists (the run writes nothing)."""
    return f"{path}: already exists; add --force to overwrite it, or choose another name."


MANIFEST_NAME = "manifest.json"


def manifest_path(files: Iterable[Path | None], out_dir: Path | None = None) -> Path | None:
    """Where a run's manifest goes: `manifest.json` in `--out-dir`, else beside the first
    output file (`--out roster.csv`: `roster.csv.manifest.json`); None when the run names no
    output."""
    if out_dir is not None:
        return out_dir / MANIFEST_NAME
    first = next((f for f in files if f is not None), None)
    return None if first is None else first.with_name(first.name + ".manifest.json")


def write_files(
    files: list[tuple[Path, str | bytes]],
    manifest: Path | None,
    command: str,
    force: bool = False,
) -> None:
    """Write every file of one run, then its manifest (each file's path, size and SHA-256).

    Every target is checked before anything is written: without `force`, one that exists
    stops the run with its name, and nothing is written at all. Each file is written whole
    (temporary file, then rename); missing folders are created."""
    if not files:
        return
    targets = [path for path, _ in files] + ([manifest] if manifest is not None else [])
    if not force:
        for path in targets:
            if path.exists() or path.is_symlink():
                raise InputError(refuse_existing(path))
    entries: list[dict[str, object]] = []
    for path, text in files:
        data = text.encode("utf-8") if isinstance(text, str) else text
        _write_one(path, data, force)
        entries.append(
            {
                "path": _relative(path, manifest),
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    if manifest is not None:
        _write_one(manifest, manifest_text(command, entries).encode("utf-8"), force)


def manifest_text(command: str, entries: list[dict[str, object]]) -> str:
    """The manifest: the command, the tool version and the files, as sorted-key JSON (no
    time stamp, so the same run writes the same manifest)."""
    body = {"command": command, "files": entries, "tool": "wgigbalance", "version": tool_version()}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _write_one(path: Path, data: bytes, force: bool) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, overwrite=force)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None


def _relative(path: Path, manifest: Path | None) -> str:
    """A file's path as the manifest names it: relative to the manifest's folder."""
    if manifest is None:
        return path.as_posix()
    start = manifest.parent if str(manifest.parent) else Path(".")
    return Path(os.path.relpath(path.absolute(), start.absolute())).as_posix()


def sha256_file(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, so a published roster names exactly what it used."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ids_to_lines(ids: Iterable[str]) -> str:
    """One id per line, for messages."""
    return ", ".join(ids)

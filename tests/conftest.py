"""Shared fixtures: where the repository is, and a builder for tiny candidate pools."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ROOT, PoolBuilder, build_pool


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (holds data/ and constraints/)."""
    return ROOT


@pytest.fixture(scope="session")
def shipped_candidates(repo_root: Path) -> Path:
    return repo_root / "data" / "candidates.csv"


@pytest.fixture(scope="session")
def shipped_constraints(repo_root: Path) -> dict[str, Path]:
    folder = repo_root / "constraints"
    return {name: folder / f"{name}.toml" for name in ("wgig2004", "igf_mag", "cstd2010")}


@pytest.fixture(scope="session")
def pool_builder() -> PoolBuilder:
    """`pool_builder({"g": ["a", "b"], ...}, ids=None)` -> a DataFrame of strings."""
    return build_pool


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text (UTF-8) or bytes to tmp_path/name and return the path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's defaults (data/…, constraints/…) are relative to where it runs, as for a
    user in the project folder: run every test there, whatever folder pytest started in."""
    monkeypatch.chdir(ROOT)

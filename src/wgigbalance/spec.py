"""The user's constraint file: TOML, validated with pydantic, then resolved against the pool.

`Spec` is what the user wrote (checked for shape: types, ranges, min <= max).
`resolve(spec, pool)` checks it against the candidates (columns, values and ids exist) and
turns every rule into plain `Bound`s on groups of candidates and `Dimension` targets: the one
description of the problem that the CP-SAT model, the roster checker and the reports share.
"""

from __future__ import annotations

import difflib
import math
import os
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    model_validator,
)

from .errors import InputError
from .io import ID_COLUMN

DEFAULT_SIZE = (30, 40)


def parse_share(value: Any) -> Fraction:
    """A share of the group: 0.4, "40%", "2/5" or "1/3"; exact, between 0 and 1."""
    if isinstance(value, Fraction):
        share = value
    elif isinstance(value, bool):
        raise ValueError("a share must be a number between 0 and 1, like 0.4, '40%' or '1/3'")
    elif isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError("a share must be a number between 0 and 1")
        share = Fraction(str(value))
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        try:
            share = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
        except (ValueError, ZeroDivisionError) as exc:
            raise ValueError(
                f"{value!r} is not a share; write it like 0.4, '40%' or '1/3'"
            ) from exc
    else:
        raise ValueError("a share must be a number between 0 and 1, like 0.4, '40%' or '1/3'")
    if share < 0 or share > 1:
        raise ValueError(f"share {float(share):g} is outside 0–1; write e.g. 0.4 or '40%'")
    return share


def _exact_text(value: Fraction) -> str:
    """A fraction as the user would read it: 0.99, or 1/3 when it has no short decimal."""
    decimal = f"{float(value):.6g}"
    return decimal if Fraction(decimal) == value else f"{value} (about {decimal})"


Share = Annotated[Fraction, BeforeValidator(parse_share), PlainSerializer(str, return_type=str)]


def _text(value: Any) -> Any:
    """Numbers written where a value is expected are taken as text (a year, a code)."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Text = Annotated[str, BeforeValidator(_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)


class Bounds(_Strict):
    """Seats for one group: counts and/or shares of the group size (all optional)."""

    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)
    min_share: Share | None = None
    max_share: Share | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max}); make min <= max")
        if (
            self.min_share is not None
            and self.max_share is not None
            and self.min_share > self.max_share
        ):
            raise ValueError(
                f"min_share ({float(self.min_share):g}) is above max_share "
                f"({float(self.max_share):g}); make min_share <= max_share"
            )
        return self

    def is_empty(self) -> bool:
        return all(v is None for v in (self.min, self.max, self.min_share, self.max_share))


class Size(_Strict):
    """Group size: `exact`, or a range `min`..`max` (default 30–40)."""

    exact: int | None = Field(default=None, ge=1)
    min: int | None = Field(default=None, ge=1)
    max: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> Size:
        if self.exact is not None and (self.min is not None or self.max is not None):
            raise ValueError("give either exact, or min and max, not both")
        lo, hi = self.range()
        if lo > hi:
            raise ValueError(f"min ({lo}) is above max ({hi}); make min <= max")
        return self

    def range(self) -> tuple[int, int]:
        if self.exact is not None:
            return self.exact, self.exact
        lo = self.min if self.min is not None else min(DEFAULT_SIZE[0], self.max or DEFAULT_SIZE[0])
        hi = self.max if self.max is not None else max(DEFAULT_SIZE[1], lo)
        return lo, hi


Target = Literal["equal", "proportional", "none"] | dict[Text, Share]


class Dimension(_Strict):
    """A column to balance: a target spread over its values, plus optional hard seat bounds."""

    target: Target = "none"
    values: list[Text] | None = None
    weight: float = Field(default=1.0, ge=0.001, le=1000)
    priority: int = Field(default=1, ge=1, le=100)
    each: Bounds | None = None
    seats: dict[Text, Bounds] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> Dimension:
        if isinstance(self.target, dict):
            total = sum(self.target.values(), Fraction(0))
            if total != 1:
                raise ValueError(
                    f"target shares add up to {_exact_text(total)}, not exactly 1; make them "
                    "add up to 1 (write thirds and the like as fractions: '1/3')"
                )
        if self.values is not None and self.target != "equal":
            raise ValueError("'values' only goes with target = \"equal\"; remove it or use equal")
        return self


class Quota(Bounds):
    """Seats for candidates matching `where`, optionally for each value of `for_each`."""

    name: str | None = None
    where: dict[Text, Text | list[Text]] = Field(default_factory=dict)
    for_each: Text | list[Text] | None = None

    @model_validator(mode="after")
    def _has_bound(self) -> Quota:
        if self.is_empty():
            raise ValueError("a quota needs at least one of min, max, min_share, max_share")
        return self


class Cap(_Strict):
    """At most `max` members per value of `column` (e.g. per country or organisation)."""

    column: Text
    max: int = Field(ge=0)
    name: str | None = None
    where: dict[Text, Text | list[Text]] = Field(default_factory=dict)


class People(_Strict):
    """Rules about named candidates, by id."""

    include: list[Text] = Field(default_factory=list)
    exclude: list[Text] = Field(default_factory=list)
    not_together: list[tuple[Text, Text]] = Field(default_factory=list)


class Merit(_Strict):
    """A numeric column (higher is better) used only once balance is settled."""

    column: Text


class Spec(_Strict):
    """Everything a constraint file can say."""

    name: str | None = None
    source: str | None = None
    size: Size = Field(default_factory=Size)
    balance: dict[Text, Dimension] = Field(default_factory=dict)
    quota: list[Quota] = Field(default_factory=list)
    cap: list[Cap] = Field(default_factory=list)
    people: People = Field(default_factory=People)
    merit: Merit | None = None


# ---------------------------------------------------------------------------------------------
# Loading


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


# ---------------------------------------------------------------------------------------------
# Resolving against the pool


@dataclass(frozen=True)
class Bound:
    """A hard bound on the number of selected candidates in one group of the pool."""

    kind: Literal["seats", "quota", "cap"]
    label: str  # plain words: "region = African"
    source: str  # the key in the constraint file: "balance.region.each"
    family: str  # bounds of one family cover disjoint groups (used to build candidate types)
    mask: np.ndarray  # boolean, one entry per pool row
    min: int | None = None
    max: int | None = None
    min_share: Fraction | None = None
    max_share: Fraction | None = None
    share_slack: int = 0  # seats the share bounds give way by (trade-off analyses set it)

    def limits(self, size: int) -> tuple[int, int | None]:
        """The seat range this bound allows in a group of `size`."""
        lo = self.min or 0
        if self.min_share is not None:
            lo = max(lo, math.ceil(self.min_share * size) - self.share_slack)
        hi: int | None = self.max
        if self.max_share is not None:
            cap = math.floor(self.max_share * size) + self.share_slack
            hi = cap if hi is None else min(hi, cap)
        return lo, hi

    def describe(self) -> str:
        """The rule in words: "at least 5 and at most 40 %"."""
        parts = []
        if self.min is not None:
            parts.append(f"at least {self.min}")
        if self.min_share is not None:
            parts.append(f"at least {_pct(self.min_share)} of the group")
        if self.max is not None:
            parts.append(f"at most {self.max}")
        if self.max_share is not None:
            parts.append(f"at most {_pct(self.max_share)} of the group")
        return ", ".join(parts)


def _pct(share: Fraction) -> str:
    return f"{float(share) * 100:.4g} %"


@dataclass(frozen=True)
class DimensionTarget:
    """A balanced dimension: the column, its values and the target share of each."""

    column: str
    values: tuple[str, ...]
    codes: np.ndarray  # value index per pool row
    targets: dict[str, Fraction] | None  # None: reported, not balanced
    weight: float
    priority: int
    target_kind: str

    @property
    def scale(self) -> int:
        """The least common denominator of the target shares: counts times it are exact."""
        if self.targets is None:
            return 1
        return math.lcm(*(share.denominator for share in self.targets.values()))


@dataclass
class Problem:
    """A spec resolved against a pool: what the model, the checker and the reports share."""

    pool: pd.DataFrame
    spec: Spec
    size_min: int
    size_max: int
    dimensions: list[DimensionTarget]
    bounds: list[Bound]
    include: list[int]
    exclude: list[int]
    not_together: list[tuple[int, int]]
    merit: np.ndarray | None
    merit_column: str | None
    source: str = "<constraints>"
    candidates_source: str = "<candidates>"
    notes: list[str] = field(default_factory=list)
    row_ids: bool = False  # ids are row numbers added on reading (a sortition people file)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def ids(self) -> list[str]:
        if "ids" not in self._cache:
            self._cache["ids"] = [str(v) for v in self.pool[ID_COLUMN].tolist()]
        return list(self._cache["ids"])

    @property
    def available(self) -> np.ndarray:
        """Rows that may be selected (not excluded)."""
        if "available" not in self._cache:
            mask = np.ones(len(self.pool), dtype=bool)
            mask[self.exclude] = False
            self._cache["available"] = mask
        return np.asarray(self._cache["available"])

    @property
    def group_sizes(self) -> np.ndarray:
        """Available candidates in each bound's group."""
        if "group_sizes" not in self._cache:
            available = self.available
            self._cache["group_sizes"] = np.array(
                [int((b.mask & available).sum()) for b in self.bounds], dtype=np.int64
            )
        return np.asarray(self._cache["group_sizes"])

    def family_codes(self, family: str) -> np.ndarray:
        """For a family of disjoint groups (a cap, a for_each quota): each row's bound index
        in it, or -1."""
        key = f"family:{family}"
        if key not in self._cache:
            code = np.full(len(self.pool), -1, dtype=np.int64)
            for i, bound in enumerate(self.bounds):
                if bound.family == family:
                    code[bound.mask] = i
            self._cache[key] = code
        return np.asarray(self._cache[key])

    def balanced(self) -> list[DimensionTarget]:
        return [d for d in self.dimensions if d.targets is not None]

    def priorities(self) -> list[int]:
        return sorted({d.priority for d in self.balanced()})


def _need_column(
    pool: pd.DataFrame, column: str, key: str, source: str, cand: str, blanks_ok: bool = False
) -> None:
    if column in pool.columns:
        _clean_column(pool, column, cand, blanks_ok)
    if column not in pool.columns:
        known = ", ".join(c for c in pool.columns)
        close = difflib.get_close_matches(column, list(pool.columns), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise InputError(
            f"{source}: {key}: column '{column}' is not in {cand}; {hint}columns are: {known}"
        )


def _clean_column(pool: pd.DataFrame, column: str, cand: str, blanks_ok: bool = False) -> None:
    """A column the rules use: no empty cells, no values that differ only in case."""
    values = pool[column]
    if not blanks_ok and (values == "").any():
        row = int(np.flatnonzero((values == "").to_numpy())[0])
        raise InputError(
            f"{cand}: line {row + 2}, column '{column}' is empty; fill it in (the constraints "
            "use this column) or remove the row."
        )
    seen: dict[str, str] = {}
    for value in sorted(set(values.tolist())):
        key = value.casefold()
        if value and key in seen and seen[key] != value:
            raise InputError(
                f"{cand}: column '{column}' has '{seen[key]}' and '{value}', which differ only "
                "in upper/lower case; write them the same way."
            )
        seen.setdefault(key, value)


def _need_values(
    pool: pd.DataFrame, column: str, values: list[str], key: str, source: str, cand: str
) -> None:
    known = sorted(set(pool[column].tolist()))
    known_set = set(known)
    for value in values:
        if value not in known_set:
            close = difflib.get_close_matches(value, known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            shown = ", ".join(repr(k) for k in known[:20]) + (" ..." if len(known) > 20 else "")
            raise InputError(
                f"{source}: {key}: no candidate has {column} = '{value}'; {hint}"
                f"known values: {shown}"
            )


def _where_mask(
    pool: pd.DataFrame, where: dict[str, str | list[str]], key: str, source: str, cand: str
) -> np.ndarray:
    mask = np.ones(len(pool), dtype=bool)
    for column, wanted in where.items():
        _need_column(pool, column, f"{key}.where", source, cand)
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        if not values:
            raise InputError(f"{source}: {key}.where.{column}: empty list; name at least one value")
        _need_values(pool, column, values, f"{key}.where.{column}", source, cand)
        mask &= pool[column].isin(values).to_numpy()
    return mask


def _where_text(where: dict[str, str | list[str]]) -> str:
    parts = []
    for column, wanted in where.items():
        if isinstance(wanted, str):
            parts.append(f"{column} = {wanted}")
        else:
            parts.append(f"{column} in ({', '.join(wanted)})")
    return ", ".join(parts)


def resolve(
    spec: Spec,
    pool: pd.DataFrame,
    source: str = "<constraints>",
    candidates_source: str = "<candidates>",
) -> Problem:
    """Check the spec against the pool and compile it into bounds and targets."""
    cand = candidates_source
    ids = pool[ID_COLUMN].tolist()
    index_of = {v: i for i, v in enumerate(ids)}
    size_min, size_max = spec.size.range()

    # People first: they change what is available.
    def row_of(cid: str, key: str) -> int:
        if cid not in index_of:
            close = difflib.get_close_matches(cid, ids, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(f"{source}: {key}: id '{cid}' is not in {cand}{hint}; fix the id.")
        return index_of[cid]

    include = [row_of(c, "people.include") for c in spec.people.include]
    exclude = [row_of(c, "people.exclude") for c in spec.people.exclude]
    both = sorted(set(spec.people.include) & set(spec.people.exclude))
    if both:
        raise InputError(
            f"{source}: people: id '{both[0]}' is both in include and exclude; keep it in one."
        )
    pairs = []
    for a, b in spec.people.not_together:
        if a == b:
            raise InputError(f"{source}: people.not_together: pair ('{a}', '{b}') names one id.")
        pairs.append((row_of(a, "people.not_together"), row_of(b, "people.not_together")))
    inc_set = set(spec.people.include)
    for a, b in spec.people.not_together:
        if a in inc_set and b in inc_set:
            raise InputError(
                f"{source}: people: '{a}' and '{b}' are both in include but may not sit "
                "together (not_together); drop one of the two rules."
            )

    excluded = np.zeros(len(pool), dtype=bool)
    excluded[exclude] = True

    dims: list[DimensionTarget] = []
    bounds: list[Bound] = []
    for column, dim in spec.balance.items():
        key = f"balance.{column}"
        _need_column(pool, column, key, source, cand)
        values = tuple(sorted(set(pool[column].tolist())))
        code_of = {v: i for i, v in enumerate(values)}
        codes = pool[column].map(code_of).to_numpy(dtype=np.int64)
        targets: dict[str, Fraction] | None
        if dim.target == "none":
            targets = None
        elif dim.target == "equal":
            chosen = list(dim.values) if dim.values is not None else list(values)
            _need_values(pool, column, chosen, f"{key}.values", source, cand)
            targets = {v: Fraction(1, len(chosen)) if v in chosen else Fraction(0) for v in values}
        elif dim.target == "proportional":
            avail = pd.Series(pool[column].to_numpy()[~excluded]).value_counts()
            pool_size = int(avail.sum())
            targets = {v: Fraction(int(avail.get(v, 0)), max(pool_size, 1)) for v in values}
        else:
            assert isinstance(dim.target, dict)
            _need_values(pool, column, list(dim.target), f"{key}.target", source, cand)
            targets = {v: dim.target.get(v, Fraction(0)) for v in values}
        kind = dim.target if isinstance(dim.target, str) else "shares"
        dims.append(DimensionTarget(column, values, codes, targets, dim.weight, dim.priority, kind))
        if dim.each is not None and not dim.each.is_empty():
            for v in values:
                bounds.append(
                    _bound(
                        "seats",
                        f"{column} = {v}",
                        f"{key}.each",
                        key,
                        codes == code_of[v],
                        dim.each,
                    )
                )
        _need_values(pool, column, list(dim.seats), f"{key}.seats", source, cand)
        for v, seat_bounds in dim.seats.items():
            if not seat_bounds.is_empty():
                bounds.append(
                    _bound(
                        "seats",
                        f"{column} = {v}",
                        f"{key}.seats.{v}",
                        key,
                        codes == code_of[v],
                        seat_bounds,
                    )
                )

    for n, quota in enumerate(spec.quota, start=1):
        key = f"quota[{n}]"
        base = _where_mask(pool, quota.where, key, source, cand)
        title = quota.name or _where_text(quota.where) or "everyone"
        bounds.extend(
            _for_each(
                pool, quota.for_each, quota.where, base, quota, "quota", key, title, source, cand
            )
        )

    for n, cap in enumerate(spec.cap, start=1):
        key = f"cap[{n}]"
        _need_column(pool, cap.column, f"{key}.column", source, cand, blanks_ok=True)
        base = _where_mask(pool, cap.where, key, source, cand)
        title = cap.name or f"at most {cap.max} per {cap.column}"
        bounds.extend(
            _for_each(
                pool,
                cap.column,
                cap.where,
                base,
                Bounds(max=cap.max),
                "cap",
                key,
                title,
                source,
                cand,
            )
        )

    merit = None
    merit_column = None
    if spec.merit is not None:
        merit_column = spec.merit.column
        _need_column(pool, merit_column, "merit.column", source, cand)
        numbers = pd.to_numeric(pool[merit_column], errors="coerce")
        bad = numbers.isna() | ~np.isfinite(numbers.to_numpy(dtype=float))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"{cand}: line {row + 2}, column '{merit_column}': "
                f"'{pool[merit_column].iloc[row]}' is not a number; the merit column "
                "(merit.column in the constraints) needs a number in every row."
            )
        merit = numbers.to_numpy(dtype=float)
        if np.abs(merit).max(initial=0.0) > 1e9:
            row = int(np.argmax(np.abs(merit)))
            raise InputError(
                f"{cand}: line {row + 2}, column '{merit_column}': {pool[merit_column].iloc[row]} "
                "is too large for a merit score; rescale the column (e.g. to 0-100)."
            )

    return Problem(
        pool=pool,
        spec=spec,
        size_min=size_min,
        size_max=size_max,
        dimensions=dims,
        bounds=bounds,
        include=include,
        exclude=exclude,
        not_together=pairs,
        merit=merit,
        merit_column=merit_column,
        source=source,
        candidates_source=cand,
    )


def _bound(
    kind: Literal["seats", "quota", "cap"],
    label: str,
    source: str,
    family: str,
    mask: np.ndarray,
    b: Bounds,
) -> Bound:
    return Bound(kind, label, source, family, mask, b.min, b.max, b.min_share, b.max_share)


def _for_each(
    pool: pd.DataFrame,
    for_each: str | list[str] | None,
    where: dict[str, str | list[str]],
    base: np.ndarray,
    b: Bounds,
    kind: Literal["seats", "quota", "cap"],
    key: str,
    title: str,
    source: str,
    cand: str,
) -> list[Bound]:
    """One bound per combination of the `for_each` columns' values (restricted by `where`)."""
    if for_each is None:
        return [_bound(kind, title, key, key, base, b)]
    columns = [for_each] if isinstance(for_each, str) else list(for_each)
    for column in columns:
        _need_column(pool, column, f"{key}.for_each", source, cand, blanks_ok=kind == "cap")
    allowed = np.ones(len(pool), dtype=bool)
    for column in columns:
        if column in where:
            wanted = where[column]
            allowed &= pool[column].isin([wanted] if isinstance(wanted, str) else wanted).to_numpy()
    # One integer code per combination of values (sorted), then one cheap comparison each.
    if len(columns) == 1:
        combo_code, uniques = pd.factorize(pool[columns[0]], sort=True)
        labels = [f"{columns[0]} = {v}" for v in uniques]
    else:
        combo_code, multi = pd.MultiIndex.from_frame(pool[columns]).factorize(sort=True)
        labels = [
            ", ".join(f"{c} = {v}" for c, v in zip(columns, combo, strict=True)) for combo in multi
        ]
    combo_code = np.asarray(combo_code)
    out = []
    for k in np.unique(combo_code[allowed]).tolist():
        label = labels[k]
        if kind == "cap" and label.endswith("= "):  # no organisation given: nothing to cap
            continue
        mask = base & (combo_code == k)
        out.append(_bound(kind, f"{title}: {label}", key, key, mask, b))
    return out

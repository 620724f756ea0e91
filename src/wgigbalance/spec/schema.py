"""What a constraint file can say, as pydantic models: checked for shape (types, ranges,
min <= max), not yet against any pool."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    model_validator,
)

from ..settings import MAX_SEATS
from ..text import clean, hidden_character, visible

DEFAULT_SIZE = (30, 40)

# Numbers are taken as the user wrote them: `min = true` or `min = "30"` is refused, not
# coerced (a quoted number in a TOML file is usually a mistake worth seeing).
Seats = Annotated[int, Strict(), Field(ge=0, le=MAX_SEATS)]
GroupSize = Annotated[int, Strict(), Field(ge=1, le=MAX_SEATS)]


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
    """Numbers written where a value is expected are taken as text (a year, a code); text
    is normalised as the candidate file's cells are, and hidden characters refused."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        hidden = hidden_character(value)
        if hidden is not None:
            raise ValueError(
                f"{visible(value)!r} contains an invisible or control character ({hidden}); "
                "retype it without"
            )
        return clean(value)
    return value


Text = Annotated[str, BeforeValidator(_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)


class Bounds(_Strict):
    """Seats for one group: counts and/or shares of the group size (all optional)."""

    min: Seats | None = None
    max: Seats | None = None
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

    exact: GroupSize | None = None
    min: GroupSize | None = None
    max: GroupSize | None = None

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
    weight: Annotated[float, Strict()] = Field(default=1.0, ge=0.001, le=1000)
    priority: Annotated[int, Strict()] = Field(default=1, ge=1, le=100)
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
    max: Seats
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


class RotateOut(Bounds):
    """How many members of the last cycle leave (term limits, `leaving` and choice alike):
    counts and/or shares of the last cycle's size (checked as any seat bounds are)."""


class Underrepresented(_Strict):
    """Priority for values of `column` (countries) with at most `at_most` seats over the last
    `cycles` cycles: a bonus of `weight` per member (after balance, like merit), and/or at
    least `min` such members (hard)."""

    column: Text
    cycles: GroupSize = 3
    at_most: Seats = 0
    weight: float | None = Field(default=None, gt=0, le=1_000_000)
    min: Seats | None = None

    @model_validator(mode="after")
    def _does_something(self) -> Underrepresented:
        if self.weight is None and self.min is None:
            raise ValueError("give weight (a soft priority), min (a hard rule), or both")
        return self


class Renewal(_Strict):
    """How a standing body renews itself from its last cycle (used by `renew` only)."""

    max_consecutive_terms: GroupSize | None = None
    rotate_out: RotateOut | None = None
    keep_at_least: Seats | None = None
    keep_at_least_share: Share | None = None
    leaving: list[Text] = Field(default_factory=list)
    underrepresented: Underrepresented | None = None


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
    renewal: Renewal | None = None

"""What the user wrote: constraint files (TOML, or the sortition categories CSV), validated."""

from .schema import (
    DEFAULT_SIZE,
    Bounds,
    Cap,
    Dimension,
    Merit,
    People,
    Quota,
    Share,
    Size,
    Spec,
    Text,
    parse_share,
)
from .toml import load_spec, parse_spec

__all__ = [
    "DEFAULT_SIZE",
    "Bounds",
    "Cap",
    "Dimension",
    "Merit",
    "People",
    "Quota",
    "Share",
    "Size",
    "Spec",
    "Text",
    "load_spec",
    "parse_share",
    "parse_spec",
]

"""`tradeoffs`: what each rule costs, and frontiers between two goals.

- Price of each rule: relax it by one seat (a minimum one lower, a maximum one higher, a
  share bound giving way by one seat, a size range one wider, a cap one higher for every
  group, a target allowed one more seat out of place) and see how much the rest of the
  objective improves; tighten it by one seat and see what that costs, or whether no roster
  is left. A target's price is measured on the other dimensions: its dimension is moved to
  the last priority and held within its best deviation plus or minus one seat.
- Frontiers, each point a real roster: between two dimensions' deviations (Pareto, by
  epsilon constraints), between group size and balance (every size in the range), and
  between balance and merit (merit floors from the best-balanced roster's merit up to the
  most merit any valid roster has).
"""

from __future__ import annotations

from .frontiers import MAX_POINTS, between_frontier, merit_frontier, size_frontier
from .prices import prices_of
from .solving import Constrain

__all__ = [
    "MAX_POINTS",
    "Constrain",
    "between_frontier",
    "merit_frontier",
    "prices_of",
    "size_frontier",
]

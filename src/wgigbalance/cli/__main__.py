"""`python -m wgigbalance.cli`: the same as the `wgigbalance` command."""

from . import main

main()

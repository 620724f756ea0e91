"""Analyses: a resolved problem in, a result out. They never import each other."""

"""The CP-SAT side: building models and running the solver."""

"""impactagg: validate and aggregate the yearly outcome submissions of a human rights movement."""

__version__ = "0.1.0"

"""JD Generator: fair, grounded job descriptions from a role's facts."""

__version__ = "0.1.0"

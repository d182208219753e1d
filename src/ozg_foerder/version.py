"""Die Version des Pakets (eine Stelle; pyproject liest sie hier)."""

__version__ = "0.1.0"

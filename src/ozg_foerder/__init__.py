"""ozg-foerder: Förderrechner für hessische Kommunen (Landesprogramme zur OZG-Umsetzung).

Python-API::

    from datetime import date
    from ozg_foerder import pruefe

    e = pruefe("ikz", {"kommunen": 4, "einsparung": "0,18"}, stichtag=date(2022, 3, 14))
    e.ergebnis  # "offen"
    e.betrag    # Decimal("100000.00")
"""

from typing import Any

from ozg_foerder.version import __version__

_API = (
    "EingabeFehler",
    "Ergebnis",
    "UnbekanntesProgramm",
    "als_dict",
    "als_text",
    "katalog",
    "pruefe",
)


def __getattr__(name: str) -> Any:
    """Die API erst bei Bedarf laden: Unterpakete (eingaben, engine, …) kommen ohne sie aus."""
    if name in _API:
        from ozg_foerder import api

        return getattr(api, name)
    raise AttributeError(f"module 'ozg_foerder' has no attribute {name!r}")


__all__ = [
    "EingabeFehler",
    "Ergebnis",
    "UnbekanntesProgramm",
    "__version__",
    "als_dict",
    "als_text",
    "katalog",
    "pruefe",
]

"""ozg-foerder: Förderrechner für hessische Kommunen (Landesprogramme zur OZG-Umsetzung).

Python-API::

    from datetime import date
    from ozg_foerder import pruefe

    e = pruefe("ikz", {"kommunen": 4, "einsparung": "0,18"}, stichtag=date(2022, 3, 14))
    e.ergebnis  # "offen"
    e.betrag    # Decimal("100000.00")
"""

__version__ = "0.1.0"

from .api import (
    EingabeFehler,
    Ergebnis,
    UnbekanntesProgramm,
    als_dict,
    als_text,
    katalog,
    pruefe,
)

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

"""Womit gerechnet wurde, in Worten: Stand, Fingerabdruck der Regeln und Version des Werkzeugs.

Jede Ausgabe nennt den Regelsatz (Issue „Rules that change over time“, Punkt 4), damit eine
Antwort nachvollziehbar bleibt und ein geänderter Regelsatz sichtbar ist. Die Daten kommen aus
:meth:`ozg_foerder.regeln.katalog.Katalog.regelsatz`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ozg_foerder.eingaben.werte import formatiere_datum

__all__ = ["regelsatz_text"]


def regelsatz_text(regelsatz: dict[str, Any]) -> str:
    """``Regeln: Stand 14.03.2022 · Fingerabdruck 1a2b3c4d5e6f · ozg-foerder 0.1.0``."""
    stand = formatiere_datum(date.fromisoformat(regelsatz["stand"]))
    return (
        f"Regeln: Stand {stand} · Fingerabdruck {regelsatz['fingerabdruck']} · "
        f"ozg-foerder {regelsatz['version']}"
    )

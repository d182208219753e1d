"""Zellen für die Ausgabe: Text im Dezimalstil der Eingabe, ohne Formel-Injektion.

Eine Textzelle, die mit ``=``, ``+``, ``-``, ``@``, Tabulator oder Wagenrücklauf beginnt und
keine Zahl ist, würde eine Tabellenkalkulation als Formel ausführen (CSV-/Formel-Injektion).
Sie bekommt in CSV ein ``'`` vorangestellt; in XLSX wird sie als Text gespeichert, nie als Formel.
Zahlen wie ``-5`` oder ``+3,5 %`` bleiben, wie sie sind.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

__all__ = ["FORMELZEICHEN", "als_text", "betrag_text", "neutralisiere", "tage_text"]

FORMELZEICHEN = frozenset("=+-@\t\r\0")
_ZAHL_LAENGE = 100  # länger ist keine Zahl; vor dem regulären Ausdruck (sonst quadratisch)
_ZAHL = re.compile(r"[+-]?\s*\d[\d.,\s\u00a0]*(?:\s*(?:%|€|EUR))?", re.IGNORECASE)


def neutralisiere(text: str) -> str:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``; alles andere unverändert."""
    if (
        text
        and text[0] in FORMELZEICHEN
        and (len(text) > _ZAHL_LAENGE or not _ZAHL.fullmatch(text.strip()))
    ):
        return "'" + text
    return text


def _zahl(text: str, komma: bool) -> str:
    return text.replace(".", ",") if komma else text


def als_text(wert: Any, komma: bool) -> str:
    """Eine Eingabezelle (Text oder Excel-Wert) als CSV-Text."""
    if wert is None:
        return ""
    if isinstance(wert, str):
        return neutralisiere(wert)
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, int):
        return str(wert)
    if isinstance(wert, float):
        if wert.is_integer():
            return str(int(wert))
        return _zahl(format(wert, ".15g"), komma)
    if isinstance(wert, Decimal):
        return _zahl(format(wert, "f"), komma)
    if isinstance(wert, datetime):
        if wert.time() == time(0):
            return wert.strftime("%d.%m.%Y")
        return wert.strftime("%d.%m.%Y %H:%M:%S")
    if isinstance(wert, date):
        return wert.strftime("%d.%m.%Y")
    if isinstance(wert, time):
        return wert.strftime("%H:%M:%S")
    return neutralisiere(str(wert))


def betrag_text(wert: Decimal | None, komma: bool) -> str:
    """``Decimal("100000")`` → ``100000,00`` (ohne Tausenderpunkte: bleibt eine Zahl in Excel)."""
    if wert is None:
        return ""
    text = f"{wert:.2f}"
    return text.replace(".", ",") if komma else text


def tage_text(wert: Decimal | None, komma: bool) -> str:
    if wert is None:
        return ""
    text = f"{wert:.1f}"
    return text.replace(".", ",") if komma else text

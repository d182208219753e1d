"""Das Ergebnis einer Datenzeile (von :mod:`.auswertung` erzeugt, von Ausgabe und Zusammenfassung
gelesen)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ozg_foerder.batch.verbund import VerbundTeil
from ozg_foerder.engine.auswertung import Ergebnis

__all__ = ["KEIN_VERBUND", "Zeilenergebnis"]

KEIN_VERBUND: Mapping[str, VerbundTeil] = MappingProxyType({})


class Zeilenergebnis:
    """Eine ausgewertete Datenzeile."""

    __slots__ = (
        "_gemeldet",
        "_hinweise",
        "ergebnisse",
        "fehler",
        "fehler_programme",
        "kommune",
        "kommune_fehler",
        "kommune_text",
        "tabellenzeile",
        "verbund",
        "zeile",
        "zellen",
    )

    def __init__(self, tabellenzeile: int, zellen: list[Any]) -> None:
        self.zeile = 0
        """Nummer der Datenzeile ab 1 (leere Zeilen nicht mitgezählt)."""
        self.tabellenzeile = tabellenzeile
        """Zeilennummer in der Tabellenkalkulation (Kopfzeile meist 1) – in allen Meldungen."""
        self.zellen = zellen
        self.kommune: Any = None
        self.kommune_text: str | None = None
        self.kommune_fehler = False
        """Die Kommune der Zeile ließ sich nicht bestimmen: kein Programm, keine Summe."""
        self.ergebnisse: dict[str, Ergebnis] = {}
        self.verbund: Mapping[str, VerbundTeil] = KEIN_VERBUND
        self.fehler: list[str] = []
        self.fehler_programme: list[str] = []
        self._gemeldet: set[int] | None = None  # Spalten, deren Fehler schon gemeldet ist
        self._hinweise: tuple[str, ...] | None = None  # aus der Kommunensuche

    @property
    def gueltig(self) -> bool:
        return not self.fehler

"""Was ``regeln pruefen`` über das Schema hinaus prüft: Zitate, fehlende Testfälle, Zeilen.

Das Schema und die Bezüge prüft schon das Laden (:mod:`.laden`); hier kommt hinzu, was nur für
Betreuer der Regeln zählt und beim Auswerten keine Rolle spielt.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ozg_foerder.regeln.dokumente import Dokument, lade_dokumente, pruefe_zitate
from ozg_foerder.regeln.fehler import RegelFehler
from ozg_foerder.regeln.laden import lies_mit_zeilen

__all__ = ["Bericht", "pruefe_verzeichnis"]


class Bericht(NamedTuple):
    fehler: list[RegelFehler]  # Zitate, die nicht wörtlich stehen; Fehler im Dokumentindex
    dokumente: dict[str, Dokument]
    zitate: int  # geprüfte Zitate
    ohne_testfaelle: list[str]  # Dateien von Programmen ohne Testfälle
    testfall_zeilen: dict[tuple[str, int], int]  # (Programm-ID, Nummer ab 0) → Zeile


def pruefe_verzeichnis(verzeichnis: Path) -> Bericht:
    """Prüft die (schon gültigen) Regeldateien eines Verzeichnisses gegen ihre Dokumente."""
    dokumente, fehler = lade_dokumente(verzeichnis)
    zitate = 0
    ohne: list[str] = []
    zeilen_je_fall: dict[tuple[str, int], int] = {}
    for datei in sorted(verzeichnis.glob("*.yaml")):
        daten, zeilen = lies_mit_zeilen(datei)
        if not isinstance(daten, dict):
            continue
        faelle = daten.get("testfaelle") or []
        if not faelle:
            ohne.append(str(datei))
        for i in range(len(faelle) if isinstance(faelle, list) else 0):
            zeilen_je_fall[(str(daten.get("id", datei.stem)), i)] = zeilen.get(("testfaelle", i), 1)
        if dokumente:
            befunde = pruefe_zitate(datei, daten, zeilen, dokumente)
            fehler.extend(befunde)
            zitate += _anzahl_zitate(daten)
    return Bericht(fehler, dokumente, zitate, ohne, zeilen_je_fall)


def _anzahl_zitate(knoten: object) -> int:
    if isinstance(knoten, dict):
        eigen = 1 if "dokument" in knoten and isinstance(knoten.get("zitat"), str) else 0
        return eigen + sum(_anzahl_zitate(w) for w in knoten.values())
    if isinstance(knoten, list):
        return sum(_anzahl_zitate(w) for w in knoten)
    return 0

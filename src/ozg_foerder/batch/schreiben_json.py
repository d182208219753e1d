"""Ergebnis als JSON: ein Array mit einem Objekt je Datenzeile, gestreamt, sonst nichts.

``{"zeile": 1, "kommune": "Wetzlar", "ergebnisse": {"ikz": {…}}, "fehler": []}`` – ``zeile``
zählt die Datenzeilen ab 1 (leere Zeilen nicht), die Fehlermeldungen nennen die Zeile der
Tabelle. Jedes Programmobjekt ist das JSON-Objekt von ``ozg-foerder check`` (``als_dict``);
in einem Verbund kommt ``verbund`` hinzu (Name, Partnerzahl, Partner-Nr., Anteil).
Ein Objekt je Zeile in einer eigenen Textzeile: gültiges JSON und trotzdem mit ``grep`` lesbar.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from ozg_foerder.ausgabe.text import als_dict
from ozg_foerder.batch.auswertung import Auswertung, Zeilenergebnis
from ozg_foerder.batch.quelle import Fortschritt
from ozg_foerder.batch.verbund import verbund_hinweis
from ozg_foerder.eingaben.definition import json_wert
from ozg_foerder.eingaben.werte import formatiere_betrag

__all__ = ["schreibe_json", "zeile_als_dict"]


def zeile_als_dict(z: Zeilenergebnis) -> dict[str, Any]:
    ergebnisse: dict[str, Any] = {}
    for pid, e in z.ergebnisse.items():
        teil = z.verbund.get(pid) if z.verbund else None
        objekt = als_dict(e)  # das Ergebnis selbst bleibt unverändert
        if teil is not None:
            objekt["hinweise"].append(
                verbund_hinweis(
                    teil,
                    formatiere_betrag(e.betrag) if e.betrag is not None else None,
                    formatiere_betrag(teil.anteil) if teil.anteil is not None else None,
                )
            )
            objekt["verbund"] = {
                "name": teil.name,
                # die Zählgröße des Programms (IKZ: "kommunen")
                e.programm.verbund_zaehlt or "anzahl": teil.kommunen,
                "zeilen": teil.zeilen,
                "partner": teil.partner,
                "anteil": json_wert("betrag", teil.anteil),
            }
        ergebnisse[pid] = objekt
    return {
        "zeile": z.zeile,
        "kommune": z.kommune_text,
        "ergebnisse": ergebnisse,
        "fehler": list(z.fehler),
    }


def schreibe_json(
    auswertung: Auswertung,
    strom: TextIO,
    fortschritt: Callable[[str], Fortschritt | None] | None = None,
) -> None:
    strom.write("[")
    erste = True
    for z in auswertung.zeilen(fortschritt):
        strom.write("\n" if erste else ",\n")
        strom.write(json.dumps(zeile_als_dict(z), ensure_ascii=False))
        erste = False
    strom.write("]\n" if erste else "\n]\n")

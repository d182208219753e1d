"""Die OZG-Leistungen zur Onlinestellung: 27 Umsetzungsbündel (Handreichung Anlage 5).

Stand 14. März 2022: 138 von 321 kommunalen Online-Leistungen aus 27 Umsetzungsbündeln. Jedes
Bündel nennt die Monate, in denen seine Leistungen verfügbar wurden. An einem Stichtag ist ein
Bündel "teilweise" verfügbar ab seinem ersten Monat und "verfügbar" ab seinem letzten.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import NamedTuple

__all__ = ["GESAMT_LEISTUNGEN", "STAND", "Buendel", "lade_buendel", "status"]

STAND = date(2022, 3, 14)
GESAMT_LEISTUNGEN = 321  # kommunale Online-Leistungen insgesamt (Handreichung Anlage 5)
QUELLE = "Handreichung Anlage 5; HMdIS-Folien, TOP 6"
# Die Unterlagen nennen nur Monate; der Tag ist eine Ableitung und wird so gekennzeichnet.
ABGELEITET = "„verfügbar seit <Monat>“ ist gelesen als: ab dem Ersten dieses Monats (abgeleitet)"

VERFUEGBAR = "verfuegbar"
TEILWEISE = "teilweise"
NOCH_NICHT = "noch_nicht"


class Buendel(NamedTuple):
    nr: int
    name: str
    leistungen: int
    monate: tuple[date, ...]  # jeweils der Erste des Monats, aufsteigend
    verfuegbar_seit: str  # Wortlaut der Quelle


def lade_buendel(pfad: Path | None = None) -> list[Buendel]:
    if pfad is None:
        from ozg_foerder.eingaben.pfade import daten_verzeichnis

        pfad = daten_verzeichnis() / "umsetzungsbuendel.csv"
    with pfad.open(encoding="utf-8", newline="") as datei:
        return [
            Buendel(
                int(z["nr"]),
                z["name"],
                int(z["leistungen"]),
                tuple(sorted(date.fromisoformat(m + "-01") for m in z["monate"].split())),
                z["verfuegbar_seit_quelle"],
            )
            for z in csv.DictReader(datei)
        ]


def status(buendel: Buendel, stichtag: date) -> str:
    if stichtag >= buendel.monate[-1]:
        return VERFUEGBAR
    if stichtag >= buendel.monate[0]:
        return TEILWEISE
    return NOCH_NICHT

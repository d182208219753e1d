"""Ergebnis als CSV: die Eingabespalten unverändert, dahinter die Ergebnisspalten und ``fehler``.

Trennzeichen, Dezimalstil und Kodierung wie die Eingabe; aus einer Excel-Datei wird eine
CSV für deutsches Excel (Semikolon, Dezimalkomma, UTF-8 mit BOM). Eine ``;``-Datei in UTF-8
bekommt immer ein BOM, damit deutsches Excel sie per Doppelklick richtig öffnet.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TextIO

from ozg_foerder.batch.auswertung import Auswertung
from ozg_foerder.batch.quelle import Fortschritt
from ozg_foerder.batch.quelle_csv import DEUTSCH, CsvFormat
from ozg_foerder.batch.spalten import FEHLER_SPALTE
from ozg_foerder.batch.zellen import FORMELZEICHEN, als_text, betrag_text, neutralisiere, tage_text

__all__ = ["ausgabe_format", "schreibe_csv"]

FEHLER_TRENNER = " | "
_FORMELANFANG = re.compile("(?:^|\x1f)[=+\\-@\t\r]")


def ausgabe_format(auswertung: Auswertung) -> CsvFormat:
    """Das CSV-Format der Ausgabe: das der Eingabe (``;`` + UTF-8 immer mit BOM)."""
    format = getattr(auswertung.quelle, "format", None)
    if format is None:
        return DEUTSCH
    if format.trennzeichen == ";" and format.kodierung == "utf-8":
        return format._replace(bom=True)
    return format


def schreibe_csv(
    auswertung: Auswertung,
    strom: TextIO,
    format: CsvFormat,
    fortschritt: Callable[[str], Fortschritt | None] | None = None,
) -> None:
    """Schreibt alle Zeilen nach ``strom`` (Text, ``newline=""``); BOM schreibt der Aufrufer."""
    plan = auswertung.plan
    komma = format.dezimalkomma
    schreiber = csv.writer(strom, delimiter=format.trennzeichen, lineterminator="\r\n")
    schreiber.writerow([neutralisiere(k) for k in plan.ausgabe_kopf])
    ziel = plan.ziel
    anhang = [""] * (len(plan.ausgabe_kopf) - len(plan.kopf))
    spalten = [
        (
            ps.id,
            ziel[ps.ergebnis],
            ziel[ps.betrag] if ps.betrag else None,
            ziel[ps.tage] if ps.tage else None,
            ziel[ps.anteil] if ps.anteil else None,
        )
        for ps in plan.programme
    ]
    fehler_spalte = ziel[FEHLER_SPALTE]
    breite = len(plan.kopf)
    formelzeichen = FORMELZEICHEN
    nur_text = auswertung.quelle.art == "csv"  # CSV-Zellen sind immer Text
    betraege: dict[Decimal, str] = {}  # dieselben Beträge kommen tausendfach vor

    def betrag(wert: Decimal | None) -> str:
        if wert is None:
            return ""
        text = betraege.get(wert)
        if text is None:
            text = betrag_text(wert, komma)
            if len(betraege) < 4096:
                betraege[wert] = text
        return text

    for z in auswertung.zeilen(fortschritt):
        zellen = z.zellen
        if nur_text:
            if _FORMELANFANG.search("\x1f".join(zellen)) is None:
                zeile = list(zellen)  # der häufige Fall: keine Zelle sieht aus wie eine Formel
            else:
                zeile = [
                    c if not c or c[0] not in formelzeichen else neutralisiere(c) for c in zellen
                ]
        else:
            zeile = [
                c
                if c.__class__ is str and (not c or c[0] not in formelzeichen)
                else als_text(c, komma)
                for c in zellen
            ]
        if len(zeile) < breite:
            zeile.extend([""] * (breite - len(zeile)))
        zeile.extend(anhang)
        ergebnisse = z.ergebnisse
        for pid, s_ergebnis, s_betrag, s_tage, s_anteil in spalten:
            e = ergebnisse.get(pid)
            if e is None:
                zeile[s_ergebnis] = ""
                for s in (s_betrag, s_tage, s_anteil):
                    if s is not None:
                        zeile[s] = ""
                continue
            zeile[s_ergebnis] = e.ergebnis
            if s_betrag is not None:
                zeile[s_betrag] = betrag(e.betrag)
            if s_tage is not None:
                zeile[s_tage] = tage_text(e.tage_verfuegbar, komma)
            if s_anteil is not None:
                teil = z.verbund.get(pid)
                zeile[s_anteil] = betrag(teil.anteil) if teil else ""
        if z.fehler:
            zeile[fehler_spalte] = FEHLER_TRENNER.join(z.fehler)
        elif fehler_spalte < breite:
            zeile[fehler_spalte] = ""
        schreiber.writerow(zeile)

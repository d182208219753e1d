"""Ergebnis als CSV: die Eingabespalten unverändert, dahinter die Ergebnisspalten und „Fehler“.

Welche Ergebnisspalten (deutsch oder technisch): :mod:`.ergebnisspalten`.

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

from ozg_foerder.ausgabe.text import ERGEBNIS_TEXT
from ozg_foerder.batch.auswertung import Auswertung
from ozg_foerder.batch.csv_zeile import CsvZeile
from ozg_foerder.batch.ergebnisspalten import DEUTSCH as SPALTEN_DEUTSCH
from ozg_foerder.batch.ergebnisspalten import (
    ausgabespalten,
    begruendung_text,
    begruendung_zu,
)
from ozg_foerder.batch.parallel import ausgabetexte
from ozg_foerder.batch.quelle import Fortschritt
from ozg_foerder.batch.quelle_csv import DEUTSCH, CsvFormat
from ozg_foerder.batch.zeile import Zeilenergebnis
from ozg_foerder.batch.zellen import FORMELZEICHEN, als_text, betrag_text, neutralisiere, tage_text

__all__ = ["ausgabe_format", "schreibe_csv"]

FEHLER_TRENNER = " | "
# Zellen, verbunden mit \x1f: eine Zelle beginnt wie eine Formel. Der Ausdruck beginnt mit dem
# festen Zeichen \x1f, das der reguläre Ausdruck schnell findet (die erste Zelle prüft der
# Aufrufer selbst).
_FORMEL_NACH_TRENNER = re.compile("\x1f[=+\\-@\t\r\x00]")


def ausgabe_format(auswertung: Auswertung) -> CsvFormat:
    """Das CSV-Format der Ausgabe: das der Eingabe (``;`` + UTF-8 immer mit BOM)."""
    format = getattr(auswertung.quelle, "format", None)
    if format is None:
        return DEUTSCH
    if format.trennzeichen == ";" and format.kodierung == "utf-8":
        return format._replace(bom=True)
    if format.kodierung == "utf-32":  # liest kaum ein Programm: UTF-8 mit BOM zurück
        return format._replace(kodierung="utf-8", bom=True)
    return format


def schreibe_csv(
    auswertung: Auswertung,
    strom: TextIO,
    format: CsvFormat,
    fortschritt: Callable[[str], Fortschritt | None] | None = None,
    spalten: str = SPALTEN_DEUTSCH,
    prozesse: int | None = 1,
) -> None:
    """Schreibt alle Zeilen nach ``strom`` (Text, ``newline=""``); BOM schreibt der Aufrufer.

    ``spalten``: ``deutsch`` (Überschriften und Statuswörter für Menschen, mit Begründung) oder
    ``technisch`` (``ikz_ergebnis`` = ``foerderfaehig`` wie bis Version 1). ``prozesse``: siehe
    :func:`~ozg_foerder.batch.parallel.ausgabetexte`.
    """
    aus = ausgabespalten(auswertung.plan, spalten)
    komma = format.dezimalkomma
    schreiber = csv.writer(strom, delimiter=format.trennzeichen, lineterminator="\r\n")
    schreiber.writerow([neutralisiere(k) for k in aus.kopf])
    anhang = [""] * aus.anhang
    # je Programm: ID und die Stellen seiner Spalten, einmal ausgepackt statt je Zeile
    ziele = [
        (pz.ps.id, pz.ergebnis, pz.betrag, pz.tage, pz.anteil, pz.begruendung, pz)
        for pz in aus.programme
    ]
    fehler_spalte = aus.fehler
    zeile_spalte = aus.zeile
    fehler_name = aus.kopf[fehler_spalte]
    # Zellen setzt CsvZeile wie csv.writer, nur schneller; was sich wiederholt (Status, Beträge),
    # einmal
    setze = CsvZeile(format.trennzeichen)
    feld = setze.feld
    sonder = setze.sonder
    trenner = format.trennzeichen
    status = {e: feld(neutralisiere(aus.ergebnis_text(e))) for e in ERGEBNIS_TEXT}
    breite = aus.eingabe_breite
    formelzeichen = FORMELZEICHEN
    nur_text = auswertung.quelle.art == "csv"  # CSV-Zellen sind immer Text
    betraege: dict[Decimal, str] = {}  # dieselben Beträge kommen tausendfach vor
    # dieselben Sätze auch (meist dasselbe Objekt aus dem Zwischenspeicher von
    # begruendung_text, sein Hash ist dann schon gerechnet): gesetzt nur einmal
    saetze: dict[str, str] = {}

    def betrag(wert: Decimal | None) -> str:
        if wert is None:
            return ""
        text = betraege.get(wert)
        if text is None:
            text = feld(betrag_text(wert, komma))
            if len(betraege) < 4096:
                betraege[wert] = text
        return text

    def zeile_text(z: Zeilenergebnis) -> str:
        zellen = z.zellen
        if nur_text:
            verbunden = "\x1f".join(zellen)
            if (
                verbunden[:1] not in formelzeichen
                and _FORMEL_NACH_TRENNER.search(verbunden) is None
            ):
                zeile = list(zellen)  # der häufige Fall: keine Zelle sieht aus wie eine Formel
            else:
                zeile = [
                    c if not c or c[0] not in formelzeichen else neutralisiere(c) for c in zellen
                ]
            if sonder(verbunden) is not None:  # selten: eine Zelle mit ; oder "
                zeile = [feld(c) for c in zeile]
        else:
            zeile = [
                feld(
                    c
                    if c.__class__ is str and (not c or c[0] not in formelzeichen)
                    else als_text(c, komma)
                )
                for c in zellen
            ]
        if len(zeile) < breite:
            zeile.extend([""] * (breite - len(zeile)))
        zeile.extend(anhang)
        if zeile_spalte is not None:
            zeile[zeile_spalte] = str(z.tabellenzeile)
        ergebnisse = z.ergebnisse
        for pid, i_ergebnis, i_betrag, i_tage, i_anteil, i_begruendung, pz in ziele:
            e = ergebnisse.get(pid)
            if e is None:
                zeile[i_ergebnis] = ""
                for s in (i_betrag, i_tage, i_anteil):
                    if s is not None:
                        zeile[s] = ""
            else:
                zeile[i_ergebnis] = status[e.ergebnis]
                if i_betrag is not None:
                    text = betraege.get(e.betrag)  # fast immer schon gesetzt
                    zeile[i_betrag] = text if text is not None else betrag(e.betrag)
                if i_tage is not None:
                    zeile[i_tage] = feld(tage_text(e.tage_verfuegbar, komma))
                if i_anteil is not None:
                    teil = z.verbund.get(pid)
                    zeile[i_anteil] = betrag(teil.anteil) if teil else ""
            if i_begruendung is not None:
                if e is None:
                    satz = begruendung_text(z, pz, fehler_name)
                else:
                    satz = begruendung_zu(e, z, pz)
                text = saetze.get(satz)
                if text is None:
                    text = feld(neutralisiere(satz))
                    if len(saetze) < 4096:
                        saetze[satz] = text
                zeile[i_begruendung] = text
        if z.fehler:
            zeile[fehler_spalte] = feld(neutralisiere(FEHLER_TRENNER.join(z.fehler)))
        elif fehler_spalte < breite:
            zeile[fehler_spalte] = ""
        # wie setze.zeile (hier sind es immer mindestens zwei Zellen: Eingabe und Ergebnis)
        return trenner.join(zeile) + "\r\n"

    # Große Listen auf mehreren Kernen (:mod:`.parallel`): die Kinder erben den Strom, sein
    # Puffer muss vorher leer sein.
    for text in ausgabetexte(auswertung, zeile_text, fortschritt, prozesse, strom.flush):
        strom.write(text)

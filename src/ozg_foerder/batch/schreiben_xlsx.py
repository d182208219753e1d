"""Ergebnis als Excel-Arbeitsmappe: Blatt „Ergebnisse“ und Blatt „Zusammenfassung“.

Gestreamt (openpyxl ``write_only``): Zeilen gehen in eine temporäre Datei, nicht in den
Speicher. Eingabezellen behalten ihren Typ (Zahl bleibt Zahl, Datum bleibt Datum); Text wird
immer als Text gespeichert, nie als Formel (Formel-Injektion). Beträge sind Zahlen mit
€-Format, die Kopfzeile ist fixiert und hat einen Autofilter.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from ozg_foerder.ausgabe.text import BUDGET_JE_TEXT, ERGEBNIS_TEXT
from ozg_foerder.batch.auswertung import Auswertung
from ozg_foerder.batch.quelle import Fortschritt
from ozg_foerder.batch.spalten import FEHLER_SPALTE, spaltenbuchstabe
from ozg_foerder.batch.zusammenfassung import ERGEBNISSE, Zusammenfassung
from ozg_foerder.eingaben.werte import formatiere_datum
from ozg_foerder.engine.auswertung import FOERDERFAEHIG, NICHT_FOERDERFAEHIG, OFFEN

__all__ = ["EURO", "schreibe_xlsx", "textzelle"]

EURO = '#,##0.00 "€"'
TAGE = "0.0"
PROZENT = "0.0 %"
_FARBE = {FOERDERFAEHIG: "C6EFCE", OFFEN: "FFEB9C", NICHT_FOERDERFAEHIG: "FFC7CE"}


class _Stile:
    """Einmal je Arbeitsmappe gebaute Stile (je Zelle neu bauen wäre langsam)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.fett = Font(bold=True)
        self.kopf_fuellung = PatternFill("solid", fgColor="DDEBF7")
        self.umbruch = Alignment(wrap_text=True, vertical="top")
        self.ergebnis = {k: PatternFill("solid", fgColor=v) for k, v in _FARBE.items()}


def textzelle(blatt: Any, text: str) -> Any:
    """Eine Zelle, die sicher Text ist – auch wenn er mit ``=`` beginnt."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    zelle = WriteOnlyCell(blatt, value=text)
    if zelle.data_type != "s":  # openpyxl hielte "=…" für eine Formel
        zelle.data_type = "s"
        zelle.quotePrefix = True
    return zelle


def _eingabezelle(blatt: Any, wert: Any) -> Any:
    if isinstance(wert, str):
        if wert[:1] in ("=", "+", "-", "@", "\t", "\r") or not wert.isprintable():
            return textzelle(blatt, wert)
        return wert
    if isinstance(wert, Decimal):
        return float(wert)
    return wert


def _zahl(blatt: Any, wert: Decimal | None, format: str) -> Any:
    if wert is None:
        return None
    from openpyxl.cell import WriteOnlyCell

    zelle = WriteOnlyCell(blatt, value=float(wert))  # Excel kennt nur Gleitkommazahlen
    zelle.number_format = format
    return zelle


def _kopfzeile(blatt: Any, namen: list[str], stile: _Stile) -> list[Any]:
    zellen = []
    for name in namen:
        zelle = textzelle(blatt, name)
        zelle.font = stile.fett
        zelle.fill = stile.kopf_fuellung
        zellen.append(zelle)
    return zellen


def schreibe_xlsx(
    auswertung: Auswertung,
    datei: IO[bytes],
    fortschritt: Callable[[str], Fortschritt | None] | None = None,
    titel: str = "",
) -> None:
    from openpyxl import Workbook

    mappe = Workbook(write_only=True)
    try:
        _schreibe(mappe, auswertung, datei, fortschritt, titel)
    except BaseException:
        _aufraeumen(mappe)
        raise


def _aufraeumen(mappe: Any) -> None:
    """Nach einem Abbruch: openpyxls temporäre Blattdateien schließen und löschen."""
    for blatt in mappe.worksheets:
        for schritt in ("_rows", "_writer"):
            teil = getattr(blatt, schritt, None)
            with contextlib.suppress(Exception):
                if teil is not None:
                    teil.close()
        with contextlib.suppress(Exception):
            blatt._writer.cleanup()


def _schreibe(
    mappe: Any,
    auswertung: Auswertung,
    datei: IO[bytes],
    fortschritt: Callable[[str], Fortschritt | None] | None,
    titel: str,
) -> None:
    from openpyxl.cell import WriteOnlyCell

    plan = auswertung.plan
    blatt = mappe.create_sheet("Ergebnisse")
    uebersicht = mappe.create_sheet("Zusammenfassung")
    stile = _Stile()
    blatt.freeze_panes = "A2"
    for i, name in enumerate(plan.ausgabe_kopf):
        breite = 60 if name == FEHLER_SPALTE else min(max(len(name) + 4, 12), 40)
        blatt.column_dimensions[spaltenbuchstabe(i)].width = breite
    blatt.append(_kopfzeile(blatt, plan.ausgabe_kopf, stile))

    ziel = plan.ziel
    breite = len(plan.ausgabe_kopf)
    anzahl = 0
    for z in auswertung.zeilen(fortschritt):
        zeile: list[Any] = [_eingabezelle(blatt, c) for c in z.zellen]
        zeile.extend([None] * (breite - len(zeile)))
        for ps in plan.programme:
            e = z.ergebnisse.get(ps.id)
            for name in ps.ausgabe_spalten():
                zeile[ziel[name]] = None
            if e is None:
                continue
            zelle = WriteOnlyCell(blatt, value=e.ergebnis)
            zelle.fill = stile.ergebnis[e.ergebnis]
            zeile[ziel[ps.ergebnis]] = zelle
            if ps.betrag:
                zeile[ziel[ps.betrag]] = _zahl(blatt, e.betrag, EURO)
            if ps.tage:
                zeile[ziel[ps.tage]] = _zahl(blatt, e.tage_verfuegbar, TAGE)
            if ps.anteil:
                teil = z.verbund.get(ps.id)
                zeile[ziel[ps.anteil]] = _zahl(blatt, teil.anteil if teil else None, EURO)
        zeile[ziel[FEHLER_SPALTE]] = textzelle(blatt, "\n".join(z.fehler)) if z.fehler else None
        blatt.append(zeile)
        anzahl += 1
    blatt.auto_filter.ref = f"A1:{spaltenbuchstabe(breite - 1)}{anzahl + 1}"
    _zusammenfassung(uebersicht, auswertung.zusammenfassung, stile, titel)
    mappe.save(datei)


def _zusammenfassung(blatt: Any, zf: Zusammenfassung, stile: _Stile, titel: str) -> None:
    from openpyxl.cell import WriteOnlyCell

    for spalte, breite in zip(
        "ABCDEFGHIJKLMN", (16, 40, 12, 18, 12, 18, 16, 12, 12, 40, 18, 12, 16, 16), strict=False
    ):
        blatt.column_dimensions[spalte].width = breite
    kopf = WriteOnlyCell(blatt, value="Zusammenfassung")
    kopf.font = stile.fett
    blatt.append([kopf])
    if titel:
        blatt.append(["Datei", textzelle(blatt, titel)])
    blatt.append(["Stichtag", formatiere_datum(zf.stichtag)])
    blatt.append(["Zeilen", zf.zeilen])
    blatt.append(["davon mit Fehlern", zf.fehlerzeilen])
    blatt.append([])
    namen = ["Programm", "Name"]
    for ergebnis in ERGEBNISSE:
        namen.append(ERGEBNIS_TEXT[ergebnis])
        if ergebnis != NICHT_FOERDERFAEHIG:
            namen.append(f"Summe {ERGEBNIS_TEXT[ergebnis]}")
    namen += [
        "Zeilen mit Fehlern",
        "Verbünde",
        "Budget laut Unterlagen",
        "Budget",
        "je",
        "Anteil förderfähig",
        "Anteil mit offenen",
    ]
    blatt.append(_kopfzeile(blatt, namen, stile))
    for s in zf.programme.values():
        p = s.programm
        zeile: list[Any] = [p.id, p.name]
        for ergebnis in ERGEBNISSE:
            zeile.append(s.anzahl[ergebnis])
            if ergebnis != NICHT_FOERDERFAEHIG:
                zeile.append(_zahl(blatt, s.summe[ergebnis], EURO) if p.formel else None)
        zeile += [s.fehler, s.verbuende]
        budgets = s.budget_zeilen() if p.formel else []
        if not budgets:
            blatt.append(zeile)
            continue
        ff = s.summe[FOERDERFAEHIG]
        for i, (b, _, _) in enumerate(budgets):
            if i:
                zeile = [None] * (len(namen) - 5)
            zeile += [
                b.text,
                _zahl(blatt, b.betrag, EURO),
                BUDGET_JE_TEXT[b.je],
                _zahl(blatt, ff / b.betrag if b.betrag else None, PROZENT),
                _zahl(blatt, (ff + s.summe[OFFEN]) / b.betrag if b.betrag else None, PROZENT),
            ]
            blatt.append(zeile)

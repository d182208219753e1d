"""Ergebnis als Excel-Arbeitsmappe: Blatt „Ergebnisse“ und Blatt „Zusammenfassung“.

Gestreamt (openpyxl ``write_only``): Zeilen gehen in eine temporäre Datei, nicht in den
Speicher. Eingabezellen behalten ihren Typ (Zahl bleibt Zahl, Datum bleibt Datum); Text wird
immer als Text gespeichert, nie als Formel (Formel-Injektion). Beträge sind Zahlen mit
€-Format, die Kopfzeile ist fixiert und hat einen Autofilter.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from ozg_foerder.ausgabe.text import BUDGET_JE_TEXT, ERGEBNIS_TEXT
from ozg_foerder.batch.auswertung import Auswertung
from ozg_foerder.batch.ergebnisspalten import DEUTSCH, ausgabespalten, begruendung_text
from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.batch.quelle import Fortschritt
from ozg_foerder.batch.spalten import spaltenbuchstabe
from ozg_foerder.batch.zusammenfassung import ERGEBNISSE
from ozg_foerder.eingaben.werte import formatiere_datum
from ozg_foerder.engine.auswertung import FOERDERFAEHIG, NICHT_FOERDERFAEHIG, OFFEN

__all__ = ["EURO", "schreibe_xlsx", "textzelle"]

EURO = '#,##0.00 "€"'
TAGE = "0.0"
PROZENT = "0.0 %"
PROZENT_GANZ = "0 %"
DATUM = "DD.MM.YYYY"
DATUM_ISO = "YYYY-MM-DD"
TAUSENDER = "#,##0"
ZWEI_STELLEN = "#,##0.00"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}$")
DATUM_ZEIT = "DD.MM.YYYY HH:MM"
_FARBE = {FOERDERFAEHIG: "C6EFCE", OFFEN: "FFEB9C", NICHT_FOERDERFAEHIG: "FFC7CE"}


class _Stile:
    """Einmal je Arbeitsmappe gebaute Stile (je Zelle neu bauen wäre langsam).

    Für die Zellen der Ergebniszeilen stehen die Nummern der Stile in der Mappe bereit
    (``*_id``): sie direkt zu setzen spart je Zelle das Vergleichen der Stilobjekte.
    """

    def __init__(self, mappe: Any = None) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.fett = Font(bold=True)
        self.kopf_fuellung = PatternFill("solid", fgColor="DDEBF7")
        self.umbruch = Alignment(wrap_text=True, vertical="top")
        self.oben = Alignment(vertical="top")
        self.ergebnis = {k: PatternFill("solid", fgColor=v) for k, v in _FARBE.items()}
        if mappe is not None:
            self.umbruch_id = mappe._alignments.add(self.umbruch)
            self.oben_id = mappe._alignments.add(self.oben)
            self.ergebnis_id = {k: mappe._fills.add(v) for k, v in self.ergebnis.items()}


def _stil(zelle: Any, art: str, nummer: int) -> None:
    """Setzt einen Stil über seine Nummer in der Mappe (``alignmentId``, ``fillId``)."""
    from openpyxl.styles.cell_style import StyleArray

    if not zelle._style:
        zelle._style = StyleArray()
    setattr(zelle._style, art, nummer)


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


def _formatiert(blatt: Any, wert: Any, format: str | None) -> Any:
    """Eine Eingabezelle mit Zahlenformat: das der Spalte in der Eingabe, sonst für Daten
    ``TT.MM.JJJJ`` (nie ``yyyy-mm-dd h:mm:ss``)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(wert, datetime):
        if format is None:
            format = DATUM if wert.time() == time(0) else DATUM_ZEIT
    elif isinstance(wert, date):
        format = format or DATUM
    elif format is None or isinstance(wert, (str, bool)) or wert is None:
        return _eingabezelle(blatt, wert)
    zelle = WriteOnlyCell(blatt, value=float(wert) if isinstance(wert, Decimal) else wert)
    zelle.number_format = format
    return zelle


def _typisiert(eingabe: Any, text: str) -> tuple[Any, str | None] | None:
    """Eine CSV-Zelle einer Eingabespalte als Excel-Wert mit Format, wie der Benutzer sie
    schrieb: ``18 %`` → 0,18 als „18 %“, ``01.07.2022`` → Datum, ``1.500.000,00 €`` → Zahl
    im €-Format. ``None``: bleibt Text (ja/nein, Listen, Unlesbares)."""
    typ = eingabe.typ
    if typ not in ("betrag", "anteil", "datum", "ganzzahl") or not text.strip():
        return None
    try:
        wert = eingabe.lies(text)
    except Exception:  # unlesbar: steht als Fehler in der Zeile, die Zelle bleibt Text
        return None
    if wert is None:
        return None
    roh = text.strip()
    if typ == "betrag":
        if "€" in roh or "eur" in roh.lower():
            return float(wert), EURO
        if "." in roh and wert == wert.to_integral_value():  # 80.000
            return float(wert), TAUSENDER
        return float(wert), None if "," not in roh else ZWEI_STELLEN
    if typ == "anteil":
        if "%" not in roh:  # 0,17 bleibt 0,17
            return float(wert), None
        prozent = Decimal(wert) * 100
        if prozent == prozent.to_integral_value():
            return float(wert), PROZENT_GANZ
        return float(wert), PROZENT
    if typ == "datum":
        return wert, DATUM_ISO if _ISO.match(roh) else DATUM
    return int(wert), None


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
    spalten: str = DEUTSCH,
) -> None:
    from openpyxl import Workbook

    mappe = Workbook(write_only=True)
    try:
        _schreibe(mappe, auswertung, datei, fortschritt, titel, spalten)
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


MAX_ZEILEN = 1_048_576
"""Zeilen eines Excel-Tabellenblatts (mit Kopfzeile); mehr schreibt Excel nicht."""
MAX_SPALTEN = 16_384
"""Spalten eines Excel-Tabellenblatts."""

LANG = 60
"""Breite der Spalten mit Begründung und Fehlern (Zeichen); der Text wird umbrochen."""
_ZEILE_PT = 15
_ZEICHEN_JE_ZEILE = 70  # so viele Zeichen passen etwa in eine Zeile der Breite LANG


def _inhaltsbreiten(auswertung: Auswertung, zeilen: int = 50) -> dict[int, int]:
    """Die längsten Zellinhalte der ersten ``zeilen`` Datenzeilen je Spalte (für die Breite)."""
    from contextlib import closing

    breiten: dict[int, int] = {}
    try:
        with closing(auswertung.quelle.zeilen()) as alle:
            for n, (_, zellen) in enumerate(alle):
                if n >= zeilen:
                    break
                for i, c in enumerate(zellen):
                    if isinstance(c, (date, datetime)):
                        laenge = 10
                    elif isinstance(c, (int, float, Decimal)) and not isinstance(c, bool):
                        laenge = len(f"{c:,.2f}") + 2  # mit Tausenderpunkten und „ €“
                    else:
                        laenge = len(str(c or ""))
                    if laenge > breiten.get(i, 0):
                        breiten[i] = laenge
    except Exception:  # nur Darstellung: ohne Vorschau gehen die Überschriften
        return {}
    return breiten


def _zeilenhoehe(zeile: list[Any], lang: set[int]) -> float | None:
    """Höhe einer Zeile mit umbrochenem Text (Excel und LibreOffice passen sie nicht immer an)."""
    zeilen = 1
    for i in lang:
        zelle = zeile[i]
        text = getattr(zelle, "value", None)
        if not text:
            continue
        n = sum(max(1, -(-len(absatz) // _ZEICHEN_JE_ZEILE)) for absatz in str(text).split("\n"))
        zeilen = max(zeilen, n)
    return min(zeilen * _ZEILE_PT, 409) if zeilen > 1 else None


def _seite(blatt: Any, kommune: int | None) -> None:
    """Drucken: A4 quer, Kopfzeile und Kommunenspalte auf jeder Seite."""
    blatt.page_setup.orientation = "landscape"
    blatt.page_setup.paperSize = "9"  # A4
    blatt.print_title_rows = "1:1"
    if kommune is not None:
        buchstabe = spaltenbuchstabe(kommune)
        blatt.print_title_cols = f"{buchstabe}:{buchstabe}"


def _oben(blatt: Any, zeile: list[Any], oben: int) -> None:
    """Eine Zeile mit umbrochenem Text: alle Zellen oben ausrichten (sonst stehen Name und
    Ergebnis unten, die Begründung oben). ``oben``: Nummer der Ausrichtung in der Mappe."""
    from openpyxl.cell import WriteOnlyCell

    for i, wert in enumerate(zeile):
        if wert is None:
            continue
        if not hasattr(wert, "_style"):  # ein Wert, noch keine Zelle
            wert = zeile[i] = WriteOnlyCell(blatt, value=wert)
        if not wert._style or not wert._style.alignmentId:  # umbrochene behalten ihre
            _stil(wert, "alignmentId", oben)


def _eingabe_formate(auswertung: Auswertung) -> tuple[dict[int, str], dict[int, Any]]:
    """(Zahlenformat je Spalte einer Excel-Eingabe, Eingabe je Spalte einer CSV-Eingabe)."""
    quelle = auswertung.quelle
    if quelle.art == "xlsx":
        formate = getattr(quelle, "spaltenformate", None)
        return (formate() if formate else {}), {}
    eingaben = {s.index: s.eingabe for ps in auswertung.plan.programme for s in ps.eingaben}
    return {}, eingaben


def _schreibe(
    mappe: Any,
    auswertung: Auswertung,
    datei: IO[bytes],
    fortschritt: Callable[[str], Fortschritt | None] | None,
    titel: str,
    spalten: str,
) -> None:
    from openpyxl.cell import WriteOnlyCell

    aus = ausgabespalten(auswertung.plan, spalten)
    if len(aus.kopf) > MAX_SPALTEN:
        raise DateiUnbrauchbar(
            f"Das Ergebnis hätte {len(aus.kopf):,} Spalten; eine Excel-Arbeitsmappe fasst "
            f"höchstens {MAX_SPALTEN:,} (Grenze von Excel). Es wurde nichts geschrieben.".replace(
                ",", "."
            ),
            "Als CSV ausgeben (--ausgabe ergebnis.csv) oder überflüssige Spalten entfernen.",
        )
    blatt = mappe.create_sheet("Ergebnisse")
    uebersicht = mappe.create_sheet("Zusammenfassung")
    stile = _Stile(mappe)
    blatt.freeze_panes = "A2"
    lang = {aus.fehler} | {pz.begruendung for pz in aus.programme if pz.begruendung is not None}
    inhalt = _inhaltsbreiten(auswertung)
    for i, name in enumerate(aus.kopf):
        breite = LANG if i in lang else min(max(len(name) + 4, inhalt.get(i, 0) + 2, 12), 40)
        blatt.column_dimensions[spaltenbuchstabe(i)].width = breite
    _seite(blatt, auswertung.plan.kommune)
    blatt.append(_kopfzeile(blatt, aus.kopf, stile))

    formate, eingaben = _eingabe_formate(auswertung)
    cache: dict[tuple[int, str], Any] = {}
    breite = len(aus.kopf)
    fehler_name = aus.kopf[aus.fehler]
    anzahl = 0
    for z in auswertung.zeilen(fortschritt):
        if anzahl + 1 >= MAX_ZEILEN:  # die Kopfzeile zählt mit
            raise DateiUnbrauchbar(
                f"Das Ergebnis hat mehr als {MAX_ZEILEN - 1:,} Zeilen; ein Excel-Tabellenblatt "
                f"fasst höchstens {MAX_ZEILEN:,} Zeilen (Grenze von Excel). Es wurde nichts "
                "geschrieben.".replace(",", "."),
                "Als CSV ausgeben (--ausgabe ergebnis.csv) oder die Liste in Teile aufteilen.",
            )
        zeile: list[Any] = []
        for i, c in enumerate(z.zellen):
            if i in formate:
                zeile.append(_formatiert(blatt, c, formate[i]))
            elif c.__class__ is str and i in eingaben:
                schluessel = (i, c)
                typisiert = cache.get(schluessel, False)
                if typisiert is False:
                    typisiert = _typisiert(eingaben[i], c)
                    if len(cache) < 4096:
                        cache[schluessel] = typisiert
                if typisiert is None:
                    zeile.append(_eingabezelle(blatt, c))
                else:
                    wert, format = typisiert
                    zeile.append(_formatiert(blatt, wert, format) if format else wert)
            elif isinstance(c, (date, Decimal)):
                zeile.append(_formatiert(blatt, c, None))
            else:
                zeile.append(_eingabezelle(blatt, c))
        zeile.extend([None] * (breite - len(zeile)))
        if aus.zeile is not None:
            zeile[aus.zeile] = z.tabellenzeile
        for pz in aus.programme:
            e = z.ergebnisse.get(pz.ps.id)
            for s in (pz.ergebnis, pz.betrag, pz.tage, pz.anteil):
                if s is not None:
                    zeile[s] = None
            if pz.begruendung is not None:
                text = begruendung_text(z, pz, fehler_name)
                if text:
                    zelle = textzelle(blatt, text)
                    _stil(zelle, "alignmentId", stile.umbruch_id)
                    zeile[pz.begruendung] = zelle
                else:
                    zeile[pz.begruendung] = None
            if e is None:
                continue
            zelle = WriteOnlyCell(blatt, value=aus.ergebnis_text(e.ergebnis))
            _stil(zelle, "fillId", stile.ergebnis_id[e.ergebnis])
            zeile[pz.ergebnis] = zelle
            if pz.betrag is not None:
                zeile[pz.betrag] = _zahl(blatt, e.betrag, EURO)
            if pz.tage is not None:
                zeile[pz.tage] = _zahl(blatt, e.tage_verfuegbar, TAGE)
            if pz.anteil is not None:
                teil = z.verbund.get(pz.ps.id)
                zeile[pz.anteil] = _zahl(blatt, teil.anteil if teil else None, EURO)
        if z.fehler:
            zelle = textzelle(blatt, "\n".join(z.fehler))
            _stil(zelle, "alignmentId", stile.umbruch_id)
            zeile[aus.fehler] = zelle
        else:
            zeile[aus.fehler] = None
        hoehe = _zeilenhoehe(zeile, lang)
        if hoehe:
            from openpyxl.worksheet.dimensions import RowDimension

            _oben(blatt, zeile, stile.oben_id)

            # gelesen, während append die Zeile schreibt; danach nicht mehr gebraucht
            blatt.row_dimensions[anzahl + 2] = RowDimension(
                blatt, index=anzahl + 2, ht=hoehe, customHeight=True
            )
        blatt.append(zeile)
        if hoehe:
            del blatt.row_dimensions[anzahl + 2]
        anzahl += 1
    blatt.auto_filter.ref = f"A1:{spaltenbuchstabe(breite - 1)}{anzahl + 1}"
    _zusammenfassung(uebersicht, auswertung, stile, titel)
    mappe.save(datei)


def _zusammenfassung(blatt: Any, auswertung: Auswertung, stile: _Stile, titel: str) -> None:
    from openpyxl.cell import WriteOnlyCell

    zf = auswertung.zusammenfassung

    for spalte, breite in zip(
        "ABCDEFGHIJKLMN", (16, 60, 12, 18, 12, 18, 18, 18, 12, 60, 18, 12, 18, 18), strict=False
    ):
        blatt.column_dimensions[spalte].width = breite
    kopf = WriteOnlyCell(blatt, value="Zusammenfassung")
    kopf.font = stile.fett
    blatt.append([kopf])
    if titel:
        blatt.append(["Datei", textzelle(blatt, titel)])
    blatt.append(["Stichtag", _formatiert(blatt, zf.stichtag, DATUM)])
    blatt.append(["Zeilen", zf.zeilen])
    blatt.append(["davon mit Fehlern", zf.fehlerzeilen])
    katalog = getattr(auswertung, "katalog", None)
    if katalog is not None:
        r = katalog.regelsatz()
        blatt.append(
            [
                "Regeln",
                f"Stand {formatiere_datum(date.fromisoformat(r['stand']))}, "
                f"Fingerabdruck {r['fingerabdruck']}, ozg-foerder {r['version']}",
            ]
        )
    eingabe = getattr(auswertung, "eingabe", None)
    if eingabe and eingabe.get("sha256"):
        blatt.append(["Eingabe (sha256)", eingabe["sha256"]])
    optionen = getattr(auswertung, "optionen", None)
    if optionen:
        angaben = [
            f"{k}={', '.join(v) if isinstance(v, list) else v}"
            for k, v in optionen.items()
            if v not in (None, [])
        ]
        blatt.append(["Angaben", textzelle(blatt, "; ".join(angaben))])
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

"""Ergebnis als Excel-Arbeitsmappe: Blatt „Ergebnisse“ und Blatt „Zusammenfassung“.

Gestreamt (:mod:`.xlsx_schreiber`): die Zeilen gehen als XML direkt in das Zip-Archiv der
Zieldatei, nichts sammelt sich im Speicher. Eingabezellen behalten ihren Typ (Zahl bleibt Zahl,
Datum bleibt Datum mit Datumsformat); Text wird immer als Text gespeichert, nie als Formel
(Formel-Injektion). Beträge sind Zahlen mit €-Format, die Ergebniszellen farbig, die Kopfzeile
ist fixiert und hat einen Autofilter; Begründungen und Fehler werden umbrochen.

Schnell, weil sich wiederholt, was sich wiederholt: Eine Zelle ist ein Stück Text, und die
Stücke für gleiche Eingabewerte, Status, Beträge und Begründungen entstehen je Spalte einmal
(begrenzte Zwischenspeicher). Je Zeile bleibt das Nachschlagen und Zusammenfügen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from ozg_foerder.ausgabe.text import BUDGET_JE_TEXT, ERGEBNIS_TEXT
from ozg_foerder.batch.auswertung import Auswertung
from ozg_foerder.batch.ergebnisspalten import (
    DEUTSCH,
    Ausgabespalten,
    ausgabespalten,
    begruendung_text,
    begruendung_zu,
)
from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.batch.quelle import Fortschritt
from ozg_foerder.batch.spalten import spaltenbuchstabe
from ozg_foerder.batch.xlsx_schreiber import XlsxSchreiber
from ozg_foerder.batch.zusammenfassung import ERGEBNISSE
from ozg_foerder.eingaben.werte import formatiere_datum
from ozg_foerder.engine.auswertung import FOERDERFAEHIG, NICHT_FOERDERFAEHIG, OFFEN

__all__ = ["EURO", "schreibe_xlsx"]

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
KOPF_FARBE = "DDEBF7"

MAX_ZEILEN = 1_048_576
"""Zeilen eines Excel-Tabellenblatts (mit Kopfzeile); mehr schreibt Excel nicht."""
MAX_SPALTEN = 16_384
"""Spalten eines Excel-Tabellenblatts."""

LANG = 60
"""Breite der Spalten mit Begründung und Fehlern (Zeichen); der Text wird umbrochen."""
_ZEILE_PT = 15
_ZEICHEN_JE_ZEILE = 70  # so viele Zeichen passen etwa in eine Zeile der Breite LANG
_VORSCHAU = 50
"""So viele Zeilen bestimmen die Spaltenbreiten (sie warten im Puffer des Blatts)."""
_JE_SPALTE = 4096
"""Zwischengespeicherte Zellen je Spalte und Ausrichtung (Speicher bleibt begrenzt)."""
_UMBROCHEN = 8192
"""Zwischengespeicherte Begründungs- und Fehlertexte (je etwa 300 Zeichen)."""
_FEHLT = object()


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


def _breite(wert: Any) -> int:
    """Wie breit ein Eingabewert etwa dargestellt wird (Zeichen)."""
    if isinstance(wert, (date, datetime)):
        return 10
    if isinstance(wert, (int, float, Decimal)) and not isinstance(wert, bool):
        return len(f"{wert:,.2f}") + 2  # mit Tausenderpunkten und „ €“
    return len(str(wert or ""))


def _zeilen_text(text: str) -> int:
    """So viele Zeilen braucht ``text`` umbrochen in einer Spalte der Breite :data:`LANG`."""
    return sum(max(1, -(-len(absatz) // _ZEICHEN_JE_ZEILE)) for absatz in text.split("\n"))


def _eingabe_formate(auswertung: Auswertung) -> tuple[dict[int, str], dict[int, Any]]:
    """(Zahlenformat je Spalte einer Excel-Eingabe, Eingabe je Spalte einer CSV-Eingabe)."""
    quelle = auswertung.quelle
    if quelle.art == "xlsx":
        formate = getattr(quelle, "spaltenformate", None)
        return (formate() if formate else {}), {}
    eingaben = {s.index: s.eingabe for ps in auswertung.plan.programme for s in ps.eingaben}
    return {}, eingaben


def schreibe_xlsx(
    auswertung: Auswertung,
    datei: IO[bytes],
    fortschritt: Callable[[str], Fortschritt | None] | None = None,
    titel: str = "",
    spalten: str = DEUTSCH,
) -> None:
    aus = ausgabespalten(auswertung.plan, spalten)
    if len(aus.kopf) > MAX_SPALTEN:
        raise DateiUnbrauchbar(
            f"Das Ergebnis hätte {len(aus.kopf):,} Spalten; eine Excel-Arbeitsmappe fasst "
            f"höchstens {MAX_SPALTEN:,} (Grenze von Excel). Es wurde nichts geschrieben.".replace(
                ",", "."
            ),
            "Als CSV ausgeben (--ausgabe ergebnis.csv) oder überflüssige Spalten entfernen.",
        )
    mappe = XlsxSchreiber(datei)
    try:
        _ergebnisse(mappe, auswertung, aus, fortschritt)
        _zusammenfassung(mappe, auswertung, titel)
        mappe.schliesse()
    except BaseException:
        mappe.verwerfe()
        raise


class _Eingabezellen:
    """Baut die Zelle einer Eingabespalte (der Aufrufer merkt sie sich je Spalte und Wert).

    ``oben``: in einer Zeile mit umbrochenem Text stehen alle Zellen oben (sonst stünden Name
    und Ergebnis unten, die Begründung oben).
    """

    def __init__(self, mappe: XlsxSchreiber, formate: dict[int, str], eingaben: dict[int, Any]):
        self.mappe = mappe
        self.formate = formate
        self.eingaben = eingaben

    def baue(self, i: int, wert: Any, oben: bool) -> str | None:
        mappe = self.mappe
        if wert.__class__ is str:
            eingabe = self.eingaben.get(i)
            if eingabe is not None:
                typisiert = _typisiert(eingabe, wert)
                if typisiert is not None:
                    return mappe.wert(typisiert[0], typisiert[1], oben=oben)
            return mappe.wert(wert, oben=oben)
        return mappe.wert(wert, self.formate.get(i), oben=oben)


def _ergebnisse(
    mappe: XlsxSchreiber,
    auswertung: Auswertung,
    aus: Ausgabespalten,
    fortschritt: Callable[[str], Fortschritt | None] | None,
) -> None:
    blatt = mappe.blatt("Ergebnisse", breiten=None, fixiert=True, ausgewaehlt=True)
    blatt.quer = True
    breite = len(aus.kopf)
    blatt.zeile(mappe.wert(name, fett=True, fuellung=KOPF_FARBE) for name in aus.kopf)
    lang = {aus.fehler} | {pz.begruendung for pz in aus.programme if pz.begruendung is not None}
    inhalt: dict[int, int] = {}

    formate, eingaben = _eingabe_formate(auswertung)
    eingabezellen = _Eingabezellen(mappe, formate, eingaben)
    bezug = [blatt.bezug(i) for i in range(breite)]
    fehler_name = aus.kopf[aus.fehler]
    programme = [
        (pz.ps.id, pz, pz.ergebnis, pz.betrag, pz.tage, pz.anteil, pz.begruendung)
        for pz in aus.programme
    ]
    ergebnisspalten = sorted(
        {
            s
            for pz in aus.programme
            for s in (pz.ergebnis, pz.betrag, pz.tage, pz.anteil)
            if s is not None
        }
        | ({aus.zeile} if aus.zeile is not None else set())
    )
    # je Ausrichtung (0: normal, 1: oben) die Stile und fertigen Zellen der Ergebnisspalten
    status = [
        {e: mappe.wert(aus.ergebnis_text(e), fuellung=_FARBE[e], oben=bool(oben)) for e in _FARBE}
        for oben in (0, 1)
    ]
    stil_zahl = [mappe.stil(oben=bool(oben)) for oben in (0, 1)]
    stil_euro = [mappe.stil(EURO, oben=bool(oben)) for oben in (0, 1)]
    stil_tage = [mappe.stil(TAGE, oben=bool(oben)) for oben in (0, 1)]
    stil_umbruch = mappe.stil(umbruch=True, oben=True)
    betraege: tuple[dict[Any, str], dict[Any, str]] = ({}, {})
    umbrochen: dict[str, tuple[str | None, int]] = {}  # Text → (Zelle, Zeilen)
    zahlzelle = mappe.zahlzelle

    def betrag(wert: Decimal | None, oben: int, stil: list[int]) -> str | None:
        if wert is None:
            return None
        speicher = betraege[oben]
        schluessel = (wert, stil[0])
        zelle = speicher.get(schluessel)
        if zelle is None:
            zelle = zahlzelle(wert, stil[oben])
            if len(speicher) < _JE_SPALTE:
                speicher[schluessel] = zelle
        return zelle

    def umbruch(text: str) -> tuple[str | None, int]:
        stil = mappe.textstil(text, umbruch=True, oben=True) if text else stil_umbruch
        gebaut = (mappe.textzelle(text, stil), _zeilen_text(text))
        if len(umbrochen) < _UMBROCHEN:
            umbrochen[text] = gebaut
        return gebaut

    # Eingabezellen je Ausrichtung und Spalte: Wert → fertige Zelle. In einer CSV ist jede
    # Zelle Text; aus Excel kommen auch Wahrheitswerte, und True == 1 wäre derselbe Schlüssel.
    speicher: tuple[list[dict[Any, str | None]], list[dict[Any, str | None]]] = (
        [{} for _ in range(breite)],
        [{} for _ in range(breite)],
    )
    baue = eingabezellen.baue
    nur_text = auswertung.quelle.art == "csv"
    # Steht eine Ergebnisspalte in der Eingabe (ein früherer Lauf), weicht der alte Wert
    ueberschrieben = [s for s in ergebnisspalten if s < aus.eingabe_breite]
    anzahl = 0
    fehlerspalte = aus.fehler
    zeilenspalte = aus.zeile
    for z in auswertung.zeilen(fortschritt):
        if anzahl + 1 >= MAX_ZEILEN:  # die Kopfzeile zählt mit
            raise DateiUnbrauchbar(
                f"Das Ergebnis hat mehr als {MAX_ZEILEN - 1:,} Zeilen; ein Excel-Tabellenblatt "
                f"fasst höchstens {MAX_ZEILEN:,} Zeilen (Grenze von Excel). Es wurde nichts "
                "geschrieben.".replace(",", "."),
                "Als CSV ausgeben (--ausgabe ergebnis.csv) oder die Liste in Teile aufteilen.",
            )
        zellen = z.zellen
        if anzahl < _VORSCHAU:
            for i, c in enumerate(zellen):
                laenge = _breite(c)
                if laenge > inhalt.get(i, 0):
                    inhalt[i] = laenge
        # Erst die umbrochenen Texte: sie bestimmen Höhe und Ausrichtung der ganzen Zeile
        texte: list[tuple[int, str | None]] = []
        zeilen = 1
        for pid, pz, _, _, _, _, spalte in programme:
            if spalte is not None:
                e = z.ergebnisse.get(pid)
                if e is None:
                    text = begruendung_text(z, pz, fehler_name)
                else:
                    text = begruendung_zu(e, z, pz)
                zelle, n = umbrochen.get(text) or umbruch(text)
                texte.append((spalte, zelle))
                if n > zeilen:
                    zeilen = n
        if z.fehler:
            text = "\n".join(z.fehler)
            zelle, n = umbrochen.get(text) or umbruch(text)
            if n > zeilen:
                zeilen = n
        else:
            zelle = None
        texte.append((fehlerspalte, zelle))
        oben = 1 if zeilen > 1 else 0

        n = len(zellen)
        if n > breite:
            ende: list[str | None] = [None] * n
            for teil in speicher:
                teil.extend({} for _ in range(n - len(teil)))
        else:
            ende = [None] * breite
        spalten_speicher = speicher[oben]
        if nur_text:
            for i, c in enumerate(zellen):
                d = spalten_speicher[i]
                zelle = d.get(c, _FEHLT)  # type: ignore[arg-type]
                if zelle is _FEHLT:
                    zelle = baue(i, c, bool(oben))
                    if len(d) < _JE_SPALTE:
                        d[c] = zelle
                ende[i] = zelle  # type: ignore[assignment]
        else:
            for i, c in enumerate(zellen):
                if c is None:
                    continue
                if c.__class__ is bool:
                    ende[i] = baue(i, c, bool(oben))
                    continue
                d = spalten_speicher[i]
                zelle = d.get(c, _FEHLT)  # type: ignore[arg-type]
                if zelle is _FEHLT:
                    zelle = baue(i, c, bool(oben))
                    if len(d) < _JE_SPALTE:
                        d[c] = zelle
                ende[i] = zelle  # type: ignore[assignment]
        for s in ueberschrieben:
            ende[s] = None
        if zeilenspalte is not None:
            ende[zeilenspalte] = zahlzelle(z.tabellenzeile, stil_zahl[oben])
        ergebnisse = z.ergebnisse
        status_oben = status[oben]
        for pid, _, s_ergebnis, s_betrag, s_tage, s_anteil, _ in programme:
            e = ergebnisse.get(pid)
            if e is None:
                continue
            ende[s_ergebnis] = status_oben[e.ergebnis]
            if s_betrag is not None:
                ende[s_betrag] = betrag(e.betrag, oben, stil_euro)
            if s_tage is not None:
                ende[s_tage] = betrag(e.tage_verfuegbar, oben, stil_tage)
            if s_anteil is not None:
                teil = z.verbund.get(pid)
                ende[s_anteil] = betrag(teil.anteil, oben, stil_euro) if teil else None
        for spalte, zelle in texte:
            ende[spalte] = zelle

        anzahl += 1
        nr = str(anzahl + 1)
        if oben:
            teile = [f'<row r="{nr}" ht="{min(zeilen * _ZEILE_PT, 409)}" customHeight="1">']
        else:
            teile = [f'<row r="{nr}">']
        for i, zelle in enumerate(ende):
            if zelle is not None:
                teile.append(bezug[i] if i < breite else blatt.bezug(i))
                teile.append(nr)
                teile.append(zelle)
        teile.append("</row>")
        blatt.roh("".join(teile))
        if anzahl == _VORSCHAU:
            blatt.beginne(_spaltenbreiten(aus.kopf, lang, inhalt))
    if anzahl < _VORSCHAU:
        blatt.beginne(_spaltenbreiten(aus.kopf, lang, inhalt))
    letzte = spaltenbuchstabe(breite - 1)
    blatt.filter = f"A1:{letzte}{anzahl + 1}"
    blatt.schliesse()
    mappe.name(
        "_xlnm._FilterDatabase", 0, f"'Ergebnisse'!$A$1:${letzte}${anzahl + 1}", versteckt=True
    )
    # Drucken: Kopfzeile (und Kommunenspalte) auf jeder Seite, A4 quer (blatt.quer)
    titel = "'Ergebnisse'!$1:$1"
    kommune = auswertung.plan.kommune
    if kommune is not None:
        buchstabe = spaltenbuchstabe(kommune)
        titel = f"'Ergebnisse'!${buchstabe}:${buchstabe},{titel}"
    mappe.name("_xlnm.Print_Titles", 0, titel)


def _spaltenbreiten(kopf: list[str], lang: set[int], inhalt: dict[int, int]) -> list[int]:
    return [
        LANG if i in lang else min(max(len(name) + 4, inhalt.get(i, 0) + 2, 12), 40)
        for i, name in enumerate(kopf)
    ]


def _zusammenfassung(mappe: XlsxSchreiber, auswertung: Auswertung, titel: str) -> None:
    zf = auswertung.zusammenfassung
    blatt = mappe.blatt(
        "Zusammenfassung", breiten=(16, 60, 12, 18, 12, 18, 18, 18, 12, 60, 18, 12, 18, 18)
    )
    w = mappe.wert

    def zeile(*werte: Any) -> None:
        blatt.zeile(w(x) if not isinstance(x, _Fertig) else x.xml for x in werte)

    blatt.zeile([w("Zusammenfassung", fett=True)])
    if titel:
        zeile("Datei", titel)
    zeile("Stichtag", _Fertig(w(zf.stichtag, DATUM)))
    zeile("Zeilen", zf.zeilen)
    zeile("davon mit Fehlern", zf.fehlerzeilen)
    katalog = getattr(auswertung, "katalog", None)
    if katalog is not None:
        r = katalog.regelsatz()
        zeile(
            "Regeln",
            f"Stand {formatiere_datum(date.fromisoformat(r['stand']))}, "
            f"Fingerabdruck {r['fingerabdruck']}, ozg-foerder {r['version']}",
        )
    eingabe = getattr(auswertung, "eingabe", None)
    if eingabe and eingabe.get("sha256"):
        zeile("Eingabe (sha256)", eingabe["sha256"])
    optionen = getattr(auswertung, "optionen", None)
    if optionen:
        angaben = [
            f"{k}={', '.join(v) if isinstance(v, list) else v}"
            for k, v in optionen.items()
            if v not in (None, [])
        ]
        zeile("Angaben", "; ".join(angaben))
    blatt.zeile([])
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
    blatt.zeile(w(name, fett=True, fuellung=KOPF_FARBE) for name in namen)
    for s in zf.programme.values():
        p = s.programm
        werte: list[Any] = [p.id, p.name]
        for ergebnis in ERGEBNISSE:
            werte.append(s.anzahl[ergebnis])
            if ergebnis != NICHT_FOERDERFAEHIG:
                werte.append(_Fertig(w(s.summe[ergebnis], EURO)) if p.formel else None)
        werte += [s.fehler, s.verbuende]
        budgets = s.budget_zeilen() if p.formel else []
        if not budgets:
            zeile(*werte)
            continue
        ff = s.summe[FOERDERFAEHIG]
        for i, (b, _, _) in enumerate(budgets):
            if i:
                werte = [None] * (len(namen) - 5)
            werte += [
                b.text,
                _Fertig(w(b.betrag, EURO)),
                BUDGET_JE_TEXT[b.je],
                _Fertig(w(ff / b.betrag if b.betrag else None, PROZENT)),
                _Fertig(w((ff + s.summe[OFFEN]) / b.betrag if b.betrag else None, PROZENT)),
            ]
            zeile(*werte)
    blatt.schliesse()


class _Fertig:
    """Eine schon gebaute Zelle (mit Format) zwischen schlichten Werten."""

    __slots__ = ("xml",)

    def __init__(self, xml: str | None) -> None:
        self.xml = xml

"""Batch: eine Liste von Kommunen (CSV oder Excel) auswerten – Zeile für Zeile, gestreamt.

Von Python aus::

    from ozg_foerder.batch import werte_datei_aus

    auswertung = werte_datei_aus("kommunen.csv", programme=["ikz"], stichtag="14.03.2022")
    for zeile in auswertung.zeilen():
        print(zeile.tabellenzeile, zeile.kommune_text, zeile.ergebnisse["ikz"].betrag)
    print(auswertung.zusammenfassung.als_text())

oder mit Ausgabe in eine Datei (``spalten="technisch"``: Spalten und Codes wie bis Version 1)::

    schreibe_ausgabe(auswertung, "xlsx", Path("ergebnis.xlsx"))

Module: :mod:`.quelle` (CSV/XLSX lesen), :mod:`.spalten` (Spalten → Eingaben),
:mod:`.quelle_basis` (was CSV und XLSX teilen), :mod:`.xlsx_mappe`, :mod:`.xlsx_blatt` und
:mod:`.xlsx_formate` (Arbeitsmappen schnell und sicher lesen), :mod:`.auswertung` (je Zeile,
über den Eingabeweg von :mod:`ozg_foerder.api`), :mod:`.gedaechtnis` (gleiche Zeilen einmal
rechnen), :mod:`.parallel` (große Listen auf mehreren Kernen), :mod:`.zeile`
(Zeilenergebnis), :mod:`.verbund` (gemeinsame Vorhaben nach der Regeldatei),
:mod:`.zusammenfassung`, :mod:`.ergebnisspalten` (deutsch/technisch,
Begründung), :mod:`.schreiben_csv` mit :mod:`.csv_zeile`, :mod:`.schreiben_json`,
:mod:`.schreiben_xlsx` mit :mod:`.xlsx_schreiber`, :mod:`.tabelle`, :mod:`.zieldatei` (sicher
schreiben), :mod:`.vorlage`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date

from ozg_foerder.batch.auswertung import Auswertung, Zeilenergebnis
from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.batch.lauf import FORMATE, bestimme_format, schreibe_ausgabe
from ozg_foerder.batch.quelle import oeffne
from ozg_foerder.batch.spalten import Spaltenkatalog, lies_zuordnung, plane, pruefe_programme
from ozg_foerder.batch.zusammenfassung import SUMMEN, Zusammenfassung
from ozg_foerder.eingaben.werte import EingabeFehler

__all__ = [
    "FORMATE",
    "Auswertung",
    "DateiUnbrauchbar",
    "Zeilenergebnis",
    "Zusammenfassung",
    "bestimme_format",
    "schreibe_ausgabe",
    "werte_datei_aus",
]


def werte_datei_aus(
    eingabe: str | os.PathLike[str],
    *,
    programme: Iterable[str] | None = None,
    stichtag: date | str | None = None,
    regeln: str | os.PathLike[str] | None = None,
    blatt: str | None = None,
    kreis: str | None = None,
    summen: str | None = None,
    spalten: Mapping[str, str] | Iterable[str] | None = None,
) -> Auswertung:
    """Öffnet ``eingabe`` und legt fest, welche Spalten welche Eingaben sind.

    ``programme``: Programm-IDs (``["ikz"]``); ohne Angabe jedes Programm, dessen Spalten die
    Datei hat. ``kreis``: Landkreis, in dem Kommunennamen gesucht werden (``"Vogelsbergkreis"``).
    ``summen``: ``"kreis"`` oder ``"bezirk"`` für Summen je Landkreis oder Regierungsbezirk.
    ``spalten``: Überschrift je Eingabe (``{"kosten": "Summe Projekt"}`` oder
    ``["kosten=Summe Projekt"]``). Ausgewertet wird erst beim Lesen von
    :meth:`Auswertung.zeilen`. Wirft :class:`DateiUnbrauchbar` (Datei nicht verwendbar) und
    :class:`~ozg_foerder.eingaben.EingabeFehler` (unbekanntes Programm, ungültiger Stichtag).
    """
    from ozg_foerder.api import katalog, lies_kreis, lies_stichtag

    kat = katalog(regeln)
    if isinstance(programme, str):
        programme = [programme]
    ids = pruefe_programme(list(programme or []), kat.ids)
    tag = lies_stichtag(stichtag)
    if summen is not None:
        summen = summen.strip().lower()
        if summen not in SUMMEN:
            raise EingabeFehler("--summen", summen, " oder ".join(SUMMEN))
    landkreis = lies_kreis(kreis, "--kreis") if kreis is not None else None
    zuordnung = (
        dict(spalten) if isinstance(spalten, Mapping) else lies_zuordnung(list(spalten or []))
    )
    alle = [kat.programm(i) for i in kat.ids]
    auswahl = [kat.programm(i) for i in ids] if ids else alle
    spaltenkatalog = Spaltenkatalog(alle)
    quelle = oeffne(eingabe, blatt, spaltenkatalog.ist_kopf)
    plan = plane(quelle.kopf, auswahl, bool(ids), spaltenkatalog, zuordnung)
    for hinweis in reversed(getattr(quelle, "hinweise", [])):  # z. B. welches Blatt gelesen wurde
        plan.hinweise.insert(0, hinweis)
    if quelle.kopf_zeile > 1:
        plan.hinweise.insert(
            0,
            f"Kopfzeile ist Zeile {quelle.kopf_zeile}; die Zeilen darüber (Titel, Leerzeilen) "
            "werden übergangen und nicht in die Ausgabe übernommen.",
        )
    auswertung = Auswertung(quelle, plan, tag, landkreis, summen)
    auswertung.katalog = kat  # type: ignore[attr-defined]  # Stand und Fingerabdruck der Regeln
    # Nachvollziehbar: welche Datei (Inhalt) mit welchen Angaben ausgewertet wurde.
    auswertung.eingabe = {  # type: ignore[attr-defined]
        "datei": os.path.basename(os.fspath(eingabe)),
        "sha256": _hash(eingabe),
    }
    auswertung.optionen = {  # type: ignore[attr-defined]
        "programme": list(programme or []),
        "stichtag": tag.isoformat(),
        "blatt": blatt,
        "kreis": kreis,
        "summen": summen,
        "spalten": (
            [f"{k}={v}" for k, v in spalten.items()]
            if isinstance(spalten, Mapping)
            else list(spalten or [])
        ),
    }
    return auswertung


def _hash(eingabe: str | os.PathLike[str]) -> str | None:
    """sha256 der Eingabedatei (ihr Inhalt, nicht ihr Name); None, wenn sie nicht lesbar ist."""
    import hashlib

    h = hashlib.sha256()
    try:
        with open(eingabe, "rb") as datei:
            for block in iter(lambda: datei.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()

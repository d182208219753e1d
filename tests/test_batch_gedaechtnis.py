"""Der schnelle Weg gibt Byte für Byte dasselbe wie eine schlichte Auswertung jeder Zeile.

Schnell: das Gedächtnis je Programm (gleiche Rohzellen → dasselbe Ergebnis, :mod:`.gedaechtnis`)
bleibt die ganze Datei über an, die Teile der Begründung und des JSON werden gemerkt. Schlicht:
nichts wird gemerkt, jede Zeile wird ganz ausgewertet, jede Begründung neu geschrieben und jede
JSON-Zeile als ganzes Objekt mit ``json.dumps``. Die Listen mischen
alle Programme, Verbünde und Vorhaben, Zeilen mit Fehlern, unbekannte und ungenau geschriebene
Kommunen – und wiederholen Zeilen, damit das Gedächtnis wirklich trifft.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import beispiele
from ozg_foerder.batch import (
    ergebnisspalten,
    gedaechtnis,
    schreibe_ausgabe,
    schreiben_json,
    werte_datei_aus,
)
from ozg_foerder.batch.csv_zeile import CsvZeile

STICHTAG = "2022-03-14"
ZELLEN = {
    "kommune": [
        *("Wetzlar", "Solms", "Lauterbach (Hessen)", "Fulda", "Gießen", "Frankfurt"),
        *("Landkreis Marburg-Biedenkopf", "wetzlar ", "Herborn", "Schotten"),
        # dieselbe Kommune, einmal mit Hinweis aus der Suche („Giessen“ ist die Stadt Gießen)
        *("Giessen", "Gießen", "Giessen", "Frankfurt am Main"),
    ],
    "verbund": ["", "", "", "", "", "", "IKZ Nord", "IKZ Süd", "Vorhaben A"],
    "kommunen": ["", "1", "2", "4", "8"],
    "einsparung": ["", "18 %", "0,17", "15 %", "0,149", "14,99 %"],
    "laufzeit_jahre": ["", "5", "4", "10"],
    "beschluss": ["", "ja", "nein", "x"],
    "vereinbarung": ["", "ja", "nein"],
    "nur_it_investition": ["", "ja", "nein"],
    "kosten": ["", "100.000", "1.500.000,00 €", "80000"],
    "laufzeit_monate": ["", "12", "24", "36"],
    "handlungsfelder": ["", "Smart Mobility", "Smart Mobility, Smart Energy"],
    "vorhaben": ["", "einzel", "gemeinschaft"],
    "betrag": ["", "80.000", "150.000", "1"],
    "genutzt": ["", "1", "1,3", "2", "3,4"],
}
FALSCH = {
    "kommune": ["Lauterbach", "Wetzlr", "Neustadt", ""],  # mehrdeutig, Tippfehler, leer
    "kommunen": ["x", "2,5"],
    "einsparung": ["abc", "150 %", "18"],
    "laufzeit_jahre": ["-1"],
    "beschluss": ["vielleicht"],
    "kosten": ["zu viel"],
    "handlungsfelder": ["Unsinn"],
    "genutzt": ["9", "3,4,4"],
}
KOPF = list(ZELLEN)


def _zeilen(seed: int, anzahl: int = 300) -> list[list[str]]:
    zufall = random.Random(seed)

    def zelle(spalte: str) -> str:
        if spalte in FALSCH and zufall.random() < 0.04:  # Zeilenfehler, nie gemerkt
            return zufall.choice(FALSCH[spalte])
        return zufall.choice(ZELLEN[spalte])

    vorlagen = [[zelle(s) for s in KOPF] for _ in range(25)]
    zeilen = []
    for _ in range(anzahl):
        if zufall.random() < 0.6:  # Wiederholungen: hier trifft das Gedächtnis
            zeilen.append(list(zufall.choice(vorlagen)))
        else:
            zeilen.append([zelle(s) for s in KOPF])
    return zeilen


def _csv(pfad: Path, zeilen: list[list[str]]) -> Path:
    with pfad.open("w", encoding="utf-8", newline="") as datei:
        schreiber = csv.writer(datei, delimiter=";")
        schreiber.writerow(KOPF)
        schreiber.writerows(zeilen)
    return pfad


def _excel_wert(text: str, zufall: random.Random) -> object:
    """Wie Excel speichert: Zahlen als Zahlen, dazu Wahrheitswerte und 1.0 statt 1 – die in
    Python gleich sind (``True == 1 == 1.0``), als Eingabe aber nicht."""
    if text == "1":
        return zufall.choice([1, 1.0, "1", True])  # True als Zahl ist ein Fehler
    if text in ("2", "4", "8", "5", "10", "12", "24", "36"):
        return zufall.choice([int(text), float(text), text])
    if text == "0,17":
        return 0.17
    if text in ("ja", "nein") and zufall.random() < 0.3:
        return text == "ja"
    return text or None


def _xlsx(pfad: Path, zeilen: list[list[str]], seed: int) -> Path:
    from openpyxl import Workbook

    zufall = random.Random(seed)
    mappe = Workbook()
    blatt = mappe.active
    blatt.append(KOPF)
    for zeile in zeilen:
        blatt.append([_excel_wert(z, zufall) for z in zeile])
    mappe.save(pfad)
    return pfad


def _json_dumps(wert: object) -> str:
    return json.dumps(wert, ensure_ascii=False, separators=(",", ":"))


def _lauf(
    monkeypatch: pytest.MonkeyPatch,
    eingabe: Path,
    ziel: Path,
    schnell: bool,
    programme: list[str] | None,
    spalten: str = "deutsch",
) -> tuple[bytes | list, int]:
    treffer = 0
    hole = gedaechtnis.Gedaechtnis.hole

    def zaehle(self: gedaechtnis.Gedaechtnis, schluessel: object) -> object:
        nonlocal treffer
        wert = hole(self, schluessel)
        treffer += wert is not None
        return wert

    with monkeypatch.context() as m:
        m.setattr(gedaechtnis.Gedaechtnis, "hole", zaehle)
        if schnell:
            m.setattr(gedaechtnis, "PROBE", 10**9)  # bleibt an, auch wenn es selten trifft
        else:
            m.setattr(gedaechtnis, "GROESSE", 0)
            m.setattr(ergebnisspalten, "_CACHE", 0)
            m.setattr(schreiben_json, "GRENZE", 0)  # auch keine gemerkten Hinweise
            # JSON schlicht: das ganze Objekt je Zeile mit json.dumps statt der gemerkten Teile
            # und des einmal gebauten Kodierers
            m.setattr(schreiben_json, "_dumps", _json_dumps)
            m.setattr(
                schreiben_json,
                "zeile_als_json",
                lambda z, t: _json_dumps(schreiben_json.zeile_als_dict(z, t)),
            )
        auswertung = werte_datei_aus(eingabe, programme=programme, stichtag=STICHTAG)
        format = ziel.suffix.lstrip(".")
        schreibe_ausgabe(auswertung, format, ziel, ueberschreiben=True, spalten=spalten)
    if format == "xlsx":
        from openpyxl import load_workbook

        mappe = load_workbook(ziel)
        inhalt = [[list(r) for r in b.iter_rows(values_only=True)] for b in mappe.worksheets]
        return inhalt, treffer
    return ziel.read_bytes(), treffer


@pytest.mark.parametrize(
    ("seed", "format", "programme", "spalten"),
    [
        (1, "csv", None, "deutsch"),
        (2, "csv", None, "technisch"),
        (3, "json", None, "deutsch"),
        (4, "csv", ["ikz"], "deutsch"),
        (5, "xlsx", None, "deutsch"),
        (6, "json", ["beratung"], "deutsch"),
    ],
)
def test_schneller_weg_gleich_schlichter_auswertung(
    monkeypatch, tmp_path, seed, format, programme, spalten
):
    eingabe = _csv(tmp_path / "liste.csv", _zeilen(seed))
    schlicht, ohne = _lauf(
        monkeypatch, eingabe, tmp_path / f"schlicht.{format}", False, programme, spalten
    )
    schnell, treffer = _lauf(
        monkeypatch, eingabe, tmp_path / f"schnell.{format}", True, programme, spalten
    )
    assert ohne == 0  # schlicht heißt wirklich: nichts gemerkt
    assert treffer > 50  # und schnell hat wirklich Gemerktes verwendet
    assert schnell == schlicht


@pytest.mark.parametrize("seed", [7, 8])
def test_schneller_weg_aus_excel_mit_zahlen_und_wahrheitswerten(monkeypatch, tmp_path, seed):
    """Excel-Zellen: ``True``, ``1`` und ``1.0`` sind verschiedene Eingaben (``True`` ist keine
    Zahl) – das Gedächtnis darf sie nicht verwechseln."""
    eingabe = _xlsx(tmp_path / "liste.xlsx", _zeilen(seed), seed)
    schlicht, _ = _lauf(monkeypatch, eingabe, tmp_path / "schlicht.csv", False, None)
    schnell, treffer = _lauf(monkeypatch, eingabe, tmp_path / "schnell.csv", True, None)
    assert treffer > 50
    assert schnell == schlicht


def test_gedaechtnis_schaltet_sich_ab_wenn_zeilen_sich_kaum_wiederholen(monkeypatch):
    monkeypatch.setattr(gedaechtnis, "PROBE", 100)
    g = gedaechtnis.Gedaechtnis()
    for i in range(99):
        assert g.hole(i) is None
        g.merke(i, f"Ergebnis {i}")
    assert g.an and g.hole(5) == "Ergebnis 5"  # die hundertste Frage: zu wenige Treffer
    assert not g.an
    g.merke(200, "x")
    assert g.hole(200) is None  # abgeschaltet: merkt nichts mehr


def test_gedaechtnis_bleibt_begrenzt(monkeypatch):
    monkeypatch.setattr(gedaechtnis, "GROESSE", 10)
    g = gedaechtnis.Gedaechtnis()
    for i in range(50):
        g.merke(i, i + 1)
    assert [g.hole(i) for i in (0, 9, 10, 49)] == [1, 10, None, None]


def test_typschluessel_trennt_was_python_gleich_nennt():
    assert True == 1 == 1.0  # genau das ist die Falle
    schluessel = {gedaechtnis.typschluessel((w,)) for w in (True, 1, 1.0, -0.0, 0.0, "1")}
    assert len(schluessel) == 6


@settings(max_examples=beispiele(300), deadline=None)
@given(
    st.sampled_from([";", ",", "\t", "|"]),
    st.lists(
        st.text(alphabet=st.sampled_from('ab ;,\t|"\r\n\x00\x1fäß„“–\u2028'), max_size=12),
        min_size=1,
        max_size=6,
    ),
)
def test_csv_zeile_wie_csv_writer(trennzeichen, felder):
    """Der schnelle Zeilensetzer schreibt Zeichen für Zeichen, was csv.writer schreibt."""
    import io

    puffer = io.StringIO()
    csv.writer(puffer, delimiter=trennzeichen, lineterminator="\r\n").writerow(felder)
    setze = CsvZeile(trennzeichen)
    assert setze.zeile([setze.feld(f) for f in felder]) == puffer.getvalue()

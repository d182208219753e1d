"""Hilfen der Batch-Tests: Dateien schreiben und lesen, ein eigenes Regelverzeichnis.

Das eigene Regelverzeichnis (:func:`test_regeln`) enthält neben einer Kopie von IKZ zwei
erfundene Programme, damit die Batch-Tests zeigen, dass nichts an einer Programm-ID hängt:
``mini-projekt`` (Bindestrich in der ID, Anteilsfinanzierung, Liste, Budgets) und
``info-dienst`` (keine Batch-Regel: nur mit ``--programm``).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

from conftest import REGELN

STICHTAG = ("--stichtag", "14.03.2022")
TECHNISCH = ("--spalten", "technisch")
"""Ergebnisspalten wie bis Version 1 (``ikz_ergebnis`` = ``foerderfaehig``): für Tests, die
zählen und rechnen, nicht die deutsche Darstellung prüfen."""

MINI_PROJEKT = """\
id: mini-projekt
name: Mini-Projekt (erfunden, nur für Tests)
traeger: Testministerium
stand: 2022-03-14
zweck: Ein erfundenes Programm mit Bindestrich in der ID für die Batch-Tests.
quellen:
  q:
    dokument: Handreichung
    abschnitt: Ziff. 9
eingaben:
  kosten:
    typ: betrag
    text: Zuwendungsfähige Gesamtkosten
    hilfe: Kosten in Euro.
    erforderlich: true
    beispiel: "1.000"
  handlungsfelder:
    typ: liste
    text: Handlungsfelder
    hilfe: Felder des Vorhabens.
    beispiel: "Smart Mobility"
    werte:
      smart_mobility: {text: Smart Mobility}
      smart_energy: {text: Smart Energy}
  beschluss:
    typ: ja_nein
    text: Beschluss
    hilfe: Liegt ein Beschluss vor?
    option: --mp-beschluss
kriterien:
  - id: beschluss
    text: Beschluss liegt vor
    art: muss_ja
    wert: beschluss
    quelle: q
betrag:
  art: anteil_kosten
  text: Die Hälfte der Kosten, höchstens 1.000 €
  kosten: kosten
  satz: 0.5
  hoechstens: 1000
  rundung: abrunden
  quelle: q
budget:
  - {text: Testbudget, betrag: 4000, je: gesamt, quelle: q}
  - {text: Jahresbudget, betrag: 2000, je: jahr, quelle: q}
kontakt:
  - {art: Web, wert: www.example.invalid}
"""

INFO_DIENST = """\
id: info-dienst
name: Info-Dienst (erfunden, nur für Tests)
traeger: Testministerium
stand: 2022-03-14
zweck: Ein erfundenes Programm ohne Batch-Regel.
eingaben:
  kommune:
    typ: kommune
    text: Kommune
    hilfe: Name oder AGS.
kontakt:
  - {art: Web, wert: www.example.invalid}
"""


def test_regeln(ziel: Path) -> Path:
    """Ein Regelverzeichnis mit ikz, mini-projekt und info-dienst."""
    ordner = ziel / "regeln"
    ordner.mkdir(exist_ok=True)
    shutil.copy(REGELN / "ikz.yaml", ordner / "ikz.yaml")
    (ordner / "mini-projekt.yaml").write_text(MINI_PROJEKT, encoding="utf-8")
    (ordner / "info-dienst.yaml").write_text(INFO_DIENST, encoding="utf-8")
    return ordner


test_regeln.__test__ = False  # type: ignore[attr-defined]  # keine Testfunktion


def csv_datei(
    pfad: Path,
    zeilen: list[list[Any]],
    trenner: str = ";",
    kodierung: str = "utf-8",
    bom: bool = False,
) -> Path:
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=trenner, lineterminator="\r\n").writerows(zeilen)
    daten = puffer.getvalue().encode(kodierung)
    pfad.write_bytes((b"\xef\xbb\xbf" if bom else b"") + daten)
    return pfad


def xlsx_datei(pfad: Path, zeilen: list[list[Any]], blatt: str = "Tabelle1") -> Path:
    import openpyxl

    mappe = openpyxl.Workbook()
    ws = mappe.active
    ws.title = blatt
    for zeile in zeilen:
        ws.append(zeile)
    mappe.save(pfad)
    return pfad


def lies_csv(pfad: Path, trenner: str = ";", kodierung: str = "utf-8-sig") -> list[dict[str, str]]:
    with pfad.open(encoding=kodierung, newline="") as datei:
        return list(csv.DictReader(datei, delimiter=trenner))


def lies_csv_text(text: str, trenner: str = ";") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=trenner))


IKZ_KOPF = ["kommune", "kommunen", "einsparung", "laufzeit_jahre", "beschluss", "vereinbarung"]


# ---------------------------------------------------------------------------------------------
# Die Testregeln selbst
# ---------------------------------------------------------------------------------------------


def test_testregeln_sind_gueltig(tmp_path):
    from ozg_foerder.regeln.katalog import kompiliere

    assert set(kompiliere(test_regeln(tmp_path))) == {"ikz", "mini-projekt", "info-dienst"}

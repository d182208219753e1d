"""Die Excel-Ausgabe (eigener Streaming-Schreiber, :mod:`ozg_foerder.batch.xlsx_schreiber`).

Geprüft wird, was ein Mensch in Excel sieht, durch Zurücklesen mit openpyxl (Werte, Typen,
Zahlenformate, Farben, fixierte Kopfzeile, Autofilter, Umbruch), der Aufbau der Datei, den
Excel verlangt (Reihenfolge der Elemente, Beziehungen, Inhaltstypen, kein Zip64), und – wo
LibreOffice installiert ist – dass LibreOffice die Datei öffnet und dieselben Werte zeigt.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import threading
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from test_batch_hilfen import STICHTAG, csv_datei

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
EURO = '#,##0.00 "€"'
KOPF = [
    "kommune",
    "kommunen",
    "einsparung",
    "laufzeit_jahre",
    "beschluss",
    "vereinbarung",
    "bemerkung",
]
ZEILEN = [
    ["Wetzlar", "3", "18 %", "5", "ja", "ja", '=HYPERLINK("http://x";"klick")'],
    ["Solms", "2", "0,1", "5", "ja", "ja", "  zwei Leerzeichen vorn"],
    ["Leun", "4", "", "", "", "", "Steuer\x07zeichen und _x0041_ wörtlich"],
    ["Braunfels", "1", "18,5 %", "7", "nein", "", "-5"],
    ["Lich", "2", "20 %", "6", "ja", "ja", 'Zeile\r\nzwei <&> "€"'],
]


def _liste(tmp_path: Path, zeilen=ZEILEN, kopf=KOPF) -> Path:
    return csv_datei(tmp_path / "liste.csv", [kopf, *zeilen])


def _xlsx(cli, eingabe: Path, tmp_path: Path, *weitere: str) -> Path:
    aus = tmp_path / "aus.xlsx"
    lauf = cli("batch", eingabe, "--ausgabe", aus, *STICHTAG, *weitere)
    assert lauf.code in (0, 1), lauf.err
    return aus


def _ikz(cli, tmp_path: Path) -> Path:
    return _xlsx(cli, _liste(tmp_path), tmp_path, "--programm", "ikz")


# ---------------------------------------------------------------------------------------------
# Zurückgelesen: Werte, Typen, Formate, Farben
# ---------------------------------------------------------------------------------------------


def test_werte_typen_und_formate(cli, tmp_path):
    mappe = openpyxl.load_workbook(_ikz(cli, tmp_path))
    assert mappe.sheetnames == ["Ergebnisse", "Zusammenfassung"]
    blatt = mappe["Ergebnisse"]
    kopf = [c.value for c in blatt[1]]
    assert kopf == [
        *KOPF,
        "Eingabezeile",
        "IKZ Ergebnis",
        "IKZ Zuwendung",
        "IKZ Begründung / noch offen",
        "Fehler",
    ]
    spalte = {name: i + 1 for i, name in enumerate(kopf)}

    def zelle(zeile: int, name: str):
        return blatt.cell(row=zeile, column=spalte[name])

    # Eingaben wie getippt: Zahl bleibt Zahl, Prozent bleibt Prozent, Text bleibt Text
    assert (zelle(2, "kommunen").value, zelle(2, "kommunen").data_type) == (3, "n")
    assert zelle(2, "einsparung").value == pytest.approx(0.18)
    assert zelle(2, "einsparung").number_format == "0 %"
    assert zelle(5, "einsparung").value == pytest.approx(0.185)
    assert zelle(5, "einsparung").number_format == "0.0 %"
    assert zelle(3, "einsparung").value == pytest.approx(0.1)
    assert zelle(3, "einsparung").number_format == "General"
    assert zelle(4, "einsparung").value is None and zelle(4, "beschluss").value is None
    assert zelle(2, "beschluss").value == "ja"
    # Text bleibt Text: nie eine Formel, Leerraum und Sonderzeichen wie geschrieben
    formel = zelle(2, "bemerkung")
    assert formel.value == '=HYPERLINK("http://x";"klick")'
    assert formel.data_type == "s" and formel.quotePrefix
    assert zelle(5, "bemerkung").value == "-5" and zelle(5, "bemerkung").data_type == "s"
    assert zelle(3, "bemerkung").value == "  zwei Leerzeichen vorn"
    assert zelle(4, "bemerkung").value == "Steuer\ufffdzeichen und _x0041_ wörtlich"
    assert zelle(6, "bemerkung").value == 'Zeile\r\nzwei <&> "€"'
    # Ergebnisse: Status farbig, Betrag exakt als Zahl im €-Format, Zeilennummer der Eingabe
    farben = {
        zelle(z, "IKZ Ergebnis").value: zelle(z, "IKZ Ergebnis").fill.fgColor.rgb
        for z in range(2, 7)
    }
    assert farben == {
        "förderfähig": "FFC6EFCE",
        "nicht förderfähig": "FFFFC7CE",
        "offen": "FFFFEB9C",
    }
    betrag = zelle(2, "IKZ Zuwendung")
    assert (betrag.value, betrag.data_type, betrag.number_format) == (75000, "n", EURO)
    assert zelle(3, "IKZ Zuwendung").value is None  # nicht förderfähig: kein Betrag
    assert [zelle(z, "Eingabezeile").value for z in range(2, 7)] == [2, 3, 4, 5, 6]
    begruendung = zelle(3, "IKZ Begründung / noch offen")
    assert begruendung.value.startswith("Nicht erfüllt: Einsparung")
    assert begruendung.alignment.wrap_text and begruendung.alignment.vertical == "top"
    # eine Zeile mit umbrochenem Text: höher, und alle Zellen oben ausgerichtet
    assert blatt.row_dimensions[3].height >= 30
    assert zelle(3, "kommune").alignment.vertical == "top"
    assert blatt.row_dimensions[2].height is None
    assert zelle(2, "kommune").alignment.vertical is None


def test_ansicht_filter_breiten_und_druck(cli, tmp_path):
    blatt = openpyxl.load_workbook(_ikz(cli, tmp_path))["Ergebnisse"]
    assert blatt.freeze_panes == "A2"
    assert blatt.auto_filter.ref == "A1:L6"
    kopfzelle = blatt["A1"]
    assert kopfzelle.font.b and kopfzelle.fill.fgColor.rgb == "FFDDEBF7"
    assert not blatt["A2"].font.b
    breiten = {c: blatt.column_dimensions[c].width for c in "AGJK"}
    assert breiten["K"] == 60  # Begründung: breit, umbrochen
    assert breiten["A"] == 12 and breiten["J"] == 17  # mindestens 12, sonst Überschrift + 4
    assert breiten["G"] == 37  # die längste Bemerkung der ersten Zeilen (35 Zeichen) + 2
    assert blatt.page_setup.orientation == "landscape" and int(blatt.page_setup.paperSize) == 9
    assert blatt.print_title_rows == "$1:$1" and blatt.print_title_cols == "$A:$A"


def test_zusammenfassung(cli, tmp_path):
    blatt = openpyxl.load_workbook(_ikz(cli, tmp_path))["Zusammenfassung"]
    werte = {r[0]: r[1:] for r in blatt.iter_rows(values_only=True) if r and r[0]}
    assert werte["Stichtag"][0] == datetime(2022, 3, 14)
    assert blatt["B3"].number_format == "DD.MM.YYYY"
    assert werte["Zeilen"][0] == 5 and werte["davon mit Fehlern"][0] == 0
    assert werte["Datei"][0].endswith("liste.csv")
    ikz = werte["ikz"]
    assert ikz[1:8] == (2, 125000, 1, 100000, 2, 0, 0)  # 75.000 + 50.000
    assert blatt["A1"].font.b


def test_verbund_anteile_auf_den_cent_und_mehrere_programme(cli, tmp_path):
    from test_batch_zaehlt import VT_KOPF
    from test_batch_zaehlt import _regeln as regeln_mit_vorhaben

    regeln = regeln_mit_vorhaben(tmp_path)
    eingabe = csv_datei(
        tmp_path / "l.csv",
        [
            VT_KOPF,
            ["Lich", "Smart Wetterau", "1.000.000,00", "24", "01.07.2022"],
            ["Hungen", "smart  wetterau", "2.000.000,00", "24", "01.07.2022"],
            ["Leun", "", "500.000", "12", ""],
        ],
    )
    aus = _xlsx(cli, eingabe, tmp_path, "--regeln", regeln, "-p", "vorhaben-test")
    blatt = openpyxl.load_workbook(aus)["Ergebnisse"]
    kopf = [c.value for c in blatt[1]]
    anteil = next(i for i, name in enumerate(kopf, start=1) if name.endswith(" Anteil"))
    werte = [blatt.cell(row=z, column=anteil) for z in (2, 3, 4)]
    assert [Decimal(str(c.value)) if c.value is not None else None for c in werte] == [
        Decimal("833333.33"),
        Decimal("1666666.67"),
        None,
    ]
    assert werte[0].number_format == EURO
    beginn = blatt.cell(row=2, column=5)
    assert beginn.value == datetime(2022, 7, 1) and beginn.number_format == "DD.MM.YYYY"


def test_ein_frueherer_lauf_bekommt_neue_werte(cli, tmp_path):
    kopf = [*KOPF[:6], "IKZ Ergebnis", "IKZ Zuwendung"]
    zeilen = [["Wetzlar", "3", "18 %", "5", "ja", "ja", "=alt", "1,00"]]
    blatt = openpyxl.load_workbook(
        _xlsx(cli, _liste(tmp_path, zeilen, kopf), tmp_path, "--programm", "ikz")
    )["Ergebnisse"]
    werte = dict(zip([c.value for c in blatt[1]], [c.value for c in blatt[2]], strict=True))
    assert werte["IKZ Ergebnis"] == "förderfähig" and werte["IKZ Zuwendung"] == 75000


def test_excel_eingabe_behaelt_typen_und_formate(cli, tmp_path):
    mappe = openpyxl.Workbook()
    ws = mappe.active
    ws.append([*KOPF[:6], "summe", "wann", "uhrzeit", "geprueft"])
    beginn = datetime(2022, 7, 1, 9, 30)
    ws.append(["Wetzlar", 3, 0.18, 5, "ja", "ja", 1234.5, beginn, time(8), True])
    ws.append(["Solms", 2, 0.2, 5, "ja", "ja", 99, date(2021, 1, 2), None, False])
    ws["C2"].number_format = "0%"
    ws["G2"].number_format = EURO
    eingabe = tmp_path / "liste.xlsx"
    mappe.save(eingabe)
    blatt = openpyxl.load_workbook(_xlsx(cli, eingabe, tmp_path, "--programm", "ikz"))["Ergebnisse"]
    zwei, drei = blatt[2], blatt[3]
    assert (zwei[1].value, zwei[2].value, zwei[2].number_format) == (3, 0.18, "0%")
    assert (zwei[6].value, zwei[6].number_format) == (1234.5, EURO)
    # Datum und Uhrzeit im Format der Eingabespalte (openpyxl schrieb yyyy-mm-dd h:mm:ss)
    assert zwei[7].value == datetime(2022, 7, 1, 9, 30)
    assert zwei[7].number_format == ws["H2"].number_format
    assert zwei[8].value == time(8) and zwei[9].value is True and drei[9].value is False
    assert drei[7].value == datetime(2021, 1, 2) and drei[8].value is None


# ---------------------------------------------------------------------------------------------
# Aufbau der Datei: was Excel ohne Reparatur öffnet
# ---------------------------------------------------------------------------------------------

# CT_Worksheet (ECMA-376 Teil 1, 18.3.1.99): Excel verlangt diese Reihenfolge
WORKSHEET = [
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
]
STYLESHEET = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
]
WORKBOOK = ["fileVersion", "workbookPr", "bookViews", "sheets", "definedNames", "calcPr"]


def _reihenfolge(element: ET.Element, erlaubt: list[str]) -> list[str]:
    namen = [kind.tag.removeprefix(NS) for kind in element]
    assert all(n in erlaubt for n in namen), namen
    assert namen == sorted(namen, key=erlaubt.index), namen
    return namen


def test_aufbau_wie_excel_ihn_verlangt(cli, tmp_path):
    aus = _ikz(cli, tmp_path)
    with zipfile.ZipFile(aus) as archiv:
        assert archiv.testzip() is None
        namen = archiv.namelist()
        teile = {n: ET.fromstring(archiv.read(n)) for n in namen}  # alles wohlgeformt
        for info in archiv.infolist():
            assert info.date_time[0] >= 2020, info  # kein 1980 aus dem Streamen
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.extract_version < 45 and not info.extra, info  # kein Zip64
    # Inhaltstypen: jedes XML-Teil außer den Beziehungen hat seinen Typ
    typen = teile["[Content_Types].xml"]
    ueberschrieben = {
        o.get("PartName").lstrip("/"): o.get("ContentType") for o in typen if "PartName" in o.attrib
    }
    for name in namen:
        if not name.endswith(".rels") and name != "[Content_Types].xml":
            assert name in ueberschrieben, name
    assert ueberschrieben["xl/workbook.xml"].endswith("sheet.main+xml")
    assert ueberschrieben["xl/worksheets/sheet1.xml"].endswith("worksheet+xml")
    # Beziehungen zeigen auf vorhandene Teile
    paket = {r.get("Target") for r in teile["_rels/.rels"]}
    assert paket == {"xl/workbook.xml", "docProps/core.xml", "docProps/app.xml"}
    ziele = {r.get("Id"): "xl/" + r.get("Target") for r in teile["xl/_rels/workbook.xml.rels"]}
    assert set(ziele.values()) <= set(namen)
    # Mappe: Blätter mit gültigen Beziehungen, Reihenfolge der Elemente
    mappe = teile["xl/workbook.xml"]
    _reihenfolge(mappe, WORKBOOK)
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    blaetter = [(s.get("name"), ziele[s.get(rel)]) for s in mappe.find(f"{NS}sheets")]
    assert blaetter == [
        ("Ergebnisse", "xl/worksheets/sheet1.xml"),
        ("Zusammenfassung", "xl/worksheets/sheet2.xml"),
    ]
    stile = teile["xl/styles.xml"]
    _reihenfolge(stile, STYLESHEET)
    xfs = len(stile.find(f"{NS}cellXfs"))
    assert int(stile.find(f"{NS}cellXfs").get("count")) == xfs
    fills = stile.find(f"{NS}fills")
    assert [f[0].get("patternType") for f in fills][:2] == ["none", "gray125"]
    texte = len(teile["xl/sharedStrings.xml"])
    for _, pfad in blaetter:
        blatt = teile[pfad]
        assert _reihenfolge(blatt, WORKSHEET)[:5] == [
            "sheetPr",
            "sheetViews",
            "sheetFormatPr",
            "cols",
            "sheetData",
        ]
        zeilen = list(blatt.find(f"{NS}sheetData"))
        assert [int(z.get("r")) for z in zeilen] == list(range(1, len(zeilen) + 1))
        for zeile in zeilen:
            spalten = [openpyxl.utils.cell.coordinate_from_string(c.get("r")) for c in zeile]
            assert all(r == int(zeile.get("r")) for _, r in spalten)
            indizes = [openpyxl.utils.column_index_from_string(s) for s, _ in spalten]
            assert indizes == sorted(set(indizes))  # aufsteigend, keine doppelt
            for c in zeile:
                assert int(c.get("s", 0)) < xfs
                if c.get("t") == "s":
                    assert int(c.find(f"{NS}v").text) < texte
    assert teile["xl/worksheets/sheet1.xml"].find(f"{NS}autoFilter").get("ref") == "A1:L6"


# ---------------------------------------------------------------------------------------------
# LibreOffice öffnet die Datei (wo installiert)
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) fehlt")
def test_libreoffice_oeffnet_die_mappe(cli, tmp_path):
    aus = _ikz(cli, tmp_path)
    profil = tmp_path / "lo-profil"
    ergebnis = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profil}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1",
            "--outdir",
            str(tmp_path / "lo"),
            str(aus),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    # Filter: UTF-8, Zellen wie angezeigt (formatiert), -1: jedes Blatt in eine eigene Datei
    # (aus-Ergebnisse.csv, aus-Zusammenfassung.csv). Tausender- und Dezimalzeichen folgen der
    # Sprache des Systems; verglichen wird daher ohne sie.
    dateien = sorted((tmp_path / "lo").glob("*.csv"))
    assert len(dateien) == 2, (ergebnis.stdout, ergebnis.stderr)
    ergebnisse = next(d for d in dateien if "Ergebnisse" in d.name)
    with ergebnisse.open(encoding="utf-8", newline="") as datei:
        zeilen = list(csv.reader(datei, delimiter=";"))
    assert zeilen[0][:2] == ["kommune", "kommunen"] and zeilen[0][-1] == "Fehler"
    wetzlar = zeilen[1]
    assert wetzlar[:2] == ["Wetzlar", "3"]
    assert wetzlar[2].replace(" ", "") == "18%"  # als Prozent formatiert angezeigt
    assert wetzlar[6] == '=HYPERLINK("http://x";"klick")'  # Text, nicht ausgeführt
    assert wetzlar[8] == "förderfähig" and _ziffern(wetzlar[9]) == "7500000 €"
    assert _ziffern(zeilen[2][2]) == "01" and _ziffern(zeilen[4][2]).replace(" ", "") == "185%"
    assert zeilen[5][6].startswith("Zeile") and zeilen[5][6].endswith('zwei <&> "€"')
    assert zeilen[3][6] == "Steuer\ufffdzeichen und _x0041_ wörtlich"
    zusammenfassung = next(d for d in dateien if "Zusammenfassung" in d.name)
    text = zusammenfassung.read_text(encoding="utf-8")
    assert "Stichtag;14.03.2022" in text and "12500000 €" in _ziffern(text)


def _ziffern(text: str) -> str:
    return text.replace(".", "").replace(",", "")


# ---------------------------------------------------------------------------------------------
# Grenzen: Speicher, Abbruch, Größe
# ---------------------------------------------------------------------------------------------


def test_volle_texttabelle_schreibt_text_in_die_zelle(cli, tmp_path, monkeypatch):
    from ozg_foerder.batch import xlsx_schreiber

    monkeypatch.setattr(xlsx_schreiber, "MAX_GEMEINSAM", 3)  # begrenzt: danach inlineStr
    aus = _ikz(cli, tmp_path)
    with zipfile.ZipFile(aus) as archiv:
        assert len(ET.fromstring(archiv.read("xl/sharedStrings.xml"))) == 3
        assert b't="inlineStr"' in archiv.read("xl/worksheets/sheet1.xml")
    blatt = openpyxl.load_workbook(aus)["Ergebnisse"]
    bemerkungen = [c.value for c in blatt["G"]][1:]
    # Zeile 3: „_x0041_“ steht maskiert als „_x005F_x0041_“ in der Zelle; Excel zeigt es
    # wörtlich, openpyxl demaskiert nur gemeinsame Texte
    assert bemerkungen[2] == "Steuer\ufffdzeichen und _x005F_x0041_ wörtlich"
    del bemerkungen[2]
    assert bemerkungen == [z[6] for i, z in enumerate(ZEILEN) if i != 2]
    assert blatt["A1"].value == "kommune" and blatt["I2"].value == "förderfähig"


class _Abbruch(Exception):
    pass


def test_abbruch_mitten_im_schreiben_reicht_den_fehler_durch(tmp_path):
    from ozg_foerder.batch import werte_datei_aus
    from ozg_foerder.batch.schreiben_xlsx import schreibe_xlsx

    liste = _liste(tmp_path, ZEILEN * 400)
    auswertung = werte_datei_aus(liste, programme=["ikz"], stichtag="2022-03-14")
    echte = auswertung.zeilen

    def zeilen(fortschritt=None):
        for n, z in enumerate(echte(fortschritt)):
            if n == 1500:
                raise _Abbruch
            yield z

    auswertung.zeilen = zeilen
    vorher = threading.active_count()
    with (tmp_path / "aus.xlsx").open("wb") as datei:
        with pytest.raises(_Abbruch):
            schreibe_xlsx(auswertung, datei)
        datei.write(b"danach noch schreibbar")  # das Archiv ließ die Datei offen, wie sie war
    assert threading.active_count() == vorher  # nichts läuft im Hintergrund weiter


def test_zu_grosses_blatt_wird_gemeldet(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 5000)  # 2 GiB in echt
    liste = _liste(tmp_path, ZEILEN * 100)
    lauf = cli("batch", liste, "-p", "ikz", "--ausgabe", tmp_path / "aus.xlsx", *STICHTAG)
    assert lauf.code == 2
    assert "Das Tabellenblatt würde größer als 2 GB" in lauf.err
    assert "Hilfe: Als CSV ausgeben" in lauf.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv"]


# ---------------------------------------------------------------------------------------------
# Bausteine
# ---------------------------------------------------------------------------------------------


def test_datumszahl_wie_excel():
    from openpyxl.utils.datetime import to_excel

    from ozg_foerder.batch.xlsx_schreiber import datumszahl

    for tag in (
        date(1900, 1, 1),
        date(1900, 2, 28),
        date(1900, 3, 1),
        date(2022, 3, 14),
        datetime(2022, 3, 14, 12, 0),
        datetime(1999, 12, 31, 23, 59, 59),
    ):
        assert datumszahl(tag) == pytest.approx(to_excel(tag)), tag
    assert datumszahl(date(2022, 3, 14)) == 44634


def test_xml_text():
    from ozg_foerder.batch.xlsx_schreiber import xml_text

    assert xml_text('a<b>&"c"') == "a&lt;b&gt;&amp;&quot;c&quot;"
    assert xml_text("\x00\x1f\ud800\uffff") == "\ufffd" * 4
    assert xml_text("_x000D_ bleibt") == "_x005F_x000D_ bleibt"
    assert xml_text("a\r\nb\tc") == "a&#13;\nb\tc"


def test_ueberlange_texte_und_sonderwerte(tmp_path):
    """Excel fasst 32.767 Zeichen je Zelle und kennt weder nan noch inf: sonst Reparatur."""
    from ozg_foerder.batch.xlsx_schreiber import XlsxSchreiber

    pfad = tmp_path / "m.xlsx"
    with pfad.open("wb") as datei:
        mappe = XlsxSchreiber(datei)
        blatt = mappe.blatt("Probe", breiten=(10, 10, 10, 10))
        blatt.zeile(
            [
                mappe.wert("x" * 40_000),
                mappe.wert(float("nan")),
                mappe.wert(Decimal("0.1")),
                mappe.wert(True),
            ]
        )
        blatt.schliesse()
        mappe.schliesse()
    a, b, c, d = openpyxl.load_workbook(pfad)["Probe"][1]
    assert len(a.value) == 32_767 and a.value.endswith("x…")
    assert (b.value, b.data_type) == ("nan", "s")
    assert (c.value, c.data_type) == (0.1, "n") and d.value is True

"""Der schnelle XLSX-Leser liefert dieselben Zeilen wie openpyxl – Typ und Wert jeder Zelle.

Jede Datei wird zweimal gelesen: mit :class:`XlsxQuelle` (schnell) und mit einer Quelle, die
nur openpyxl benutzt (der bisherige Weg). Verglichen werden Blattwahl, Hinweise, Kopfzeile,
alle Zeilen ab Zeile 1 (Typ und Wert, auch Formeln ohne Ergebnis) und die Zahlenformate je
Spalte. Für die üblichen Dateien muss dabei der schnelle Weg geblieben sein; für Dateien, die er
nicht sicher versteht (Kommentare, Rich-Text …), muss openpyxl übernommen haben – mit
demselben Ergebnis, auch wenn er erst mitten im Blatt aufgibt.
"""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import REPO
from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.batch.quelle_basis import FormelOhneWert
from ozg_foerder.batch.quelle_xlsx import XlsxQuelle
from test_batch_hilfen import IKZ_KOPF, STICHTAG

FIXTURES = REPO / "tests" / "fixtures" / "xlsx"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class _NurOpenpyxl(XlsxQuelle):
    """Der bisherige Weg: openpyxl liest alles."""

    def _lade(self, werte: bool):
        self._schnell = False
        return super()._lade(werte)


def _zelle(wert: Any) -> tuple:
    if isinstance(wert, FormelOhneWert):
        return ("FormelOhneWert", str(wert), wert.zelle)
    return (type(wert).__name__, wert)


def _bild(quelle: XlsxQuelle) -> dict:
    return {
        "blatt": quelle.blatt,
        "hinweise": quelle.hinweise,
        "kopf": (quelle.kopf_zeile, quelle.kopf),
        "zeilen": [(nr, [_zelle(w) for w in werte]) for nr, werte in quelle.zeilen_ab(1, None)],
        "daten": [nr for nr, _ in quelle.zeilen()],
        "formate": quelle.spaltenformate(),
    }


def vergleiche(pfad: Path, blatt: str | None = None, schnell: bool = True) -> dict:
    """Liest ``pfad`` auf beiden Wegen; gleich müssen sie sein. ``schnell``: ob der schnelle
    Weg bis zum Ende durchhalten muss (sonst: ob openpyxl übernehmen musste)."""
    with warnings.catch_warnings():  # openpyxl warnt z. B. vor Datumszahlen außerhalb
        warnings.simplefilter("ignore")
        alt = _bild(_NurOpenpyxl(pfad, pfad.stat().st_size, blatt))
    quelle = XlsxQuelle(pfad, pfad.stat().st_size, blatt)
    neu = _bild(quelle)
    assert neu == alt
    assert quelle._schnell is schnell, "schnell geblieben" if quelle._schnell else "Rückfall"
    return neu


# ---------------------------------------------------------------------------------------------
# Arbeitsmappen, wie openpyxl sie schreibt (so erzeugen die übrigen Tests ihre Dateien)
# ---------------------------------------------------------------------------------------------


def _openpyxl_mappe(
    pfad: Path, blaetter: dict[str, list[list]], versteckt=(), aktiv=0, formate=None
) -> Path:
    mappe = openpyxl.Workbook()
    mappe.remove(mappe.active)
    for name, zeilen in blaetter.items():
        ws = mappe.create_sheet(name)
        for zeile in zeilen:
            ws.append(zeile)
        if name in versteckt:
            ws.sheet_state = "hidden"
        for bezug, format in (formate or {}).get(name, {}).items():
            ws[bezug].number_format = format
    mappe.active = aktiv
    mappe.save(pfad)
    return pfad


GEMISCHT = [
    ["Förderliste 2022"],
    [],
    [*IKZ_KOPF, "datum", "uhrzeit", "dauer", "betrag", "formel"],
    ["Wetzlar", 4.0, 0.15, 5.0, True, "x", datetime(2022, 3, 1), time(9, 30), None, 1500, "=B4*2"],
    ["Solms", 2, 0.149, 5, "ja", "ja", date(2021, 12, 31), time(0, 0, 1), None, -2.5, None],
    [6532003.0, 3, 0.2, 5, 1, 0, None, None, timedelta(hours=30), 1e20, "=SUM(B4:B6)"],
    [None, None, None, None, None, None],
    ["A & B <c> \"d\" 'e'", "  ", "", "=1+2", False, None, datetime(1900, 1, 1, 12)],
    ["zwei\nZeilen", "Tab\tda", "\u00e4\u00f6\u00fc\u00df \u20ac", 1.5e-7, 123456789012345],
]


def test_gemischte_typen_formate_formeln(tmp_path):
    pfad = _openpyxl_mappe(
        tmp_path / "gemischt.xlsx",
        {"Liste": GEMISCHT},
        formate={
            "Liste": {
                "C4": "0%",
                "C5": "0.0%",
                "C6": "0.00%",
                "G4": "DD.MM.YYYY",
                "G5": "d/m/yyyy",
                "H4": "HH:MM",
                "H5": "h:mm:ss",
                "I6": "[h]:mm:ss",
                "J4": '#,##0.00 "€"',
                "J5": '#,##0.00 "€"',
                "G8": "yyyy-mm-dd hh:mm",
            }
        },
    )
    bild = vergleiche(pfad)
    zeilen = dict(bild["zeilen"])
    assert zeilen[4][1] == ("int", 4) and zeilen[9][3] == ("float", 1.5e-07)
    assert zeilen[4][6] == ("datetime", datetime(2022, 3, 1))
    assert zeilen[4][7] == ("time", time(9, 30))
    assert zeilen[6][8] == ("timedelta", timedelta(hours=30))
    assert zeilen[4][10] == ("FormelOhneWert", "=B4*2", "K4")
    assert zeilen[8][3] == ("FormelOhneWert", "=1+2", "D8")
    assert bild["formate"][2] == "0%" and bild["formate"][9] == '#,##0.00 "€"'


@pytest.mark.parametrize(
    "zeilen",
    [
        [IKZ_KOPF, ["Wetzlar", 4.0, 0.15, 5.0, True, "x"], ["Solms", 2, 0.149, 5, "ja", "ja"]],
        [["Kommunen im Landkreis Gießen"], [], IKZ_KOPF, ["Lich", 2], ["Hungen", "x"]],
        [IKZ_KOPF, ["Wetzlar", 2], [], [None, None], ["Solms", "zwei"], [None, None, None]],
        [["Gemeinde", "Kommunen", "Einsparung %"], ["Lich", 2, 18], ["Hungen", 2, 0.18]],
        [["kommune", "stellen", "zusage"], ["Wanfried", 3, "ja"], ["Marburg", "=1+2", "ja"]],
        [["kommune"], ["=1+1"]],
        [[*IKZ_KOPF, "datum"], ["Wetzlar", 4.0, 0.15, 5, "ja", "ja", datetime(2022, 3, 1)]],
        [["Förderliste 2022"], ["kommune", "verbund", "kosten"], ["Lich", "V1", 1000000.0]],
    ],
    ids=lambda z: str(z[0][0])[:12],
)
def test_dateien_wie_die_uebrigen_tests_sie_schreiben(tmp_path, zeilen):
    vergleiche(_openpyxl_mappe(tmp_path / "l.xlsx", {"Tabelle1": zeilen}))


def test_blattwahl_versteckt_aktiv_und_mit_namen(tmp_path):
    blaetter = {
        "Alt": [["kommune", "stellen"], ["Wetzlar", 9]],
        "Kommunen": [["kommune", "stellen"], ["Wanfried", 3]],
        "Notizen": [["frei"]],
    }
    pfad = _openpyxl_mappe(tmp_path / "m.xlsx", blaetter, versteckt=("Alt",))
    assert vergleiche(pfad)["blatt"] == "Kommunen"
    pfad = _openpyxl_mappe(tmp_path / "m.xlsx", blaetter, aktiv=2)
    assert vergleiche(pfad)["blatt"] == "Notizen"
    assert vergleiche(pfad, blatt="alt")["blatt"] == "Alt"
    with pytest.raises(DateiUnbrauchbar, match="„Liste“"):
        XlsxQuelle(pfad, 1, "Liste")


def test_libreoffice_datei_mit_gemeinsamen_texten_und_formelergebnissen():
    """Von LibreOffice gespeichert (wie Excel: sharedStrings, Formeln mit Ergebnis, Stile)."""
    pfad = FIXTURES / "libreoffice_mischung.xlsx"
    bild = vergleiche(pfad)
    zeilen = dict(bild["zeilen"])
    assert zeilen[4][:3] == [("str", "Wetzlar"), ("int", 4), ("float", 0.15)]
    assert zeilen[4][4] == ("bool", True) and zeilen[4][7] == ("int", 100000)
    assert zeilen[4][8] == ("str", "A & B <ok>")
    assert bild["formate"][2] == "0.0%"
    vergleiche(pfad, blatt="Dauer")
    vergleiche(pfad, blatt="Notizen")


def test_vorlage_und_eigene_ausgabe_als_eingabe(cli, tmp_path):
    vorlage = tmp_path / "vorlage.xlsx"
    assert cli("vorlage", "--ausgabe", vorlage).code == 0
    vergleiche(vorlage)
    aus = tmp_path / "aus.xlsx"
    eingabe = _openpyxl_mappe(tmp_path / "l.xlsx", {"L": GEMISCHT[2:6]})
    lauf = cli("batch", eingabe, "--programm", "ikz", "--ausgabe", aus, *STICHTAG)
    assert lauf.code in (0, 1), lauf.err
    vergleiche(aus)
    vergleiche(aus, blatt="Zusammenfassung")


# ---------------------------------------------------------------------------------------------
# Selbst geschriebenes XML: Formen, die Excel und andere Programme schreiben
# ---------------------------------------------------------------------------------------------


STILE = (
    f'<styleSheet xmlns="{NS}"><numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="DD.MM.YYYY"/>'
    '<numFmt numFmtId="165" formatCode="#,##0.00\\ &quot;€&quot;"/></numFmts>'
    '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/><xf numFmtId="20"/><xf numFmtId="46"/><xf numFmtId="14"/></cellXfs>'
    "</styleSheet>"
)
TEXTE = [
    "kommune",
    "kommunen",
    "Wetzlar",
    '<r><rPr><b/></rPr><t>Ri</t></r><r><t xml:space="preserve">ch </t></r>'
    '<rPh sb="0" eb="1"><t>x</t></rPh>',
    "A &amp; B &#10;&#x41;",
    "x005F_y",
    "",
]


def _roh(
    pfad: Path,
    blaetter: dict[str, str],
    texte: list[str] | None = None,
    stile: str | None = STILE,
    mappe_pr: str = "",
    kopf: str = "",
) -> Path:
    """Eine Arbeitsmappe aus rohem XML: je Blatt der Inhalt von <sheetData> (oder, mit
    ``<worksheet`` am Anfang, das ganze Blatt)."""
    teile: dict[str, str] = {}
    overrides = [
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
    ]
    rels, sheets = [], []
    for i, (name, inhalt) in enumerate(blaetter.items(), start=1):
        if not inhalt.lstrip().startswith(("<worksheet", "<?xml", "<x:worksheet")):
            inhalt = f'{kopf}<worksheet xmlns="{NS}"><sheetData>{inhalt}</sheetData></worksheet>'
        teile[f"xl/worksheets/sheet{i}.xml"] = inhalt
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
        rels.append(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        )
        sheets.append(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>')
    if texte is not None:
        si = "".join(f"<si>{t if t.startswith('<') else f'<t>{t}</t>'}</si>" for t in texte)
        teile["xl/sharedStrings.xml"] = f'<sst xmlns="{NS}">{si}</sst>'
        overrides.append(
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    if stile is not None:
        teile["xl/styles.xml"] = stile
    r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    teile["xl/workbook.xml"] = (
        f'<workbook xmlns="{NS}" xmlns:r="{r_ns}">{mappe_pr}<sheets>{"".join(sheets)}</sheets>'
        "</workbook>"
    )
    teile["xl/_rels/workbook.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    )
    teile["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(overrides)
        + "</Types>"
    )
    with zipfile.ZipFile(pfad, "w", zipfile.ZIP_DEFLATED) as z:
        for name, inhalt in teile.items():
            z.writestr(name, inhalt)
    return pfad


def _c(bezug: str | None, inhalt: str = "", **attr: str) -> str:
    attrs = (f' r="{bezug}"' if bezug else "") + "".join(f' {k}="{v}"' for k, v in attr.items())
    return f"<c{attrs}>{inhalt}</c>" if inhalt else f"<c{attrs}/>"


EXCEL = (
    '<row r="1" spans="1:4" x14ac:dyDescent="0.25">'
    + _c("A1", "<v>0</v>", t="s")
    + _c("B1", "<v>1</v>", t="s")
    + _c("C1", "<v>6</v>", t="s")
    + "</row>"
    '<row r="2" spans="1:9" x14ac:dyDescent="0.25">'
    + _c("A2", "<v>2</v>", t="s")
    + _c("B2", "<v>4</v>")
    + _c("C2", "<v>0.15</v>", s="1")
    + _c("D2", "<v>44621</v>", s="2")
    + _c("E2", "<v>1500.5</v>", s="3")
    + _c("F2", "<v>0.5</v>", s="4")
    + _c("G2", "<v>1.25</v>", s="5")
    + _c("H2", "<v>59</v>", s="6")
    + _c("I2", "<v>1</v>", t="b")
    + "</row>"
    '<row r="4" spans="1:9" x14ac:dyDescent="0.25">'
    + _c("A4", "<v>3</v>", t="s")
    + _c("C4", "<v>4</v>", t="s")
    + _c("D4", "<v>5</v>", t="s")
    + _c("E4", "<f>SUM(B2:B3)</f><v>4</v>")
    + _c("F4", '<f t="shared" ref="F4:F5" si="0">B2*2</f><v>8</v>')
    + _c("G4", "<f>A2&amp;&quot;x&quot;</f><v>Wetzlarx</v>", t="str")
    + _c("H4", "<f>1/0</f><v>#DIV/0!</v>", t="e")
    + _c("I4", "<v>6</v>", t="s", s="0")
    + "</row>"
    '<row r="5" spans="1:9">'
    + _c("A5", "<f>A2</f><v></v>")
    + _c("B5", "<f>1+1</f>")
    + _c("C5", "", s="3")
    + _c("D5", "<v>-1E-3</v>")
    + _c("E5", "<v>1.5E+20</v>")
    + _c("F5", "<v>0</v>", s="2")
    + _c("G5", "<v>2958466</v>", s="2")
    + "</row>"
    '<row r="6"/>'
    '<row r="7" spans="1:3" hidden="1"></row>'
)
EXCEL_KOPF = (
    f'<worksheet xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    'mc:Ignorable="x14ac"><dimension ref="A1:I7"/><sheetViews><sheetView workbookViewId="0"/>'
    '</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="12"/>'
    "</cols><sheetData>"
)
EXCEL_ENDE = (
    '</sheetData><mergeCells count="1"><mergeCell ref="A7:B7"/></mergeCells>'
    '<pageMargins left="0.7" right="0.7" top="0.78" bottom="0.78" header="0.3" footer="0.3"/>'
    "</worksheet>"
)


def test_wie_excel_gemeinsame_texte_formeln_datum_fehler(tmp_path):
    pfad = _roh(tmp_path / "excel.xlsx", {"Tabelle1": EXCEL_KOPF + EXCEL + EXCEL_ENDE}, TEXTE)
    bild = vergleiche(pfad)
    zeilen = dict(bild["zeilen"])
    assert zeilen[2][3] == ("datetime", datetime(2022, 3, 1))
    assert zeilen[2][5] == ("time", time(12))
    assert zeilen[4][0] == ("str", "Rich ")
    assert zeilen[4][2] == ("str", "A & B \nA")
    assert zeilen[4][3] == ("str", "y")  # openpyxl entfernt x005F_
    assert zeilen[5][0] == ("FormelOhneWert", "=A2", "A5")
    assert zeilen[5][1] == ("FormelOhneWert", "=1+1", "B5")
    assert zeilen[6] == [] and zeilen[7] == []


def test_mac_epoche_1904(tmp_path):
    blatt = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + EXCEL_KOPF
    pfad = _roh(
        tmp_path / "mac.xlsx",
        {"A": blatt + EXCEL + EXCEL_ENDE},
        TEXTE,
        mappe_pr='<workbookPr date1904="1"/>',
    )
    assert dict(vergleiche(pfad)["zeilen"])[2][3] == ("datetime", datetime(2026, 3, 2))


@pytest.mark.parametrize(
    "inhalt",
    [
        # ohne r an Zeilen und Zellen, Zellen mit Lücken und in anderer Reihenfolge
        "<row>"
        + _c(None, "<v>1</v>")
        + _c(None, "<v>2</v>")
        + "</row><row>"
        + _c("C2", "<v>3</v>")
        + _c(None, "<v>4</v>")
        + "</row>"
        + '<row r="9">'
        + _c("D9", "<v>1</v>")
        + _c("B9", "<v>2</v>")
        + "</row>"
        + '<row r="9">'
        + _c("A9", "<v>5</v>")
        + "</row>"
        + '<row r="3">'
        + _c("A3", "<v>6</v>")
        + "</row>",
        # Leerraum und Zeilenumbrüche (eingerückt geschrieben), Attribute in anderer Folge
        '\n  <row r="1" >\n    <c t="inlineStr" r="A1"><is><t>kommune</t></is></c>\n'
        '    <c r="B1" t="n" s="0">\r\n<v> 7 </v>\n</c>\n  </row>\n'
        "  <row r='2'><c r='A2' t='inlineStr'><is><t xml:space='preserve'> a\r\nb </t></is></c>"
        '<c r="B2" t="inlineStr"><is/></c><c r="C2" t="inlineStr"></c>'
        '<c r="D2" t="inlineStr"><is><t/></is></c><c r="E2" t="inlineStr"><v>9</v></c></row>\n',
        # Zahlen in allen Schreibweisen, Typen str/e/b/unbekannt, Stil außerhalb der Liste
        '<row r="1">'
        + _c("A1", "<v>1_000</v>")
        + _c("B1", "<v>-0</v>")
        + _c("C1", "<v>.5</v>")
        + _c("D1", "<v>1e3</v>")
        + _c("E1", "<v>&#49;&#50;</v>", t="str")
        + _c("F1", "<v>#N/A</v>", t="e")
        + _c("G1", "<v>0</v>", t="b")
        + _c("H1", "<v>x</v>", t="zz")
        + _c("I1", "<v>3</v>", s="99")
        + "</row>",
        # sehr breite Zeile und Spalten bis XFD
        '<row r="1">' + _c("A1", "<v>1</v>") + _c("XFD1", "<v>2</v>") + "</row>",
    ],
    ids=["ohne-r", "leerraum", "schreibweisen", "breit"],
)
def test_besondere_formen(tmp_path, inhalt):
    vergleiche(_roh(tmp_path / "b.xlsx", {"A": inhalt}, TEXTE))


def test_praefix_x_wie_manche_exporte(tmp_path):
    blatt = (
        f'<x:worksheet xmlns:x="{NS}"><x:sheetData><x:row r="1">'
        '<x:c r="A1" t="inlineStr"><x:is><x:t>kommune</x:t></x:is></x:c>'
        '<x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row><x:row r="2"><x:c r="A2" t="s"><x:v>2</x:v>'
        '</x:c><x:c r="B2"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    bild = vergleiche(_roh(tmp_path / "x.xlsx", {"A": blatt}, TEXTE))
    assert bild["zeilen"] == [
        (1, [("str", "kommune"), ("str", "kommunen")]),
        (2, [("str", "Wetzlar"), ("int", 3)]),
    ]


@pytest.mark.parametrize(
    "stoerung",
    [
        "<!-- ein Kommentar -->",
        "<![CDATA[x]]>",
        '<row r="50"><c r="A50" t="inlineStr"><is><r><t>Rich</t></r></is></c></row>',
        '<row r="50"><c r="A50"><f t="shared" si="0"/></c></row>',
        '<row r="50"><c r="A50"><v>1</v><extLst/></c></row>',
    ],
    ids=["kommentar", "cdata", "rich-text", "geteilte-formel", "erweiterung"],
)
@pytest.mark.parametrize("wo", ["anfang", "mitte"])
def test_rueckfall_auf_openpyxl_auch_mitten_im_blatt(tmp_path, stoerung, wo):
    """Was der schnelle Weg nicht kennt, liest openpyxl – auch wenn schon Zeilen geliefert
    wurden (dann ab dort, ohne Zeilen doppelt oder gar nicht zu liefern)."""
    zeilen = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>K{n}</t></is></c><c r="B{n}"><v>{n}</v>'
        f'</c><c r="C{n}" t="s"><v>2</v></c></row>'
        for n in range(2, 40)
    )
    kopf = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    inhalt = kopf + stoerung + zeilen if wo == "anfang" else kopf + zeilen + stoerung
    zeilen_neu = vergleiche(_roh(tmp_path / "s.xlsx", {"A": inhalt}, TEXTE), schnell=False)
    nummern = [nr for nr, _ in zeilen_neu["zeilen"]]
    assert len(nummern) == len(set(nummern)) and 39 in nummern


def test_ohne_styles_und_ohne_gemeinsame_texte(tmp_path):
    inhalt = '<row r="1"><c r="A1" t="inlineStr"><is><t>kommune</t></is></c></row>'
    inhalt += '<row r="2"><c r="A2" s="0"><v>44621</v></c><c r="B2" s="1"><v>1</v></c></row>'
    vergleiche(_roh(tmp_path / "o.xlsx", {"A": inhalt}, stile=None))


# ---------------------------------------------------------------------------------------------
# Sicherheit und kaputte Dateien: dieselben Meldungen wie bisher
# ---------------------------------------------------------------------------------------------

_DTD = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "ha">]>'
_BOMBE = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 9))
    + "]>"
)


@pytest.mark.parametrize(
    "teil",
    ["[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml", "blatt"],
)
@pytest.mark.parametrize("vorspann", [_DTD, _BOMBE, '<!DOCTYPE x SYSTEM "file:///etc/passwd">'])
def test_dtd_in_jedem_teil_wird_nicht_gelesen(tmp_path, teil, vorspann):
    pfad = _roh(tmp_path / "d.xlsx", {"A": EXCEL_KOPF + EXCEL + EXCEL_ENDE}, TEXTE)
    with zipfile.ZipFile(pfad) as alt:
        teile = {n: alt.read(n) for n in alt.namelist()}
    name = "xl/worksheets/sheet1.xml" if teil == "blatt" else teil
    teile[name] = vorspann.encode() + teile[name].replace(b'<?xml version="1.0"?>', b"")
    with zipfile.ZipFile(pfad, "w") as neu:
        for n, inhalt in teile.items():
            neu.writestr(n, inhalt)
    with pytest.raises(DateiUnbrauchbar, match="aus Sicherheitsgründen nicht gelesen"):
        XlsxQuelle(pfad, 1, None)


def _fehler(klasse: type[XlsxQuelle], pfad: Path) -> str:
    with pytest.raises(DateiUnbrauchbar) as fehler:
        list(klasse(pfad, 1, None).zeilen())
    return str(fehler.value)


@pytest.mark.parametrize("schnitt", [100, 400, -30, -7])
def test_abgeschnittenes_blatt_meldet_wie_bisher(tmp_path, schnitt):
    """Mitten in einer Zeile, mitten in einem Tag, ohne </sheetData>, ohne </worksheet>."""
    zeilen = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 50))
    blatt = f'<worksheet xmlns="{NS}"><sheetData>{zeilen}</sheetData></worksheet>'
    pfad = _roh(tmp_path / "k.xlsx", {"A": blatt[:schnitt]})
    meldung = _fehler(XlsxQuelle, pfad)
    assert meldung == _fehler(_NurOpenpyxl, pfad)
    assert "keine lesbare Excel-Arbeitsmappe" in meldung


@pytest.mark.parametrize(
    "text", ["a\x01b", "a\ufffeb", "a&#1;b", "a&unbekannt;b", "a\udcff"], ids=repr
)
def test_was_kein_xml_ist_meldet_wie_bisher(tmp_path, text):
    zeilen = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 5))
    zeilen += f'<row r="5"><c r="A5" t="inlineStr"><is><t>{text}</t></is></c></row>'
    blatt = f'<worksheet xmlns="{NS}"><sheetData>{zeilen}</sheetData></worksheet>'
    pfad = tmp_path / "k.xlsx"
    _roh(pfad, {"A": "<x/>"})
    teile = {n: zipfile.ZipFile(pfad).read(n) for n in zipfile.ZipFile(pfad).namelist()}
    teile["xl/worksheets/sheet1.xml"] = blatt.encode("utf-8", "surrogateescape")
    with zipfile.ZipFile(pfad, "w") as neu:
        for n, daten in teile.items():
            neu.writestr(n, daten)
    meldung = _fehler(XlsxQuelle, pfad)
    assert meldung == _fehler(_NurOpenpyxl, pfad)
    assert "keine lesbare Excel-Arbeitsmappe" in meldung


# ---------------------------------------------------------------------------------------------
# Die nachgebildeten Regeln von openpyxl
# ---------------------------------------------------------------------------------------------


def test_zahlenformate_und_datumszahlen_wie_openpyxl():
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

    from ozg_foerder.batch import xlsx_formate as f

    assert f.EINGEBAUT == BUILTIN_FORMATS
    codes = [
        *BUILTIN_FORMATS.values(),
        "DD.MM.YYYY",
        '#,##0.00 "€"',
        '"Tag" 0',
        "[Red]0.00",
        "[$-407]DDDD, D. MMMM YYYY",
        "[h]:mm",
        "[mm]:ss",
        "[ss].00",
        "0.0%;[Red]-0.0%",
        "_d0",
        "\\y0",
        "General;yyyy",
        None,
    ]
    for code in codes:
        assert f.ist_datumsformat(code) == is_date_format(code), code
        assert f.ist_dauerformat(code) == is_timedelta_format(code), code

    def ergebnis(funktion, *argumente):
        try:
            return funktion(*argumente)
        except (OverflowError, ValueError) as fehler:
            return type(fehler)

    for wert in (0, 0.5, 0.999999999, 1, 59, 60, 61, 44621.75, 2958465.9999, 1.5e-9, -1, 1e9):
        for epoche in (WINDOWS_EPOCH, MAC_EPOCH):
            for dauer in (False, True):
                argumente = (wert, epoche, dauer)
                assert ergebnis(f.aus_excel, *argumente) == ergebnis(from_excel, *argumente)


def test_schnell_braucht_openpyxl_nicht(tmp_path):
    """openpyxl zu laden kostete jeden Lauf 0,25 s: der schnelle Weg importiert es nicht."""
    pfad = _openpyxl_mappe(tmp_path / "l.xlsx", {"A": GEMISCHT})
    programm = (
        "import sys; from pathlib import Path; from ozg_foerder.batch.quelle import oeffne; "
        f"q = oeffne(Path({str(pfad)!r})); n = sum(1 for _ in q.zeilen()); q.spaltenformate(); "
        "print(n, 'openpyxl' in sys.modules)"
    )
    aus = subprocess.run([sys.executable, "-c", programm], capture_output=True, text=True)
    anzahl = sum(1 for _ in _NurOpenpyxl(pfad, 1, None).zeilen())
    assert aus.stdout.split() == [str(anzahl), "False"], aus.stderr


def test_grosse_datei_in_stuecken(tmp_path, monkeypatch):
    """Über Stückgrenzen hinweg (hier 4 KB statt 1 MB): keine Zeile geht verloren."""
    from ozg_foerder.batch import xlsx_blatt

    monkeypatch.setattr(xlsx_blatt, "_STUECK", 4096)
    mappe = openpyxl.Workbook(write_only=True)
    ws = mappe.create_sheet("L")
    ws.append(["kommune", "kommunen", "einsparung"])
    for n in range(3000):
        ws.append([f"K{n} – ä", n, n / 1000 if n % 3 else None])
    puffer = io.BytesIO()
    mappe.save(puffer)
    pfad = tmp_path / "g.xlsx"
    pfad.write_bytes(puffer.getvalue())
    assert len(vergleiche(pfad)["zeilen"]) == 3001


# ---------------------------------------------------------------------------------------------
# Zufällige Inhalte: was openpyxl schreibt, liest der schnelle Weg wie openpyxl
# ---------------------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: E402

_WERTE = st.one_of(
    st.none(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(max_size=12).map(lambda t: ILLEGAL_CHARACTERS_RE.sub("", t)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.sampled_from(["ja", "nein", "=A1+1", "Wetzlar", " a & <b> ", "0,15", "18 %"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zeilen=st.lists(st.lists(_WERTE, max_size=8), min_size=1, max_size=6))
def test_zufaellige_zeilen_wie_openpyxl(tmp_path_factory, zeilen):
    pfad = tmp_path_factory.mktemp("zufall") / "z.xlsx"
    _openpyxl_mappe(pfad, {"Z": [["kommune", "wert"], *zeilen]})
    vergleiche(pfad)

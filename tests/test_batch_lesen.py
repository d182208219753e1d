"""Batch: Dateien, wie deutsche Ämter sie speichern – und Dateien, die nicht zu gebrauchen sind."""

import codecs
import zipfile

import pytest

from test_batch_hilfen import (
    IKZ_KOPF,
    STICHTAG,
    TECHNISCH,
    csv_datei,
    lies_csv,
    lies_csv_text,
    xlsx_datei,
)

IKZ = ("--programm", "ikz")


def _ikz(lauf_out: str, trenner: str = ";") -> list[tuple[str, str]]:
    return [(z["ikz_ergebnis"], z["ikz_betrag"]) for z in lies_csv_text(lauf_out, trenner)]


# ---------------------------------------------------------------------------------------------
# Kodierungen
# ---------------------------------------------------------------------------------------------


def test_windows_1252_datei(cli, tmp_path):
    eingabe = csv_datei(
        tmp_path / "liste.csv",
        [IKZ_KOPF, ["Gießen", "3", "15 %", "5", "ja", "ja"], ["Großalmerode", "2", "", "", "", ""]],
        kodierung="cp1252",
    )
    assert "ß".encode("cp1252") in eingabe.read_bytes()  # wirklich Windows-1252
    aus = tmp_path / "aus.csv"
    lauf = cli("batch", eingabe, *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    roh = aus.read_bytes()
    assert not roh.startswith(codecs.BOM_UTF8)
    zeilen = lies_csv(aus, kodierung="cp1252")  # gleiche Kodierung zurück
    assert [z["kommune"] for z in zeilen] == ["Gießen", "Großalmerode"]
    assert [(z["ikz_ergebnis"], z["ikz_betrag"]) for z in zeilen] == [
        ("foerderfaehig", "75000,00"),
        ("offen", "50000,00"),
    ]


def test_utf8_bom_datei(cli, tmp_path):
    eingabe = csv_datei(
        tmp_path / "liste.csv",
        [IKZ_KOPF, ["Bad Endbach", "4", "0,15", "5", "ja", "ja"]],
        bom=True,
    )
    lauf = cli("batch", eingabe, *IKZ, "--format", "csv", *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    zeile = lies_csv_text(lauf.out)[0]
    assert zeile["kommune"] == "Bad Endbach"  # die Kopfzeile beginnt nicht mit „\ufeffkommune“
    assert (zeile["ikz_ergebnis"], zeile["ikz_betrag"]) == ("foerderfaehig", "100000,00")


def test_utf8_ohne_bom_semikolon_bekommt_bom_fuer_excel(cli, tmp_path):
    eingabe = csv_datei(tmp_path / "liste.csv", [IKZ_KOPF, ["Lahntal", "2", "", "", "", ""]])
    aus = tmp_path / "aus.csv"
    assert cli("batch", eingabe, *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH).code == 0
    assert aus.read_bytes().startswith(codecs.BOM_UTF8)  # deutsches Excel per Doppelklick


def test_utf16_unicode_text_aus_excel(cli, tmp_path):
    text = "\t".join(IKZ_KOPF) + "\r\nLich\t3\t0,18\t5\tja\tja\r\n"
    eingabe = tmp_path / "unicode.txt"
    eingabe.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    aus = tmp_path / "aus.csv"
    lauf = cli("batch", eingabe, *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    assert aus.read_bytes().startswith(codecs.BOM_UTF16_LE)
    (zeile,) = lies_csv(aus, trenner="\t", kodierung="utf-16")
    assert (zeile["kommune"], zeile["ikz_betrag"]) == ("Lich", "75000,00")


def test_gemischte_kodierung_und_kaputte_bytes_brechen_nichts_ab(cli, tmp_path):
    kopf = ";".join(IKZ_KOPF).encode()
    eingabe = tmp_path / "gemischt.csv"
    eingabe.write_bytes(
        kopf
        + b"\r\nGie\xc3\x9fen;2;;;;\r\n"  # UTF-8
        + "Büdingen;2;;;;\r\nGroß-Gerau;2;;;;\r\n".encode()
        + b"Gro\xdfalmerode;2;;;;\r\n"  # Windows-1252 mitten in einer UTF-8-Datei
        + b"Lich;2\x00;;;;\r\n"  # Nullbyte in einer Zahl
        + b"Linden;2;\x81;;;\r\n"  # in keiner Kodierung belegt
    )
    lauf = cli("batch", eingabe, *IKZ, "--format", "json", *STICHTAG)
    assert lauf.code == 1
    import json

    daten = json.loads(lauf.out)["zeilen"]
    assert [d["kommune"] for d in daten] == [
        "Gießen",
        "Büdingen",
        "Groß-Gerau",
        "Großalmerode",
        "Lich",
        "Linden",
    ]
    assert all(d["fehler"] == [] for d in daten[:4])
    assert "Zeile 6, Spalte B „kommunen“: „2␀“" in daten[4]["fehler"][0]
    assert "Zeile 7, Spalte C „einsparung“: „\ufffd“" in daten[5]["fehler"][0]


# ---------------------------------------------------------------------------------------------
# Trennzeichen, Dezimalstil, deutsche Schreibweisen
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trenner", "einsparung", "komma_zurueck"),
    [(";", "0,18", True), (",", "0.18", False), (",", "18 %", False), ("\t", "0,18", True)],
)
def test_trennzeichen_und_dezimalstil_werden_erkannt(
    cli, tmp_path, trenner, einsparung, komma_zurueck
):
    eingabe = csv_datei(
        tmp_path / "liste.csv", [IKZ_KOPF, ["Wetzlar", "3", einsparung, "5", "ja", "ja"]], trenner
    )
    lauf = cli("batch", eingabe, *IKZ, "--format", "csv", *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    erste = lauf.out.lstrip("\ufeff").splitlines()[0]
    assert erste.startswith(f"kommune{trenner}kommunen{trenner}")
    assert _ikz(lauf.out, trenner) == [
        ("foerderfaehig", "75000,00" if komma_zurueck else "75000.00")
    ]


def test_komma_datei_mit_dezimalkomma_in_anfuehrungszeichen(cli, tmp_path):
    eingabe = csv_datei(
        tmp_path / "liste.csv", [IKZ_KOPF, ["Wetzlar", "3", "0,18", "5", "ja", "ja"]], ","
    )
    assert '"0,18"' in eingabe.read_text()
    lauf = cli("batch", eingabe, *IKZ, "--format", "csv", *STICHTAG, *TECHNISCH)
    assert _ikz(lauf.out, ",") == [("foerderfaehig", "75000,00")]  # Komma-Stil zurück


@pytest.mark.parametrize(
    ("kosten", "betrag"),
    [("1.500.000,00 €", "1350000,00"), ("1500000", "1350000,00"), ("111.112", "100000,80")],
)
def test_betraege_deutsch(cli, tmp_path, kosten, betrag):
    eingabe = csv_datei(
        tmp_path / "liste.csv", [["kommune", "kosten"], ["Fulda", kosten]], bom=True
    )
    lauf = cli(
        "batch", eingabe, "--programm", "starke-heimat", "--format", "csv", *STICHTAG, *TECHNISCH
    )
    assert lauf.code == 0, lauf.err
    (zeile,) = lies_csv_text(lauf.out)
    assert zeile["starke_heimat_betrag"] == betrag


@pytest.mark.parametrize("einsparung", ["18 %", "18%", "0,18", "0.18", "15 %"])
def test_anteile_deutsch(cli, tmp_path, einsparung):
    eingabe = csv_datei(tmp_path / "l.csv", [IKZ_KOPF, ["Wetzlar", "2", einsparung, "5", "x", "1"]])
    lauf = cli("batch", eingabe, *IKZ, "--format", "csv", *STICHTAG, *TECHNISCH)
    assert _ikz(lauf.out) == [("foerderfaehig", "50000,00")]


def test_leere_zeilen_und_spalten_am_ende_werden_ignoriert(cli, tmp_path):
    eingabe = csv_datei(
        tmp_path / "liste.csv",
        [
            [*IKZ_KOPF, "", ""],
            ["Wetzlar", "2", "", "", "", "", "", ""],
            ["", "", "", "", "", "", "", ""],
            ["Solms", "3", "", "", "", "", "", ""],
            [],
            ["", "", "", "", "", "", "", ""],
        ],
    )
    lauf = cli("batch", eingabe, *IKZ, "--format", "json", *STICHTAG)
    assert lauf.code == 0, lauf.err
    import json

    daten = json.loads(lauf.out)["zeilen"]
    # die Zeilennummern der Datei, wie Excel sie zeigt (leere Zeilen zählen mit)
    assert [(d["zeile"], d["kommune"]) for d in daten] == [(2, "Wetzlar"), (4, "Solms")]


def test_spaltennamen_gross_klein_leer_bindestrich(cli, tmp_path):
    kopf = [" Kommune ", "KOMMUNEN", "Einsparung", "Laufzeit-Jahre", "beschluss ", "Vereinbarung"]
    eingabe = csv_datei(tmp_path / "l.csv", [kopf, ["Wetzlar", "3", "0,2", "4", "ja", "ja"]])
    lauf = cli("batch", eingabe, *IKZ, "--format", "csv", *STICHTAG, *TECHNISCH)
    zeile = lies_csv_text(lauf.out)[0]
    assert zeile["ikz_ergebnis"] == "nicht_foerderfaehig"  # Laufzeit 4 wurde gelesen
    assert zeile["Laufzeit-Jahre"] == "4"  # Eingabespalten unverändert


def test_unbekannte_spalten_bleiben_und_tippfehler_bekommt_hinweis(cli, tmp_path):
    eingabe = csv_datei(
        tmp_path / "l.csv",
        [
            ["kommune", "kommunen", "Einsparungen", "Ansprechpartner"],
            ["Wetzlar", "2", "20 %", "Fr. X"],
        ],
    )
    lauf = cli("batch", eingabe, *IKZ, "--format", "csv", *STICHTAG, *TECHNISCH)
    assert lauf.code == 0
    zeile = lies_csv_text(lauf.out)[0]
    assert zeile["Ansprechpartner"] == "Fr. X"
    assert "„Einsparungen“ wird nicht ausgewertet – meinten Sie „einsparung“?" in lauf.err
    # Spalten anderer Programme sind keine Tippfehler, auch wenn nur eines ausgewertet wird
    lauf = cli("batch", eingabe, "-p", "beratung", "--format", "csv", *STICHTAG, *TECHNISCH)
    assert "„kommunen“ wird nicht ausgewertet" not in lauf.err


def test_titelzeilen_ueber_der_kopfzeile(cli, tmp_path):
    pfad = tmp_path / "titel.csv"
    pfad.write_text(
        "sep=,\r\nFörderliste IKZ – Stand 03/2022\r\n\r\n"
        "kommune,kommunen,einsparung\r\nWetzlar,2,18 %\r\n",
        encoding="utf-8",
    )
    lauf = cli("batch", pfad, *IKZ, "--format", "json", *STICHTAG)
    assert lauf.code == 0, lauf.err
    import json

    (zeile,) = json.loads(lauf.out)["zeilen"]
    assert (zeile["kommune"], zeile["ergebnisse"]["ikz"]["betrag"]) == ("Wetzlar", "50000.00")
    assert "Kopfzeile ist Zeile 4" in lauf.err


# ---------------------------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------------------------


def test_xlsx_mit_gleitkommazellen(cli, tmp_path):
    eingabe = xlsx_datei(
        tmp_path / "liste.xlsx",
        [
            IKZ_KOPF,
            ["Wetzlar", 4.0, 0.15, 5.0, True, "x"],  # 0,15 als binäre Gleitkommazahl: genau 15 %
            ["Solms", 2, 0.149, 5, "ja", "ja"],
            [6532003.0, 3, 0.2, 5, 1, 1],  # AGS als Zahl ohne führende Null (Braunfels)
        ],
    )
    lauf = cli("batch", eingabe, *IKZ, "--format", "json", *STICHTAG)
    assert lauf.code == 0, lauf.err
    import json

    daten = json.loads(lauf.out)["zeilen"]
    wetzlar = daten[0]["ergebnisse"]["ikz"]
    assert wetzlar["eingaben"]["kommunen"] == 4
    assert wetzlar["eingaben"]["einsparung"] == "0.15"
    assert (wetzlar["ergebnis"], wetzlar["betrag"]) == ("foerderfaehig", "100000.00")
    assert daten[1]["ergebnisse"]["ikz"]["ergebnis"] == "nicht_foerderfaehig"  # 14,9 %
    assert daten[2]["kommune"] == "Braunfels"


def test_xlsx_mit_titelzeile(cli, tmp_path):
    eingabe = xlsx_datei(
        tmp_path / "l.xlsx",
        [["Kommunen im Landkreis Gießen"], [], IKZ_KOPF, ["Lich", 2], ["Hungen", "x"]],
    )
    lauf = cli("batch", eingabe, *IKZ, "--format", "json", *STICHTAG)
    import json

    daten = json.loads(lauf.out)["zeilen"]
    assert [d["kommune"] for d in daten] == ["Lich", "Hungen"]
    assert daten[1]["fehler"][0].startswith("Zeile 5, Spalte B „kommunen“: „x“")


def test_xlsx_blatt_waehlen(cli, tmp_path):
    import openpyxl

    mappe = openpyxl.Workbook()
    mappe.active.title = "Deckblatt"
    mappe.active.append(["Förderliste 2022"])
    liste = mappe.create_sheet("Kommunen")
    liste.append(["kommune", "kommunen"])
    liste.append(["Hungen", 2])
    pfad = tmp_path / "mappe.xlsx"
    mappe.save(pfad)

    ohne = cli("batch", pfad, *IKZ, *STICHTAG)
    assert ohne.code == 2 and "kommunen" in ohne.err  # erstes Blatt hat keine passende Spalte
    mit = cli("batch", pfad, *IKZ, "--blatt", "kommunen", "--format", "csv", *STICHTAG, *TECHNISCH)
    assert mit.code == 0, mit.err
    assert _ikz(mit.out) == [("offen", "50000,00")]
    falsch = cli("batch", pfad, "--blatt", "Liste", *STICHTAG)
    assert falsch.code == 2
    assert "„Liste“" in falsch.err and "„Deckblatt“, „Kommunen“" in falsch.err


def test_xlsx_leere_zeilen_zaehlen_als_tabellenzeilen(cli, tmp_path):
    eingabe = xlsx_datei(
        tmp_path / "l.xlsx",
        [IKZ_KOPF, ["Wetzlar", 2], [], [None, None], ["Solms", "zwei"], [None, None, None, None]],
    )
    lauf = cli("batch", eingabe, *IKZ, "--format", "json", *STICHTAG)
    import json

    daten = json.loads(lauf.out)["zeilen"]
    assert [d["zeile"] for d in daten] == [2, 5]
    assert daten[1]["fehler"][0].startswith("Zeile 5, Spalte B „kommunen“: „zwei“")


# ---------------------------------------------------------------------------------------------
# Unbrauchbare Dateien: Exit 2 mit Meldung und Ausweg, nie ein Traceback
# ---------------------------------------------------------------------------------------------


def _unbrauchbar(cli, pfad, *weitere):
    lauf = cli("batch", pfad, *weitere, *STICHTAG)
    assert lauf.code == 2, lauf
    assert lauf.err.startswith("Fehler: ")
    assert "Hilfe: " in lauf.err
    assert "Traceback" not in lauf.err
    return lauf.err


def test_datei_fehlt(cli, tmp_path):
    assert "gibt es nicht" in _unbrauchbar(cli, tmp_path / "fehlt.csv")


def test_verzeichnis(cli, tmp_path):
    assert "Verzeichnis" in _unbrauchbar(cli, tmp_path)


@pytest.mark.parametrize("inhalt", [b"", b"\r\n\r\n   \n"])
def test_leere_datei(cli, tmp_path, inhalt):
    pfad = tmp_path / "leer.csv"
    pfad.write_bytes(inhalt)
    assert "leer" in _unbrauchbar(cli, pfad)


def test_nur_leere_zeilen_mit_trennzeichen(cli, tmp_path):
    pfad = tmp_path / "leer.csv"
    pfad.write_text(";;;\r\n;;\r\n")
    assert "keine Zeilen" in _unbrauchbar(cli, pfad)


def test_binaerdatei(cli, tmp_path):
    pfad = tmp_path / "bild.csv"
    pfad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert "Binärdaten" in _unbrauchbar(cli, pfad)


def test_altes_xls(cli, tmp_path):
    pfad = tmp_path / "alt.xls"
    pfad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert ".xls" in _unbrauchbar(cli, pfad)


def test_opendocument_und_andere_zip(cli, tmp_path):
    ods = tmp_path / "liste.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    assert "OpenDocument" in _unbrauchbar(cli, ods)
    kaputt = tmp_path / "kaputt.xlsx"
    kaputt.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "beschädigt" in _unbrauchbar(cli, kaputt)


def test_beschaedigte_arbeitsmappe(cli, tmp_path):
    pfad = tmp_path / "kaputt.xlsx"
    with zipfile.ZipFile(pfad, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook><kaputt")
    assert "keine lesbare Excel-Arbeitsmappe" in _unbrauchbar(cli, pfad)


def test_zip_bombe_wird_abgelehnt_ohne_zu_entpacken(cli, tmp_path, monkeypatch):
    pfad = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(pfad, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (8 * 1024 * 1024))  # Verhältnis ~1000
    assert "ZIP-Bombe" in _unbrauchbar(cli, pfad)


def test_zip_bombe_in_nebenteil(tmp_path, monkeypatch):
    from ozg_foerder.batch import quelle_xlsx
    from ozg_foerder.batch.fehler import DateiUnbrauchbar

    monkeypatch.setitem(quelle_xlsx.GRENZEN, "nebenteil", 1000)
    pfad = tmp_path / "gross.xlsx"
    with zipfile.ZipFile(pfad, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/sharedStrings.xml", "x" * 2000)
    with pytest.raises(DateiUnbrauchbar, match="ZIP-Bombe"):
        quelle_xlsx.pruefe_archiv(pfad)


def test_keine_verwendbare_spalte(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [["Name", "Ort"], ["a", "b"]])
    err = _unbrauchbar(cli, pfad)
    assert "keine Spalte" in err and "„Name“, „Ort“" in err
    assert "ikz: eine von kommunen, einsparung" in err and "ozg-foerder vorlage" in err


def test_doppelte_spalte(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [["kommune", "Kommunen", "kommunen"], ["a", "1", "2"]])
    assert "zweimal" in _unbrauchbar(cli, pfad) and "Spalten B und C" in _unbrauchbar(cli, pfad)


def test_blatt_bei_csv(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [IKZ_KOPF, ["Wetzlar", "2"]])
    assert "--blatt gilt nur" in _unbrauchbar(cli, pfad, "--blatt", "X")


def test_eingabe_bleibt_unveraendert(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [IKZ_KOPF, ["Wetzlar", "2", "=1+1"]])
    vorher = pfad.read_bytes()
    cli("batch", pfad, *IKZ, "--ausgabe", tmp_path / "aus.csv", *STICHTAG, *TECHNISCH)
    cli("batch", pfad, *IKZ, "--ausgabe", tmp_path / "aus.xlsx", *STICHTAG, *TECHNISCH)
    assert pfad.read_bytes() == vorher

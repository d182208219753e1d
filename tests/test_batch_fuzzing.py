"""Fuzzing des Batch-Lesers: zufällige Bytes, CSV-Formen, riesige Felder, gemischte Kodierungen,
NUL-Bytes, präparierte Excel-Dateien. Jedes Ergebnis ist eine Auswertung mit Zeilenfehlern oder
eine saubere Meldung "Datei unbrauchbar" (Exit 2) – nie eine unbehandelte Ausnahme."""

import csv
import io
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import beispiele
from ozg_foerder.batch import DateiUnbrauchbar, schreibe_ausgabe, werte_datei_aus
from ozg_foerder.cli import app as cli_modul
from ozg_foerder.eingaben.werte import EingabeFehler

STICHTAG = "2022-03-14"
FUZZ = settings(
    max_examples=beispiele(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SPALTEN = [
    "kommune",
    "kommunen",
    "einsparung",
    "laufzeit_jahre",
    "beschluss",
    "kosten",
    "handlungsfelder",
    "vorhaben",
    "genutzt",
    "verbund",
    "betrag",
    "bemerkung",
]
zelle = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "4",
            "18 %",
            "0,15",
            "ja",
            "x",
            "1.500.000,00 €",
            "=1+1",
            "Wetzlar",
            "Lautertal",
            "LK Gießen",
            "6532023",
            "1,3",
            "3,4",
            "Smart Energy",
            "-",
            "\x00",
        ]
    ),
)


def _werte_ganz_aus(pfad: Path, programme=None) -> None:
    """Liest, wertet aus und schreibt CSV und JSON – wie die Kommandozeile."""
    try:
        auswertung = werte_datei_aus(pfad, programme=programme, stichtag=STICHTAG)
        for fmt in ("csv", "json"):
            auswertung = werte_datei_aus(pfad, programme=programme, stichtag=STICHTAG)
            schreibe_ausgabe(auswertung, fmt, None, stdout=io.StringIO())
    except DateiUnbrauchbar as fehler:
        assert fehler.meldung
    except EingabeFehler as fehler:
        assert fehler.meldung()


@FUZZ
@given(inhalt=st.binary(max_size=400))
def test_zufaellige_bytes(tmp_path, inhalt):
    pfad = tmp_path / "zufall.csv"
    pfad.write_bytes(inhalt)
    _werte_ganz_aus(pfad)
    assert pfad.read_bytes() == inhalt


@FUZZ
@given(
    kopf=st.lists(st.sampled_from(SPALTEN), min_size=1, max_size=8),
    zeilen=st.lists(st.lists(zelle, max_size=10), max_size=8),
    trenner=st.sampled_from([";", ",", "\t"]),
    kodierung=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    programme=st.sampled_from([None, ["ikz"], ["beratung", "modellkommune"]]),
)
def test_zufaellige_csv_formen(tmp_path, kopf, zeilen, trenner, kodierung, programme):
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=trenner)
    schreiber.writerow(kopf)
    schreiber.writerows(zeilen)
    pfad = tmp_path / "liste.csv"
    pfad.write_bytes(puffer.getvalue().encode(kodierung, errors="replace"))
    _werte_ganz_aus(pfad, programme)


@FUZZ
@given(
    utf8=st.text(alphabet="äöüßÄÖÜ€Gießen;0123456789 ", max_size=30),
    cp1252=st.text(alphabet="äöüßÄÖÜ€Marburg;0123456789 ", max_size=30),
)
def test_gemischte_kodierungen_in_einer_datei(tmp_path, utf8, cp1252):
    pfad = tmp_path / "gemischt.csv"
    pfad.write_bytes(
        b"kommune;kommunen\n"
        + utf8.encode("utf-8")
        + b"\n"
        + cp1252.encode("cp1252")
        + b"\nWetzlar;\x00\x00\n"
    )
    _werte_ganz_aus(pfad)


@pytest.mark.parametrize("groesse", [200_000, 2_000_000])
def test_riesige_felder(tmp_path, groesse):
    pfad = tmp_path / "riesig.csv"
    pfad.write_text(
        "kommune;kommunen;einsparung\nWetzlar;2;" + "9" * groesse + "\nMarburg;3;0,2\n",
        encoding="utf-8",
    )
    auswertung = werte_datei_aus(pfad, programme=["ikz"], stichtag=STICHTAG)
    zeilen = list(auswertung.zeilen())
    assert len(zeilen) == 2
    assert zeilen[0].fehler and not zeilen[1].fehler
    assert zeilen[1].ergebnisse["ikz"].betrag == 75000


def _lauf(*argumente: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            cli_modul.main(list(argumente))
        except SystemExit as ende:
            return ende.code, out.getvalue(), err.getvalue()
    raise AssertionError("main() endet immer mit SystemExit")


def _xlsx_mit_blatt(pfad: Path, blatt_xml: str) -> None:
    from openpyxl import Workbook

    mappe = Workbook()
    mappe.active.append(["kommune", "kommunen"])
    mappe.active.append(["Wetzlar", 2])
    mappe.save(pfad)
    with zipfile.ZipFile(pfad) as alt:
        teile = {n: alt.read(n) for n in alt.namelist()}
    teile["xl/worksheets/sheet1.xml"] = blatt_xml.encode()
    with zipfile.ZipFile(pfad, "w", zipfile.ZIP_DEFLATED) as neu:
        for name, inhalt in teile.items():
            neu.writestr(name, inhalt)


def test_xml_entity_bombe_in_xlsx_wird_abgelehnt(tmp_path):
    pfad = tmp_path / "bombe.xlsx"
    lol = "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 9))
    blatt = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
        + lol
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol8;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    _xlsx_mit_blatt(pfad, blatt)
    code, _, err = _lauf("batch", str(pfad), "--stichtag", STICHTAG)
    assert code == 2, err
    assert "aus Sicherheitsgründen nicht gelesen" in err and "Traceback" not in err


def test_externe_entitaet_in_xlsx_wird_nicht_gelesen(tmp_path):
    geheim = tmp_path / "geheim.txt"
    geheim.write_text("GEHEIM", encoding="utf-8")
    pfad = tmp_path / "xxe.xlsx"
    blatt = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{geheim}">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    _xlsx_mit_blatt(pfad, blatt)
    code, out, err = _lauf("batch", str(pfad), "--format", "json", "--stichtag", STICHTAG)
    assert code == 2
    assert "aus Sicherheitsgründen nicht gelesen" in err
    assert "GEHEIM" not in out + err and "Traceback" not in err


def test_dieselbe_arbeitsmappe_ohne_dtd_wird_gelesen(tmp_path):
    """Gegenprobe zu den beiden Tests oben: der Aufbau der Testdatei selbst ist in Ordnung."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    def zelle(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    blatt = (
        f'<?xml version="1.0"?><worksheet xmlns="{ns}"><sheetData>'
        f'<row r="1">{zelle("A1", "kommune")}{zelle("B1", "kommunen")}</row>'
        f'<row r="2">{zelle("A2", "Wetzlar")}<c r="B2"><v>2</v></c></row>'
        "</sheetData></worksheet>"
    )
    pfad = tmp_path / "normal.xlsx"
    _xlsx_mit_blatt(pfad, blatt)
    code, out, err = _lauf(
        "batch",
        str(pfad),
        "--programm",
        "ikz",
        "--format",
        "csv",
        "--stichtag",
        STICHTAG,
        "--spalten",
        "technisch",
    )
    assert code == 0, err
    assert "Wetzlar" in out and "50000" in out


def test_nicht_beschreibbares_ausgabeverzeichnis(tmp_path):
    import os

    from conftest import DATEN

    gesperrt = tmp_path / "gesperrt"
    gesperrt.mkdir()
    gesperrt.chmod(0o500)
    try:
        if os.access(gesperrt, os.W_OK):
            pytest.skip("als root ist jedes Verzeichnis beschreibbar")
        code, _, err = _lauf(
            "batch",
            str(DATEN / "beispiel_kommunen.csv"),
            "--ausgabe",
            str(gesperrt / "aus.csv"),
            "--stichtag",
            STICHTAG,
        )
    finally:
        gesperrt.chmod(0o700)
    assert code == 2 and err.startswith("Fehler: ") and "Traceback" not in err
    assert list(gesperrt.iterdir()) == []


def test_ausgabe_in_ein_verzeichnis_das_es_nicht_gibt(tmp_path):
    from conftest import DATEN

    code, _, err = _lauf(
        "batch",
        str(DATEN / "beispiel_kommunen.csv"),
        "--ausgabe",
        str(tmp_path / "fehlt" / "aus.csv"),
        "--stichtag",
        STICHTAG,
    )
    assert code == 2 and err.startswith("Fehler: ") and "Hilfe:" in err and "Traceback" not in err


def test_ausgabe_ist_eine_datei_als_verzeichnis(tmp_path):
    from conftest import DATEN

    (tmp_path / "datei").write_text("x")
    code, _, err = _lauf(
        "batch",
        str(DATEN / "beispiel_kommunen.csv"),
        "--ausgabe",
        str(tmp_path / "datei" / "aus.csv"),
        "--stichtag",
        STICHTAG,
    )
    assert code == 2 and "Traceback" not in err


def test_markup_in_zellen_und_dateinamen_ist_text(tmp_path):
    """Aus dem Review: rich las "[/red]" als Markup (MarkupError, Exit 3)."""
    pfad = tmp_path / "l[x].csv"
    pfad.write_text("kommune;kommunen\n[/red]x;2\n[bold]Wetzlar;3\nWetzlar;[/]\n", encoding="utf-8")
    code, out, err = _lauf("batch", str(pfad), "--programm", "ikz", "--stichtag", STICHTAG)
    assert code == 1, err
    assert "l[x].csv" in out and "[/red]x" in out and "[bold]Wetzlar" in out
    assert "„[/]“ ist nicht zulässig" in out


def test_ausgabedatei_laesst_sich_nicht_anlegen(tmp_path, monkeypatch):
    """Statt eines schreibgeschützten Verzeichnisses (als root wirkungslos): mkstemp scheitert."""
    import tempfile

    from conftest import DATEN

    def verweigert(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", verweigert)
    ziel = tmp_path / "aus.csv"
    code, _, err = _lauf(
        "batch",
        str(DATEN / "beispiel_kommunen.csv"),
        "--ausgabe",
        str(ziel),
        "--stichtag",
        STICHTAG,
    )
    assert code == 2 and "Traceback" not in err
    assert "Fehler: " in err and "lässt sich nicht schreiben" in err and "Hilfe: " in err
    assert not ziel.exists()


def test_unmoegliche_modulkombination_ist_zeilenfehler(tmp_path):
    """Aus dem Nutzertest: genutzt 3,4 brach den ganzen Lauf mit Exit 3 ab."""
    pfad = tmp_path / "module.csv"
    pfad.write_text("kommune;genutzt\nWetzlar;3,4\nFulda;1\nMarburg;1,2,3,4\n", encoding="utf-8")
    code, out, err = _lauf(
        "batch",
        str(pfad),
        "--programm",
        "beratung",
        "--format",
        "csv",
        "--stichtag",
        STICHTAG,
        "--spalten",
        "technisch",
    )
    assert code == 1, err
    zeilen = out.splitlines()
    assert "Zeile 2, Spalte B „genutzt“" in zeilen[1] and "3 und 4" in zeilen[1]
    assert zeilen[2].startswith("Fulda;1;foerderfaehig;5,5")
    assert "1, 2, 3 und 4" in zeilen[3]


def test_doppelte_kommune_im_verbund_ist_fehler(tmp_path):
    """Aus dem Nutzertest: dieselbe Kommune zweimal im Verbund zählte doppelt."""
    pfad = tmp_path / "doppelt.csv"
    pfad.write_text(
        "kommune;verbund;einsparung;laufzeit_jahre;beschluss;vereinbarung\n"
        "Mücke;D;0,2;5;ja;ja\nmücke ;D;0,2;5;ja;ja\nGrünberg;D;0,2;5;ja;ja\n"
        "Schotten;E;0,2;5;ja;ja\nLaubach;E;0,2;5;ja;ja\n",
        encoding="utf-8",
    )
    code, out, _ = _lauf(
        "batch",
        str(pfad),
        "--programm",
        "ikz",
        "--format",
        "csv",
        "--stichtag",
        STICHTAG,
        "--spalten",
        "technisch",
    )
    assert code == 1
    zeilen = out.splitlines()[1:]
    assert all("steht mehrfach darin" in z for z in zeilen[:3])
    assert zeilen[3].endswith("foerderfaehig;50000,00;25000,00;")


def test_spaltennamen_mit_leerzeichen(tmp_path):
    pfad = tmp_path / "spalten.csv"
    pfad.write_text(
        "Kommune;Kommunen;Einsparung;Laufzeit Jahre;Beschluss;Vereinbarung;Nur IT-Investition\n"
        "Wetzlar;2;20 %;5;ja;ja;nein\n",
        encoding="utf-8",
    )
    code, out, err = _lauf(
        "batch",
        str(pfad),
        "--programm",
        "ikz",
        "--format",
        "csv",
        "--stichtag",
        STICHTAG,
        "--spalten",
        "technisch",
    )
    assert code == 0, err
    assert out.splitlines()[1].endswith("foerderfaehig;50000,00;")

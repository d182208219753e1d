"""Feindselige Dateien und Störungen, zweite Runde (Issue 12): nichts geht verloren, nichts hängt,
kein „Interner Fehler“ für Fehler des Benutzers.

Das Versprechen: eine deutsche Meldung mit „Fehler:“ und Hilfe, Exit 2 (Eingabe unbrauchbar),
1 (nicht förderfähig / Zeilenfehler), 3 nur für echte Programmfehler; kein Traceback, die Eingabe
bleibt unverändert, keine halbe Ausgabe, Zeit und Speicher begrenzt.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _zwei_zeilen(text: str) -> None:
    assert "Traceback" not in text
    assert "Interner Fehler" not in text


def _ikz_kopf() -> str:
    return "kommune;kommunen;einsparung;laufzeit_jahre;beschluss;vereinbarung\n"


# --- Verloren oder still falsch ------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX-Signale")
@pytest.mark.parametrize("signal_nr", [signal.SIGTERM, getattr(signal, "SIGHUP", 1)])
@pytest.mark.parametrize("endung", ["csv", "xlsx"])
def test_sigterm_und_sighup_raeumen_auf(tmp_path, signal_nr, endung):
    """Wie Strg-C: keine temporäre Datei neben dem Ziel, keine von openpyxl in $TMPDIR."""
    eingabe = tmp_path / "gross.csv"
    eingabe.write_text(_ikz_kopf() + "Wanfried;3;18 %;5;ja;ja\n" * 300_000, encoding="utf-8")
    ziel_dir = tmp_path / "aus"
    ziel_dir.mkdir()
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    ziel = ziel_dir / f"ergebnis.{endung}"
    umgebung = {**os.environ, "TMPDIR": str(tmpdir)}
    prozess = subprocess.Popen(
        [sys.executable, "-m", "ozg_foerder", "batch", str(eingabe), "-o", str(ziel)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=umgebung,
        text=True,
    )
    try:
        ende = time.monotonic() + 60
        while not any(p.name.endswith(".tmp") for p in ziel_dir.iterdir()):
            assert prozess.poll() is None, prozess.communicate()
            assert time.monotonic() < ende, "keine temporäre Datei entstanden"
            time.sleep(0.02)
        assert f".{os.getpid()}." not in next(ziel_dir.iterdir()).name  # PID des Laufs
        prozess.send_signal(signal_nr)
        _, err = prozess.communicate(timeout=60)
    finally:
        if prozess.poll() is None:
            prozess.kill()
            prozess.communicate()
    assert prozess.returncode == 128 + signal_nr
    name = signal.Signals(signal_nr).name
    assert f"Abgebrochen ({name}): {ziel} wurde nicht geschrieben." in err
    _zwei_zeilen(err)
    assert list(ziel_dir.iterdir()) == []
    assert list(tmpdir.iterdir()) == []


def test_reste_toter_laeufe_werden_geloescht_laufende_nie(tmp_path):
    from ozg_foerder.batch.zieldatei import raeume_reste_auf

    ziel = tmp_path / "ergebnis.csv"
    tot = tmp_path / ".ergebnis.csv.999999999.abc123.tmp"  # über pid_max: kein Prozess
    lebt = tmp_path / f".ergebnis.csv.{os.getppid()}.abc123.tmp"
    eigen = tmp_path / f".ergebnis.csv.{os.getpid()}.abc123.tmp"
    fremd = tmp_path / ".ergebnis.csv.notiz.tmp"  # nicht von uns benannt
    anderes_ziel = tmp_path / ".anders.csv.999999999.abc123.tmp"
    for pfad in (tot, lebt, eigen, fremd, anderes_ziel):
        pfad.write_text("x")
    assert raeume_reste_auf(ziel) == [tot]
    assert not tot.exists()
    assert lebt.exists() and eigen.exists() and fremd.exists() and anderes_ziel.exists()


def test_naechster_lauf_loescht_reste(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(_ikz_kopf() + "Wanfried;3;18 %;5;ja;ja\n", encoding="utf-8")
    rest = tmp_path / ".ergebnis.csv.999999999.x1y2z3.tmp"
    rest.write_text("halb")
    lauf = cli("batch", eingabe, "-o", tmp_path / "ergebnis.csv", "--stichtag", "2022-03-14")
    assert lauf.code == 0, lauf.err
    assert not rest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ergebnis.csv", "liste.csv"]


def test_nicht_geschlossenes_anfuehrungszeichen_nennt_die_zeilen(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    inhalt = (
        _ikz_kopf()
        + "Wanfried;3;18 %;5;ja;ja\n"
        + 'Marburg;3;"20 %;5;ja;ja\n'
        + "Wetzlar;3;15 %;5;ja;ja\n"
        + "Usingen;3;15 %;5;ja;ja\n"
    )
    eingabe.write_text(inhalt, encoding="utf-8")
    vorher = eingabe.read_bytes()
    lauf = cli("batch", eingabe, "--format", "csv", "--stichtag", "2022-03-14")
    assert lauf.code == 1
    assert (
        'Zeile 3: Ein Anführungszeichen (") in Zeile 3 der Datei wird nie geschlossen; die Zeilen '
        "3 bis 5 der Datei wurden deshalb als eine Zelle gelesen und nicht ausgewertet."
    ) in lauf.err
    assert "2 Zeilen, davon 1 mit Fehlern" in lauf.err
    assert eingabe.read_bytes() == vorher


def test_anfuehrung_die_zeilen_mit_trennzeichen_umschliesst(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    inhalt = (
        _ikz_kopf()
        + 'Wanfried;3;"18 %;5;ja;ja\n'
        + "Marburg;3;20 %;5;ja;ja\n"
        + 'Wetzlar;3;15 %";5;ja;ja\n'
        + "Usingen;3;15 %;5;ja;ja\n"
    )
    eingabe.write_text(inhalt, encoding="utf-8")
    lauf = cli("batch", eingabe, "--format", "csv", "--stichtag", "2022-03-14")
    assert lauf.code == 1
    assert "reicht über die Zeilen 2 bis 4 der Datei und enthält dort Trennzeichen („;“)" in (
        lauf.err
    )
    assert "2 Zeilen, davon 1 mit Fehlern" in lauf.err
    assert "Usingen" in lauf.out


def test_mehrzeilige_zelle_ohne_trennzeichen_bleibt_gueltig(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    inhalt = (
        "kommune;kommunen;einsparung;bemerkung\n"
        'Wanfried;3;18 %;"zwei\nZeilen"\n'
        'Marburg;3;20 %;"am Ende\nmehrzeilig"\n'
    )
    eingabe.write_text(inhalt, encoding="utf-8")
    lauf = cli("batch", eingabe, "--programm", "ikz", "--format", "csv", "--stichtag", "2022-03-14")
    assert lauf.code == 0, lauf.err
    assert "2 Zeilen." in lauf.err


def _xlsx(pfad: Path, blaetter: dict[str, list[list]], versteckt=(), aktiv: int | None = None):
    import openpyxl

    mappe = openpyxl.Workbook()
    mappe.remove(mappe.active)
    for name, zeilen in blaetter.items():
        blatt = mappe.create_sheet(name)
        for zeile in zeilen:
            blatt.append(zeile)
        if name in versteckt:
            blatt.sheet_state = "hidden"
    mappe.active = aktiv if aktiv is not None else 0
    mappe.save(pfad)


def test_formel_ohne_gespeichertes_ergebnis_ist_zeilenfehler(cli, tmp_path):
    eingabe = tmp_path / "liste.xlsx"
    _xlsx(
        eingabe,
        {
            "Kommunen": [
                ["kommune", "kommunen", "einsparung"],
                ["Wanfried", 3, 0.18],
                ["Marburg", 3, "=0.1+0.1"],
            ]
        },
    )
    lauf = cli("batch", eingabe, "--programm", "ikz", "--format", "csv", "--stichtag", "2022-03-14")
    assert lauf.code == 1
    assert (
        "Zeile 3, Spalte C „einsparung“: „=0.1+0.1“ ist nicht zulässig. Die Zelle C3 enthält eine "
        "Formel ohne gespeichertes Ergebnis"
    ) in lauf.err
    assert "1 offen" in lauf.err


def test_formeln_mit_gespeichertem_ergebnis_brauchen_keinen_zweiten_durchgang(tmp_path):
    from ozg_foerder.batch.quelle_xlsx import formeln_ohne_wert

    pfad = tmp_path / "a.xlsx"
    _xlsx(pfad, {"A": [["kommune"], ["=1+1"]]})
    assert formeln_ohne_wert(pfad)
    _xlsx(pfad, {"A": [["kommune"], ["Wanfried"]]})
    assert not formeln_ohne_wert(pfad)


def test_verstecktes_erstes_blatt_wird_uebergangen(cli, tmp_path):
    eingabe = tmp_path / "liste.xlsx"
    _xlsx(
        eingabe,
        {
            "Alt": [["kommune", "kommunen"], ["Wetzlar", 9]],
            "Kommunen": [["kommune", "kommunen"], ["Wanfried", 3]],
        },
        versteckt=("Alt",),
    )
    lauf = cli("batch", eingabe, "--programm", "ikz", "--format", "csv", "--stichtag", "2022-03-14")
    assert lauf.code == 0, lauf.err
    assert "Gelesen wird das Tabellenblatt „Kommunen“ (weitere: „Alt“ (ausgeblendet))" in lauf.err
    assert "Wanfried" in lauf.out and "Wetzlar" not in lauf.out
    lauf = cli(
        "batch", eingabe, "--blatt", "Alt", "--programm", "ikz", "--format", "csv",
        "--stichtag", "2022-03-14",
    )  # fmt: skip
    assert "Wetzlar" in lauf.out and "Gelesen wird" not in lauf.err


def test_das_aktive_blatt_wird_gelesen(cli, tmp_path):
    eingabe = tmp_path / "liste.xlsx"
    _xlsx(
        eingabe,
        {"Notizen": [["kommune"], ["Wetzlar"]], "Kommunen": [["kommune"], ["Wanfried"]]},
        aktiv=1,
    )
    lauf = cli("batch", eingabe, "--format", "csv", "--stichtag", "2022-03-14")
    assert "Gelesen wird das Tabellenblatt „Kommunen“ (weitere: „Notizen“)" in lauf.err
    assert "Wanfried" in lauf.out and "Wetzlar" not in lauf.out


def test_xlsx_ausgabe_ueber_excels_zeilengrenze(cli, tmp_path, monkeypatch):
    from ozg_foerder.batch import schreiben_xlsx

    monkeypatch.setattr(schreiben_xlsx, "MAX_ZEILEN", 10)  # 1.048.576 in echt
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(_ikz_kopf() + "Wanfried;3;18 %;5;ja;ja\n" * 30, encoding="utf-8")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    lauf = cli("batch", eingabe, "-o", tmp_path / "ergebnis.xlsx")
    assert lauf.code == 2
    assert (
        "Fehler: Das Ergebnis hat mehr als 9 Zeilen; ein Excel-Tabellenblatt fasst höchstens 10 "
        "Zeilen (Grenze von Excel). Es wurde nichts geschrieben."
    ) in lauf.err
    assert "Hilfe: Als CSV ausgeben (--ausgabe ergebnis.csv)" in lauf.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv", "tmp"]
    assert list(tmpdir.iterdir()) == []


def test_datum_jenseits_des_kalenders_ist_zeilenfehler(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(
        "kommune;kosten;beginn;laufzeit_monate\n"
        "Wanfried;1000000;31.12.9999;24\n"
        "Marburg;1000000;01.01.2022;24\n",
        encoding="utf-8",
    )
    lauf = cli("batch", eingabe, "--programm", "starke-heimat", "--format", "csv",
               "--stichtag", "2022-03-14")  # fmt: skip
    assert lauf.code == 1, lauf.err
    _zwei_zeilen(lauf.err)
    assert "Zeile 2, Spalte C „beginn“: „31.12.9999“ ist nicht zulässig." in lauf.err
    assert "900000,00" in lauf.out  # die andere Zeile ist ausgewertet


def test_datum_jenseits_des_kalenders_in_check(cli):
    lauf = cli("check", "starke-heimat", "--kosten", "1000000", "--beginn", "31.12.9999",
               "--laufzeit-monate", "24", "--stichtag", "2022-03-14")  # fmt: skip
    assert lauf.code == 2
    assert lauf.err.startswith("Fehler: --beginn: „31.12.9999“ ist nicht zulässig.")
    assert "Hilfe:" in lauf.err

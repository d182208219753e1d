"""Feindselige Dateien und Störungen, zweite Runde (Issue 12): nichts geht verloren, nichts hängt,
kein „Interner Fehler“ für Fehler des Benutzers.

Das Versprechen: eine deutsche Meldung mit „Fehler:“ und Hilfe, Exit 2 (Eingabe unbrauchbar),
1 (nicht förderfähig / Zeilenfehler), 3 nur für echte Programmfehler; kein Traceback, die Eingabe
bleibt unverändert, keine halbe Ausgabe, Zeit und Speicher begrenzt.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL, beispiele, regeldaten

REPO = Path(__file__).resolve().parent.parent

# Nur das erfundene Programm der Tests (tests/fixtures/minimal): 1.500 € je Stelle, höchstens
# 6.000 €; „zusage“ offen lässt das Ergebnis offen. Keine echte Programm-ID, keine echte Zahl.
MUSTER = next(iter(regeldaten(MINIMAL)))
REGELN = ("--regeln", str(MINIMAL))
STICHTAG = ("--stichtag", "2024-06-03")
KOPF = "kommune;stellen;zusage\n"
ZEILE = "Wetzlar;3;ja\n"
ERGEBNIS = "Wetzlar;3;ja;{nr};förderfähig;4500,00;;"  # Eingabe, Eingabezeile, Ergebnis, Betrag


def _zwei_zeilen(text: str) -> None:
    assert "Traceback" not in text
    assert "Interner Fehler" not in text


def _batch(cli, *argumente):
    return cli(*REGELN, "batch", *argumente, *STICHTAG)


# --- Verloren oder still falsch ------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX-Signale")
@pytest.mark.parametrize("signal_nr", [signal.SIGTERM, getattr(signal, "SIGHUP", 1)])
@pytest.mark.parametrize("endung", ["csv", "xlsx"])
def test_sigterm_und_sighup_raeumen_auf(tmp_path, signal_nr, endung):
    """Wie Strg-C: keine temporäre Datei neben dem Ziel, keine von openpyxl in $TMPDIR."""
    eingabe = tmp_path / "gross.csv"
    eingabe.write_text(KOPF + ZEILE * 300_000, encoding="utf-8")
    ziel_dir = tmp_path / "aus"
    ziel_dir.mkdir()
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    ziel = ziel_dir / f"ergebnis.{endung}"
    umgebung = {**os.environ, "TMPDIR": str(tmpdir)}
    prozess = subprocess.Popen(
        [sys.executable, "-m", "ozg_foerder", *REGELN, "batch", str(eingabe), "-o", str(ziel)],
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
    eingabe.write_text(KOPF + ZEILE, encoding="utf-8")
    rest = tmp_path / ".ergebnis.csv.999999999.x1y2z3.tmp"
    rest.write_text("halb")
    lauf = _batch(cli, eingabe, "-o", tmp_path / "ergebnis.csv")
    assert lauf.code == 0, lauf.err
    assert not rest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ergebnis.csv", "liste.csv"]


def test_nicht_geschlossenes_anfuehrungszeichen_nennt_die_zeilen(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    inhalt = KOPF + "Wanfried;3;ja\n" + 'Marburg;3;"ja\n' + "Wetzlar;3;ja\n" + "Usingen;3;ja\n"
    eingabe.write_text(inhalt, encoding="utf-8")
    vorher = eingabe.read_bytes()
    lauf = _batch(cli, eingabe, "--format", "csv")
    assert lauf.code == 1
    assert (
        'Zeile 3: Ein Anführungszeichen (") in Zeile 3 der Datei wird nie geschlossen; die Zeilen '
        "3 bis 5 der Datei wurden deshalb als eine Zelle gelesen und nicht ausgewertet."
    ) in lauf.err
    assert "2 Zeilen, davon 1 mit Fehlern" in lauf.err
    assert eingabe.read_bytes() == vorher


def test_anfuehrung_die_zeilen_mit_trennzeichen_umschliesst(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    inhalt = KOPF + 'Wanfried;3;"ja\n' + "Marburg;3;ja\n" + 'Wetzlar;3;ja";x\n' + "Usingen;3;ja\n"
    eingabe.write_text(inhalt, encoding="utf-8")
    lauf = _batch(cli, eingabe, "--format", "csv")
    assert lauf.code == 1
    assert "reicht über die Zeilen 2 bis 4 der Datei und enthält dort Trennzeichen („;“)" in (
        lauf.err
    )
    assert "2 Zeilen, davon 1 mit Fehlern" in lauf.err
    assert "Usingen" in lauf.out


def test_mehrzeilige_zelle_ohne_trennzeichen_bleibt_gueltig(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    inhalt = 'kommune;stellen;zusage;bemerkung\nWanfried;3;ja;"zwei\nZeilen"\n'
    inhalt += 'Marburg;3;ja;"am Ende\nmehrzeilig"\n'
    eingabe.write_text(inhalt, encoding="utf-8")
    lauf = _batch(cli, eingabe, "--format", "csv")
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
                ["kommune", "stellen", "zusage"],
                ["Wanfried", 3, "ja"],
                ["Marburg", "=1+2", "ja"],
            ]
        },
    )
    lauf = _batch(cli, eingabe, "--format", "csv")
    assert lauf.code == 1
    assert (
        "Zeile 3, Spalte B „stellen“: „=1+2“ ist nicht zulässig. Die Zelle B3 enthält eine "
        "Formel ohne gespeichertes Ergebnis"
    ) in lauf.err
    assert "1 förderfähig" in lauf.err


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
            "Alt": [["kommune", "stellen"], ["Wetzlar", 9]],
            "Kommunen": [["kommune", "stellen"], ["Wanfried", 3]],
        },
        versteckt=("Alt",),
    )
    lauf = _batch(cli, eingabe, "--format", "csv")
    assert lauf.code == 0, lauf.err
    assert "Gelesen wird das Tabellenblatt „Kommunen“ (weitere: „Alt“ (ausgeblendet))" in lauf.err
    assert "Wanfried" in lauf.out and "Wetzlar" not in lauf.out
    lauf = _batch(cli, eingabe, "--blatt", "Alt", "--format", "csv")
    assert "Wetzlar" in lauf.out and "Gelesen wird" not in lauf.err


def test_das_aktive_blatt_wird_gelesen(cli, tmp_path):
    eingabe = tmp_path / "liste.xlsx"
    _xlsx(
        eingabe,
        {
            "Notizen": [["kommune", "stellen"], ["Wetzlar", 3]],
            "Kommunen": [["kommune", "stellen"], ["Wanfried", 3]],
        },
        aktiv=1,
    )
    lauf = _batch(cli, eingabe, "--format", "csv")
    assert "Gelesen wird das Tabellenblatt „Kommunen“ (weitere: „Notizen“)" in lauf.err
    assert "Wanfried" in lauf.out and "Wetzlar" not in lauf.out


def test_xlsx_ausgabe_ueber_excels_zeilengrenze(cli, tmp_path, monkeypatch):
    from ozg_foerder.batch import schreiben_xlsx

    monkeypatch.setattr(schreiben_xlsx, "MAX_ZEILEN", 10)  # 1.048.576 in echt
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(KOPF + ZEILE * 30, encoding="utf-8")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    lauf = _batch(cli, eingabe, "-o", tmp_path / "ergebnis.xlsx")
    assert lauf.code == 2
    assert (
        "Fehler: Das Ergebnis hat mehr als 9 Zeilen; ein Excel-Tabellenblatt fasst höchstens 10 "
        "Zeilen (Grenze von Excel). Es wurde nichts geschrieben."
    ) in lauf.err
    assert "Hilfe: Als CSV ausgeben (--ausgabe ergebnis.csv)" in lauf.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv", "tmp"]
    assert list(tmpdir.iterdir()) == []


_FRIST = "\nwerte:\n  ende: {art: fristende, text: Ende, datum: beginn, monate: stellen}\n"


def test_datum_jenseits_des_kalenders_ist_zeilenfehler(cli, tmp_path):
    verzeichnis = _regeln(tmp_path, anhang=_FRIST)  # ein abgeleitetes Fristende
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(
        "kommune;stellen;zusage;beginn\nWanfried;3;ja;31.12.9999\nWetzlar;3;ja;01.07.2024\n",
        encoding="utf-8",
    )
    lauf = cli("--regeln", verzeichnis, "batch", eingabe, "--format", "csv", *STICHTAG)
    assert lauf.code == 1, lauf.err
    _zwei_zeilen(lauf.err)
    assert "Zeile 2, Spalte D „beginn“: „31.12.9999“ ist nicht zulässig." in lauf.err
    assert "Wetzlar;3;ja;01.07.2024;3;förderfähig;4500,00;;" in lauf.out  # die andere Zeile


def test_datum_jenseits_des_kalenders_in_check(cli, tmp_path):
    verzeichnis = _regeln(tmp_path, anhang=_FRIST)
    lauf = cli("--regeln", verzeichnis, "check", MUSTER, "--kommune", "Wetzlar", "--stellen",
               "3", "--beginn", "31.12.9999", *STICHTAG)  # fmt: skip
    assert lauf.code == 2
    assert lauf.err.startswith("Fehler: --beginn: „31.12.9999“ ist nicht zulässig.")
    assert "Hilfe:" in lauf.err
    _zwei_zeilen(lauf.err)


def test_stichtag_weit_in_der_zukunft_mit_laufzeit(cli, tmp_path):
    verzeichnis = _regeln(tmp_path, anhang=_FRIST)
    lauf = cli("--regeln", verzeichnis, "check", MUSTER, "--kommune", "Wetzlar", "--stellen",
               "3", "--zusage", "--beginn", "01.07.2024", "--stichtag", "31.12.9999")  # fmt: skip
    assert lauf.code == 1, lauf.err
    _zwei_zeilen(lauf.err)


# --- Regeldateien: Fehler des Autors sind Exit 2 mit Datei, Zeile und Feld ----------------------

MINIMAL = REPO / "tests" / "fixtures" / "minimal"


def _regeln(tmp_path: Path, ersetze=(), anhang: str = "", roh=None) -> Path:
    ziel = tmp_path / "regeln"
    ziel.mkdir()
    text = (MINIMAL / "musterfoerderung.yaml").read_text(encoding="utf-8")
    for alt, neu in ersetze:
        assert alt in text, alt
        text = text.replace(alt, neu, 1)
    inhalt = (text + anhang).encode("utf-8")
    (ziel / "musterfoerderung.yaml").write_bytes(roh(inhalt) if roh else inhalt)
    return ziel


def _beide(cli, verzeichnis: Path, erwartet: str, name: str = "musterfoerderung.yaml") -> None:
    """`regeln pruefen` und `check` melden denselben Fehler mit Datei und Zeile, Exit 2."""
    datei = str(verzeichnis / name)
    pruefen = cli("regeln", "pruefen", verzeichnis)
    check = cli("--regeln", verzeichnis, "check", "musterfoerderung", "--kommune", "Wetzlar",
                "--stellen", "3", "--stichtag", "2024-06-03")  # fmt: skip
    for lauf in (pruefen, check):
        assert lauf.code == 2, lauf.err
        _zwei_zeilen(lauf.err)
        assert erwartet in lauf.out + lauf.err
        assert datei + ":" in lauf.out + lauf.err
    assert check.err.startswith("Fehler: Die Regeldateien sind fehlerhaft:")


REGELFEHLER = {
    "nullbyte": (
        {"roh": lambda b: b.replace(b"name: Muster", b"name: Mu\x00ster", 1)},
        "musterfoerderung.yaml:7: Die Datei enthält ein Nullbyte",
    ),
    "steuerzeichen": (
        {"roh": lambda b: b.replace(b"name: Muster", b"name: Mu\x07ster", 1)},
        "musterfoerderung.yaml:7: unzulässiges Zeichen U+0007",
    ),
    "schluessel_uhrzeit": (
        {"ersetze": [("  q_zeitraum:\n", "  12:30:\n")]},
        "musterfoerderung.yaml:29: Schlüssel „12:30“ liest YAML als Zahl oder Uhrzeit; als Text "
        'in Anführungszeichen schreiben: "12:30".',
    ),
    "schluessel_datum": (
        {"ersetze": [("      bibliothek:\n", "      2024-01-01:\n")]},
        "Schlüssel „2024-01-01“ liest YAML als Zahl oder Datum",
    ),
    "tausende_ziffern": (
        {"ersetze": [("je_einheit: 1500", "je_einheit: 1500" + "0" * 5000)]},
        "Zahl mit mehr als 100 Ziffern",
    ),
    "unmoegliches_datum": (
        {"ersetze": [("von: 2024-02-01", "von: 2024-02-30")]},
        "musterfoerderung.yaml:36: Das Datum 2024-02-30 gibt es nicht.",
    ),
    "jahr_9999": (
        {"ersetze": [("stand: 2024-01-15", "stand: 9999-12-31")]},
        "musterfoerderung.yaml:10: Datum 9999-12-31: erlaubt sind die Jahre 1900 bis 2999.",
    ),
    "testbetrag_1e30": (
        {"ersetze": [('betrag: "4500.00"', 'betrag: "1e30"')]},
        "testfaelle[0].erwartet.betrag: höchstens 17 Stellen.",
    ),
    "platzhalter_form": (
        {"ersetze": [("Für {stellen} fehlt", "Für {stellen:>10} fehlt")]},
        "hinweise[1].text: Form :>10 gibt es nur als :mio bei Beträgen.",
    ),
    "platzhalter_umwandlung": (
        {"ersetze": [("Für {stellen} fehlt", "Für {stellen!r} fehlt")]},
        "hinweise[1].text: Platzhalter {stellen!r}: !r gibt es nicht.",
    ),
    "zyklus": (
        {
            "anhang": "\nwerte:\n"
            "  a: {art: differenz, text: A, von: b, minus: sachkosten}\n"
            "  b: {art: differenz, text: B, von: a, minus: sachkosten}\n"
        },
        "werte.a: 'a' braucht 'b', das erst danach (oder aus 'a' selbst) berechnet wird",
    ),
    "tief_verschachtelt": (
        {"anhang": "\nzzz: " + "[" * 3000 + "]" * 3000 + "\n"},
        "zu tief verschachtelt (mehr als 64 Ebenen aus Listen und Zuordnungen).",
    ),
}
for _option in ("format", "regeln", "stichtag", "erklaeren", "help"):
    REGELFEHLER[f"option_{_option}"] = (
        {"ersetze": [("  sachkosten:\n", f"  {_option}:\n")]},
        f"eingaben.{_option}: ",
    )


@pytest.mark.parametrize("fall", sorted(REGELFEHLER))
def test_regelfehler_sind_exit_2_mit_ort(cli, tmp_path, fall):
    aenderung, erwartet = REGELFEHLER[fall]
    _beide(cli, _regeln(tmp_path, **aenderung), erwartet)


def test_regeldatei_zu_gross(cli, tmp_path):
    verzeichnis = _regeln(tmp_path, anhang="\n# " + "x" * (2 * 1024 * 1024) + "\n")
    _beide(cli, verzeichnis, "Regeldatei zu groß (2,0 MB; höchstens 2 MB).")


def test_zu_viele_regeldateien(cli, tmp_path):
    verzeichnis = _regeln(tmp_path)
    for i in range(301):
        (verzeichnis / f"p{i}.yaml").write_text("id: x\n", encoding="utf-8")
    lauf = cli("regeln", "pruefen", verzeichnis)
    assert lauf.code == 2
    assert "enthält 302 Regeldateien (*.yaml); erlaubt sind höchstens 300" in lauf.out + lauf.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_pipe_als_datendatei_blockiert_nicht(cli, tmp_path):
    verzeichnis = _regeln(tmp_path)
    os.mkfifo(verzeichnis / "daten.csv")
    _beide(cli, verzeichnis, "ist keine gewöhnliche Datei (z. B. eine Pipe).", "daten.csv")


def test_datendatei_ohne_schluesselspalte(cli, tmp_path):
    ziel = tmp_path / "regeln"
    ziel.mkdir()
    datiert = REPO / "tests" / "fixtures" / "datiert"  # mit einem Datensatz neben den Regeln
    for pfad in datiert.glob("*.yaml"):
        (ziel / pfad.name).write_bytes(pfad.read_bytes())
    for pfad in datiert.glob("*.csv"):
        (ziel / pfad.name).write_text("name;schluessel\nWanfried;1\n", encoding="utf-8")
        datei = pfad.name
    erwartet = (
        f"{ziel / datei}:1: ags: Die Kopfzeile braucht eine Spalte ags (durch Komma getrennt); "
        "vorhanden: name;schluessel."
    )
    for lauf in (cli("regeln", "pruefen", ziel), cli("--regeln", ziel, "check", MUSTER)):
        assert lauf.code == 2, lauf.err
        assert erwartet in lauf.out + lauf.err
        _zwei_zeilen(lauf.err)


# --- Hänger: Pipes, riesige Zeilennummern --------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_pipe_als_eingabe_wird_abgelehnt_statt_zu_blockieren(cli, tmp_path):
    pipe = tmp_path / "liste.csv"
    os.mkfifo(pipe)
    start = time.monotonic()
    lauf = cli("batch", pipe)
    assert time.monotonic() - start < 10
    assert lauf.code == 2
    assert lauf.err.startswith(
        f"Fehler: {pipe} ist eine Pipe (FIFO); eine Liste wird mehrmals gelesen"
    )
    assert "Hilfe: Die Liste zuerst in eine Datei schreiben" in lauf.err


def test_geraet_als_eingabe_wird_abgelehnt(cli):
    lauf = cli("batch", os.devnull)
    assert lauf.code == 2
    assert f"Fehler: {os.devnull} ist ein Gerät;" in lauf.err


def test_xlsx_mit_riesiger_zeilennummer_laeuft_keine_leeren_zeilen_ab(cli, tmp_path):
    import zipfile

    pfad = tmp_path / "liste.xlsx"
    _xlsx(pfad, {"Kommunen": [["kommune", "stellen", "zusage"], ["Wetzlar", 2, "ja"]]})
    with zipfile.ZipFile(pfad) as alt:
        teile = {n: alt.read(n) for n in alt.namelist()}
    blatt = next(n for n in teile if n.startswith("xl/worksheets/sheet"))
    xml = teile[blatt].decode()
    xml = xml.replace(
        "</sheetData>",
        '<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>Wanfried</t></is></c>'
        '<c r="B2000000000"><v>3</v></c><c r="C2000000000" t="inlineStr"><is><t>ja</t></is>'
        "</c></row></sheetData>",
    )
    teile[blatt] = xml.encode()
    with zipfile.ZipFile(pfad, "w", zipfile.ZIP_DEFLATED) as neu:
        for name, inhalt in teile.items():
            neu.writestr(name, inhalt)
    start = time.monotonic()
    lauf = _batch(cli, pfad, "--format", "csv")
    assert time.monotonic() - start < 10
    assert lauf.code == 0, lauf.err
    zeilen = lauf.out.splitlines()
    assert zeilen[2].startswith("Wanfried;3;ja;2000000000;förderfähig;4500,00;")
    assert "2 Zeilen." in lauf.err


# --- Ausgabe: volle Platte, geschlossene Pipe, aus jedem Befehl ---------------------------------

BEISPIEL = str(REPO / "data" / "beispiel_kommunen.csv")
BEFEHLE = [
    ["kommunen"],
    ["kommunen", "--format", "json"],
    [*REGELN, "fristen", *STICHTAG],
    [*REGELN, "check", MUSTER, "--kommune", "Wetzlar", "--stellen", "3", *STICHTAG],
    [*REGELN, "check", MUSTER, "--help"],
    ["regeln", "schema"],
    ["vorlage"],
    ["batch", BEISPIEL, *STICHTAG],
    ["batch", BEISPIEL, "--format", "json", *STICHTAG],
]


def _befehl(argumente: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ozg_foerder", *argumente], text=True, timeout=60, **kwargs
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full gibt es nur unter Linux")
@pytest.mark.parametrize("argumente", BEFEHLE, ids=lambda a: " ".join(a)[-40:])
def test_volle_platte_ist_exit_2_mit_deutscher_meldung(argumente):
    with open("/dev/full", "w") as voll:
        lauf = _befehl(argumente, stdout=voll, stderr=subprocess.PIPE)
    assert lauf.returncode == 2, lauf.stderr
    _zwei_zeilen(lauf.stderr)
    assert "Fehler: " in lauf.stderr and "Hilfe: " in lauf.stderr
    assert lauf.stderr.count("Fehler: ") == 1
    assert "No space left" not in lauf.stderr.replace("(No space left on device)", "")


@pytest.mark.parametrize("argumente", BEFEHLE, ids=lambda a: " ".join(a)[-40:])
def test_geschlossene_pipe_endet_still_mit_0(argumente):
    """Wie `ozg-foerder … | head -c 1`: der Leser geht nach dem ersten Byte."""
    prozess = subprocess.Popen(
        [sys.executable, "-m", "ozg_foerder", *argumente],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "80"},
    )
    prozess.stdout.read(1)
    prozess.stdout.close()
    _, err = prozess.communicate(timeout=60)
    assert prozess.returncode == 0, err.decode()
    assert b"Traceback" not in err and b"Fehler" not in err


# --- Meldungen -----------------------------------------------------------------------------------


def test_kaputte_regeln_vor_check_nennen_den_regelfehler(cli, tmp_path):
    verzeichnis = _regeln(tmp_path, ersetze=[("id: musterfoerderung", "id: [kaputt")])
    lauf = cli("--regeln", verzeichnis, "check", MUSTER)
    assert lauf.code == 2
    assert lauf.err.startswith("Fehler: Die Regeldateien sind fehlerhaft:")
    assert "musterfoerderung.yaml:6:" in lauf.err and "Unbekannter Befehl" not in lauf.err


def test_xlsx_mit_endung_csv_wird_am_inhalt_erkannt(cli, tmp_path):
    pfad = tmp_path / "liste.csv"
    _xlsx(pfad, {"Kommunen": [["kommune", "stellen", "zusage"], ["Wetzlar", 3, "ja"]]})
    lauf = _batch(cli, pfad, "--format", "csv")
    assert lauf.code == 0, lauf.err
    assert "liste.csv ist dem Inhalt nach eine Excel-Arbeitsmappe (trotz der Endung „.csv“)" in (
        lauf.err
    )
    assert ERGEBNIS.format(nr=2) in lauf.out


def test_csv_mit_endung_xlsx_wird_am_inhalt_erkannt(cli, tmp_path):
    pfad = tmp_path / "liste.xlsx"
    pfad.write_text(KOPF + ZEILE, encoding="utf-8")
    lauf = _batch(cli, pfad, "--format", "csv")
    assert lauf.code == 0, lauf.err
    assert ERGEBNIS.format(nr=2) in lauf.out


@pytest.mark.parametrize("kodierung", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_wird_erkannt(cli, tmp_path, kodierung):
    pfad = tmp_path / "liste.csv"
    text = KOPF + ZEILE + "Marburg;3;ja\n"
    inhalt = text.encode(kodierung)
    if kodierung != "utf-32":  # ohne BOM im Codec: die BOM selbst davor
        inhalt = ("\ufeff" + text).encode(kodierung)
    pfad.write_bytes(inhalt)
    lauf = _batch(cli, pfad, "--format", "csv")
    assert lauf.code == 0, lauf.err
    assert ERGEBNIS.format(nr=2) in lauf.out  # als UTF-8 zurück
    assert "UTF-32" not in lauf.out


def test_ausgabe_strich_heisst_stdout(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(KOPF + ZEILE, encoding="utf-8")
    lauf = _batch(cli, eingabe, "--ausgabe", "-", "--format", "csv")
    assert lauf.code == 0, lauf.err
    assert ERGEBNIS.format(nr=2) in lauf.out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv"]
    lauf = _batch(cli, eingabe, "-o", "-", "--format", "json")
    assert lauf.code == 0 and lauf.out.lstrip().startswith("{")


@pytest.mark.parametrize(
    ("name", "grund"),
    [
        ("ergebnis.ods", "Die Endung .ods ist kein Ausgabeformat von ozg-foerder."),
        ("ergebnis", "Ohne Endung lässt sich das Format nicht erkennen."),
    ],
)
def test_unbekannte_ausgabeendung_wird_genannt(cli, tmp_path, name, grund):
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(KOPF + ZEILE, encoding="utf-8")
    lauf = _batch(cli, eingabe, "--ausgabe", tmp_path / name)
    assert lauf.code == 2
    assert lauf.err.startswith(f"Fehler: --ausgabe: „{name}“ ist nicht zulässig. {grund}")
    assert "--format csv|json|xlsx" in lauf.err
    assert not (tmp_path / name).exists()
    # mit --format ist die Endung gleich
    lauf = _batch(cli, eingabe, "--ausgabe", tmp_path / name, "--format", "csv")
    assert lauf.code == 0, lauf.err
    assert (tmp_path / name).read_text(encoding="utf-8-sig").startswith("kommune;stellen;")


def test_steuerzeichen_erreichen_das_terminal_nie_roh(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(
        "kommune;stellen;bemerkung\nWan\x1b[31mfried;3;\x1b]0;titel\x07\x9b2J\n",
        encoding="utf-8",
    )
    for argumente in (
        (*REGELN, "batch", eingabe, *STICHTAG),
        (*REGELN, "batch", eingabe, "--format", "csv", *STICHTAG),
        (*REGELN, "check", MUSTER, "--kommune", "Wetzlar", "--stellen", "1\x1b[2J"),
        ("kommunen", "--kreis", "\x1b[2JGießen"),
    ):
        lauf = cli(*argumente)
        # ins Terminal (stderr immer; stdout-CSV in eine Pipe bleibt Daten, wie sie sind)
        assert "\x1b" not in lauf.err and "\x07" not in lauf.err and "\x9b" not in lauf.err
        if "batch" not in argumente or "csv" not in argumente:
            assert "\x1b" not in lauf.out
    lauf = cli(*REGELN, "check", MUSTER, "--kommune", "Wetzlar", "--stellen", "1\x1b[2J")
    assert "„1␛[2J“ ist nicht zulässig" in lauf.err


def test_sichtbar():
    from ozg_foerder.eingaben.sichtbar import sichtbar

    assert sichtbar("Wanfried") == "Wanfried"
    assert sichtbar("a\x1b[31mb\x07c\x00d\x7fe\x9bf\u202eg\nh\ti") == "a␛[31mb␇c␀d␡e�f�g\nh\ti"


@pytest.mark.parametrize("anfang", ["\x00", "\x00=1+1", "=1+1", "@A1", "\t1"])
def test_fuehrendes_nullbyte_wird_neutralisiert_wie_formeln(cli, tmp_path, anfang):
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(f"kommune;stellen;zusage;bemerkung\nWetzlar;3;ja;{anfang}x\n")
    lauf = _batch(cli, eingabe, "--format", "csv")
    assert lauf.code == 0, lauf.err
    assert f"Wetzlar;3;ja;'{anfang}x;" in lauf.out


# --- Reguläre Ausdrücke und Suchen auf fremdem Text: begrenzte Zeit -----------------------------

LANG = [
    "1" + " " * 32_000 + "x",
    "-1" + " " * 32_000 + "x",
    "1,1" + " " * 32_000 + "x",
    "(" + " " * 32_000 + "x",
    "Kosten" + " " * 32_000 + "in",
    " in" * 10_000 + "x",
]


@pytest.mark.parametrize("text", LANG, ids=range(len(LANG)))
def test_regulaere_ausdruecke_auf_langem_leerraum(text):
    from ozg_foerder.api import katalog
    from ozg_foerder.batch.spalten import Spaltenkatalog
    from ozg_foerder.batch.zellen import neutralisiere

    kat = katalog()
    spalten = Spaltenkatalog([kat.programm(i) for i in kat.ids])
    start = time.monotonic()
    neutralisiere(text)
    neutralisiere("=" + text)
    spalten.erkenne(text)
    spalten.naechster(text)
    assert time.monotonic() - start < 1.0


def test_lange_zellen_in_einer_komma_csv(cli, tmp_path):
    """Die Dezimalkomma-Erkennung einer Komma-CSV prüft Zellen mit einem regulären Ausdruck."""
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(
        "kommune,stellen,bemerkung\n" + ("Wetzlar,3,1,1" + " " * 32_000 + "x\n") * 3,
        encoding="utf-8",
    )
    start = time.monotonic()
    lauf = _batch(cli, eingabe, "--format", "csv")
    assert time.monotonic() - start < 10
    assert lauf.code in (0, 1), lauf.err
    _zwei_zeilen(lauf.err)


def test_eine_million_spalten_in_der_kopfzeile(cli, tmp_path):
    eingabe = tmp_path / "breit.csv"
    eingabe.write_text(";".join(f"s{i}" for i in range(1_000_000)) + "\nWanfried\n")
    start = time.monotonic()
    lauf = cli("batch", eingabe)
    assert time.monotonic() - start < 10
    assert lauf.code == 2
    assert "hat 1.000.000 gefüllte Spalten; eine Liste hat höchstens 16.384" in lauf.err


def test_viele_verschiedene_unbekannte_namen(cli, tmp_path, monkeypatch):
    from ozg_foerder.batch import auswertung

    monkeypatch.setattr(auswertung, "VORSCHLAEGE", 5)
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(
        KOPF + "".join(f"Wanfriet{i:02d};3;ja\n" for i in range(10)),
        encoding="utf-8",
    )
    lauf = _batch(cli, eingabe, "--format", "csv")
    assert lauf.code == 1
    assert lauf.out.count("Meinten Sie: Wanfried") == 5
    assert (
        "Mehr als 5 unbekannte Kommunennamen: für die weiteren werden keine ähnlichen Namen mehr "
        "gesucht"
    ) in lauf.err
    assert lauf.out.count("Diese Kommune gibt es in Hessen nicht.") == 10


@pytest.mark.parametrize(
    ("yaml_text", "erwartet"),
    [
        ("id: x\nname: [\n", "ein Wert fehlt (Liste oder Klammer nicht geschlossen?)."),
        ("id: x\nname: a: b\n", "ein Doppelpunkt an unerwarteter Stelle"),
        ("id: x\n\tname: x\n", "ein Tabulator; YAML rückt nur mit Leerzeichen ein."),
        ('id: x\nname: "abc\n', "die Datei endet mitten in einem Wert"),
        ("a: {b: 1\n", "eine Zuordnung in { } ist nicht richtig geschlossen"),
        ("id: x\n---\nx: 1\n", "mehr als ein Dokument (---) in der Datei."),
    ],
)
def test_yaml_fehler_auf_deutsch(cli, tmp_path, yaml_text, erwartet):
    (tmp_path / "x.yaml").write_text(yaml_text, encoding="utf-8")
    lauf = cli("regeln", "pruefen", tmp_path)
    assert lauf.code == 2
    text = lauf.out + lauf.err
    assert f"kein gültiges YAML: {erwartet}" in text
    for englisch in ("expected", "found", "while", "but got"):
        assert englisch not in text


def test_xlsx_ausgabe_ueber_excels_spaltengrenze(cli, tmp_path, monkeypatch):
    from ozg_foerder.batch import schreiben_xlsx

    monkeypatch.setattr(schreiben_xlsx, "MAX_SPALTEN", 8)  # 16.384 in echt
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text("kommune;stellen;a;b;c;d\nWetzlar;3;1;2;3;4\n", encoding="utf-8")
    lauf = _batch(cli, eingabe, "-o", tmp_path / "ergebnis.xlsx")
    assert lauf.code == 2
    assert "eine Excel-Arbeitsmappe fasst höchstens 8 (Grenze von Excel)" in lauf.err
    assert "Hilfe: Als CSV ausgeben (--ausgabe ergebnis.csv)" in lauf.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv"]


def test_arbeitsmappe_wird_je_lauf_einmal_geladen(cli, tmp_path, monkeypatch):
    """openpyxl liest beim Laden alle Texte (sharedStrings.xml) ein: einmal, nicht je Durchgang."""
    from ozg_foerder.batch.quelle_xlsx import XlsxQuelle

    geladen = []
    original = XlsxQuelle._lade

    def zaehle(self, werte):
        geladen.append(werte)
        return original(self, werte)

    monkeypatch.setattr(XlsxQuelle, "_lade", zaehle)
    eingabe = tmp_path / "liste.xlsx"
    _xlsx(
        eingabe,
        {
            "Kommunen": [
                ["kommune", "verbund", "stellen", "zusage"],
                ["Wanfried", "V1", 3, "ja"],
                ["Wetzlar", "V1", 2, "ja"],
            ]
        },
    )
    lauf = _batch(cli, eingabe, "-o", tmp_path / "e.xlsx")
    assert lauf.code == 0, lauf.err
    assert geladen == [True]


# --- Was `regeln pruefen` annimmt, bringt `check` nie zum Absturz --------------------------------

_ZAHLEN = ["0", "1", "-1", "0.001", "99999999999999", "1e10", "0.5", "2", "40"]


@pytest.mark.parametrize(
    ("stelle", "wert"),
    [
        (stelle, wert)
        for stelle in ("je_einheit: 1500", "hoechstens: 6000", "grenze: 2", "max: 40", "min: 0")
        for wert in _ZAHLEN
    ],
)
def test_angenommene_regeln_bringen_check_nie_zum_absturz(cli, tmp_path, stelle, wert):
    schluessel = stelle.split(":")[0]
    verzeichnis = _regeln(tmp_path, ersetze=[(stelle, f"{schluessel}: {wert}")])
    geprueft = cli("regeln", "pruefen", verzeichnis)
    assert geprueft.code in (0, 2), geprueft.err
    _zwei_zeilen(geprueft.err)
    if geprueft.code != 0:
        return  # abgelehnt, mit Ort (siehe oben)
    for stellen in ("0", "3", "40", "99999"):
        lauf = cli("--regeln", verzeichnis, "check", "musterfoerderung", "--kommune", "Wetzlar",
                   "--stellen", stellen, "--zusage", "--stichtag", "2024-06-03")  # fmt: skip
        assert lauf.code in (0, 1, 2), lauf.err
        _zwei_zeilen(lauf.err)


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="/dev/stdin")
def test_dev_stdin_aus_datei_wird_gelesen_aus_pipe_abgelehnt(tmp_path):
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(KOPF + ZEILE, encoding="utf-8")
    argumente = [*REGELN, "batch", "/dev/stdin", "--format", "csv", *STICHTAG]
    with eingabe.open("rb") as datei:  # < liste.csv: dahinter steht eine Datei
        lauf = _befehl(argumente, stdin=datei, capture_output=True)
    assert lauf.returncode == 0, lauf.stderr
    assert ERGEBNIS.format(nr=2) in lauf.stdout
    lauf = _befehl(argumente, input=KOPF + ZEILE, capture_output=True)
    assert lauf.returncode == 2
    assert "Fehler: /dev/stdin ist eine Pipe (FIFO)" in lauf.stderr
    _zwei_zeilen(lauf.stderr)


def test_riesige_liste_in_einer_regeldatei(cli, tmp_path):
    """2 MB sind erlaubt; eine Million Einträge darin kosteten Minuten und ein Gigabyte."""
    verzeichnis = _regeln(tmp_path, anhang="\nzzz: [" + ",".join(["1"] * 900_000) + "]\n")
    start = time.monotonic()
    _beide(cli, verzeichnis, "zu viele Einträge (mehr als 50.000 Werte, Listen und Zuordnungen")
    assert time.monotonic() - start < 20


def _mit_quellen(tmp_path: Path) -> Path:
    ziel = _regeln(tmp_path)
    (ziel / "quellen").mkdir()
    (ziel / "quellen" / "Musterrichtlinie.txt").write_text("Text\n", encoding="utf-8")
    return ziel


def test_quellenverzeichnis_tief_verschachtelt(cli, tmp_path):
    ziel = _mit_quellen(tmp_path)
    (ziel / "quellen" / "index.yaml").write_text(
        "Musterrichtlinie: {datei: Musterrichtlinie.txt, titel: M}\nzz: "
        + "[" * 500
        + "]" * 500
        + "\n",
        encoding="utf-8",
    )
    lauf = cli("regeln", "pruefen", ziel)
    assert lauf.code == 2
    _zwei_zeilen(lauf.err)
    assert "quellen/index.yaml:2: zu tief verschachtelt" in lauf.out + lauf.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_quelldokument_als_pipe_blockiert_nicht(cli, tmp_path):
    ziel = _mit_quellen(tmp_path)
    (ziel / "quellen" / "Musterrichtlinie.txt").unlink()
    os.mkfifo(ziel / "quellen" / "Musterrichtlinie.txt")
    (ziel / "quellen" / "index.yaml").write_text(
        "Musterrichtlinie: {datei: Musterrichtlinie.txt, titel: M}\n", encoding="utf-8"
    )
    start = time.monotonic()
    lauf = cli("regeln", "pruefen", ziel)
    assert time.monotonic() - start < 10
    assert lauf.code == 2
    assert "Musterrichtlinie.txt fehlt oder ist kein UTF-8-Text." in lauf.out + lauf.err


def test_mehrzeilige_bemerkung_mit_semikolon_bleibt_gueltig(cli, tmp_path):
    eingabe = tmp_path / "liste.csv"
    eingabe.write_text(
        'kommune;stellen;zusage;bemerkung\nWetzlar;3;ja;"erste Zeile\nzweite; mit Semikolon"\n',
        encoding="utf-8",
    )
    lauf = _batch(cli, eingabe, "--format", "csv")
    assert lauf.code == 0, lauf.err
    assert "förderfähig;4500,00" in lauf.out


_BAUSTEINE = [" ", "  ", "1", "0", ",", ".", "%", "€", "EUR", "-", "+", "(", ")", " in ", "x",
              "=", "\t", "\u00a0", "Landkreis ", "Stadt "]  # fmt: skip


def _lang():
    from hypothesis import strategies as st

    return st.tuples(
        st.lists(st.sampled_from(_BAUSTEINE), min_size=1, max_size=6),
        st.integers(min_value=1_000, max_value=8_000),
        st.lists(st.sampled_from(_BAUSTEINE), max_size=3),
    ).map(lambda t: "".join(t[0]) * t[1] + "".join(t[2]))


def test_fuzzing_regulaere_ausdruecke_mit_langem_leerraum():
    """Jeder Leser fremden Texts bleibt linear: lange Läufe aus Leerraum, Ziffern und Zeichen."""
    from hypothesis import given, settings

    from ozg_foerder.api import katalog
    from ozg_foerder.batch.spalten import Spaltenkatalog
    from ozg_foerder.batch.zellen import neutralisiere
    from ozg_foerder.eingaben.kommunen import verzeichnis
    from ozg_foerder.eingaben.werte import (
        EingabeFehler,
        lies_anteil,
        lies_betrag,
        lies_datum,
        lies_ganzzahl,
        lies_zahl,
    )

    kat = katalog()
    spalten = Spaltenkatalog([kat.programm(i) for i in kat.ids])

    @settings(max_examples=beispiele(40), deadline=None)
    @given(_lang())
    def probe(text):
        start = time.monotonic()
        for leser in (lies_anteil, lies_betrag, lies_datum, lies_ganzzahl, lies_zahl):
            with contextlib.suppress(EingabeFehler):
                leser(text, "feld")
        with contextlib.suppress(EingabeFehler):
            verzeichnis().suche(text, "kommune")
        neutralisiere(text)
        spalten.erkenne(text)
        spalten.naechster(text)
        assert time.monotonic() - start < 1.0, len(text)

    probe()


def test_vorlage_mit_unbekannter_endung(cli, tmp_path):
    lauf = cli("vorlage", "--ausgabe", tmp_path / "vorlage.ods")
    assert lauf.code == 2
    assert lauf.err.startswith(
        "Fehler: --ausgabe: „vorlage.ods“ ist nicht zulässig. Die Endung .ods ist kein Format der "
        "Vorlage."
    )
    assert list(tmp_path.iterdir()) == []
    lauf = cli("vorlage", "--ausgabe", "-")  # ins Terminal
    assert lauf.code == 0 and lauf.out.lstrip("\ufeff").startswith("kommune;")

"""Ausgaben für Menschen am Terminal (Issue 13): Breite, Reihenfolge, Schlusszeilen, Hilfe.

Die Breite: 80 Spalten in eine Pipe (wie hier im Test), ``COLUMNS`` gilt. Umbrochen wird nur an
Wortgrenzen: schmale und breite Ausgabe haben dieselben Wörter in derselben Reihenfolge.
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import MINIMAL, regeldaten
from ozg_foerder.ausgabe.umbruch import umbrechen

STICHTAG = ("--stichtag", "14.03.2022")

BEFEHLE = [
    ("check", "ikz", "--kommunen", "4", *STICHTAG),
    ("check", "ikz", "--kommunen", "4", "--erklaeren", *STICHTAG),
    ("check", "beratung", "--kommune", "Fulda", "--genutzt", "1", *STICHTAG),
    ("check", "starke-heimat", "--kosten", "1.000.000", *STICHTAG),
    ("uebersicht", "Wanfried", *STICHTAG),
    ("uebersicht", "Wanfried"),
    ("fristen", *STICHTAG),
    ("fristen",),
    ("leistungen", *STICHTAG),
    ("regeln", "zeigen", "ikz"),
]


def _breite(zeile: str) -> int:
    return len(zeile)


@pytest.mark.parametrize("befehl", BEFEHLE, ids=lambda b: " ".join(b))
def test_schmal_und_breit_haben_dieselben_woerter(cli, befehl):
    """80 Spalten (Pipe) und 200 Spalten: dieselben Wörter; keine Zeile über 80 Spalten, die
    sich umbrechen ließe; kein Leerzeichen am Zeilenende."""
    schmal = cli(*befehl)
    breit = cli(*befehl, env={"COLUMNS": "200"})
    assert schmal.code == breit.code
    if befehl[0] != "fristen":  # die Zeitleiste ist schmal anders gezeichnet (kürzere Achse)
        assert schmal.out.split() == breit.out.split()
    for zeile in schmal.out.splitlines():
        assert zeile == zeile.rstrip(), repr(zeile)
        if _breite(zeile) > 80:  # nur ein einzelnes Wort, länger als die Zeile, darf es sein
            assert len(zeile.split()) == 1 or len(zeile.strip().split()[-1]) > 40, zeile
    assert max(_breite(z) for z in breit.out.splitlines()) > 80  # breit wird nicht umbrochen


def test_columns_gilt(cli):
    lauf = cli("check", "ikz", "--kommunen", "4", *STICHTAG, env={"COLUMNS": "60"})
    for zeile in lauf.out.splitlines():  # länger nur ein einzelnes Wort, das nicht passt
        assert len(zeile) <= 60 or len(zeile.split()) == 1, zeile
    assert max(len(z) for z in lauf.out.splitlines()) > 40
    assert lauf.flach == cli("check", "ikz", "--kommunen", "4", *STICHTAG).flach


def test_umbruch_teilt_kein_wort_und_rueckt_haengend_ein():
    zeile = "  ✓ erfüllt       " + " ".join(f"Wort{i}" for i in range(40))
    umbrochen = umbrechen(zeile, 40).splitlines()
    assert all(len(z) <= 40 for z in umbrochen)
    assert " ".join(umbrochen).split() == zeile.split()
    assert all(z.startswith(" " * 18) and z[18] != " " for z in umbrochen[1:])
    punkt = umbrechen("  • " + "lang " * 30, 30).splitlines()
    assert all(z.startswith("    ") and z[4] != " " for z in punkt[1:])


def test_umbruch_trennt_betrag_und_einheit_nicht():
    text = "x" * 70 + " 100.000,00 € und 15 % und 0611 3211-4411 und Nr. 3"
    for breite in range(20, 90):
        zeilen = umbrechen(text, breite).splitlines()
        assert not any(z.startswith(("€", "%", "3211", "3 ")) for z in zeilen), (breite, zeilen)
        assert " ".join(zeilen).split() == text.split()


def test_das_ergebnis_steht_in_der_ersten_zeile(cli):
    lauf = cli("check", "ikz", "--kommunen", "4", "--einsparung", "0.18", *STICHTAG)
    erste = lauf.out.splitlines()[0]
    assert erste.startswith("Ergebnis: OFFEN – 100.000,00 €")
    nein = cli("check", "ikz", "--kommunen", "1", *STICHTAG)
    assert nein.out.startswith("Ergebnis: NICHT FÖRDERFÄHIG")


def test_uebersicht_schliesst_mit_dem_was_noch_offen_ist(cli):
    heute = cli("uebersicht", "Wanfried")
    letzte = " ".join(heute.out.strip().split("\n\n")[-1].split())
    assert "Heute noch offen:" in letzte
    assert "IKZ (bis zu 100.000,00 €)" in letzte
    frueher = cli("uebersicht", "Wanfried", *STICHTAG)
    assert "Am 14.03.2022 noch offen: IKZ" in frueher.flach
    assert "Heute" not in frueher.out


def test_fristen_passen_in_80_spalten_und_schliessen_mit_dem_offenen(cli):
    for stichtag in (STICHTAG, ()):
        lauf = cli("fristen", *stichtag)
        assert max(len(z) for z in lauf.out.splitlines()) <= 80
    heute = cli("fristen")
    assert heute.out.rstrip().splitlines()[-1].startswith("Heute noch offen:")
    am = cli("fristen", *STICHTAG).flach
    assert "Am 14.03.2022 noch offen: IKZ (bis 01.12.2026)" in am


def test_fristen_der_fixture_haben_balken_unter_der_bezeichnung(cli):
    g = next(iter(regeldaten(MINIMAL).values()))["gueltigkeit"]
    von = date.fromisoformat(str(g["von"]))
    lauf = cli("fristen", "--stichtag", von.isoformat(), "--regeln", MINIMAL)
    zeilen = lauf.out.splitlines()
    i = next(i for i, z in enumerate(zeilen) if z.strip() == g["text"])
    assert "█" in zeilen[i + 1] and zeilen[i + 1].startswith("    ")


HILFEN = [
    ("--help",),
    ("check", "--help"),
    ("check", "ikz", "--help"),
    ("check", "starke-heimat", "--help"),
    ("check", "beratung", "--help"),
    ("batch", "--help"),
    ("plan", "--help"),
    ("beschlussvorlage", "ikz", "--help"),
    ("uebersicht", "--help"),
    ("fristen", "--help"),
    ("kommunen", "--help"),
    ("regeln", "--help"),
    ("vorlage", "--help"),
]


@pytest.mark.parametrize("befehl", HILFEN, ids=lambda b: " ".join(b))
def test_hilfe_ist_bei_80_spalten_nicht_abgeschnitten(cli, befehl):
    lauf = cli(*befehl, env={"COLUMNS": "80"})
    assert lauf.code == 0, lauf.err
    gekuerzt = [w for w in lauf.out.split() if w.endswith("…") and w != "…"]
    assert not gekuerzt, gekuerzt
    assert max(len(z) for z in lauf.out.splitlines()) <= 80
    breit = cli(*befehl, env={"COLUMNS": "200"})
    optionen = {w.strip(",") for w in breit.out.split() if w.startswith("--")}
    for option in optionen:
        assert option in lauf.out, option

"""leistungen, fristen, uebersicht: Zählungen, Status am Stichtag, Zeitleiste, eine Kommune."""

import json
import re
from datetime import date

import pytest

from ozg_foerder.eingaben.leistungen import lade_buendel, status

BUENDEL = lade_buendel()


def test_27_buendel_mit_138_leistungen():
    assert len(BUENDEL) == 27
    assert sum(b.leistungen for b in BUENDEL) == 138
    assert [b.nr for b in BUENDEL] == list(range(1, 28))


def test_buendel_stehen_so_in_anlage_5():
    from conftest import REGELN

    text = (REGELN / "quellen" / "Handreichung.txt").read_text(encoding="utf-8")
    anlage5 = text.split("Übersicht zu den 321 kommunalen Online-Leistungen")[1].split("Anlage 6")[
        0
    ]
    import csv

    from conftest import DATEN

    with (DATEN / "umsetzungsbuendel.csv").open(encoding="utf-8") as datei:
        for z in csv.DictReader(datei):
            zeile = (
                f"{z['nr']}. {z['name_quelle']}\t{z['leistungen']}\t{z['verfuegbar_seit_quelle']}"
            )
            assert zeile in anlage5, zeile


@pytest.mark.parametrize(
    ("nr", "stichtag", "erwartet"),
    [
        (1, date(2021, 1, 31), "noch_nicht"),
        (1, date(2021, 2, 1), "teilweise"),
        (1, date(2021, 3, 1), "verfuegbar"),
        (3, date(2021, 11, 30), "noch_nicht"),
        (3, date(2021, 12, 1), "verfuegbar"),
        (10, date(2020, 12, 31), "teilweise"),
        (10, date(2021, 11, 1), "verfuegbar"),
        (18, date(2022, 2, 28), "teilweise"),
        (18, date(2022, 3, 14), "verfuegbar"),
    ],
)
def test_status_am_stichtag(nr, stichtag, erwartet):
    assert status(BUENDEL[nr - 1], stichtag) == erwartet


def test_am_stand_ist_alles_mindestens_teilweise_da():
    assert all(status(b, date(2022, 3, 14)) == "verfuegbar" for b in BUENDEL)


def test_cli_leistungen(cli):
    lauf = cli("leistungen", "--stichtag", "01.01.2021")
    assert lauf.code == 0
    assert "138 von 321 Leistungen aus 27 Umsetzungsbündeln" in lauf.out
    assert re.search(r"13\s+Mängelmelder\s+13\s+verfügbar", lauf.out)
    daten = json.loads(cli("leistungen", "--stichtag", "2021-01-01", "--format", "json").out)
    assert daten["leistungen_bereit"] == 138 and len(daten["buendel"]) == 27


def test_cli_fristen_json(cli):
    daten = json.loads(cli("fristen", "--stichtag", "2022-03-14", "--format", "json").out)
    nach_text = {f["text"]: f for f in daten}
    k1 = nach_text["Beratungskontingent K1 OZG (Modul 1 oder 2)"]
    assert (k1["status"], k1["bis"], k1["tage"]) == ("laeuft", "2022-12-31", 292)
    ozg = nach_text["Frist des Onlinezugangsgesetzes (alle Verwaltungsleistungen online)"]
    assert (ozg["status"], ozg["tage"]) == ("laeuft", 292)
    betrieb = next(
        f for t, f in nach_text.items() if t.startswith("Starke Heimat Hessen: Technischer")
    )
    assert (betrieb["status"], betrieb["tage"]) == ("beginnt", 658)
    assert nach_text["Zuwendungszeitraum"]["programm"] == "modellkommune"
    spaeter = json.loads(cli("fristen", "--stichtag", "2023-08-01", "--format", "json").out)
    assert {f["text"]: f for f in spaeter}["Zuwendungszeitraum"]["status"] == "abgelaufen"


def test_cli_fristen_zeitleiste(cli):
    lauf = cli("fristen", "--stichtag", "2022-03-14")
    assert lauf.code == 0
    assert "Stichtag 14.03.2022" in lauf.out
    zeile = next(z for z in lauf.out.splitlines() if z.startswith("Programmphase 2"))
    assert "█" in zeile and ("┃" in zeile or "│" in zeile)
    assert "läuft bis 31.12.2024 (noch 1023 Tage)" in zeile


def test_uebersicht_stadt_giessen(cli):
    d = json.loads(
        cli("uebersicht", "--kommune", "Gießen", "--stichtag", "2022-03-14", "--format", "json").out
    )
    programme = {p["programm"]: p for p in d["programme"]}
    assert programme["modellkommune"]["status"] == "nicht_moeglich"
    assert programme["ikz"]["status"] == "moeglich"
    assert programme["ikz"]["bis_zu"] == "100000.00"
    assert "--kommunen (erforderlich)" in programme["ikz"]["fehlende_angaben"]
    assert programme["beratung"]["tage_verfuegbar"] == "8.0"
    assert any("Landkreis Gießen" in h for h in d["hinweise"])


def test_uebersicht_landkreis_giessen_nach_den_fristen(cli):
    d = json.loads(
        cli(
            "uebersicht", "--kommune", "LK Gießen", "--stichtag", "2023-08-01", "--format", "json"
        ).out
    )
    programme = {p["programm"]: p for p in d["programme"]}
    assert programme["modellkommune"]["status"] == "geschlossen"
    assert programme["starke-heimat"]["status"] == "moeglich"
    assert programme["beratung"]["tage_verfuegbar"] == "3.0"


def test_uebersicht_text_und_fehler(cli):
    lauf = cli("uebersicht", "--kommune", "Wetzlar", "--stichtag", "2022-03-14")
    assert lauf.code == 0 and "Übersicht für Wetzlar" in lauf.out
    assert "bis zu 150.000,00 €" in lauf.out
    assert cli("uebersicht", "--kommune", "Atlantis").code == 2
    assert cli("uebersicht").code == 2


@pytest.mark.parametrize(
    "befehl",
    [
        ["kommunen"],
        ["leistungen"],
        ["fristen"],
        ["uebersicht"],
        ["regeln", "liste"],
        ["regeln", "zeigen"],
        ["regeln", "pruefen"],
        ["regeln", "schema"],
    ],
)
def test_jeder_befehl_hat_hilfe_mit_beispiel(cli, befehl):
    lauf = cli(*befehl, "--help")
    assert lauf.code == 0
    assert "Beispiel: ozg-foerder " + " ".join(befehl) in " ".join(lauf.out.split())


def test_uebersicht_text_warnt_vor_alten_zahlen(cli):
    alt = cli("uebersicht", "--kommune", "Wetzlar", "--stichtag", "2026-11-21")
    assert "mehr als ein Jahr vor dem Stichtag" in alt.out
    neu = cli("uebersicht", "--kommune", "Wetzlar", "--stichtag", "2022-03-14")
    assert "mehr als ein Jahr" not in neu.out


def test_fristen_warnen_vor_alten_zahlen_und_zaehlen_richtig(cli):
    alt = cli("fristen", "--stichtag", "2026-11-21")
    assert "mehr als ein Jahr vor dem Stichtag" in alt.out
    # IKZ: die Rahmenvereinbarung läuft (abgeleitet) bis 01.12.2026
    assert "Fristen: 1 läuft, 10 abgelaufen, 1 ohne Frist." in alt.out
    neu = cli("fristen", "--stichtag", "2022-03-14")
    assert "mehr als ein Jahr" not in neu.out
    assert "Fristen: 10 laufen, 1 beginnt, 1 ohne Frist." in neu.out
    knapp = cli("fristen", "--stichtag", "2022-12-30")
    assert "(noch 1 Tag)" in knapp.out and "(in 1 Tag)" in knapp.out


def test_leistungen_kennzeichnen_die_lesart_der_monate(cli):
    """Die Unterlagen nennen Monate; "ab dem Ersten" ist abgeleitet – und steht so da."""
    import json

    text = cli("leistungen", "--stichtag", "2022-03-14").out
    daten = json.loads(cli("leistungen", "--stichtag", "2022-03-14", "--format", "json").out)
    assert "(abgeleitet)" in daten["abgeleitet"]
    assert daten["abgeleitet"] in text

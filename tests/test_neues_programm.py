"""Ein neues Programm ist eine neue YAML-Datei – und sonst nichts (Issue 8, Punkt 6).

Das erfundene Programm unter tests/fixtures/minimal kommt mit ``--regeln`` zu den mitgelieferten
Regeln dazu und läuft durch ``check``, ``batch``, ``vorlage``, ``uebersicht``, ``fristen`` und
``regeln``, ohne dass sich eine Zeile Python ändert. Alles, was die Tests über die Programme
wissen, lesen sie aus den Regeldateien (Testfälle, Beispiele, Kontakt, Zeitraum).
"""

from __future__ import annotations

import csv
import json
import os
from datetime import date, timedelta
from decimal import Decimal

import pytest

from conftest import MINIMAL, REGELN, cli_argumente, faelle, regeldaten, regeln_mit_fixture

ERFUNDEN = regeldaten(MINIMAL)
ALLE = {**regeldaten(REGELN), **ERFUNDEN}


@pytest.fixture(scope="module")
def verzeichnis(tmp_path_factory):
    return regeln_mit_fixture(tmp_path_factory.mktemp("regeln") / "rules")


def _datum(wert) -> date:
    return wert if isinstance(wert, date) else date.fromisoformat(str(wert))


def test_das_erfundene_programm_ist_erkennbar_erfunden():
    for daten in ERFUNDEN.values():
        assert "erfunden" in daten["name"].lower()
        assert daten["id"] not in regeldaten(REGELN)
        assert all("example." in k["wert"] for k in daten["kontakt"])


def test_regeln_pruefen_und_liste(cli, verzeichnis):
    lauf = cli("regeln", "pruefen", verzeichnis)
    anzahl = sum(len(d.get("testfaelle", [])) for d in ALLE.values())
    assert lauf.code == 0, lauf.err
    assert f"In Ordnung: {len(ALLE)} Programme mit {anzahl} Testfällen" in lauf.out
    liste = json.loads(cli("--regeln", verzeichnis, "regeln", "liste", "--format", "json").out)[
        "programme"
    ]
    reihenfolge = sorted(ALLE, key=lambda i: (ALLE[i].get("reihenfolge", 100), i))
    assert [p["id"] for p in liste] == reihenfolge


@pytest.mark.parametrize(
    ("programm_id", "fall"),
    [pytest.param(p, f, id=f"{p}: {f['name']}") for p, f in faelle(REGELN) + faelle(MINIMAL)],
)
def test_jeder_testfall_durch_check(cli, verzeichnis, programm_id, fall):
    """Die Testfälle der Regeldateien, diesmal durch die Kommandozeile mit beiden Regelwerken."""
    argumente = cli_argumente(ALLE[programm_id], fall["eingaben"])
    if argumente is None:
        assert programm_id not in ERFUNDEN
        pytest.skip("Eingabe lässt sich nicht als Option schreiben")
    stichtag = _datum(fall["stichtag"]).isoformat()
    lauf = cli(
        "check", programm_id, *argumente, "--stichtag", stichtag, "--format", "json",
        "--regeln", verzeichnis,
    )  # fmt: skip
    assert lauf.code in (0, 1), lauf.err
    ergebnis = json.loads(lauf.out)
    erwartet = fall["erwartet"]
    if erwartet.get("ergebnis"):
        assert ergebnis["ergebnis"] == erwartet["ergebnis"]
    assert lauf.code == (1 if ergebnis["ergebnis"] == "nicht_foerderfaehig" else 0)
    if erwartet.get("betrag") is not None:
        assert ergebnis["betrag"] == f"{Decimal(str(erwartet['betrag'])):.2f}"
    if erwartet.get("betrag_null"):
        assert ergebnis["betrag"] is None
    stati = {k["id"]: k["status"] for k in ergebnis["kriterien"]}
    for kriterium, status in erwartet.get("kriterien", {}).items():
        assert stati[kriterium] == status
    for name, wert in erwartet.get("werte", {}).items():
        ist = ergebnis.get("werte", {}).get(name, ergebnis.get(name))
        assert (None if ist is None else str(ist)) == (None if wert is None else str(wert)), name
    module = {m["nr"]: m["status"] for m in ergebnis.get("module", [])}
    for nr, status in erwartet.get("module", {}).items():
        assert module[int(nr)] == status
    angebote = {a["id"]: a["status"] for a in ergebnis.get("angebote", [])}
    for angebot, status in erwartet.get("angebote", {}).items():
        assert angebote[angebot] == status
    hinweise = " ".join(ergebnis["hinweise"])
    for teil in erwartet.get("hinweis_enthaelt", []):
        assert teil in hinweise
    for teil in erwartet.get("hinweis_fehlt", []):
        assert teil not in hinweise


@pytest.mark.parametrize("programm_id", list(ERFUNDEN))
def test_erwartete_eingabefehler_durch_check(cli, verzeichnis, programm_id):
    for fall in ERFUNDEN[programm_id]["testfaelle"]:
        feld = fall["erwartet"].get("fehler")
        if not feld:
            continue
        argumente = cli_argumente(ERFUNDEN[programm_id], fall["eingaben"])
        lauf = cli("--regeln", verzeichnis, "check", programm_id, *argumente)
        option = ERFUNDEN[programm_id]["eingaben"][feld].get("option") or f"--{feld}"
        assert lauf.code == 2 and lauf.err.startswith("Fehler: ") and option in lauf.err


def _fall_mit_betrag(programm_id: str) -> dict:
    return next(
        f
        for f in ERFUNDEN[programm_id]["testfaelle"]
        if f["erwartet"].get("betrag") is not None
        and all(not isinstance(w, date) for w in f["eingaben"].values())
    )


@pytest.mark.parametrize("programm_id", list(ERFUNDEN))
def test_batch_und_vorlage(cli, verzeichnis, tmp_path, programm_id):
    from ozg_foerder import api

    vorlage = cli("vorlage", "-p", programm_id, "--regeln", verzeichnis)
    assert vorlage.code == 0, vorlage.err
    spalten = next(csv.reader([vorlage.out.lstrip("\ufeff").splitlines()[0]], delimiter=";"))
    assert set(ERFUNDEN[programm_id]["eingaben"]) <= set(spalten)

    faelle_mit_betrag = [
        f
        for f in ERFUNDEN[programm_id]["testfaelle"]
        if not f["erwartet"].get("fehler")
        and f["stichtag"] == _fall_mit_betrag(programm_id)["stichtag"]
    ]
    namen = sorted({n for f in faelle_mit_betrag for n in f["eingaben"]})
    datei = tmp_path / "liste.csv"
    with datei.open("w", encoding="utf-8", newline="") as ziel:
        schreiber = csv.writer(ziel, delimiter=";")
        schreiber.writerow(namen)
        for f in faelle_mit_betrag:
            schreiber.writerow(
                ["" if f["eingaben"].get(n) is None else f["eingaben"][n] for n in namen]
            )
    stichtag = _datum(faelle_mit_betrag[0]["stichtag"])
    for mit_programm in ([], ["-p", programm_id]):  # ohne -p: an seinen Spalten erkannt
        lauf = cli(
            "batch", datei, "--format", "json", "--stichtag", stichtag.isoformat(),
            "--regeln", verzeichnis, *mit_programm,
        )  # fmt: skip
        assert lauf.code == 0, lauf.err
        dokument = json.loads(lauf.out)
        zeilen = dokument["zeilen"]
        assert len(zeilen) == len(faelle_mit_betrag)
        summe_json = dokument["zusammenfassung"][programm_id]["summe_foerderfaehig"]
        for zeile, fall in zip(zeilen, faelle_mit_betrag, strict=True):
            ergebnis = zeile["ergebnisse"][programm_id]
            erwartet = api.pruefe(
                programm_id, fall["eingaben"], stichtag=stichtag, regeln=verzeichnis
            )
            assert ergebnis["ergebnis"] == erwartet.ergebnis == fall["erwartet"]["ergebnis"]
            betrag = None if erwartet.betrag is None else f"{erwartet.betrag:.2f}"
            assert ergebnis["betrag"] == betrag
        if not mit_programm:
            summe = sum(
                (Decimal(str(f["erwartet"]["betrag"])) for f in faelle_mit_betrag
                 if f["erwartet"].get("ergebnis") == "foerderfaehig"),
                Decimal(0),
            )  # fmt: skip
            text = cli(
                "batch", datei, "--stichtag", stichtag.isoformat(), "--regeln", verzeichnis,
                "--format", "csv",
            ).err  # fmt: skip
            from ozg_foerder.eingaben.werte import formatiere_betrag

            assert f"Summe förderfähig {formatiere_betrag(summe)}" in text
            assert Decimal(summe_json) == summe


@pytest.mark.parametrize("programm_id", list(ERFUNDEN))
def test_uebersicht_und_fristen(cli, verzeichnis, programm_id):
    daten = ERFUNDEN[programm_id]
    zeitraum = daten["gueltigkeit"]
    von, bis = _datum(zeitraum["von"]), _datum(zeitraum["bis"])
    kommune = next(
        f["eingaben"][n]
        for f in daten["testfaelle"]
        for n, e in daten["eingaben"].items()
        if e["typ"] == "kommune" and f["eingaben"].get(n)
    )
    waehrend = (von + timedelta(days=1)).isoformat()
    lauf = cli(
        "uebersicht", "--kommune", kommune, "--stichtag", waehrend, "--format", "json",
        "--regeln", verzeichnis,
    )  # fmt: skip
    assert lauf.code == 0, lauf.err
    zeilen = {z["programm"]: z for z in json.loads(lauf.out)["programme"]}
    assert set(zeilen) == set(ALLE)
    assert zeilen[programm_id]["ergebnis"] != "nicht_foerderfaehig"
    assert zeilen[programm_id]["geschlossen"] is False
    assert zeilen[programm_id]["frist"] == bis.isoformat()
    assert zeilen[programm_id]["bis_zu"] == f"{Decimal(str(daten['betrag']['hoechstens'])):.2f}"
    danach = (bis + timedelta(days=1)).isoformat()
    text = cli("uebersicht", "--kommune", kommune, "--stichtag", danach, "--regeln", verzeichnis)
    block = text.out.split(daten["name"])[1].split("Kontakt:")[0]
    assert "Status: geschlossen" in block

    fristen = json.loads(
        cli("fristen", "--stichtag", waehrend, "--format", "json", "--regeln", verzeichnis).out
    )["fristen"]
    eigene = [f for f in fristen if f["programm"] == programm_id]
    assert [(f["von"], f["bis"], f["status"]) for f in eigene] == [
        (von.isoformat(), bis.isoformat(), "laeuft")
    ]


def test_regeln_nur_fuer_einen_aufruf_und_aus_der_umgebung(cli, verzeichnis):
    """--regeln vor oder am Befehl, sonst OZG_FOERDER_REGELN; nichts bleibt für den nächsten."""
    programm_id = next(iter(ERFUNDEN))
    fall = _fall_mit_betrag(programm_id)
    argumente = [
        "check", programm_id, *cli_argumente(ERFUNDEN[programm_id], fall["eingaben"]),
        "--stichtag", _datum(fall["stichtag"]).isoformat(), "--format", "json",
    ]  # fmt: skip
    betrag = f"{Decimal(str(fall['erwartet']['betrag'])):.2f}"
    assert json.loads(cli("--regeln", verzeichnis, *argumente).out)["betrag"] == betrag
    assert "OZG_FOERDER_REGELN" not in os.environ  # --regeln reist als Argument, nicht als Variable
    assert json.loads(cli(*argumente, "--regeln", MINIMAL).out)["betrag"] == betrag
    ohne = cli(*argumente)  # der vorige Aufruf hinterlässt nichts: mitgeliefert gibt es das nicht
    assert ohne.code == 2 and f"Unbekannter Befehl „{programm_id}“" in ohne.err
    mit_umgebung = cli(*argumente, env={"OZG_FOERDER_REGELN": str(MINIMAL)})
    assert json.loads(mit_umgebung.out)["betrag"] == betrag
    # --regeln schlägt die Umgebung, vor dem Befehl wie am Befehl
    for vorne, hinten in ((["--regeln", REGELN], []), ([], ["--regeln", REGELN])):
        lauf = cli(*vorne, *argumente, *hinten, env={"OZG_FOERDER_REGELN": str(MINIMAL)})
        assert lauf.code == 2 and "Unbekannter Befehl" in lauf.err

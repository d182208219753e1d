"""Ein JSON-Vokabular (Issue 13, Punkt 5): echte Ausgaben gegen ``ozg-foerder schema NAME``,
Fehler im JSON-Modus als JSON auf stdout, das Regel-Schema als Draft-07."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from conftest import DATEN, FIXTURES, MINIMAL, REGELN, regeldaten, yaml_laden

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
MUSTER_CHECK = ["check", "musterfoerderung", "--regeln", str(MINIMAL)]


def _schema(cli, name: str) -> dict:
    lauf = cli("schema", name)
    assert lauf.code == 0, lauf.err
    schema = json.loads(lauf.out)
    assert schema["$schema"] == DRAFT_07
    jsonschema.Draft7Validator.check_schema(schema)
    return schema


_PRUEFER: dict[str, jsonschema.Draft7Validator] = {}


def _pruefe(schema: dict, daten) -> None:
    # ein Prüfer je Schema (sein Aufbau kostet ein Vielfaches einer Prüfung)
    schluessel = json.dumps(schema, sort_keys=True)
    pruefer = _PRUEFER.setdefault(schluessel, jsonschema.Draft7Validator(schema))
    fehler = sorted(pruefer.iter_errors(daten), key=str)
    assert not fehler, [f"{list(f.path)}: {f.message}" for f in fehler[:5]]


def _json(cli, *argumente: str):
    lauf = cli(*argumente)
    assert lauf.code in (0, 1), lauf.err
    return json.loads(lauf.out)


STICHTAGE = ["2021-06-01", "2022-03-14", "2023-08-01", "2026-12-02"]


@pytest.mark.parametrize("stichtag", STICHTAGE)
def test_check_jedes_programms_passt_zum_schema(cli, stichtag):
    schema = _schema(cli, "check")
    from conftest import cli_argumente, faelle

    programme = regeldaten(REGELN)
    gesehen = set()
    for programm_id, fall in faelle(REGELN):
        # Am Stand der Unterlagen jeder Testfall; an den anderen Stichtagen je Programm und
        # erwartetem Ergebnis einer (dieselben Formen des JSON, ein Viertel der Aufrufe)
        art = (programm_id, str(fall["erwartet"].get("ergebnis")))
        if stichtag != "2022-03-14" and art in gesehen:
            continue
        gesehen.add(art)
        argumente = cli_argumente(programme[programm_id], fall["eingaben"])
        daten = _json(
            cli, "check", programm_id, *argumente, "--stichtag", stichtag, "--format", "json"
        )
        _pruefe(schema, daten)


@pytest.mark.parametrize("stichtag", STICHTAGE)
@pytest.mark.parametrize("kommune", ["Wanfried", "Gießen", "Landkreis Fulda"])
def test_uebersicht_passt_zum_schema(cli, stichtag, kommune):
    schema = _schema(cli, "uebersicht")
    daten = _json(cli, "uebersicht", kommune, "--stichtag", stichtag, "--format", "json")
    _pruefe(schema, daten)
    for zeile in daten["programme"]:  # dieselben Wörter wie check
        assert zeile["ergebnis"] == zeile["vorschau"]["ergebnis"]
        assert zeile["betrag"] == zeile["vorschau"]["betrag"]
        for angabe in zeile["fehlende_angaben"] + zeile["optionale_angaben"]:
            assert not angabe["eingabe"].startswith("-")  # Name der Eingabe, keine Option
            assert all(o.startswith("--") for o in angabe["optionen"])


def test_uebersicht_mit_genutzten_modulen(cli):
    daten = _json(
        cli, "uebersicht", "Fulda", "--genutzt", "1", "--stichtag", "2022-03-14", "--format", "json"
    )
    _pruefe(_schema(cli, "uebersicht"), daten)
    mit_modulen = [z for z in daten["programme"] if z["vorschau"].get("module")]
    assert mit_modulen
    for z in mit_modulen:
        check = _json(
            cli, "check", z["programm"], "--kommune", "Fulda", "--genutzt", "1",
            "--stichtag", "2022-03-14", "--format", "json",
        )  # fmt: skip
        assert z["tage_verfuegbar"] == check["tage_verfuegbar"]
        assert z["vorschau"]["wahl"] == check["wahl"]
    falsch = cli("uebersicht", "Fulda", "--genutzt", "9")
    assert falsch.code == 2 and "--genutzt" in falsch.err


@pytest.mark.parametrize("stichtag", [*STICHTAGE, "2019-01-01", "2030-01-01"])
def test_fristen_passen_zum_schema(cli, stichtag):
    daten = _json(cli, "fristen", "--stichtag", stichtag, "--format", "json")
    _pruefe(_schema(cli, "fristen"), daten)
    fixture = _json(cli, "fristen", "--stichtag", stichtag, "--format", "json", "--regeln", MINIMAL)
    _pruefe(_schema(cli, "fristen"), fixture)


def test_batch_passt_zum_schema(cli):
    daten = _json(
        cli,
        "batch",
        DATEN / "beispiel_kommunen.csv",
        "--stichtag",
        "14.03.2022",
        "--format",
        "json",
    )
    _pruefe(_schema(cli, "batch"), daten)


def test_schema_erkennt_abweichungen(cli):
    """Die Schemas können scheitern: ein float statt Dezimaltext, ein fremdes Ergebniswort."""
    schema = _schema(cli, "uebersicht")
    daten = _json(cli, "uebersicht", "Wanfried", "--stichtag", "2022-03-14", "--format", "json")
    kaputt = json.loads(json.dumps(daten))
    kaputt["programme"][0]["bis_zu"] = 100000.0
    assert list(jsonschema.Draft7Validator(schema).iter_errors(kaputt))
    kaputt = json.loads(json.dumps(daten))
    kaputt["programme"][0]["ergebnis"] = "moeglich"
    assert list(jsonschema.Draft7Validator(schema).iter_errors(kaputt))
    kaputt = json.loads(json.dumps(daten))
    kaputt["programme"][0]["status"] = "moeglich"  # ein zweites Vokabular: nicht im Vertrag
    assert list(jsonschema.Draft7Validator(schema).iter_errors(kaputt))


def test_unbekanntes_schema(cli):
    lauf = cli("schema", "quatsch")
    assert lauf.code == 2 and "Erlaubt: check, uebersicht, fristen, batch" in lauf.err


@pytest.mark.parametrize(
    ("argumente", "feld"),
    [
        ([*MUSTER_CHECK, "--kommune", "Wetzlar", "--stellen", "vier"], "--stellen"),
        ([*MUSTER_CHECK, "--kommune", "Wetzlar", "--stelen", "2"], "--stelen"),
        ([*MUSTER_CHECK, "--stellen", "2"], "--kommune"),
        ([*MUSTER_CHECK, "--kommune", "Wetzlar", "--stellen", "2", "--eigenanteil", "18"], None),
        (["uebersicht", "Wanfrid"], "--kommune"),
        (["uebersicht", "Wanfried", "--stichtag", "31.02.2022"], "--stichtag"),
        (["fristen", "--stichtag", "gestern"], "--stichtag"),
        (["plan", "Wanfrid"], "KOMMUNE"),
        (["check", "x", "--regeln", "/gibt/es/nicht"], "--regeln"),
    ],
)
@pytest.mark.parametrize("schreibweise", [["--format", "json"], ["--format=json"]])
def test_fehler_im_json_modus_sind_json_auf_stdout(cli, argumente, feld, schreibweise):
    text = cli(*argumente)
    lauf = cli(*argumente, *schreibweise)
    assert lauf.code == text.code == 2
    assert lauf.err == text.err  # die deutsche Meldung bleibt auf stderr
    assert text.out == ""
    daten = json.loads(lauf.out)
    _pruefe(_schema(cli, "fehler"), daten)
    assert daten["fehler"]["feld"] == (feld or _option(daten))
    assert daten["fehler"]["exit"] == 2
    assert daten["fehler"]["meldung"] in lauf.err
    if daten["fehler"]["hilfe"]:
        assert daten["fehler"]["hilfe"] in lauf.err


def _option(daten: dict) -> str:
    """Die Option des Eigenanteils der Fixture (aus ihrer Regeldatei)."""
    e = regeldaten(MINIMAL)["musterfoerderung"]["eingaben"]["eigenanteil"]
    return e.get("option") or "--eigenanteil"


def test_batch_fehler_passen_zum_fehler_schema(cli, tmp_path):
    lauf = cli("batch", tmp_path / "fehlt.csv", "--format", "json")
    assert lauf.code == 2
    _pruefe(_schema(cli, "fehler"), json.loads(lauf.out))


def _als_json(pfad: Path):
    """YAML → JSON-Werte (Daten als ISO-Text), wie ein Editor die Datei gegen das Schema prüft."""
    inhalt = yaml_laden(pfad.read_text(encoding="utf-8"))
    return json.loads(json.dumps(inhalt, default=lambda w: w.isoformat()))


def test_regel_schema_ist_draft_07_und_passt_zu_den_regeln(cli):
    schema = _schema(cli, "regeln")
    assert cli("regeln", "schema").out == cli("schema", "regeln").out  # Alias
    assert "$defs" not in json.dumps(schema)
    dateien = [*REGELN.glob("*.yaml"), *FIXTURES.glob("*/*.yaml")]
    assert len(dateien) >= 5
    for pfad in dateien:
        _pruefe(schema, _als_json(pfad))
    # und kann scheitern: eine Regeldatei ohne Kontakt, mit unbekanntem Ergebnis im Testfall
    kaputt = _als_json(next(iter(REGELN.glob("*.yaml"))))
    del kaputt["kontakt"]
    assert list(jsonschema.Draft7Validator(schema).iter_errors(kaputt))


def test_plan_schema_ist_draft_07(cli):
    schema = _schema(cli, "plan")
    daten = _json(cli, "plan", "Wanfried", "--stichtag", "2022-03-14", "--format", "json")
    _pruefe(schema, daten)


def test_heute(cli):
    """Ohne --stichtag (heute) passen die Ausgaben ebenso."""
    assert date.today().year >= 2024
    _pruefe(_schema(cli, "uebersicht"), _json(cli, "uebersicht", "Wanfried", "--format", "json"))
    _pruefe(_schema(cli, "fristen"), _json(cli, "fristen", "--format", "json"))

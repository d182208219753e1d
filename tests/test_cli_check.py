"""``ozg-foerder check ikz`` wie ein Benutzer ihn aufruft: Text, JSON-Vertrag, Exit-Codes."""

import json
import re

import pytest
import yaml

from conftest import REGELN

STICHTAG = ["--stichtag", "14.03.2022"]


def test_readme_beispiel_offen_mit_100000(cli):
    lauf = cli("check", "ikz", "--kommunen", "4", "--einsparung", "0.18", *STICHTAG)
    assert lauf.code == 0
    assert "OFFEN" in lauf.out
    assert "100.000,00 €" in lauf.out
    bestaetigen = lauf.out.split("Noch zu bestätigen")[1].split("Hinweise")[0]
    for option in ("--beschluss", "--vereinbarung", "--laufzeit-jahre"):
        assert option in bestaetigen
    assert lauf.err == ""


def test_json_vertrag(cli):
    lauf = cli(
        "check", "ikz", "--kommunen", "4", "--einsparung", "0,18", "--format", "json", *STICHTAG
    )
    assert lauf.code == 0
    daten = json.loads(lauf.out)
    assert daten["programm"] == "ikz"
    assert daten["stichtag"] == "2022-03-14"
    assert daten["ergebnis"] == "offen"
    assert daten["betrag"] == "100000.00"
    assert daten["regeln_stand"] == "2022-03-14"
    assert isinstance(daten["hinweise"], list) and all(
        isinstance(h, str) for h in daten["hinweise"]
    )
    ids = [k["id"] for k in daten["kriterien"]]
    regeldatei = yaml.safe_load((REGELN / "ikz.yaml").read_text(encoding="utf-8"))
    assert ids == [k["id"] for k in regeldatei["kriterien"]]  # in der Reihenfolge der Datei
    for k in daten["kriterien"]:
        assert set(k) >= {"id", "text", "status", "quelle"}
        assert k["status"] in ("erfuellt", "nicht_erfuellt", "offen")
        assert k["quelle"]
    assert daten["betrag_quelle"] == "HMdIS-Folien, TOP 4; Handreichung Ziff. 4"
    angegeben = {k["id"]: k["angegeben"] for k in daten["kriterien"]}
    assert (angegeben["kooperation"], angegeben["einsparung"]) == ("4 Kommunen", "18 %")
    assert angegeben["beschluss"] == "nicht angegeben"


def test_json_betrag_null_und_exit_1_wenn_nicht_foerderfaehig(cli):
    lauf = cli("check", "ikz", "--kommunen", "1", "--format", "json", *STICHTAG)
    assert lauf.code == 1
    daten = json.loads(lauf.out)
    assert daten["ergebnis"] == "nicht_foerderfaehig"
    assert daten["betrag"] is None


def test_alles_erfuellt_exit_0(cli):
    lauf = cli(
        "check",
        "ikz",
        "--kommunen",
        "3",
        "--einsparung",
        "15 %",
        "--laufzeit-jahre",
        "5",
        "--beschluss",
        "--vereinbarung",
        "--format",
        "json",
        *STICHTAG,
    )
    assert lauf.code == 0
    daten = json.loads(lauf.out)
    assert (daten["ergebnis"], daten["betrag"]) == ("foerderfaehig", "75000.00")


@pytest.mark.parametrize(
    ("schalter", "kriterium"),
    [
        ("--kein-beschluss", "beschluss"),
        ("--keine-vereinbarung", "vereinbarung"),
        ("--nur-it-investition", "keine_reine_it_investition"),
    ],
)
def test_verneinende_schalter(cli, schalter, kriterium):
    lauf = cli("check", "ikz", "--kommunen", "2", schalter, "--format", "json", *STICHTAG)
    assert lauf.code == 1
    stati = {k["id"]: k["status"] for k in json.loads(lauf.out)["kriterien"]}
    assert stati[kriterium] == "nicht_erfuellt"


def test_fehlende_pflichtangabe_exit_2_deutsch(cli):
    lauf = cli("check", "ikz", "--einsparung", "0.18")
    assert lauf.code == 2
    assert "--kommunen" in lauf.err
    assert "erforderlich" in lauf.err
    assert "Traceback" not in lauf.err
    assert lauf.out == ""


@pytest.mark.parametrize(
    ("argumente", "im_fehler"),
    [
        (["--kommunen", "vier"], "--kommunen: „vier“"),
        (["--kommunen", "2", "--einsparung", "18"], "18 %"),
        (["--kommunen", "2", "--stichtag", "31.02.2022"], "--stichtag"),
        (["--kommunen", "2", "--format", "xml"], "--format"),
        (["--kommunen", "2", "--laufzeit-jahre", "fünf"], "--laufzeit-jahre"),
        (["--kommunen", "2", "--beschluss", "ja"], "Überzählige Angabe"),
        (["--kommunen"], "braucht einen Wert"),
        (["--kommune", "2"], "Unbekannte Option --kommune"),
    ],
)
def test_eingabefehler_exit_2_ohne_traceback(cli, argumente, im_fehler):
    lauf = cli("check", "ikz", *argumente)
    assert lauf.code == 2, lauf
    assert im_fehler in lauf.err
    assert lauf.err.startswith("Fehler: ")
    assert "Hilfe: ozg-foerder check ikz --help" in lauf.err
    assert "Traceback" not in lauf.err


def test_unbekanntes_programm(cli):
    lauf = cli("check", "ikx", "--kommunen", "2")
    assert lauf.code == 2
    assert "Unbekannter Befehl „ikx“" in lauf.err
    assert "ikz" in lauf.err


def test_erklaeren_zeigt_quellen_mit_zitat(cli):
    lauf = cli("check", "ikz", "--kommunen", "4", "--erklaeren", *STICHTAG)
    assert "Quelle: Handreichung Ziff. 4 – „Laufzeit mindestens fünf Jahre sowie“" in lauf.out
    assert "Quelle: HMdIS-Folien, TOP 4" in lauf.out
    ohne = cli("check", "ikz", "--kommunen", "4", *STICHTAG)
    assert "Quelle:" not in ohne.out


def test_stichtag_standard_heute(cli):
    from datetime import date

    vorher = date.today().isoformat()
    lauf = cli("check", "ikz", "--kommunen", "2", "--format", "json")
    nachher = date.today().isoformat()  # falls der Test über Mitternacht läuft
    assert json.loads(lauf.out)["stichtag"] in (vorher, nachher)


def test_version(cli):
    from ozg_foerder import __version__

    lauf = cli("--version")
    assert lauf.code == 0
    assert lauf.out.strip() == f"ozg-foerder {__version__}"


def test_hilfe_deutsch_mit_beispiel(cli):
    lauf = cli("check", "ikz", "--help")
    assert lauf.code == 0
    assert "Beispiel: ozg-foerder check ikz" in lauf.out
    assert "Optionen" in lauf.out
    assert re.search(r"--kommunen\s+ZAHL", lauf.out)


def test_python_m_modul():
    import subprocess
    import sys

    lauf = subprocess.run(
        [
            sys.executable,
            "-m",
            "ozg_foerder",
            "check",
            "ikz",
            "--kommunen",
            "2",
            "--stichtag",
            "2022-03-14",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lauf.returncode == 0, lauf.stderr
    assert json.loads(lauf.stdout)["betrag"] == "50000.00"


def test_regeln_vor_dem_befehl_gelten_nur_fuer_diesen_aufruf(cli, tmp_path):
    """Aus dem Review: --regeln vor dem Befehl blieb in os.environ für spätere Aufrufe."""
    import os

    from conftest import REGELN
    from ozg_foerder import api

    ziel = tmp_path / "regeln"
    ziel.mkdir()
    text = (
        (REGELN / "ikz.yaml")
        .read_text(encoding="utf-8")
        .replace("je_einheit: 25000", "je_einheit: 30000")
    )
    (ziel / "ikz.yaml").write_text(text, encoding="utf-8")
    lauf = cli("--regeln", ziel, "check", "ikz", "--kommunen", "2", "--format", "json", *STICHTAG)
    assert json.loads(lauf.out)["betrag"] == "60000.00"
    assert "OZG_FOERDER_REGELN" not in os.environ
    api._KATALOGE.clear()
    assert api.pruefe("ikz", {"kommunen": 2}, stichtag="2022-03-14").betrag == 50000


@pytest.mark.parametrize("argumente", [[], ["check"], ["regeln"]])
def test_ohne_befehl_kommt_die_hilfe_ohne_fehlermeldung(cli, argumente):
    lauf = cli(*argumente)
    assert lauf.code == 0
    assert "Befehle" in lauf.out
    assert "Fehler" not in lauf.err


def test_stichtag_heute(cli):
    from datetime import date

    lauf = cli("check", "ikz", "--kommunen", "2", "--format", "json", "--stichtag", "heute")
    assert json.loads(lauf.out)["stichtag"] in (date.today().isoformat(),)

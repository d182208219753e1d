"""``ozg-foerder check`` wie ein Benutzer ihn aufruft: Text, JSON-Vertrag, Exit-Codes.

Am erfundenen Testprogramm (tests/fixtures/minimal) mit ``--regeln``; was der Test über das
Programm wissen muss (Testfälle, Optionen, Quellen, Einheiten), liest er aus dessen Regeldatei.
Die echten Programme prüfen ihre Testfälle (tests/test_neues_programm.py) und die README.
"""

import json
import re
from decimal import Decimal

import pytest

from conftest import MINIMAL, REGELN, cli_argumente, flach, regeldaten

MUSTER = regeldaten(MINIMAL)["musterfoerderung"]
PROGRAMM = MUSTER["id"]
REGELN_MUSTER = ["--regeln", MINIMAL]


def _fall(ergebnis: str, *, mit: str | None = None) -> dict:
    """Der erste Testfall mit diesem Ergebnis (und, wenn genannt, einem offenen Kriterium)."""
    return next(
        f
        for f in MUSTER["testfaelle"]
        if f["erwartet"].get("ergebnis") == ergebnis
        and (mit is None or f["erwartet"].get("kriterien", {}).get(mit) == "offen")
    )


def _aufruf(fall: dict, *zusatz: str) -> list[str]:
    return [
        "check", PROGRAMM, *cli_argumente(MUSTER, fall["eingaben"]),
        "--stichtag", str(fall["stichtag"]), *zusatz, *REGELN_MUSTER,
    ]  # fmt: skip


def _option(name: str) -> str:
    return MUSTER["eingaben"][name].get("option") or f"--{name.replace('_', '-')}"


def _deutsch(betrag) -> str:
    from ozg_foerder.eingaben.werte import formatiere_betrag

    return formatiere_betrag(Decimal(str(betrag)))


def _quelle(name: str) -> str:
    q = MUSTER["quellen"][name]
    return f"{q['dokument']} {q['abschnitt']}"


def test_offen_mit_betrag_und_was_noch_zu_bestaetigen_ist(cli):
    fall = _fall("offen")
    lauf = cli(*_aufruf(fall))
    assert lauf.code == 0
    assert "OFFEN" in lauf.out
    assert _deutsch(fall["erwartet"]["betrag"]) in lauf.out
    bestaetigen = lauf.out.split("Noch zu bestätigen")[1].split("Hinweise")[0]
    offen = [k for k, s in fall["erwartet"]["kriterien"].items() if s == "offen"]
    kriterien = {k["id"]: k for k in MUSTER["kriterien"]}
    for kriterium in offen:
        assert _option(kriterien[kriterium]["wert"]) in bestaetigen
    assert lauf.err == ""


def test_json_vertrag(cli):
    fall = _fall("offen")
    lauf = cli(*_aufruf(fall, "--format", "json"))
    assert lauf.code == 0
    daten = json.loads(lauf.out)
    assert daten["programm"] == PROGRAMM
    assert daten["stichtag"] == str(fall["stichtag"])
    assert daten["ergebnis"] == "offen"
    assert daten["betrag"] == f"{Decimal(str(fall['erwartet']['betrag'])):.2f}"
    assert daten["regeln_stand"] == str(MUSTER["stand"])
    assert isinstance(daten["hinweise"], list) and all(
        isinstance(h, str) for h in daten["hinweise"]
    )
    ids = [k["id"] for k in daten["kriterien"]]
    zeitraum = ["foerderzeitraum"] if MUSTER.get("gueltigkeit") else []
    assert ids == zeitraum + [k["id"] for k in MUSTER["kriterien"]]
    for k in daten["kriterien"]:
        assert set(k) >= {"id", "text", "status", "quelle"}
        assert k["status"] in ("erfuellt", "nicht_erfuellt", "offen")
        assert k["quelle"]
    assert daten["betrag_quelle"] == _quelle(MUSTER["betrag"]["quelle"])
    angegeben = {k["id"]: k["angegeben"] for k in daten["kriterien"]}
    einheit = MUSTER["betrag"]["einheit"]
    n = fall["eingaben"][einheit]
    assert angegeben[einheit] == f"{n} {MUSTER['eingaben'][einheit]['einheit']}"
    offen = next(k for k, s in fall["erwartet"]["kriterien"].items() if s == "offen")
    assert angegeben[offen] == "nicht angegeben"


def test_json_betrag_null_und_exit_1_wenn_nicht_foerderfaehig(cli):
    lauf = cli(*_aufruf(_fall("nicht_foerderfaehig"), "--format", "json"))
    assert lauf.code == 1
    daten = json.loads(lauf.out)
    assert daten["ergebnis"] == "nicht_foerderfaehig"
    assert daten["betrag"] is None


def test_alles_erfuellt_exit_0(cli):
    fall = _fall("foerderfaehig")
    lauf = cli(*_aufruf(fall, "--format", "json"))
    assert lauf.code == 0
    daten = json.loads(lauf.out)
    betrag = f"{Decimal(str(fall['erwartet']['betrag'])):.2f}"
    assert (daten["ergebnis"], daten["betrag"]) == ("foerderfaehig", betrag)


def _verneinende_schalter():
    """(Programm, Schalter, Kriterium) aus allen Regeldateien: nein bei "muss ja", ja beim
    Ausschlussgrund."""
    for verzeichnis in (REGELN, MINIMAL):
        for daten in regeldaten(verzeichnis).values():
            for k in daten.get("kriterien", []):
                e = daten["eingaben"].get(k.get("wert"), {})
                if k["art"] == "muss_ja" and e.get("option_nein"):
                    schalter = e["option_nein"]
                elif k["art"] == "ausschluss_wenn_ja" and e.get("typ") == "ja_nein":
                    schalter = e.get("option") or f"--{k['wert'].replace('_', '-')}"
                else:
                    continue
                yield pytest.param(verzeichnis, daten, schalter, k["id"], id=schalter)


@pytest.mark.parametrize(
    ("verzeichnis", "daten", "schalter", "kriterium"), list(_verneinende_schalter())
)
def test_verneinende_schalter(cli, verzeichnis, daten, schalter, kriterium):
    from conftest import beispielaufruf

    lauf = cli(
        "check", daten["id"], *beispielaufruf(daten), schalter, "--format", "json",
        "--stichtag", str(daten["stand"]), "--regeln", verzeichnis,
    )  # fmt: skip
    assert lauf.code == 1
    stati = {k["id"]: k["status"] for k in json.loads(lauf.out)["kriterien"]}
    assert stati[kriterium] == "nicht_erfuellt"


def test_fehlende_pflichtangabe_exit_2_deutsch(cli):
    fall = _fall("foerderfaehig")
    for name, e in MUSTER["eingaben"].items():
        if not e.get("erforderlich"):
            continue
        ohne = {n: w for n, w in fall["eingaben"].items() if n != name}
        lauf = cli("check", PROGRAMM, *cli_argumente(MUSTER, ohne), *REGELN_MUSTER)
        assert lauf.code == 2
        assert _option(name) in lauf.err
        assert "erforderlich" in lauf.err
        assert "Traceback" not in lauf.err
        assert lauf.out == ""


def _mit(name: str, wert: str) -> list[str]:
    return [_option(name), wert]


PFLICHT = ["--kommune", "Wetzlar", "--stellen", "2"]


@pytest.mark.parametrize(
    ("argumente", "im_fehler"),
    [
        (["--kommune", "Wetzlar", "--stellen", "vier"], "--stellen: „vier“"),
        ([*PFLICHT, *_mit("eigenanteil", "18")], "18 %"),
        ([*PFLICHT, *_mit("beginn", "31.02.2024")], "--beginn"),
        ([*PFLICHT, "--stichtag", "31.02.2022"], "--stichtag"),
        ([*PFLICHT, "--format", "xml"], "--format"),
        ([*PFLICHT, "Wetzlar", "--zusage", "vielleicht"], "Überzählige Angabe"),
        ([*PFLICHT, "Gießen"], "Zwei Kommunen angegeben"),
        (["--kommune", "Wetzlar", "--stellen"], "braucht einen Wert"),
        ([*PFLICHT, "--stelle", "2"], "Unbekannte Option --stelle"),
        ([*PFLICHT, "--zusage", "--keine-zusage"], "widersprechen sich"),
        ([*PFLICHT, "--allein", "--gemeinsam"], "widersprechen sich"),
        ([*PFLICHT, "--zusage=vielleicht"], "ist ein Schalter"),
    ],
)
def test_eingabefehler_exit_2_ohne_traceback(cli, argumente, im_fehler):
    lauf = cli(*REGELN_MUSTER, "check", PROGRAMM, *argumente)
    assert lauf.code == 2, lauf
    assert im_fehler in lauf.err
    assert lauf.err.startswith("Fehler: ")
    assert f"Hilfe: ozg-foerder check {PROGRAMM} --help" in lauf.err
    assert "Traceback" not in lauf.err


def test_unbekanntes_programm(cli):
    vertippt = PROGRAMM[:-1] + "x"
    lauf = cli("check", vertippt, "--stellen", "2", *REGELN_MUSTER)
    assert lauf.code == 2
    assert f"Unbekannter Befehl „{vertippt}“" in lauf.err
    assert f"Meinten Sie „{PROGRAMM}“" in lauf.err


def test_erklaeren_zeigt_quellen_mit_zitat(cli):
    fall = _fall("foerderfaehig")
    lauf = cli(*_aufruf(fall, "--erklaeren"))
    for q in MUSTER["quellen"].values():
        quelle = f"Quelle: {q['dokument']} {q['abschnitt']} – „{q['zitat']}“"
        assert flach(quelle) in lauf.flach
    ohne = cli(*_aufruf(fall))
    assert "Quelle:" not in ohne.out


def test_stichtag_standard_heute(cli):
    from datetime import date

    vorher = date.today().isoformat()
    lauf = cli("check", PROGRAMM, *PFLICHT, "--format", "json", *REGELN_MUSTER)
    nachher = date.today().isoformat()  # falls der Test über Mitternacht läuft
    assert json.loads(lauf.out)["stichtag"] in (vorher, nachher)


def test_version(cli):
    from ozg_foerder import __version__

    lauf = cli("--version")
    assert lauf.code == 0
    assert lauf.out.strip() == f"ozg-foerder {__version__}"


def test_hilfe_deutsch_mit_beispiel(cli):
    lauf = cli("check", PROGRAMM, "--help", *REGELN_MUSTER, env={"COLUMNS": "200"})
    assert lauf.code == 0
    assert f"Beispiel: {MUSTER['beispiel']}" in " ".join(lauf.out.split())
    assert "Optionen" in lauf.out
    assert re.search(r"--stellen\s+ZAHL", lauf.out)


def test_python_m_modul():
    import subprocess
    import sys

    fall = _fall("foerderfaehig")
    lauf = subprocess.run(
        [sys.executable, "-m", "ozg_foerder", *_aufruf(fall, "--format", "json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lauf.returncode == 0, lauf.stderr
    assert json.loads(lauf.stdout)["betrag"] == f"{Decimal(str(fall['erwartet']['betrag'])):.2f}"


@pytest.mark.parametrize("argumente", [[], ["check"], ["regeln"]])
def test_ohne_befehl_kommt_die_hilfe_ohne_fehlermeldung(cli, argumente):
    lauf = cli(*argumente)
    assert lauf.code == 0
    assert "Befehle" in lauf.out
    assert "Fehler" not in lauf.err


def test_stichtag_heute(cli):
    from datetime import date

    lauf = cli(
        "check", PROGRAMM, *PFLICHT, "--format", "json", "--stichtag", "heute", *REGELN_MUSTER
    )
    assert json.loads(lauf.out)["stichtag"] in (date.today().isoformat(),)

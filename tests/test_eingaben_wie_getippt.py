"""Eingaben, wie Menschen sie tippen (Issue 13, Punkt 2): ``20 %``, ``--zusage nein``,
die Kommune als Argument, Programmnamen in Großbuchstaben, ähnliche Kommunennamen.

Am erfundenen Testprogramm (tests/fixtures/minimal); was über die echten Programme nötig ist,
steht in ihren Regeldateien.
"""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL, REGELN, regeldaten

MUSTER = regeldaten(MINIMAL)["musterfoerderung"]
PROGRAMM = MUSTER["id"]
R = ["--regeln", str(MINIMAL)]
BASIS = ["check", PROGRAMM, "--kommune", "Wetzlar", "--stellen", "2", "--format", "json", *R]


def _json(cli, *argumente: str) -> dict:
    lauf = cli(*argumente)
    assert lauf.code in (0, 1), lauf.err
    return json.loads(lauf.out)


def _option(name: str) -> str:
    e = MUSTER["eingaben"][name]
    return e.get("option") or f"--{name.replace('_', '-')}"


@pytest.mark.parametrize("getippt", [["10", "%"], ["10 %"], ["10%"], ["0,1"]])
def test_ein_einzelnes_prozentzeichen_gehoert_zum_anteil(cli, getippt):
    d = _json(cli, *BASIS, _option("eigenanteil"), *getippt)
    assert d["eingaben"]["eigenanteil"] == "0.1"


def test_prozent_mit_gleichheitszeichen(cli):
    d = _json(cli, *BASIS, f"{_option('eigenanteil')}=10", "%")
    assert d["eingaben"]["eigenanteil"] == "0.1"


def test_ein_prozentzeichen_hinter_einer_zahl_ist_kein_anteil_der_stellen(cli):
    """``--stellen 2 %`` wird als „2 %“ gelesen – und von der Eingabe abgelehnt, mit Feldname."""
    lauf = cli("check", PROGRAMM, "--kommune", "Wetzlar", "--stellen", "2", "%", *R)
    assert lauf.code == 2
    assert "--stellen" in lauf.err and "Überzählige" not in lauf.err


@pytest.mark.parametrize(
    ("getippt", "erwartet"),
    [
        (["--zusage", "ja"], True),
        (["--zusage", "nein"], False),
        (["--zusage=nein"], False),
        (["--zusage=ja"], True),
        (["--zusage", "x"], True),
        (["--zusage", "1"], True),
        (["--zusage", "0"], False),
        (["--zusage", "true"], True),
        (["--zusage", "false"], False),
        (["--keine-zusage", "ja"], False),
        (["--keine-zusage", "nein"], True),
        (["--zusage"], True),
        (["--keine-zusage"], False),
    ],
)
def test_schalter_nehmen_ein_ja_oder_nein(cli, getippt, erwartet):
    assert _option("zusage") == "--zusage"  # die Fixture nennt ihre Optionen so
    d = _json(cli, *BASIS, *getippt)
    assert d["eingaben"]["zusage"] is erwartet


def test_schalter_mit_wort_und_gegenschalter_widersprechen_sich(cli):
    lauf = cli(*BASIS, "--zusage", "nein", "--zusage")
    assert lauf.code == 2 and "widersprechen sich" in lauf.err
    gleich = _json(cli, *BASIS, "--zusage", "nein", "--keine-zusage")
    assert gleich["eingaben"]["zusage"] is False


def test_ein_anderes_wort_nimmt_der_schalter_nicht(cli):
    lauf = cli(*BASIS, "Wetzlar", "--zusage", "vielleicht")
    assert lauf.code == 2 and "Überzählige Angabe „vielleicht“" in lauf.err


def test_auswahl_schalter_mit_wort(cli):
    d = _json(cli, *BASIS, "--allein", "nein")
    assert d["eingaben"]["vorgehen"] == "gemeinsam"


def test_die_kommune_als_erstes_argument(cli):
    mit_option = _json(cli, *BASIS)
    als_argument = _json(
        cli, "check", PROGRAMM, "Wetzlar", "--stellen", "2", "--format", "json", *R
    )
    assert als_argument["kommune"] == mit_option["kommune"]
    assert als_argument["betrag"] == mit_option["betrag"]
    beides = _json(cli, *BASIS, "wetzlar")
    assert beides["kommune"] == mit_option["kommune"]
    widerspruch = cli(*BASIS, "Gießen")
    assert widerspruch.code == 2 and "Zwei Kommunen angegeben" in widerspruch.err


def test_uebersicht_nimmt_die_kommune_als_argument(cli):
    a = cli("uebersicht", "Wanfried", "--stichtag", "14.03.2022", "--format", "json")
    b = cli("uebersicht", "--kommune", "Wanfried", "--stichtag", "14.03.2022", "--format", "json")
    assert a.code == b.code == 0 and a.out == b.out
    ohne = cli("uebersicht")
    assert ohne.code == 2 and "--kommune fehlt" in ohne.err


def test_programmnamen_ohne_ruecksicht_auf_grossschreibung(cli):
    klein = cli("check", PROGRAMM, "--kommune", "Wetzlar", "--stellen", "2", *R)
    gross = cli("check", PROGRAMM.upper(), "--kommune", "Wetzlar", "--stellen", "2", *R)
    assert gross.code == klein.code == 0 and gross.out == klein.out
    ids = list(regeldaten(REGELN))
    hilfe = cli("check", ids[0].upper(), "--help")
    assert hilfe.code == 0 and f"check {ids[0]}" in hilfe.out


def test_kommune_an_einem_programm_ohne_kommune(cli):
    """``--kommune`` an einem Programm ohne Kommunen-Eingabe: was die ähnliche Option heißt
    und wo eine Kommune hingehört – nicht nur „Meinten Sie …?“."""
    ohne_kommune = [
        (pid, d)
        for pid, d in regeldaten(REGELN).items()
        if all(e["typ"] != "kommune" for e in d.get("eingaben", {}).values())
    ]
    assert ohne_kommune
    for pid, _d in ohne_kommune:
        lauf = cli("check", pid, "--kommune", "Hofbieber")
        assert lauf.code == 2
        assert "Unbekannte Option --kommune" in lauf.err
        assert "fragt nach keiner einzelnen Kommune" in lauf.err
        assert "ozg-foerder uebersicht KOMMUNE" in lauf.err
        assert "Meinten Sie" not in lauf.err


def test_vertippte_option_nennt_die_bedeutung_des_vorschlags(cli):
    hilfe = MUSTER["eingaben"]["stellen"]["hilfe"].rstrip(".")
    lauf = cli("check", PROGRAMM, "--kommune", "Wetzlar", "--stelen", "2", *R)
    assert lauf.code == 2
    assert f"Meinten Sie --stellen ({hilfe})?" in " ".join(lauf.err.split())


def test_kommunen_findet_aehnliche_namen_wie_die_vorschlaege(cli):
    vorschlag = cli("uebersicht", "--kommune", "Hofbiber")
    assert vorschlag.code == 2 and "Hofbieber" in vorschlag.err
    lauf = cli("kommunen", "Hofbiber")
    assert lauf.code == 0
    assert "ähnliche Namen" in lauf.out and "Hofbieber" in lauf.out
    daten = json.loads(cli("kommunen", "Hofbiber", "--format", "json").out)
    assert [k["name"] for k in daten] == ["Hofbieber"]
    nichts = cli("kommunen", "Xyzzyqwv")
    assert "Keine Kommune gefunden" in nichts.out
    genau = json.loads(cli("kommunen", "Hofbieber", "--format", "json").out)
    assert [k["name"] for k in genau] == ["Hofbieber"]


def test_kommune_als_option_wo_sie_ein_argument_ist(cli):
    lauf = cli("plan", "--kommune", "Wanfried")
    assert lauf.code == 2
    assert "Die Kommune ist hier das erste Argument: ozg-foerder plan KOMMUNE" in lauf.err

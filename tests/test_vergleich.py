"""Regelstände vergleichen (Issue 9, Punkt 5): Zahlen und ihre Quellen, nicht YAML-Text."""

from __future__ import annotations

import json
import shutil
from datetime import date

from conftest import REGELN, yaml_laden
from ozg_foerder.regeln.katalog import kompiliere
from ozg_foerder.regeln.vergleich import GEAENDERT, NEU, UNBEKANNT, WEG, vergleiche

QUELLEN = {
    "alt": {"dokument": "Richtlinie", "abschnitt": "Ziff. 1", "zitat": "25.000 Euro"},
    "neu": {"dokument": "Richtlinie 2027", "abschnitt": "Ziff. 2", "zitat": "30.000 Euro"},
}
DATIERT = [
    {"ab": "2021-01-01", "wert": "25000", "quelle": "alt"},
    {"ab": "2027-01-01", "wert": "30000", "quelle": "neu"},
]


def _programm(**felder):
    return {"id": "p", "name": "Testprogramm", "quellen": QUELLEN, **felder}


def test_gleiche_verzeichnisse_ohne_unterschied():
    kompilat = kompiliere(REGELN)
    assert vergleiche(kompilat, kompilat) == []


def test_geaenderte_zahl_in_einer_kopie(tmp_path):
    """Eine Zahl der mitgelieferten Regeln in einer Kopie geändert: genau dieser Unterschied."""
    kopie = tmp_path / "rules"
    shutil.copytree(REGELN, kopie)
    datei, feld, alt = next(
        (p, f, yaml_laden(p.read_text(encoding="utf-8"))["betrag"][f])
        for p in sorted(kopie.glob("*.yaml"))
        for f in ("je_einheit", "hoechstens")
        if isinstance((yaml_laden(p.read_text(encoding="utf-8")).get("betrag") or {}).get(f), int)
    )
    text = datei.read_text(encoding="utf-8")
    assert text.count(f"  {feld}: {alt}\n") == 1
    datei.write_text(text.replace(f"  {feld}: {alt}\n", f"  {feld}: {alt + 5000}\n"), "utf-8")
    pid = yaml_laden(text)["id"]

    unterschiede = vergleiche(kompiliere(REGELN), kompiliere(kopie))

    assert [(u.programm, u.pfad, u.art) for u in unterschiede] == [
        (pid, f"betrag.{feld}", GEAENDERT)
    ]
    u = unterschiede[0]
    assert (int(u.alt), int(u.neu)) == (alt, alt + 5000)
    assert u.quellen_alt == u.quellen_neu and u.quellen_alt  # die Quellen des Betrags


def test_gleiche_zahl_anders_geschrieben_ist_kein_unterschied():
    a = {"p": _programm(betrag={"je_einheit": "25000"})}
    b = {"p": _programm(betrag={"je_einheit": "25000.00"})}
    assert vergleiche(a, b) == []


def test_kriterien_nach_id_nicht_nach_position():
    k1 = {"id": "eins", "grenze": "2"}
    k2 = {"id": "zwei", "grenze": "5"}
    a = {"p": _programm(kriterien=[k1, k2])}
    b = {"p": _programm(kriterien=[{**k2, "grenze": "6"}, k1])}
    assert [(u.pfad, u.alt, u.neu) for u in vergleiche(a, b)] == [
        ("kriterien[zwei].grenze", "5", "6")
    ]


def test_programm_neu_und_entfernt():
    a = {"p": _programm()}
    b = {"q": {**_programm(), "id": "q", "name": "Neues Programm"}}
    assert [(u.programm, u.art) for u in vergleiche(a, b)] == [("p", WEG), ("q", NEU)]


def test_datierter_wert_zwischen_zwei_stichtagen():
    kompilat = {"p": _programm(betrag={"je_einheit": DATIERT})}
    vorher, ab = date(2026, 12, 31), date(2027, 1, 1)

    unterschiede = vergleiche(kompilat, kompilat, stichtag_alt=vorher, stichtag_neu=ab)

    assert len(unterschiede) == 1
    u = unterschiede[0]
    assert (u.pfad, u.art, u.alt, u.neu) == ("betrag.je_einheit", GEAENDERT, "25000", "30000")
    assert u.quellen_alt == ("Richtlinie Ziff. 1",)
    assert u.quellen_neu == ("Richtlinie 2027 Ziff. 2",)
    # an zwei Tagen desselben Abschnitts: kein Unterschied
    assert vergleiche(kompilat, kompilat, stichtag_alt=date(2022, 1, 1), stichtag_neu=vorher) == []


def test_vor_dem_ersten_ab_ist_der_wert_unbekannt():
    kompilat = {"p": _programm(betrag={"je_einheit": DATIERT})}
    (u,) = vergleiche(
        kompilat, kompilat, stichtag_alt=date(2020, 6, 1), stichtag_neu=date(2021, 1, 1)
    )
    assert u.alt is UNBEKANNT and u.neu == "25000"


def test_verzeichnisse_mit_datierten_werten_je_abschnitt():
    a = {"p": _programm(betrag={"je_einheit": DATIERT[:1]})}
    b = {"p": _programm(betrag={"je_einheit": DATIERT})}
    (u,) = vergleiche(a, b)
    assert (u.pfad, u.art, u.neu, u.quellen_neu) == (
        "betrag.je_einheit ab 2027-01-01",
        NEU,
        "30000",
        ("Richtlinie 2027 Ziff. 2",),
    )


def test_befehl_vergleichen(cli, tmp_path):
    """Ende zu Ende: Exit 1 mit Unterschied (alt und neu nebeneinander), Exit 0 ohne, JSON."""
    kopie = tmp_path / "rules"
    shutil.copytree(REGELN, kopie)
    datei = next(
        p for p in sorted(kopie.glob("*.yaml")) if "\n  hoechstens: " in p.read_text("utf-8")
    )
    text = datei.read_text(encoding="utf-8")
    zeile = next(z for z in text.splitlines() if z.startswith("  hoechstens: "))
    alt = zeile.split(": ", 1)[1]
    datei.write_text(text.replace(zeile, f"  hoechstens: {int(alt) + 1}", 1), encoding="utf-8")

    lauf = cli("regeln", "vergleichen", REGELN, kopie)
    assert lauf.code == 1, lauf.err
    assert "betrag.hoechstens (geändert)" in lauf.out
    assert f"alt: {alt}\n" in lauf.out and f"neu: {int(alt) + 1}\n" in lauf.out
    assert lauf.out.rstrip().endswith("1 Unterschied.")

    daten = json.loads(cli("regeln", "vergleichen", REGELN, kopie, "--format", "json").out)
    assert daten["gleich"] is False
    assert [(u["pfad"], u["alt"], u["neu"]) for u in daten["unterschiede"]] == [
        ("betrag.hoechstens", alt, str(int(alt) + 1))
    ]

    gleich = cli("regeln", "vergleichen", REGELN, REGELN)
    assert (gleich.code, gleich.out.strip().splitlines()[-1]) == (0, "Keine Unterschiede.")


def test_befehl_vergleichen_braucht_zwei_staende(cli):
    lauf = cli("regeln", "vergleichen", REGELN)
    assert lauf.code == 2
    assert "Fehler: Zum Vergleichen zwei Regelverzeichnisse" in lauf.err
    falsch = cli(
        "regeln", "vergleichen", REGELN, "--stichtag-alt", "31.02.2026", "--stichtag-neu", "x"
    )
    assert falsch.code == 2 and "stichtag" in falsch.err


def test_fixture_mit_datierten_werten_zeigt_die_aenderung_an_ihrem_tag(cli):
    """Das erfundene Programm mit datiertem Satz und Deckel: am Tag vor und am Tag der neuen
    Stufe unterscheiden sich genau die datierten Zahlen, davor nichts (nur YAML, kein Python)."""

    fixture = REGELN.parent / "tests" / "fixtures" / "datiert"
    regel = yaml_laden(next(fixture.glob("*.yaml")).read_text(encoding="utf-8"))
    stufen = regel["betrag"]["satz"]
    neu_ab = stufen[-1]["ab"]
    vorher = neu_ab.fromordinal(neu_ab.toordinal() - 1)
    lauf = cli(
        "regeln", "vergleichen", fixture, "--stichtag-alt", vorher.isoformat(),
        "--stichtag-neu", neu_ab.isoformat(), "--format", "json",
    )  # fmt: skip
    assert lauf.code == 1, lauf.err
    geaendert = {u["pfad"]: (u["alt"], u["neu"]) for u in json.loads(lauf.out)["unterschiede"]}
    assert geaendert["betrag.satz"] == (str(stufen[-2]["wert"]), str(stufen[-1]["wert"]))
    deckel = regel["betrag"]["hoechstens"]
    assert geaendert["betrag.hoechstens"] == (str(deckel[-2]["wert"]), str(deckel[-1]["wert"]))
    ruhig = cli(
        "regeln", "vergleichen", fixture, "--stichtag-alt", stufen[-2]["ab"].isoformat(),
        "--stichtag-neu", vorher.isoformat(),
    )  # fmt: skip
    assert ruhig.code == 0, ruhig.out

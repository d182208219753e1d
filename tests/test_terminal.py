"""Ausgaben für Menschen am Terminal (Issue 13): Breite, Reihenfolge, Schlusszeilen, Hilfe.

Die Breite: 80 Spalten in eine Pipe (wie hier im Test), ``COLUMNS`` gilt. Umbrochen wird nur an
Wortgrenzen: schmale und breite Ausgabe haben dieselben Wörter in derselben Reihenfolge.
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import MINIMAL, REGELN, cli_argumente, faelle, regeldaten
from ozg_foerder.ausgabe.umbruch import umbrechen

STICHTAG = ("--stichtag", "14.03.2022")


def _pruefaufrufe() -> list[tuple[str, ...]]:
    """Je Programm der mitgelieferten Regeln sein erster Testfall als ``check``-Aufruf (aus der
    Regeldatei), einmal mit ``--erklaeren``."""
    aufrufe = []
    gesehen = set()
    programme = regeldaten(REGELN)
    for programm_id, fall in faelle(REGELN):
        argumente = cli_argumente(programme[programm_id], fall["eingaben"])
        if programm_id in gesehen or argumente is None:
            continue
        gesehen.add(programm_id)
        basis = ("check", programm_id, *argumente, "--stichtag", str(fall["stichtag"]))
        aufrufe += [basis, (*basis, "--erklaeren")]
    return aufrufe


BEFEHLE = [
    *_pruefaufrufe(),
    ("uebersicht", "Wanfried", *STICHTAG),
    ("uebersicht", "Wanfried"),
    ("fristen", *STICHTAG),
    ("fristen",),
    ("leistungen", *STICHTAG),
    ("regeln", "liste"),
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
    aufruf = _pruefaufrufe()[0]
    lauf = cli(*aufruf, env={"COLUMNS": "60"})
    for zeile in lauf.out.splitlines():  # länger nur ein einzelnes Wort, das nicht passt
        assert len(zeile) <= 60 or len(zeile.split()) == 1, zeile
    assert max(len(z) for z in lauf.out.splitlines()) > 40
    assert lauf.flach == cli(*aufruf).flach


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


MUSTER = regeldaten(MINIMAL)["musterfoerderung"]


@pytest.mark.parametrize("fall", MUSTER["testfaelle"], ids=lambda f: f["name"])
def test_das_ergebnis_steht_in_der_ersten_zeile(cli, fall):
    """Die erste Zeile: Ergebnis und Betrag (am erfundenen Programm, Werte aus seinen
    Testfällen)."""
    from decimal import Decimal

    from ozg_foerder.eingaben.werte import formatiere_betrag

    argumente = cli_argumente(MUSTER, fall["eingaben"])
    if argumente is None or fall["erwartet"].get("fehler"):
        pytest.skip("als Option nicht schreibbar")
    lauf = cli(
        "check", MUSTER["id"], *argumente, "--stichtag", str(fall["stichtag"]),
        "--regeln", MINIMAL,
    )  # fmt: skip
    erste = lauf.out.splitlines()[0]
    wort = {"foerderfaehig": "FÖRDERFÄHIG", "offen": "OFFEN"}
    erwartet = fall["erwartet"]
    assert erste.startswith(f"Ergebnis: {wort.get(erwartet['ergebnis'], 'NICHT FÖRDERFÄHIG')}")
    if erwartet.get("betrag") is not None:
        assert formatiere_betrag(Decimal(str(erwartet["betrag"]))) in erste
    # und noch einmal als letzter Absatz (die erste Zeile ist bei 24 Zeilen weggerollt)
    schluss = " ".join(lauf.out.strip().split("\n\n")[-1].split())
    assert schluss.startswith(erste) and lauf.flach.startswith(schluss)


def test_uebersicht_schliesst_mit_dem_was_noch_offen_ist(cli):
    """Die letzte Zeile nennt jedes Programm, das am Stichtag Geld oder Tage bringen kann –
    dieselben wie im JSON (möglich, mit Betrag oder Tagen)."""
    import json

    from ozg_foerder.api import katalog

    kurz = {p.id: p.kurzname for p in katalog().programme()}
    for stichtag in (STICHTAG, ("--stichtag", "2023-08-01"), ()):
        lauf = cli("uebersicht", "Wanfried", *stichtag)
        daten = json.loads(cli("uebersicht", "Wanfried", *stichtag, "--format", "json").out)
        schluss = " ".join(lauf.out.strip().split("\n\n")[-1].split())
        schluss = schluss.split(" noch offen: ")[1]
        for z in daten["programme"]:
            bringt = z["bis_zu"] is not None or (z["tage_verfuegbar"] or "0") not in ("0", "0.0")
            genannt = f"{kurz[z['programm']]} (" in schluss.split(" Ohne Antrag")[0]
            assert genannt is (z["ergebnis"] != "nicht_foerderfaehig" and bringt), (z, schluss)
    heute = cli("uebersicht", "Wanfried")
    assert "Heute noch offen:" in heute.flach
    frueher = cli("uebersicht", "Wanfried", *STICHTAG)
    assert "Am 14.03.2022 noch offen: " in frueher.flach
    assert "Heute" not in frueher.out


def test_fristen_passen_in_80_spalten_und_schliessen_mit_dem_offenen(cli):
    """Die letzte Zeile nennt die Programme, deren Frist am Stichtag läuft oder beginnt oder
    deren weiches Ende überschritten ist – dieselben wie im JSON."""
    import json

    from ozg_foerder.api import katalog

    kurz = {p.id: p.kurzname for p in katalog().programme()}
    alle = json.loads(cli("fristen", "--format", "json").out)["fristen"]
    tage = sorted({f[k] for f in alle for k in ("von", "bis") if f[k]})
    for stichtag in [*tage, "2019-06-01", "2031-01-01"]:
        lauf = cli("fristen", "--stichtag", stichtag)
        assert max(len(z) for z in lauf.out.splitlines()) <= 80
        daten = json.loads(cli("fristen", "--stichtag", stichtag, "--format", "json").out)[
            "fristen"
        ]
        schluss = lauf.flach.split(" noch offen: ")[-1]
        for pid, name in kurz.items():
            offen = any(
                f["status"] in ("laeuft", "beginnt")
                or (f["status"] == "abgelaufen" and f.get("weich"))
                for f in daten
                if f["programm"] == pid
            )
            assert (f"{name} (" in schluss) is offen, (stichtag, name, schluss)
    heute = cli("fristen")
    assert "Heute noch offen:" in heute.flach


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


@pytest.mark.parametrize("breite", ["80", "120"])
def test_batch_tabelle_ohne_leerzeichen_am_zeilenende(cli, breite):
    from conftest import DATEN

    lauf = cli("batch", DATEN / "beispiel_kommunen.csv", *STICHTAG, env={"COLUMNS": breite})
    assert lauf.code in (0, 1), lauf.err
    zeilen = lauf.out.splitlines()
    assert len(zeilen) > 10
    assert all(z == z.rstrip() for z in zeilen), [z for z in zeilen if z != z.rstrip()][:3]
    assert max(len(z) for z in zeilen) <= int(breite)


def test_batch_tabelle_in_80_spalten_schneidet_nichts_ab(cli):
    """Köpfe ganz (jedes Wort des Kurznamens), kein „…“, kein Betrag über zwei Zeilen."""
    import re

    from conftest import DATEN

    lauf = cli("batch", DATEN / "beispiel_kommunen.csv", *STICHTAG, env={"COLUMNS": "80"})
    tabelle = lauf.out.split("Regeln: Stand")[0]
    kopf = tabelle.split("─")[0]
    for daten in regeldaten(REGELN).values():
        for wort in daten["kurzname"].split():
            assert wort in kopf.split(), (wort, kopf)
    assert "…" not in tabelle
    zeilen = tabelle.splitlines()
    for i, zeile in enumerate(zeilen[:-1]):  # eine Zeile, die mit einer Zahl endet, und
        if re.search(r"[0-9]$", zeile):  # darunter nur ein „€“: ein umbrochener Betrag
            assert zeilen[i + 1].strip() != "€", zeilen[i : i + 2]
    assert not any(z.strip() == "€" for z in zeilen)


def _mit_kontingenten() -> list[tuple[str, dict]]:
    return [(pid, d) for pid, d in regeldaten(REGELN).items() if d.get("kontingente")]


def test_beratung_nennt_die_wahlen_aus_den_kontingenten(cli):
    """Je Kontingent der Regeldatei eine Wahl „Modul a oder b“ (bzw. „zusätzlich, wenn …“),
    die beste zuerst – nicht alle Module, als wären alle zu haben."""
    import json

    assert _mit_kontingenten()
    for pid, daten in _mit_kontingenten():
        anfang = min(
            date.fromisoformat(str(k["von"])) for k in daten["kontingente"] if k.get("von")
        )
        tag = date(anfang.year + 2, 3, 14).isoformat()  # alle Kontingente offen
        lauf = cli("check", pid, "Fulda", "--stichtag", tag)
        text = lauf.flach
        assert "Was die Kommune wählen kann (je Kontingent ein Modul)" in text
        d = json.loads(cli("check", pid, "Fulda", "--stichtag", tag, "--format", "json").out)
        offen = [
            k for k in daten["kontingente"]
            if date.fromisoformat(str(k.get("von") or "1900-01-01")) <= date.fromisoformat(tag)
            <= date.fromisoformat(str(k.get("bis") or "2999-12-31"))
        ]  # fmt: skip
        assert [w["kontingent"] for w in d["wahl"]] == [k["id"] for k in offen]
        for k, w in zip(offen, d["wahl"], strict=True):
            assert sorted(w["module"]) == sorted(k["module"])
            wahl = "Modul " + " oder ".join(map(str, w["module"]))
            if k.get("setzt_voraus_modul"):
                wahl += f" zusätzlich, wenn Modul {k['setzt_voraus_modul']} genommen"
            assert f"• {wahl} (Kontingent {k['id']} {k['name']}" in text, wahl
        beste = " + ".join("Modul " + " oder ".join(map(str, w["beste"])) for w in d["wahl"])
        assert f"Beste Wahl: {beste} = " in text
        assert lauf.out.index("Beste Wahl") < lauf.out.index("\nBeratungsmodule\n")


def test_uebersicht_nimmt_genutzte_module(cli):
    for pid, _daten in _mit_kontingenten():
        ohne = cli("uebersicht", "Fulda", *STICHTAG)
        mit = cli("uebersicht", "Fulda", *STICHTAG, "--genutzt", "1")
        check = cli("check", pid, "Fulda", *STICHTAG, "--genutzt", "1")
        assert mit.code == 0 and ohne.out != mit.out
        beste = next(z.strip() for z in check.out.splitlines() if "Beste Wahl" in z)
        assert beste in mit.flach  # dieselbe beste Wahl wie check mit --genutzt

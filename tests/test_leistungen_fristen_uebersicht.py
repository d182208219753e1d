"""leistungen, fristen, uebersicht: Zählungen, Status am Stichtag, Zeitleiste, eine Kommune."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from conftest import REGELN
from ozg_foerder.eingaben.leistungen import lade_buendel, status

BUENDEL = lade_buendel()


def test_27_buendel_mit_138_leistungen():
    assert len(BUENDEL) == 27
    assert sum(b.leistungen for b in BUENDEL) == 138
    assert [b.nr for b in BUENDEL] == list(range(1, 28))


def test_buendel_stehen_so_in_anlage_5():
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
    assert "138 von 321 Leistungen aus 27 Umsetzungsbündeln" in lauf.flach
    assert re.search(r"13\s+Mängelmelder\s+13\s+verfügbar", lauf.out)
    daten = json.loads(cli("leistungen", "--stichtag", "2021-01-01", "--format", "json").out)
    assert daten["leistungen_bereit"] == 138 and len(daten["buendel"]) == 27


def _d(wert) -> date | None:
    return (
        None
        if wert is None
        else (wert if isinstance(wert, date) else date.fromisoformat(str(wert)))
    )


def _erwartete_fristen() -> list[tuple[str, str, date | None, date | None]]:
    """(Programm, Text, von, bis) jeder Frist, wie die Regeldateien sie nennen."""
    from conftest import REGELN, regeldaten

    fristen = []
    for pid, d in regeldaten(REGELN).items():
        if d.get("gueltigkeit"):
            g = d["gueltigkeit"]
            fristen.append((pid, g["text"], _d(g.get("von")), _d(g.get("bis"))))
        for k in d.get("kriterien", []):
            if k["art"] == "zeitraum" and (k.get("von") or k.get("bis")):
                fristen.append((pid, k["text"], _d(k.get("von")), _d(k.get("bis"))))
            if k["art"] == "weiches_ende":  # ein Ende, nach dem die Bedingung offen ist
                fristen.append((pid, k["text"], None, _d(k.get("bis"))))
        for k in d.get("kontingente", []):
            module = " oder ".join(map(str, k["module"]))
            text = f"Beratungskontingent {k['id']} {k['name']} (Modul {module})"
            fristen.append((pid, text, _d(k.get("von")), _d(k.get("bis"))))
        for a in d.get("angebote", []):
            for f in a.get("finanzierung", []):
                if f.get("von") or f.get("bis"):
                    text = f"{f['traeger']}: {a['text']}"
                    fristen.append((pid, text, _d(f.get("von")), _d(f.get("bis"))))
        for t in d.get("termine", []):
            fristen.append((pid, t["text"], None, _d(t["datum"])))
    return fristen


def test_cli_fristen_json(cli):
    """Jede Frist der Regeldateien steht in fristen, mit Status und Tagen zum Stichtag."""
    from datetime import timedelta

    erwartet = _erwartete_fristen()
    daten = [d for d in erwartet if d[2] or d[3]]
    tage = sorted({t for _, _, von, bis in daten for t in (von, bis) if t})
    stichtage = {tage[0] - timedelta(days=1), tage[len(tage) // 2], tage[-1] + timedelta(days=1)}
    for tag in sorted(stichtage):
        liste = json.loads(cli("fristen", "--stichtag", tag.isoformat(), "--format", "json").out)[
            "fristen"
        ]
        ist = {(f["programm"], f["text"]): f for f in liste}
        assert len(ist) == len(liste) == len(erwartet)
        for programm, text, von, bis in erwartet:
            f = ist[(programm, text)]
            einzeln = von is None and bis is not None
            assert (f["von"], f["bis"]) == (
                None if einzeln or von is None else von.isoformat(),
                None if bis is None else bis.isoformat(),
            )
            if von is None and bis is None:
                assert (f["status"], f["tage"]) == ("ohne_frist", None)
            elif von is not None and tag < von:
                assert (f["status"], f["tage"]) == ("beginnt", (von - tag).days)
            elif bis is not None and tag > bis:
                assert (f["status"], f["tage"]) == ("abgelaufen", (tag - bis).days)
            else:
                assert f["status"] == "laeuft"
                assert f["tage"] == (None if bis is None else (bis - tag).days)
            assert f["quelle"]


def test_cli_fristen_zeitleiste(cli):
    from conftest import MINIMAL, regeldaten
    from ozg_foerder.eingaben.werte import formatiere_datum

    g = next(iter(regeldaten(MINIMAL).values()))["gueltigkeit"]
    von, bis = _d(g["von"]), _d(g["bis"])
    lauf = cli("fristen", "--stichtag", von.isoformat(), "--regeln", MINIMAL)
    assert lauf.code == 0
    assert f"Stichtag {formatiere_datum(von)}" in lauf.out
    # je Frist zwei Zeilen: die Bezeichnung, darunter Balken und Stand
    zeilen = lauf.out.splitlines()
    i = next(i for i, z in enumerate(zeilen) if z.startswith("  " + g["text"][:20]))
    zeile = zeilen[i + 1]
    assert "█" in zeile and ("┃" in zeile or "│" in zeile)
    assert f"läuft bis {formatiere_datum(bis)} (noch {(bis - von).days} Tage)" in zeile


def _vorschau(programm_id: str, kommune: str, stichtag: str):
    from ozg_foerder.api import katalog, pruefe

    p = katalog().programm(programm_id)
    roh = {n: kommune for n, e in p.eingaben.items() if e.typ == "kommune"}
    return p, pruefe(programm_id, roh, stichtag=stichtag, vorschau=True)


@pytest.mark.parametrize(
    ("kommune", "stichtag"),
    [("Gießen", "2022-03-14"), ("LK Gießen", "2023-08-01"), ("Wetzlar", "2024-06-03")],
)
def test_uebersicht_stimmt_mit_der_pruefung_ueberein(cli, kommune, stichtag):
    """Jede Zeile der Übersicht folgt aus der Prüfung des Programms mit dieser Kommune."""
    from conftest import REGELN, regeldaten
    from ozg_foerder.api import katalog
    from ozg_foerder.eingaben.werte import formatiere_betrag

    d = json.loads(
        cli("uebersicht", "--kommune", kommune, "--stichtag", stichtag, "--format", "json").out
    )
    text = cli("uebersicht", "--kommune", kommune, "--stichtag", stichtag).flach
    zeilen = {z["programm"]: z for z in d["programme"]}
    regeln = regeldaten(REGELN)
    assert list(zeilen) == [p.id for p in katalog().programme()]
    for programm_id, zeile in zeilen.items():
        p, e = _vorschau(programm_id, kommune, stichtag)
        gescheitert = {k.kriterium.id for k in e.kriterien if k.status == "nicht_erfuellt"}
        assert zeile["geschlossen"] is ("foerderzeitraum" in gescheitert)
        assert zeile["ergebnis"] == e.ergebnis
        assert zeile["betrag"] == (None if e.betrag is None else f"{e.betrag:.2f}")
        moeglich = e.ergebnis != "nicht_foerderfaehig"
        assert len(zeile["gruende"]) == len(gescheitert)
        formel = regeln[programm_id].get("betrag") or {}
        if moeglich and formel.get("hoechstens") is not None:
            bis_zu = Decimal(str(formel["hoechstens"]))
            assert zeile["bis_zu"] == f"{bis_zu:.2f}"
            assert f"bis zu {formatiere_betrag(bis_zu)}" in text
        hoechstmoeglich = p.formel.hoechstmoeglich() if p.formel is not None else None
        if moeglich and hoechstmoeglich is not None:
            assert zeile["bis_zu"] == f"{hoechstmoeglich:.2f}"
            assert f"bis zu {formatiere_betrag(hoechstmoeglich)}" in text
        else:
            assert zeile["bis_zu"] is None
        if e.tage_verfuegbar is not None:
            assert zeile["tage_verfuegbar"] == f"{e.tage_verfuegbar:.1f}"
        pflicht = [
            n for n, x in regeln[programm_id].get("eingaben", {}).items()
            if x.get("erforderlich") and x["typ"] != "kommune"
        ]  # fmt: skip
        for name in pflicht:  # Eingaben mit Namen (wie check), dazu ihre Optionen
            option = p.eingaben[name].schalter[0]
            assert any(
                f["eingabe"] == name and option in f["optionen"] and f["erforderlich"]
                for f in zeile["fehlende_angaben"]
            ), (programm_id, name)
            assert f"{option} (erforderlich)" in text
    stadt_und_kreis = kommune == "Gießen"  # Stadt und Landkreis gleichen Namens
    assert any("Landkreis Gießen" in h for h in d["hinweise"]) == stadt_und_kreis


def test_uebersicht_text_und_fehler(cli):
    lauf = cli("uebersicht", "--kommune", "Wetzlar", "--stichtag", "2022-03-14")
    assert lauf.code == 0 and "Übersicht für Wetzlar" in lauf.out
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
    from datetime import timedelta

    from ozg_foerder.api import katalog

    staende = [p.stand for p in katalog().programme()]
    spaeter = (max(staende) + timedelta(days=400)).isoformat()
    alt = cli("uebersicht", "--kommune", "Wetzlar", "--stichtag", spaeter)
    assert "mehr als ein Jahr vor dem Stichtag" in alt.flach
    neu = cli("uebersicht", "--kommune", "Wetzlar", "--stichtag", min(staende).isoformat())
    assert "mehr als ein Jahr" not in neu.out


def _zaehlung(text: str) -> dict[str, int]:
    """ "Fristen: 9 laufen, 1 beginnt, 1 ohne Frist." → {"laufen": 9, "beginnt": 1, …}"""
    zeile = " ".join(text.split()).split("Fristen: ")[1]
    teile = zeile.split(". ")[0].split(", ")
    return {t.split(" ", 1)[1]: int(t.split(" ", 1)[0]) for t in teile}


def test_fristen_warnen_vor_alten_zahlen_und_zaehlen_richtig(cli):
    """Die Zählung im Text stimmt mit den Fristen im JSON überein – für jedes Regelwerk."""
    from datetime import date, timedelta

    from ozg_foerder.api import katalog

    alle = json.loads(cli("fristen", "--format", "json").out)["fristen"]
    ende = max(date.fromisoformat(f["bis"]) for f in alle if f["bis"])
    nach_allem = (ende + timedelta(days=1)).isoformat()
    ohne = sum(1 for f in alle if f["status"] == "ohne_frist")
    datiert = len(alle) - ohne
    spaeter = max(p.stand for p in katalog().programme()) + timedelta(days=400)
    alt = cli("fristen", "--stichtag", max(spaeter, ende + timedelta(days=1)).isoformat())
    assert "mehr als ein Jahr vor dem Stichtag" in alt.flach
    assert _zaehlung(cli("fristen", "--stichtag", nach_allem).out) == {
        "abgelaufen": datiert,
        "ohne Frist": ohne,
    }
    assert _zaehlung(alt.out) == {"abgelaufen": datiert, "ohne Frist": ohne}
    stand = min(p.stand for p in katalog().programme())
    neu = cli("fristen", "--stichtag", stand.isoformat())
    assert "mehr als ein Jahr" not in neu.out
    am_stand = json.loads(cli("fristen", "--stichtag", stand.isoformat(), "--format", "json").out)[
        "fristen"
    ]
    assert sum(_zaehlung(neu.out).values()) == len(am_stand) == len(alle)
    laufen = sum(1 for f in am_stand if f["status"] == "laeuft")
    assert _zaehlung(neu.out).get("laufen", _zaehlung(neu.out).get("läuft")) == laufen
    knapp = cli("fristen", "--stichtag", "2022-12-30")
    assert "(noch 1 Tag)" in knapp.out and "(in 1 Tag)" in knapp.out


def test_leistungen_kennzeichnen_die_lesart_der_monate(cli):
    """Die Unterlagen nennen Monate; "ab dem Ersten" ist abgeleitet – und steht so da."""
    import json

    text = cli("leistungen", "--stichtag", "2022-03-14").out
    daten = json.loads(cli("leistungen", "--stichtag", "2022-03-14", "--format", "json").out)
    assert "(abgeleitet)" in daten["abgeleitet"]
    assert daten["abgeleitet"] in " ".join(text.split())

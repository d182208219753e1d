"""Die Gedächtnisse der Engine (Status je Wert, Betrag je Wert, Abschluss je Status-Folge) ändern
kein Ergebnis – auch nicht, wenn sich das Gedächtnis einer Prüfung abschaltet, weil sich die
Werte kaum wiederholen."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from ozg_foerder.api import katalog
from ozg_foerder.engine import programm as programm_modul
from ozg_foerder.engine.auswertung import werte_aus
from ozg_foerder.engine.programm import Programm

STICHTAG = date(2022, 3, 14)


def _frisch() -> Programm:
    """Ein eigenes IKZ-Programm (die Gedächtnisse des Katalogs bleiben unberührt)."""
    return Programm(katalog()._kompilate["ikz"]).am(STICHTAG)


def _ohne_gedaechtnis(p: Programm, werte: dict) -> tuple:
    """Das Ergebnis auf dem langen Weg: jede Prüfung, jede Rechnung neu."""
    ns = {**dict.fromkeys(p.eingaben), **werte, "stichtag": STICHTAG}
    betrag = p.formel.berechne(ns)  # type: ignore[union-attr]
    ns["zuwendung"] = betrag
    stati = tuple(k.bedingung.pruefe(ns) for k in p.kriterien)
    return stati, betrag


def _werte(zufall: random.Random, vielfalt: bool) -> dict:
    if vielfalt:
        einsparung = Decimal(zufall.randrange(10**9)) / 10**9
    else:
        einsparung = Decimal(zufall.randrange(30)) / 100
    return {
        "kommunen": zufall.choice([None, 1, 2, 5]),
        "einsparung": zufall.choice([None, einsparung]),
        "laufzeit_jahre": zufall.choice([None, 3, 5, 10]),
        "beschluss": zufall.choice([None, True, False]),
        "vereinbarung": zufall.choice([None, True, False]),
        "nur_it_investition": zufall.choice([None, True, False]),
    }


def _vergleiche(p: Programm, zufall: random.Random, vielfalt: bool, anzahl: int) -> None:
    for _ in range(anzahl):
        werte = _werte(zufall, vielfalt)
        e = werte_aus(p, werte, STICHTAG)
        stati, betrag = _ohne_gedaechtnis(p, werte)
        assert tuple(k.status for k in e.kriterien) == stati
        assert e.ns["zuwendung"] == betrag


def _schritt(p: Programm, kriterium: str) -> tuple:
    return p._pruefplan[[k.id for k in p.kriterien].index(kriterium)]


def test_gedaechtnis_einer_pruefung_schaltet_sich_bei_vielfalt_ab(monkeypatch):
    monkeypatch.setattr(programm_modul, "_GEMERKTE_WERTE", 50)
    monkeypatch.setattr(programm_modul, "_PROBE", 20)
    p = _frisch()
    merk = _schritt(p, "einsparung")[0]
    _vergleiche(p, random.Random(1), True, 400)
    pruefung = p.kriterien[[k.id for k in p.kriterien].index("einsparung")].bedingung.pruefe
    # abgeschaltet (die Prüfung selbst, ohne Probe) und geleert
    assert _schritt(p, "einsparung") == ({}, None, pruefung) and not merk
    assert _schritt(p, "beschluss")[1] == "beschluss"  # wenige Werte: bleibt
    _vergleiche(p, random.Random(2), True, 100)  # ohne Gedächtnis dieselben Ergebnisse


def test_gedaechtnis_einer_pruefung_bleibt_bei_wiederkehrenden_werten(monkeypatch):
    monkeypatch.setattr(programm_modul, "_GEMERKTE_WERTE", 20)
    monkeypatch.setattr(programm_modul, "_PROBE", 50)
    p = _frisch()
    merk, name, merke = _schritt(p, "einsparung")
    # None oder einer von 30 Werten, 20 davon gemerkt: vier von fünf Fragen treffen
    proben = 0
    zufall = random.Random(3)
    for _ in range(60):
        _vergleiche(p, zufall, False, 50)
        proben += _schritt(p, "einsparung")[0] is not merk
    assert proben and len(merk) == 20  # geprobt wurde, das Gedächtnis blieb …
    for _ in range(50):  # … und nach der Probe wird wieder nachgeschlagen
        if _schritt(p, "einsparung")[0] is merk:
            break
        _vergleiche(p, zufall, False, 1)
    assert _schritt(p, "einsparung") == (merk, name, merke)

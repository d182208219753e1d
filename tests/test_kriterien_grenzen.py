"""Voraussetzungen an ihren Grenzen, für jedes Programm über die Python-API.

Die Grenzen (mindestens 2 Kommunen, 15 % Einsparung, …) liest der Test aus der Regeldatei: genau
an der Grenze ist eine Voraussetzung erfüllt, knapp darunter nicht; ein "muss ja" ist mit nein
nicht erfüllt und ohne Angabe offen; ein Ausschlussgrund ohne Angabe ist nie offen; fehlende
Pflichtangaben und unbekannte Eingaben sind Eingabefehler; nach einem Jahr warnt der Hinweis auf
alte Zahlen. (Früher stand das für IKZ mit festen Zahlen in tests/test_ikz.py.)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import MINIMAL, REGELN, regeldaten
from ozg_foerder import EingabeFehler, pruefe
from ozg_foerder.engine.programm import plus_ein_jahr

PROGRAMME = [(v, d) for v in (REGELN, MINIMAL) for d in regeldaten(v).values()]
SCHRITT = {"ganzzahl": Decimal(1), "anteil": Decimal("0.0001"), "betrag": Decimal("0.01")}


def _datum(wert) -> date:
    return wert if isinstance(wert, date) else date.fromisoformat(str(wert))


def _grundfall(daten: dict) -> tuple[dict, date] | None:
    fall = next(
        (f for f in daten["testfaelle"] if f["erwartet"].get("ergebnis") == "foerderfaehig"), None
    )
    return None if fall is None else (dict(fall["eingaben"]), _datum(fall["stichtag"]))


def _kriterien(*arten: str) -> list:
    return [
        pytest.param(v, d, k, id=f"{d['id']}:{k['id']}")
        for v, d in PROGRAMME
        for k in d.get("kriterien", [])
        if k["art"] in arten and _grundfall(d) is not None and k["wert"] in d.get("eingaben", {})
    ]


def _status(verzeichnis, daten, eingaben, stichtag, kriterium) -> tuple[str, str]:
    e = pruefe(daten["id"], eingaben, stichtag=stichtag, regeln=verzeichnis)
    return {k.kriterium.id: k.status for k in e.kriterien}[kriterium["id"]], e.ergebnis


def _zahl(wert) -> Decimal | None:
    if isinstance(wert, bool) or not isinstance(wert, int | float | str | Decimal):
        return None  # Verweis auf einen anderen Wert oder ein Datum
    return Decimal(str(wert))


def test_es_gibt_grenzen_zu_pruefen():
    assert {p.values[2]["art"] for p in _kriterien("minimum", "muss_ja")} == {"minimum", "muss_ja"}


@pytest.mark.parametrize(("verzeichnis", "daten", "kriterium"), _kriterien("minimum", "maximum"))
def test_genau_an_der_grenze_erfuellt_knapp_daneben_nicht(verzeichnis, daten, kriterium):
    grenze = _zahl(kriterium["grenze"])
    eingabe = daten["eingaben"][kriterium["wert"]]
    if grenze is None or eingabe["typ"] not in SCHRITT:
        pytest.skip("Grenze ist ein Verweis oder ein Datum")
    eingaben, stichtag = _grundfall(daten)
    schritt = SCHRITT[eingabe["typ"]]
    daneben = grenze - schritt if kriterium["art"] == "minimum" else grenze + schritt
    weiter = grenze + 10 * schritt if kriterium["art"] == "minimum" else grenze - 10 * schritt

    def lies(wert):
        return int(wert) if eingabe["typ"] == "ganzzahl" else wert

    for wert, erwartet in ((grenze, "erfuellt"), (weiter, "erfuellt"), (daneben, "nicht_erfuellt")):
        if eingabe.get("min") is not None and wert < Decimal(str(eingabe["min"])):
            continue
        if eingabe.get("max") is not None and wert > Decimal(str(eingabe["max"])):
            continue
        roh = {**eingaben, kriterium["wert"]: lies(wert)}
        status, ergebnis = _status(verzeichnis, daten, roh, stichtag, kriterium)
        assert status == erwartet, (wert, status)
        if erwartet == "nicht_erfuellt":
            assert ergebnis == "nicht_foerderfaehig"


@pytest.mark.parametrize(("verzeichnis", "daten", "kriterium"), _kriterien("muss_ja"))
def test_muss_ja_mit_nein_nicht_erfuellt_ohne_angabe_offen(verzeichnis, daten, kriterium):
    eingaben, stichtag = _grundfall(daten)
    nein = {**eingaben, kriterium["wert"]: False}
    assert _status(verzeichnis, daten, nein, stichtag, kriterium) == (
        "nicht_erfuellt",
        "nicht_foerderfaehig",
    )
    ohne = {n: w for n, w in eingaben.items() if n != kriterium["wert"]}
    e = pruefe(daten["id"], ohne, stichtag=stichtag, regeln=verzeichnis)
    assert {k.kriterium.id: k.status for k in e.kriterien}[kriterium["id"]] == "offen"
    assert e.ergebnis == "offen"
    if daten.get("betrag"):
        assert e.betrag is not None  # offen heißt: der Betrag gilt, wenn es erfüllt ist


@pytest.mark.parametrize(("verzeichnis", "daten", "kriterium"), _kriterien("ausschluss_wenn_ja"))
def test_ausschlussgrund_schliesst_aus_und_ist_ohne_angabe_nie_offen(verzeichnis, daten, kriterium):
    eingaben, stichtag = _grundfall(daten)
    ja = {**eingaben, kriterium["wert"]: "ja"}
    e = pruefe(daten["id"], ja, stichtag=stichtag, regeln=verzeichnis)
    assert e.ergebnis == "nicht_foerderfaehig" and e.betrag is None
    ohne = {n: w for n, w in eingaben.items() if n != kriterium["wert"]}
    assert _status(verzeichnis, daten, ohne, stichtag, kriterium) == ("erfuellt", "foerderfaehig")


@pytest.mark.parametrize(
    ("verzeichnis", "daten"),
    [pytest.param(v, d, id=d["id"]) for v, d in PROGRAMME if _grundfall(d) is not None],
)
def test_pflichtangaben_und_unbekannte_eingaben_sind_eingabefehler(verzeichnis, daten):
    eingaben, stichtag = _grundfall(daten)
    for name, e in daten["eingaben"].items():
        if e.get("erforderlich"):
            ohne = {n: w for n, w in eingaben.items() if n != name}
            with pytest.raises(EingabeFehler) as fehler:
                pruefe(daten["id"], ohne, stichtag=stichtag, regeln=verzeichnis)
            assert fehler.value.feld == name
    unbekannt = f"{next(iter(daten['eingaben']))}_unbekannt"
    with pytest.raises(EingabeFehler) as fehler:
        pruefe(daten["id"], {**eingaben, unbekannt: "1"}, stichtag=stichtag, regeln=verzeichnis)
    assert fehler.value.feld == unbekannt


@pytest.mark.parametrize(
    ("verzeichnis", "daten"),
    [pytest.param(v, d, id=d["id"]) for v, d in PROGRAMME if _grundfall(d) is not None],
)
def test_stand_aelter_als_ein_jahr_gibt_hinweis(verzeichnis, daten):
    from datetime import timedelta

    from ozg_foerder.ausgabe.text import hinweise

    eingaben, _ = _grundfall(daten)
    grenze = plus_ein_jahr(_datum(daten["stand"]))
    frisch = pruefe(daten["id"], eingaben, stichtag=grenze, regeln=verzeichnis)
    alt = pruefe(daten["id"], eingaben, stichtag=grenze + timedelta(days=1), regeln=verzeichnis)
    assert not any("aktuelle Förderrichtlinie" in h for h in hinweise(frisch))
    assert any("aktuelle Förderrichtlinie" in h for h in hinweise(alt))

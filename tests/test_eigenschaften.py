"""Eigenschaften der Engine, geprüft mit hypothesis an vielen zufälligen Eingaben.

Beträge überschreiten nie ihre Obergrenze und sind nie negativ; ein Betrag je Einheit sinkt nie,
wenn eine Einheit dazukommt, und ist genau min(je Einheit × n, Obergrenze); ein Anteil der Kosten
ist genau der gerundete Anteil, gedeckelt; Beratungstage bleiben in ihren Kontingenten; das
Ergebnis folgt aus den Kriterien; Cent-Beträge bleiben exakt; deutsche Zahlen überstehen
Formatieren und Wiederlesen.

Die Zahlen (Betrag je Einheit, Satz, Obergrenzen, Module) liest jeder Test aus den Regeldateien –
der mitgelieferten und der des erfundenen Testprogramms –, nie aus dem Python-Code.
"""

from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, REGELN, beispiele, regeldaten
from ozg_foerder.api import katalog, pruefe
from ozg_foerder.eingaben.werte import (
    CENT,
    formatiere_anteil,
    formatiere_betrag,
    formatiere_datum,
    lies_anteil,
    lies_betrag,
    lies_datum,
)
from ozg_foerder.engine.auswertung import werte_aus

cent_betraege = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("999999999.99"), places=2, allow_nan=False
)
EINIGE = settings(max_examples=beispiele(150), deadline=None)
RUNDUNG = {"abrunden": ROUND_DOWN, "kaufmaennisch": ROUND_HALF_UP, "aufrunden": ROUND_UP}

PROGRAMME = [(v, d) for v in (REGELN, MINIMAL) for d in regeldaten(v).values()]


def _datum(wert) -> date:
    return wert if isinstance(wert, date) else date.fromisoformat(str(wert))


def _grundfall(daten: dict) -> tuple[dict, date]:
    """Eingaben und Stichtag des ersten förderfähigen Testfalls der Regeldatei."""
    fall = next(f for f in daten["testfaelle"] if f["erwartet"].get("ergebnis") == "foerderfaehig")
    return dict(fall["eingaben"]), _datum(fall["stichtag"])


def _mit_formel(art: str) -> list:
    gefunden = [
        pytest.param(v, d, id=d["id"])
        for v, d in PROGRAMME
        if (d.get("betrag") or {}).get("art") == art
    ]
    assert gefunden or art != "pro_einheit"  # das Testprogramm rechnet je Einheit
    return gefunden


def _zahl(wert) -> Decimal | None:
    return None if wert is None else Decimal(str(wert))


@pytest.mark.parametrize(("verzeichnis", "daten"), _mit_formel("pro_einheit"))
@EINIGE
@given(data=st.data())
def test_betrag_je_einheit_genau_gedeckelt_und_nie_weniger_mit_mehr(verzeichnis, daten, data):
    formel = daten["betrag"]
    einheit = daten["eingaben"][formel["einheit"]]
    n = data.draw(
        st.integers(min_value=einheit.get("min", 0), max_value=einheit.get("max", 999) - 1)
    )
    eingaben, stichtag = _grundfall(daten)
    jetzt = pruefe(
        daten["id"], {**eingaben, formel["einheit"]: n}, stichtag=stichtag, regeln=verzeichnis
    )
    mehr = pruefe(
        daten["id"], {**eingaben, formel["einheit"]: n + 1}, stichtag=stichtag, regeln=verzeichnis
    )
    je, hoechstens = _zahl(formel["je_einheit"]), _zahl(formel.get("hoechstens"))
    betrag_jetzt = jetzt.betrag or Decimal(0)
    assert Decimal(0) <= betrag_jetzt and (hoechstens is None or betrag_jetzt <= hoechstens)
    if jetzt.betrag is not None:
        assert jetzt.betrag == min(je * n, hoechstens if hoechstens is not None else je * n)
        assert jetzt.betrag.as_tuple().exponent == -2  # auf den Cent, wie "50000.00"
        assert mehr.betrag is not None and mehr.betrag >= jetzt.betrag


@pytest.mark.parametrize(("verzeichnis", "daten"), _mit_formel("anteil_kosten"))
@EINIGE
@given(kosten=cent_betraege)
def test_anteil_der_kosten_genau_gerundet_und_gedeckelt(verzeichnis, daten, kosten):
    formel = daten["betrag"]
    eingaben, stichtag = _grundfall(daten)
    e = pruefe(
        daten["id"], {**eingaben, formel["kosten"]: kosten}, stichtag=stichtag, regeln=verzeichnis
    )
    rundung = RUNDUNG[formel.get("rundung", "kaufmaennisch")]
    erwartet = (kosten * _zahl(formel["satz"])).quantize(CENT, rounding=rundung)
    if formel.get("hoechstens") is not None:
        erwartet = min(erwartet, _zahl(formel["hoechstens"]))
    if e.ergebnis == "nicht_foerderfaehig":
        assert e.betrag is None
        return
    assert e.betrag == erwartet
    assert e.betrag.as_tuple().exponent == -2
    als_text = pruefe(
        daten["id"], {**eingaben, formel["kosten"]: formatiere_betrag(kosten)},
        stichtag=stichtag, regeln=verzeichnis,
    )  # fmt: skip
    assert (als_text.betrag, als_text.ergebnis) == (e.betrag, e.ergebnis)


@pytest.mark.parametrize(("verzeichnis", "daten"), _mit_formel("hoechstbetrag"))
@EINIGE
@given(data=st.data(), antrag=st.one_of(st.none(), cent_betraege))
def test_nie_ueber_dem_hoechstbetrag(verzeichnis, daten, data, antrag):
    formel = daten["betrag"]
    eingaben, stichtag = _grundfall(daten)
    staffel = {k: _zahl(v) for k, v in (formel.get("staffel") or {}).items()}
    nach = data.draw(st.sampled_from([None, *staffel]))
    tag = data.draw(
        st.dates(
            min_value=stichtag - timedelta(days=2000), max_value=stichtag + timedelta(days=2000)
        )
    )
    roh = {**eingaben}
    for name, wert in ((formel.get("nach"), nach), (formel.get("antrag"), antrag)):
        if name:
            roh.pop(name, None)
            if wert is not None:
                roh[name] = wert
    e = pruefe(daten["id"], roh, stichtag=tag, regeln=verzeichnis)
    if e.betrag is None:
        assert e.ergebnis == "nicht_foerderfaehig"
        return
    obergrenze = staffel[nach] if nach is not None else _zahl(formel["ohne_angabe"])
    assert Decimal(0) <= e.betrag <= obergrenze
    if antrag is not None and formel.get("antrag"):
        assert e.betrag <= antrag


def _mit_modulen() -> list:
    return [pytest.param(v, d, id=d["id"]) for v, d in PROGRAMME if d.get("module")]


def _zuordenbar(genutzt: list[int], kontingente: list[dict]) -> bool:
    """Lässt sich jedes genutzte Modul einem eigenen Kontingent zuordnen, das es enthält?"""
    return any(
        all(m in k["module"] for m, k in zip(genutzt, auswahl, strict=False))
        for auswahl in permutations(kontingente, len(genutzt))
    )


@pytest.mark.parametrize(("verzeichnis", "daten"), _mit_modulen())
@EINIGE
@given(data=st.data(), spaeter=st.integers(min_value=0, max_value=2000))
def test_beratungstage_begrenzt_und_nie_mehr_an_einem_spaeteren_tag(
    verzeichnis, daten, data, spaeter
):
    from ozg_foerder.eingaben.werte import EingabeFehler

    nummern = [m["nr"] for m in daten["module"]]
    tage = {m["nr"]: _zahl(m["tage"]) for m in daten["module"]}
    kontingente = daten["kontingente"]
    beginn = min(_datum(k["von"]) for k in kontingente)
    ende = max(_datum(k["bis"]) for k in kontingente)
    genutzt = data.draw(st.lists(st.sampled_from(nummern), unique=True, max_size=len(nummern)))
    stichtag = data.draw(st.dates(min_value=beginn, max_value=ende + timedelta(days=700)))
    # jedes Kontingent fördert ein Modul: mehr Tage als die größten je Kontingent gibt es nie
    hoechstens = sum(max(tage[m] for m in k["module"]) for k in kontingente)
    eingabe = next(n for n, e in daten["eingaben"].items() if e["typ"] == "module")
    p = katalog(verzeichnis).programm(daten["id"])
    try:
        jetzt = werte_aus(p, {eingabe: tuple(genutzt)}, stichtag)
    except EingabeFehler:
        assert not _zuordenbar(genutzt, kontingente)
        return
    assert _zuordenbar(genutzt, kontingente)
    danach = werte_aus(p, {eingabe: tuple(genutzt)}, stichtag + timedelta(days=spaeter))
    vorher = werte_aus(p, {eingabe: tuple(genutzt)}, beginn - timedelta(days=1))
    assert vorher.tage_verfuegbar == 0 and vorher.ergebnis == "nicht_foerderfaehig"
    assert Decimal(0) <= jetzt.tage_verfuegbar <= hoechstens
    assert danach.tage_verfuegbar <= jetzt.tage_verfuegbar
    assert (jetzt.tage_verfuegbar > 0) == (jetzt.ergebnis == "foerderfaehig")
    genutzte_tage = sum(m.modul.tage for m in jetzt.module if m.status == "genutzt")
    assert jetzt.tage_verfuegbar + genutzte_tage <= hoechstens


@pytest.mark.parametrize(
    ("verzeichnis", "daten"),
    [pytest.param(v, d, id=d["id"]) for v, d in PROGRAMME if d.get("kriterien")],
)
@EINIGE
@given(data=st.data())
def test_ergebnis_folgt_aus_den_kriterien(verzeichnis, daten, data):
    """Teile eines Testfalls, Schalter zufällig ja, nein oder nicht angegeben."""
    faelle = [f for f in daten["testfaelle"] if not f["erwartet"].get("fehler")]
    fall = data.draw(st.sampled_from(faelle))
    roh = {n: w for n, w in fall["eingaben"].items() if data.draw(st.booleans())}
    for name, e in daten["eingaben"].items():
        if e["typ"] == "ja_nein":
            roh[name] = data.draw(st.sampled_from([None, True, False]))
    for name, e in daten["eingaben"].items():
        if e.get("erforderlich") and name in fall["eingaben"]:
            roh[name] = fall["eingaben"][name]
    e = pruefe(
        daten["id"], {k: v for k, v in roh.items() if v is not None},
        stichtag=_datum(fall["stichtag"]), regeln=verzeichnis,
    )  # fmt: skip
    stati = {k.status for k in e.kriterien}
    if "nicht_erfuellt" in stati:
        assert e.ergebnis == "nicht_foerderfaehig" and e.betrag is None
    elif "offen" in stati:
        assert e.ergebnis == "offen"
    else:
        assert e.ergebnis == "foerderfaehig"
    if daten.get("betrag") and e.ergebnis != "nicht_foerderfaehig":
        assert e.betrag is not None
    ausschluesse = {k["id"] for k in daten["kriterien"] if k["art"] == "ausschluss_wenn_ja"}
    assert not ausschluesse & {k.kriterium.id for k in e.offen}


@settings(max_examples=beispiele(300), deadline=None)
@given(wert=cent_betraege)
def test_betrag_formatieren_und_wieder_lesen(wert):
    text = formatiere_betrag(wert)
    assert lies_betrag(text, "x") == wert
    assert lies_betrag(text.replace(" €", ""), "x") == wert


@settings(max_examples=beispiele(300), deadline=None)
@given(wert=st.decimals(min_value=0, max_value=1, places=4))
def test_anteil_formatieren_und_wieder_lesen(wert):
    assert lies_anteil(formatiere_anteil(wert), "x") == wert
    if wert < 1:  # eine nackte 1 ist mehrdeutig (1 % oder 100 %?) und wird abgelehnt
        assert lies_anteil(str(wert).replace(".", ","), "x") == wert


@settings(max_examples=beispiele(300), deadline=None)
@given(tag=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_datum_formatieren_und_wieder_lesen(tag):
    assert lies_datum(formatiere_datum(tag), "x") == tag
    assert lies_datum(tag.isoformat(), "x") == tag


@settings(max_examples=beispiele(300), deadline=None)
@given(wert=st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_excel_float_betraege_sind_cent_genau_oder_werden_abgelehnt(wert):
    from ozg_foerder.eingaben.werte import EingabeFehler

    try:
        betrag = lies_betrag(wert, "x")
    except EingabeFehler:
        return
    assert betrag.as_tuple().exponent >= -2 or betrag == betrag.quantize(CENT)
    assert abs(float(betrag) - wert) < 0.005 + abs(wert) * 1e-12


_ANTEIL_TEXTE = st.builds(
    lambda ganz, bruch, trenner, prozent: ganz + (trenner + bruch if bruch else "") + prozent,
    st.text("0123456789", min_size=1, max_size=17),
    st.text("0123456789", max_size=17),
    st.sampled_from([",", "."]),
    st.sampled_from(["", "%", " %", "\u00a0%", "  %"]),
)


@settings(max_examples=beispiele(300), deadline=None)
@given(_ANTEIL_TEXTE)
def test_anteil_kurzer_weg_wie_langer_weg(text):
    """Die häufigen Schreibweisen liest lies_anteil ohne Umweg – mit demselben Ergebnis (auch
    derselben Schreibweise der Dezimalzahl) und denselben Meldungen wie der lange Weg."""
    from ozg_foerder.eingaben.werte import EingabeFehler, _lies_anteil

    try:
        lang = _lies_anteil(text, "x")
    except EingabeFehler as fehler:
        with pytest.raises(EingabeFehler) as kurz:
            lies_anteil(text, "x")
        assert kurz.value.meldung() == fehler.meldung()
        return
    kurz = lies_anteil(text, "x")
    assert (kurz, str(kurz)) == (lang, str(lang))

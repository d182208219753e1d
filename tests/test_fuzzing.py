"""Fuzzing der Eingabeleser und der Kommandozeile: jedes Ergebnis ist ein Wert oder ein sauberer
Eingabefehler (Exit 2), nie eine unbehandelte Ausnahme oder ein Traceback."""

import io
import json
from contextlib import redirect_stderr, redirect_stdout, suppress

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REGELN, beispiele, regeldaten
from ozg_foerder.api import katalog
from ozg_foerder.cli import app as cli_modul
from ozg_foerder.eingaben.kommunen import verzeichnis
from ozg_foerder.eingaben.werte import (
    EingabeFehler,
    lies_anteil,
    lies_betrag,
    lies_datum,
    lies_ganzzahl,
    lies_ja_nein,
)

VIEL = settings(
    max_examples=beispiele(400), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Zeichen, die in deutschen Zahlen, Daten und Listen vorkommen – häufiger als bloßer Zufall.
typisch = st.text(alphabet="0123456789.,;|%€ -+eE\u00a0/x:()", max_size=30)
zufall = st.one_of(
    st.text(max_size=60),
    typisch,
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
riesig = st.integers(min_value=10_000, max_value=200_000).map(lambda n: "9" * n)


@VIEL
@given(roh=zufall)
def test_leser_geben_wert_oder_eingabefehler(roh):
    for leser in (lies_betrag, lies_anteil, lies_datum, lies_ganzzahl, lies_ja_nein):
        try:
            leser(roh, "feld")
        except EingabeFehler as fehler:
            assert fehler.feld == "feld"
            assert fehler.meldung()


@settings(max_examples=beispiele(5), deadline=None)
@given(roh=riesig)
def test_riesige_zahlen_sind_eingabefehler_oder_wert(roh):
    for leser in (lies_betrag, lies_anteil, lies_ganzzahl):
        with suppress(EingabeFehler):
            leser(roh, "feld")


EINGABEN = [
    (p.id, e) for p in katalog().programme() for e in p.eingaben.values() if e.typ != "kommune"
]


@VIEL
@given(roh=zufall, index=st.integers(min_value=0, max_value=len(EINGABEN) - 1))
def test_eingaben_aller_programme(roh, index):
    _, eingabe = EINGABEN[index]
    try:
        eingabe.lies(roh)
    except EingabeFehler as fehler:
        assert fehler.meldung()


@settings(max_examples=beispiele(300), deadline=None)
@given(roh=st.one_of(st.text(max_size=80), typisch, st.integers(), st.floats(allow_nan=False)))
def test_kommunensuche(roh):
    try:
        kommune, _ = verzeichnis().suche(roh)
    except EingabeFehler as fehler:
        assert fehler.meldung()
    else:
        assert len(kommune.ags) == 8


def _lauf(argumente: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            cli_modul.main(argumente)
        except SystemExit as ende:
            return ende.code, out.getvalue(), err.getvalue()
    raise AssertionError("main() endet immer mit SystemExit")


def _optionen_mit_wert(programm: dict) -> list[str]:
    """Die Optionen eines Programms, die einen Wert nehmen (aus seiner Regeldatei)."""
    from ozg_foerder.eingaben.definition import standard_option

    optionen = []
    for name, e in programm.get("eingaben", {}).items():
        werte = e.get("werte") or {}
        schalter = e["typ"] == "ja_nein" or (
            e["typ"] == "auswahl" and werte and all(w.get("option") for w in werte.values())
        )
        if not schalter:
            optionen.append(e.get("option") or standard_option(name))
    return [*optionen, "--stichtag"]


OPTIONEN = {p: _optionen_mit_wert(d) for p, d in regeldaten(REGELN).items()}
wert = st.one_of(typisch, st.text(max_size=20).filter(lambda t: not t.startswith("-")))


@settings(max_examples=beispiele(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    programm=st.sampled_from(sorted(OPTIONEN)),
    daten=st.data(),
)
def test_check_mit_zufaelligen_werten_nie_ein_traceback(programm, daten):
    optionen = OPTIONEN[programm]
    gewaehlt = daten.draw(st.lists(st.sampled_from(optionen), unique=True, max_size=len(optionen)))
    argumente = ["check", programm]
    for option in gewaehlt:
        argumente += [option, daten.draw(wert)]
    code, out, err = _lauf([*argumente, "--format", "json"])
    assert code in (0, 1, 2), (argumente, code, err)
    assert "Traceback" not in err
    if code == 2:  # im JSON-Modus: der Fehler als JSON auf stdout, der Text auf stderr
        assert err.startswith("Fehler: ")
        fehler = json.loads(out)["fehler"]
        from ozg_foerder.eingaben.sichtbar import sichtbar  # stderr zeigt Steuerzeichen

        assert fehler["exit"] == 2 and sichtbar(fehler["meldung"]) in err
    else:
        assert out.startswith("{") and err == ""

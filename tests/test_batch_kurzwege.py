"""Die Kurzwege der Zeilenauswertung (:mod:`ozg_foerder.batch.auswertung`) entscheiden wie der
lange Weg daneben: leere Zeilen, Summenzeilen, gelesene Zellen (EingabeDef.leser wie lies)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import beispiele
from ozg_foerder.api import katalog
from ozg_foerder.batch import werte_datei_aus
from ozg_foerder.batch.auswertung import _ERSTE_ZEICHEN, Auswerter, ist_summenzeile
from ozg_foerder.batch.quelle_basis import FormelOhneWert, ist_leer_zelle
from ozg_foerder.eingaben.werte import EingabeFehler

STICHTAG = "2022-03-14"
KOPF = ["kommune", "kommunen", "einsparung", "laufzeit_jahre", "beschluss", "vereinbarung"]


@pytest.fixture(scope="module")
def auswerter(tmp_path_factory: pytest.TempPathFactory) -> Auswerter:
    pfad: Path = tmp_path_factory.mktemp("kurzwege") / "liste.csv"
    pfad.write_text(";".join(KOPF) + "\nWetzlar;2;18 %;5;ja;ja\n", encoding="utf-8")
    return werte_datei_aus(pfad, programme=["ikz"], stichtag=STICHTAG).beginne(lambda _: None)


def _langer_weg(zellen: list) -> str | None:
    """Wie _vorbereitet vor dem Kurzweg: ``"leer"``, der Text einer Summenzeile oder ``None``."""
    try:
        leer = not "".join(zellen).strip()
    except TypeError:
        leer = all(ist_leer_zelle(zelle) for zelle in zellen)
    if leer:
        return "leer"
    erste = zellen[0]
    if erste.__class__ is not str or not erste or erste[0] in _ERSTE_ZEICHEN:
        return ist_summenzeile(zellen)
    return None


ZELLEN = st.one_of(
    st.sampled_from(
        [
            *("", " ", " \t", "\u00a0", "Summe", "summe:", "SUMME 2023", " Summe", "Gesamt"),
            *("Insgesamt", "Σ", "∑ alle", "Summenzeile", "Totalschaden", "1", "12.5", "06532018"),
            *("Wetzlar", "Braunfels", "Gießen", "zwischensumme", "Endsumme:", "x"),
            *(None, 0, 1, 2.5, True),
        ]
    ),
    st.builds(FormelOhneWert, st.sampled_from(["=SUMME(A1:A3)", " "]), st.just("A2")),
    st.text(max_size=4),
)


@settings(max_examples=beispiele(2000), deadline=None)
@given(st.lists(ZELLEN, max_size=7))
def test_leer_und_summenzeile_wie_der_lange_weg(auswerter, zellen):
    hinweise = len(auswerter.hinweise)
    z = auswerter._vorbereitet(7, list(zellen), melden=True)
    erwartet = _langer_weg(list(zellen))
    if erwartet is None:
        assert z is not None
    elif erwartet == "leer":
        assert z is None and len(auswerter.hinweise) == hinweise
    else:
        assert z is None and f"(„{erwartet}“)" in auswerter.hinweise[-1]


ROHWERTE = st.one_of(
    st.sampled_from(
        [
            *("", " ", "0", "1", "18", "18 %", "18%", "0,18", "0.18", "100 %", "101 %", "1,0"),
            *("0,000", "12,5 %", "ja", "nein", "x", "14.03.2022", "2022-03-14", "1.500,00 €"),
            *("-1", "abc", "1e3", "99", "442", "443", "10.000", "∞", "½"),
            *(None, 0, 1, 2.5, 0.18, True, -3, 1e20),
        ]
    ),
    st.text(alphabet="0123456789,.% -€", max_size=8),
)


def _ergebnis(lies, roh):
    try:
        return "wert", lies(roh)
    except EingabeFehler as fehler:
        return "fehler", fehler.meldung()
    except (TypeError, ValueError) as fehler:
        return "ausnahme", type(fehler)


def _eingaben():
    kat = katalog()
    return [e for pid in kat.ids for e in kat.programm(pid).eingaben.values()]


@settings(max_examples=beispiele(1500), deadline=None)
@given(st.data(), ROHWERTE)
def test_leser_einer_eingabe_liest_wie_lies(data, roh):
    """EingabeDef.leser (Typ einmal nachgesehen, für Batch) liest jede Zelle wie lies."""
    e = data.draw(st.sampled_from(_eingaben()))
    erwartet = _ergebnis(e.lies, roh)
    gelesen = _ergebnis(e.leser(), roh)
    assert gelesen == erwartet
    if erwartet[0] == "wert" and erwartet[1] is not None:
        assert str(gelesen[1]) == str(erwartet[1])  # auch die Schreibweise (Decimal)


def test_funktionen_je_zeile_ohne_zellvariablen():
    """Ein Generator-Ausdruck oder eine Listcomprehension in einer Funktion, die je Zeile läuft,
    macht deren Variablen zu Zellen (ein Objekt je Aufruf, langsamere Zugriffe) – siehe
    _spalte und werte_aus."""
    from ozg_foerder.batch.auswertung import Auswertung
    from ozg_foerder.engine.auswertung import werte_aus

    for funktion in (
        Auswerter.zeile,
        Auswerter._vorbereitet,
        Auswerter._lies,
        Auswertung.werte_zeilen_aus,
        werte_aus,
    ):
        assert not funktion.__code__.co_cellvars, funktion


def _ergebnisse(auswerter: Auswerter, zeilen: list[tuple[int, list]]) -> list:
    aus = []
    for nr, zellen in zeilen:
        z = auswerter.zeile(nr, list(zellen))
        if z is None:
            aus.append(None)
            continue
        aus.append(
            (
                z.fehler,
                z.fehler_programme,
                {
                    pid: (e.ergebnis, e.betrag, sorted(e.ns.items()))
                    for pid, e in z.ergebnisse.items()
                },
            )
        )
    return aus


@pytest.mark.parametrize("kopf", [KOPF, [*KOPF[:2], "einsparung in %", *KOPF[3:]]])
def test_zellen_aus_lauter_text_wie_beliebige_zellen(tmp_path, kopf):
    """CSV (nur Text: erst der Zwischenspeicher, ohne Typprüfung je Zelle) liest wie Excel –
    auch Spalten mit %-Überschrift, leere Zellen, Leerzeichen und unlesbare Zellen."""
    import random

    zufall = random.Random(5)
    auswahl = {
        "kommune": ["Wetzlar", "Solms", "Gießen", "Giessen"],
        "kommunen": ["", "1", "2", " 3 ", "x", "2,5"],
        "einsparung": ["", " ", "18 %", "0,17", "18", "15", "150 %", "abc", "0,149", "14,99 %"],
        "laufzeit_jahre": ["", "5", "10", "-1"],
        "beschluss": ["", "ja", "nein", "x", "vielleicht", "  "],
        "vereinbarung": ["", "ja", "nein"],
    }
    zeilen = [(nr, [zufall.choice(auswahl[s]) for s in KOPF]) for nr in range(2, 1500)]
    pfad = tmp_path / "liste.csv"
    pfad.write_text(";".join(kopf) + "\n" + ";".join(zeilen[0][1]) + "\n", encoding="utf-8")
    ergebnisse = []
    for nur_text in (True, False):
        a = werte_datei_aus(pfad, programme=["ikz"], stichtag=STICHTAG).beginne(lambda _: None)
        assert a.nur_text  # eine CSV-Datei
        a.nur_text = nur_text
        for leser in a._leser:
            leser.gedaechtnis.an = False  # jede Zeile ganz auswerten
        ergebnisse.append(_ergebnisse(a, zeilen))
    assert ergebnisse[0] == ergebnisse[1]
    assert any(e and e[0] for e in ergebnisse[0]) and any(e and e[2] for e in ergebnisse[0])

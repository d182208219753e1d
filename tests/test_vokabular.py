"""Das Vokabular der Regeln: Logik in drei Werten, Fristende (BGB), Merkmale der Kommune."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ozg_foerder.eingaben.kommunen import verzeichnis
from ozg_foerder.engine.bedingungen import ERFUELLT, NICHT_ERFUELLT, OFFEN, bedingung
from ozg_foerder.engine.formeln import fristende

STATI = (ERFUELLT, NICHT_ERFUELLT, OFFEN)


def _fest(status: str) -> dict:
    """Eine Bedingung mit festem Status über einen Ja/Nein-Wert: ja → erfüllt, nein → nicht,
    nicht angegeben → offen."""
    return {"art": "muss_ja", "wert": f"x_{status}"}


NS = {f"x_{ERFUELLT}": True, f"x_{NICHT_ERFUELLT}": False, f"x_{OFFEN}": None}


@pytest.mark.parametrize("status", STATI)
def test_nicht(status):
    erwartet = {ERFUELLT: NICHT_ERFUELLT, NICHT_ERFUELLT: ERFUELLT, OFFEN: OFFEN}[status]
    assert bedingung({"art": "nicht", "bedingung": _fest(status)}).pruefe(NS) == erwartet


@pytest.mark.parametrize("stati", list(product(STATI, repeat=2)) + list(product(STATI, repeat=3)))
def test_alle_und_eines(stati):
    teile = [_fest(s) for s in stati]
    alle = bedingung({"art": "alle", "bedingungen": teile}).pruefe(NS)
    eines = bedingung({"art": "eines", "bedingungen": teile}).pruefe(NS)
    if NICHT_ERFUELLT in stati:
        assert alle == NICHT_ERFUELLT
    elif OFFEN in stati:
        assert alle == OFFEN
    else:
        assert alle == ERFUELLT
    if ERFUELLT in stati:
        assert eines == ERFUELLT
    elif OFFEN in stati:
        assert eines == OFFEN
    else:
        assert eines == NICHT_ERFUELLT
    # De Morgan gilt auch mit offen
    nicht_eines = bedingung(
        {"art": "nicht", "bedingung": {"art": "eines", "bedingungen": teile}}
    ).pruefe(NS)
    alle_nicht = bedingung(
        {"art": "alle", "bedingungen": [{"art": "nicht", "bedingung": t} for t in teile]}
    ).pruefe(NS)
    assert nicht_eines == alle_nicht


@pytest.mark.parametrize(
    ("beginn", "monate", "ende"),
    [
        (date(2023, 1, 1), 24, date(2024, 12, 31)),
        (date(2023, 3, 15), 24, date(2025, 3, 14)),
        (date(2023, 1, 28), 1, date(2023, 2, 27)),
        (date(2023, 1, 29), 1, date(2023, 2, 28)),
        (date(2023, 1, 30), 1, date(2023, 2, 28)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 12, 1), 1, date(2024, 12, 31)),
    ],
)
def test_fristende_nach_bgb(beginn, monate, ende):
    assert fristende(beginn, monate) == ende


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(1, 240))
def test_fristende_eigenschaften(beginn, monate):
    ende = fristende(beginn, monate)
    index = beginn.year * 12 + beginn.month - 1 + monate
    assert (ende.year * 12 + ende.month - 1) in (index - 1, index)  # letzter Monat oder davor
    if beginn.day == 1:  # beginnt am Ersten: endet am Letzten des Monats davor
        nach = date.fromordinal(ende.toordinal() + 1)
        assert nach.day == 1 and nach.month == (index % 12) + 1
    # die Frist wächst mit jedem Monat
    assert fristende(beginn, monate + 1) > ende


def _kommune(name: str):
    gefunden, _ = verzeichnis().suche(name, "kommune")
    return gefunden


@pytest.mark.parametrize(
    ("name", "merkmal", "werte", "erwartet"),
    [
        ("Wetzlar", "art", ["Stadt"], ERFUELLT),
        ("Wetzlar", "art", ["Gemeinde", "Landkreis"], NICHT_ERFUELLT),
        ("Darmstadt", "art", ["kreisfreie Stadt"], ERFUELLT),
        ("Landkreis Gießen", "art", ["Landkreis"], ERFUELLT),
        ("Hofbieber", "art", ["Gemeinde"], ERFUELLT),
        ("Wetzlar", "kreis", ["Lahn-Dill-Kreis"], ERFUELLT),
        ("Gießen", "kreis", ["Landkreis Gießen"], ERFUELLT),
        ("Darmstadt", "kreis", ["Landkreis Darmstadt-Dieburg"], NICHT_ERFUELLT),
    ],
)
def test_kommune_merkmal(name, merkmal, werte, erwartet):
    b = bedingung({"art": "kommune", "wert": "kommune", "merkmal": merkmal, "werte": werte})
    assert b.pruefe({"kommune": _kommune(name)}) == erwartet
    assert b.pruefe({"kommune": None}) == OFFEN


def test_foerderzeitraum_mit_unbekanntem_beginn_ist_noch_nicht_geoeffnet():
    from ozg_foerder.engine.bedingungen import Foerderzeitraum
    from ozg_foerder.engine.datiert import loese_auf

    roh = {"text": "Aufruf", "von": [{"ab": "2030-01-01", "wert": "2030-02-01"}], "bis": None}
    b = Foerderzeitraum(roh, {})
    vorher = loese_auf(b, date(2029, 12, 31))
    assert vorher.pruefe({"stichtag": date(2029, 12, 31)}) == NICHT_ERFUELLT
    ab = loese_auf(b, date(2030, 1, 15))
    assert ab.von == date(2030, 2, 1)
    assert ab.pruefe({"stichtag": date(2030, 1, 15)}) == NICHT_ERFUELLT  # beginnt erst am 1.2.
    assert ab.pruefe({"stichtag": date(2030, 2, 1)}) == ERFUELLT
    unbekanntes_ende = Foerderzeitraum(
        {"text": "Aufruf", "bis": [{"ab": "2030-01-01", "wert": "2031-01-01"}]}, {}
    )
    tag = date(2029, 6, 1)
    assert loese_auf(unbekanntes_ende, tag).pruefe({"stichtag": tag}) == OFFEN

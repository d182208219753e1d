"""Die Testfälle aus den Regeldateien (rules/*.yaml, Abschnitt 'testfaelle') als pytest-Tests."""

import pytest

from conftest import MINIMAL, REGELN
from ozg_foerder.engine.programm import Programm
from ozg_foerder.testfaelle import alle_faelle, pruefe_fall

FAELLE = alle_faelle(REGELN) + alle_faelle(MINIMAL)  # dazu das erfundene Testprogramm
_PROGRAMME: dict[str, Programm] = {}


@pytest.mark.parametrize("fall", FAELLE, ids=[f.kennung for f in FAELLE])
def test_regel_testfall(fall):
    programm = _PROGRAMME.setdefault(fall.programm, Programm(fall.kompilat))
    assert pruefe_fall(fall, programm) == []


def test_jede_regeldatei_hat_testfaelle():
    dateien = {p.stem for v in (REGELN, MINIMAL) for p in v.glob("*.yaml")}
    mit_faellen = {f.programm for f in FAELLE}
    assert dateien == mit_faellen


def test_ein_falscher_erwarteter_betrag_wird_erkannt():
    """Der Testfall-Prüfer selbst muss Abweichungen melden können."""
    fall = next(f for f in FAELLE if f.testfall.erwartet.betrag is not None)
    falsch = fall.testfall.model_copy(
        update={
            "erwartet": fall.testfall.erwartet.model_copy(
                update={"betrag": fall.testfall.erwartet.betrag + 1}
            )
        }
    )
    abweichungen = pruefe_fall(type(fall)(fall.programm, fall.name, falsch, fall.kompilat))
    assert len(abweichungen) == 1
    assert abweichungen[0].startswith("betrag: erwartet")

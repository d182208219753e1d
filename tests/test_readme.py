"""Die README zeigt die echten Ausgaben ihrer Beispielbefehle (scripts/readme_ausgaben.py)."""

import re
import sys
from datetime import date

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import readme_ausgaben

TEXT = (REPO / "README.md").read_text(encoding="utf-8")
BLOECKE = readme_ausgaben.bloecke(TEXT)


def test_readme_beginnt_mit_den_zwei_befehlen():
    schnellstart = TEXT.split("## Schnellstart")[1].split("##")[0]
    befehle = "uv run ozg-foerder check ikz --kommunen 4 --einsparung 0.18\nuv run pytest"
    assert befehle in schnellstart


@pytest.mark.parametrize("block", BLOECKE, ids=[b.group("befehl")[:60] for b in BLOECKE])
def test_readme_ausgabe_ist_echt(block):
    befehl = block.group("befehl")
    erwartet = block.group("inhalt")
    ist = readme_ausgaben.ausgabe(befehl)
    if "--stichtag" not in befehl:
        # ohne --stichtag rechnet der Befehl mit heute: das Datum der README einsetzen
        heute = date.today().strftime("%d.%m.%Y")
        datum = re.search(r"Stichtag (\d\d\.\d\d\.\d{4})", erwartet)
        if datum:
            ist = ist.replace(heute, datum.group(1))
    # der Fingerabdruck der Regeln ändert sich mit jeder Regeldatei: den der README einsetzen
    abdruck = re.search(r"Fingerabdruck ([0-9a-f]{12})", erwartet)
    if abdruck:
        ist = re.sub(r"Fingerabdruck [0-9a-f]{12}", abdruck.group(0), ist)
    hilfe = "uv run python scripts/readme_ausgaben.py"
    assert ist == erwartet, f"README veraltet für: {befehl}\n→ {hilfe}"


def test_python_beispiele_der_readme_laufen(monkeypatch):
    import doctest

    monkeypatch.chdir(REPO)
    ergebnis = doctest.testfile(str(REPO / "README.md"), module_relative=False, verbose=False)
    assert ergebnis.attempted >= 8
    assert ergebnis.failed == 0

"""Feindselige Zellen: überlange Werte enden sofort mit einer Meldung (Issue 12, Regex-Prüfung).

Vor jedem regulären Ausdruck wird die Länge begrenzt; ohne diese Grenze brauchten 32.000
Leerzeichen in einer Anteils- oder Kommunenzelle Sekunden (quadratische Suche).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ozg_foerder.eingaben.kommunen import MAX_NAME_LAENGE, verzeichnis
from ozg_foerder.eingaben.werte import (
    MAX_WERT_LAENGE,
    EingabeFehler,
    lies_anteil,
    lies_betrag,
    lies_datum,
    lies_ganzzahl,
    lies_zahl,
)

LESER = [lies_anteil, lies_betrag, lies_zahl, lies_ganzzahl, lies_datum]
FEINDSELIG = [
    "1" + " " * 32_000 + "x",
    "%" + " " * 32_000 + "x",
    "a" * 32_000 + "%",
    "1," + "0 " * 16_000,
]


@pytest.mark.parametrize("leser", LESER, ids=lambda f: f.__name__)
@pytest.mark.parametrize("roh", FEINDSELIG, ids=["leer", "prozent", "buchstaben", "gruppen"])
def test_ueberlange_werte_sind_eingabefehler(leser, roh):
    with pytest.raises(EingabeFehler) as fehler:
        leser(roh, "feld")
    assert f"höchstens {MAX_WERT_LAENGE} Zeichen" in str(fehler.value)
    assert fehler.value.feld == "feld"


def test_grenze_genau():
    """Bis zur Grenze wird gelesen (mit Leerraum am Rand, der nicht zählt), darüber nicht."""
    rand = " " * 500
    assert lies_anteil(rand + "18 %" + rand, "einsparung") == Decimal("0.18")
    assert lies_anteil("1" + " " * (MAX_WERT_LAENGE - 2) + "%", "einsparung") == Decimal("0.01")
    with pytest.raises(EingabeFehler) as fehler:
        lies_anteil("x" * MAX_WERT_LAENGE, "einsparung")
    assert "zu lang" not in str(fehler.value)
    with pytest.raises(EingabeFehler, match="zu lang"):
        lies_anteil("x" * (MAX_WERT_LAENGE + 1), "einsparung")


@pytest.mark.parametrize(
    ("roh", "erwartet"),
    [
        ("18%", "0.18"),
        ("18 %", "0.18"),
        ("18 Prozent", "0.18"),
        ("18 v. H.", "0.18"),
        ("0,18", "0.18"),
        ("14,9 %", "0.149"),
    ],
)
def test_prozent_schreibweisen_nach_der_aenderung(roh, erwartet):
    assert lies_anteil(roh, "einsparung") == Decimal(erwartet)


def test_ueberlange_kommune():
    with pytest.raises(EingabeFehler) as fehler:
        verzeichnis().suche("1" + " " * 32_000 + "x", "kommune")
    assert f"höchstens {MAX_NAME_LAENGE} Zeichen" in str(fehler.value)
    with pytest.raises(EingabeFehler, match="zu lang"):
        verzeichnis().suche("Landkreis " + " " * 32_000 + "Gießen", "kommune")
    # gewöhnliche Namen mit Leerraum am Rand werden weiter gefunden
    assert verzeichnis().suche("  Wanfried  ", "kommune")[0].name == "Wanfried"

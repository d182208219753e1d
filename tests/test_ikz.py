"""IKZ-OZG (GUIDE §1.1) über die Python-API: Beträge und Grenzen exakt, auf den Cent."""

from datetime import date
from decimal import Decimal

import pytest

from ozg_foerder import EingabeFehler, pruefe

ALLES_ERFUELLT = {
    "einsparung": "0,15",
    "laufzeit_jahre": 5,
    "beschluss": True,
    "vereinbarung": True,
}
STICHTAG = date(2022, 3, 14)


@pytest.mark.parametrize(
    ("kommunen", "betrag"),
    [
        (2, "50000.00"),
        (3, "75000.00"),
        (4, "100000.00"),
        (5, "100000.00"),
        (12, "100000.00"),
        (442, "100000.00"),
    ],
)
def test_zuwendung_je_kommune_mit_deckel(kommunen, betrag):
    e = pruefe("ikz", {"kommunen": kommunen, **ALLES_ERFUELLT}, stichtag=STICHTAG)
    assert e.ergebnis == "foerderfaehig"
    assert e.betrag == Decimal(betrag)
    assert str(e.betrag) == betrag


def test_eine_kommune_allein_ist_nicht_foerderfaehig():
    e = pruefe("ikz", {"kommunen": 1, **ALLES_ERFUELLT}, stichtag=STICHTAG)
    assert e.ergebnis == "nicht_foerderfaehig"
    assert e.betrag is None
    assert {k.kriterium.id: k.status for k in e.kriterien}["kooperation"] == "nicht_erfuellt"


@pytest.mark.parametrize(
    ("einsparung", "status"),
    [
        ("14,9 %", "nicht_erfuellt"),
        ("0.1499", "nicht_erfuellt"),
        ("15 %", "erfuellt"),
        ("0,15", "erfuellt"),
        ("15,01%", "erfuellt"),
    ],
)
def test_einsparung_grenze_15_prozent(einsparung, status):
    e = pruefe(
        "ikz", {**ALLES_ERFUELLT, "kommunen": 2, "einsparung": einsparung}, stichtag=STICHTAG
    )
    assert {k.kriterium.id: k.status for k in e.kriterien}["einsparung"] == status


@pytest.mark.parametrize(
    ("jahre", "status"), [(4, "nicht_erfuellt"), (5, "erfuellt"), (10, "erfuellt")]
)
def test_laufzeit_mindestens_fuenf_jahre(jahre, status):
    e = pruefe("ikz", {**ALLES_ERFUELLT, "kommunen": 2, "laufzeit_jahre": jahre}, stichtag=STICHTAG)
    assert {k.kriterium.id: k.status for k in e.kriterien}["laufzeit"] == status


def test_nicht_angegebene_voraussetzungen_sind_offen_mit_betrag():
    e = pruefe("ikz", {"kommunen": 4, "einsparung": "0.18"}, stichtag=STICHTAG)
    assert e.ergebnis == "offen"
    assert e.betrag == Decimal("100000.00")
    assert [k.kriterium.id for k in e.offen] == ["beschluss", "vereinbarung", "laufzeit"]


def test_reine_it_investition_schliesst_aus_auch_wenn_alles_andere_passt():
    e = pruefe(
        "ikz", {"kommunen": 4, **ALLES_ERFUELLT, "nur_it_investition": "ja"}, stichtag=STICHTAG
    )
    assert e.ergebnis == "nicht_foerderfaehig"
    assert e.betrag is None


def test_ausschlussgrund_nicht_angegeben_macht_nichts_offen():
    e = pruefe("ikz", {"kommunen": 2, **ALLES_ERFUELLT}, stichtag=STICHTAG)
    assert e.ergebnis == "foerderfaehig"


def test_fehlende_pflichtangabe_ist_eingabefehler():
    with pytest.raises(EingabeFehler) as fehler:
        pruefe("ikz", {"einsparung": "0.18"}, stichtag=STICHTAG)
    assert fehler.value.feld == "kommunen"


def test_unbekannte_eingabe_ist_eingabefehler():
    with pytest.raises(EingabeFehler) as fehler:
        pruefe("ikz", {"kommunen": 2, "einsparungen": "0.18"}, stichtag=STICHTAG)
    assert fehler.value.feld == "einsparungen"


def test_stand_aelter_als_ein_jahr_gibt_hinweis():
    from ozg_foerder.ausgabe.text import hinweise

    frisch = pruefe("ikz", {"kommunen": 2}, stichtag=date(2023, 3, 14))
    alt = pruefe("ikz", {"kommunen": 2}, stichtag=date(2023, 3, 15))
    assert not any("aktuelle Förderrichtlinie" in h for h in hinweise(frisch))
    assert any("aktuelle Förderrichtlinie" in h for h in hinweise(alt))

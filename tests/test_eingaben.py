"""Eingaben in deutscher Schreibweise (GUIDE §2.1): lesen, ablehnen, formatieren."""

from datetime import date
from decimal import Decimal

import pytest

from ozg_foerder.eingaben.werte import (
    EingabeFehler,
    formatiere_anteil,
    formatiere_betrag,
    lies_anteil,
    lies_betrag,
    lies_datum,
    lies_ganzzahl,
    lies_ja_nein,
)


@pytest.mark.parametrize(
    ("roh", "erwartet"),
    [
        ("1500000", "1500000"),
        ("1.500.000", "1500000"),
        ("80.000", "80000"),
        ("1.500.000,00 €", "1500000.00"),
        ("1500000.50", "1500000.50"),
        ("1500000.5", "1500000.5"),
        ("100.000,80", "100000.80"),
        ("111.112", "111112"),
        ("0,5", "0.5"),
        ("1 500 000", "1500000"),
        ("1\u00a0500\u00a0000,00 EUR", "1500000.00"),
        ("€ 2.500.000", "2500000"),
        ("  42  ", "42"),
        (42, "42"),
        (Decimal("12.34"), "12.34"),
        (111112.0, "111112.00"),
        (0.1 + 0.2, "0.30"),
    ],
)
def test_betraege_wie_deutsche_sie_schreiben(roh, erwartet):
    assert lies_betrag(roh, "kosten") == Decimal(erwartet)


@pytest.mark.parametrize(
    "roh",
    [
        "1,500,000.50",
        "1.5.0",
        "1.50.000",
        "12,345,6",
        "zwölf",
        "1.500,123",
        "100,005",
        "1..5",
        "1,",
        "€",
        "1.2345",
    ],
)
def test_mehrdeutige_oder_falsche_betraege_werden_abgelehnt(roh):
    with pytest.raises(EingabeFehler) as fehler:
        lies_betrag(roh, "kosten")
    assert fehler.value.feld == "kosten"
    assert "Erlaubt:" in fehler.value.meldung()


def test_leer_heisst_nicht_angegeben():
    for leser in (lies_betrag, lies_anteil, lies_datum, lies_ganzzahl, lies_ja_nein):
        assert leser("", "feld") is None
        assert leser("   ", "feld") is None
        assert leser(None, "feld") is None


@pytest.mark.parametrize(
    ("roh", "erwartet"),
    [
        ("0.18", "0.18"),
        ("0,18", "0.18"),
        ("18%", "0.18"),
        ("18 %", "0.18"),
        ("14,9 %", "0.149"),
        ("15%", "0.15"),
        ("0.15", "0.15"),
        ("100 %", "1"),
        ("1,0 %", "0.01"),
        ("0", "0"),
        (0.15, "0.15"),
        (Decimal("0.2"), "0.2"),
    ],
)
def test_anteile(roh, erwartet):
    assert lies_anteil(roh, "einsparung") == Decimal(erwartet)


def test_anteil_als_float_aus_excel_ist_exakt():
    # 0.15 als binäre Gleitkommazahl ist 0.1499999999999999944…; gemeint sind 15 %.
    assert lies_anteil(0.15, "einsparung") == Decimal("0.15")
    assert lies_anteil(0.15, "einsparung") >= Decimal("0.15")


@pytest.mark.parametrize("roh", ["18", "150 %", "-0,1", "-5 %", "achtzehn", "0,1,2", "%"])
def test_anteile_mehrdeutig_oder_ausserhalb(roh):
    with pytest.raises(EingabeFehler):
        lies_anteil(roh, "einsparung")


def test_nackte_zahl_ueber_eins_nennt_die_prozentschreibweise():
    with pytest.raises(EingabeFehler) as fehler:
        lies_anteil("18", "einsparung")
    assert "18 %" in fehler.value.meldung()


@pytest.mark.parametrize(
    ("roh", "erwartet"),
    [
        ("2022-03-14", date(2022, 3, 14)),
        ("14.03.2022", date(2022, 3, 14)),
        ("1.6.2020", date(2020, 6, 1)),
        ("14.03.22", date(2022, 3, 14)),
        ("2022-03-14 00:00:00", date(2022, 3, 14)),
        (date(2024, 12, 31), date(2024, 12, 31)),
    ],
)
def test_daten(roh, erwartet):
    assert lies_datum(roh, "stichtag") == erwartet


@pytest.mark.parametrize(
    "roh", ["31.02.2022", "2022-02-30", "32.01.2022", "14.13.2022", "morgen", "2022/03/14"]
)
def test_unmoegliche_daten(roh):
    with pytest.raises(EingabeFehler) as fehler:
        lies_datum(roh, "stichtag")
    assert "14.03.2022" in fehler.value.erlaubt


def test_31_februar_nennt_die_tage_des_monats():
    with pytest.raises(EingabeFehler) as fehler:
        lies_datum("31.02.2022", "stichtag")
    assert "28 Tage" in fehler.value.meldung()


@pytest.mark.parametrize("roh", ["ja", "Ja", "j", "true", "TRUE", "1", "x", "X", 1, True])
def test_ja(roh):
    assert lies_ja_nein(roh, "beschluss") is True


@pytest.mark.parametrize("roh", ["nein", "Nein", "n", "false", "0", 0, False])
def test_nein(roh):
    assert lies_ja_nein(roh, "beschluss") is False


def test_ja_nein_unbekannt():
    with pytest.raises(EingabeFehler):
        lies_ja_nein("vielleicht", "beschluss")


@pytest.mark.parametrize(
    ("roh", "erwartet"), [("4", 4), (" 12 ", 12), (4.0, 4), ("4,0", 4), (7, 7)]
)
def test_ganzzahlen(roh, erwartet):
    assert lies_ganzzahl(roh, "kommunen") == erwartet


@pytest.mark.parametrize("roh", ["vier", "4,5", 4.5, "4 Kommunen", True, "1e3"])
def test_keine_ganzzahlen(roh):
    with pytest.raises(EingabeFehler):
        lies_ganzzahl(roh, "kommunen")


@pytest.mark.parametrize(
    ("wert", "text"),
    [
        (Decimal("100000"), "100.000,00 €"),
        (Decimal("100000.8"), "100.000,80 €"),
        (Decimal("2500000"), "2.500.000,00 €"),
        (Decimal("0.5"), "0,50 €"),
        (Decimal("999"), "999,00 €"),
    ],
)
def test_betraege_deutsch_formatieren(wert, text):
    assert formatiere_betrag(wert) == text
    assert lies_betrag(text, "x") == wert


def test_anteile_formatieren():
    assert formatiere_anteil(Decimal("0.15")) == "15 %"
    assert formatiere_anteil(Decimal("0.149")) == "14,9 %"
    assert formatiere_anteil(Decimal("0.9")) == "90 %"


@pytest.mark.parametrize(
    "roh",
    ["1" * 16, "9" * 10000, 1e26, Decimal("1E+30"), Decimal("NaN"), Decimal("sNaN"), float("inf")],
)
def test_riesige_und_unendliche_zahlen_sind_eingabefehler(roh):
    """Vom Fuzzing gefunden: solche Werte führten zu decimal.InvalidOperation/OverflowError."""
    for leser in (lies_betrag, lies_ganzzahl):
        with pytest.raises(EingabeFehler):
            leser(roh, "kosten")


def test_groesster_erlaubter_betrag():
    assert lies_betrag("999.999.999.999.999,99", "kosten") == Decimal("999999999999999.99")


@pytest.mark.parametrize("roh", [Decimal("NaN"), Decimal("sNaN"), float("nan"), 2, 0.5])
def test_ja_nein_zahlen_ausser_0_und_1_sind_fehler(roh):
    with pytest.raises(EingabeFehler):
        lies_ja_nein(roh, "beschluss")


@pytest.mark.parametrize(
    "roh", ["12 345 6", "1 000 1", "100 000 5,00", "1 50 000", "0.500", "01.500"]
)
def test_falsch_gruppierte_zahlen_werden_nicht_geraten(roh):
    """Aus dem Review: Leerzeichen-Gruppen ohne Ende wurden zusammengezogen (12 345 6 → 123456)."""
    with pytest.raises(EingabeFehler):
        lies_betrag(roh, "kosten")


@pytest.mark.parametrize(
    ("roh", "erwartet"), [("4.000", 4000), ("1.000", 1000), ("4,0", 4), ("4.0", 4)]
)
def test_ganzzahl_folgt_der_tausenderregel(roh, erwartet):
    assert lies_ganzzahl(roh, "kommunen") == erwartet


@pytest.mark.parametrize("roh", ["1", "1,0", "2", "100"])
def test_nackte_anteile_ab_eins_sind_mehrdeutig(roh):
    with pytest.raises(EingabeFehler) as fehler:
        lies_anteil(roh, "einsparung")
    assert "Mehrdeutig" in fehler.value.meldung()


def test_excel_zelle_100_prozent_ist_eins():
    assert lies_anteil(1.0, "einsparung") == 1


@pytest.mark.parametrize(
    ("roh", "erwartet"),
    [
        ("100.000,- €", "100000"),
        ("100.000,-", "100000"),
        ("1,5 Mio. €", "1500000"),
        ("2,5 Millionen", "2500000"),
        ("2.5 Mio", "2500000"),
        ("1.500 Mio.", "1500000000"),
    ],
)
def test_schreibweisen_aus_dem_amt(roh, erwartet):
    assert lies_betrag(roh, "kosten") == Decimal(erwartet)


@pytest.mark.parametrize(("roh", "erwartet"), [("18 Prozent", "0.18"), ("18,5 v. H.", "0.185")])
def test_prozent_ausgeschrieben(roh, erwartet):
    assert lies_anteil(roh, "einsparung") == Decimal(erwartet)

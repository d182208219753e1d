"""Was in einer Liste zählt (GUIDE §2.1b, §2.1c): Kommunen, Programme je Zeile, gemeinsame
Vorhaben, Summenzeilen, Budgets je Jahr, Summen je Kreis, Spaltenköpfe wie aus einem Amt.

Die Listen sind wie aus einer Verwaltung: CSV in Windows-1252 mit ``;`` und Dezimalkomma, oder
XLSX. Programmfakten kommen aus der Regeldatei oder aus dem erfundenen Programm ``vorhaben-test``.
"""

from __future__ import annotations

import json
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest

from conftest import REGELN, yaml_laden
from test_batch_hilfen import (
    STICHTAG,
    TECHNISCH,
    csv_datei,
    lies_csv,
    lies_csv_text,
    test_regeln,
    xlsx_datei,
)

VORHABEN_TEST = """\
id: vorhaben-test
name: Vorhaben-Test (erfunden, nur für Tests)
traeger: Testministerium
stand: 2022-03-14
zweck: Ein erfundenes Programm mit gemeinsamen Vorhaben für die Batch-Tests.
quellen:
  q: {dokument: Handreichung, abschnitt: Ziff. 9}
eingaben:
  kosten:
    typ: betrag
    text: Förderfähige Gesamtkosten
    hilfe: Kosten in Euro.
    erforderlich: true
    min: 0
    synonyme: [Gesamtkosten, Förderfähige Kosten]
  laufzeit_monate:
    typ: ganzzahl
    text: Laufzeit des Vorhabens
    hilfe: Monate.
    einheit: Monate
    min: 1
    max: 240
  beginn: {typ: datum, text: Projektbeginn, hilfe: Beginn des Vorhabens.}
kriterien:
  - {id: laufzeit, text: Laufzeit des Vorhabens, art: maximum, wert: laufzeit_monate,
     grenze: 24, quelle: q}
  - {id: mindestzuwendung, text: Zuwendung im Fördervolumen, art: minimum, wert: zuwendung,
     grenze: 100000, quelle: q}
betrag:
  art: anteil_kosten
  text: 90 % der Kosten, höchstens 2.500.000 €
  kosten: kosten
  satz: 0.90
  hoechstens: 2500000
  rundung: abrunden
  quelle: q
verbund: {art: vorhaben, summiert: kosten, gleich: [laufzeit_monate, beginn]}
budget:
  - {text: Jahresbudget, betrag: 3000000, je: jahr, quelle: q}
  - {text: Gesamtbudget, betrag: 10000000, je: gesamt, quelle: q}
kontakt:
  - {art: Web, wert: www.example.invalid}
"""


def _regeln(tmp_path: Path) -> Path:
    ordner = test_regeln(tmp_path)
    (ordner / "vorhaben-test.yaml").write_text(VORHABEN_TEST, encoding="utf-8")
    return ordner


def _cp1252(pfad: Path, zeilen: list[list[str]]) -> Path:
    return csv_datei(pfad, zeilen, kodierung="cp1252")


def _json(cli, pfad, *weitere):
    lauf = cli("batch", pfad, "--format", "json", *weitere, *STICHTAG)
    return lauf, (json.loads(lauf.out)["zeilen"] if lauf.out else None)


def _summenzeile(err: str) -> str:
    return next((z for z in err.splitlines() if z.strip().startswith("Summe förderfähig")), "")


def _vt(daten, i):
    return daten[i]["ergebnisse"].get("vorhaben-test")


# ---------------------------------------------------------------------------------------------
# Gemeinsame Vorhaben: Kosten summiert, Deckel einmal, Anteile auf den Cent
# ---------------------------------------------------------------------------------------------

VT_KOPF = ["Kommune", "Verbund", "Gesamtkosten (EUR)", "Laufzeit (Monate)", "Beginn"]


def test_vorhaben_zwei_partner_einmal_gedeckelt_anteile_exakt(cli, tmp_path):
    regeln = _regeln(tmp_path)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            VT_KOPF,
            ["Lich", "Smart Wetterau", "1.000.000,00", "24", "01.07.2022"],
            ["Hungen", "smart  wetterau", "2.000.000,00", "24", "01.07.2022"],
            ["Leun", "", "500.000", "12", ""],
        ],
    )
    lauf, daten = _json(cli, pfad, "--regeln", regeln, "-p", "vorhaben-test")
    assert lauf.code == 0, lauf.err
    lich, hungen, leun = (_vt(daten, i) for i in range(3))
    assert lich["betrag"] == hungen["betrag"] == "2500000.00"
    assert (lich["verbund"]["anteil"], hungen["verbund"]["anteil"]) == ("833333.33", "1666666.67")
    assert Decimal("833333.33") + Decimal("1666666.67") == Decimal("2500000.00")
    assert lich["eingaben"]["kosten"] == "3000000.00"  # das Vorhaben, nicht der Partner
    assert leun["betrag"] == "450000.00" and "verbund" not in leun
    # einmal gezählt: 2 Fälle, 2.950.000,00 €
    assert "2 förderfähig, 0 offen, 0 nicht förderfähig (Verbünde je einmal gezählt: 1)" in lauf.err
    assert "Summe förderfähig 2.950.000,00 €" in lauf.err


def test_vorhaben_als_xlsx_mit_excel_zahlen(cli, tmp_path):
    regeln = _regeln(tmp_path)
    pfad = xlsx_datei(
        tmp_path / "l.xlsx",
        [
            ["Förderliste 2022"],
            VT_KOPF,
            ["Lich", "V1", 1000000, 24, None],
            ["Hungen", "V1", 2000000.0, 24, None],
            ["Summe", None, 3000000, None, None],
        ],
    )
    lauf, daten = _json(cli, pfad, "--regeln", regeln, "-p", "vorhaben-test")
    assert lauf.code == 0, lauf.err
    assert len(daten) == 2  # die Summenzeile ist kein Fall und kein Fehler
    assert [_vt(daten, i)["verbund"]["anteil"] for i in range(2)] == ["833333.33", "1666666.67"]
    assert "Zeile 5 („Summe“) ist eine Summenzeile" in lauf.err
    assert "Summe förderfähig 2.500.000,00 €" in lauf.err


def test_vorhaben_verschiedene_laufzeit_ist_fehler_mit_unterschied(cli, tmp_path):
    regeln = _regeln(tmp_path)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            VT_KOPF,
            ["Lich", "V", "1.000.000", "24", ""],
            ["Hungen", "V", "1.000.000", "12", ""],
        ],
    )
    lauf, daten = _json(cli, pfad, "--regeln", regeln, "-p", "vorhaben-test")
    assert lauf.code == 1
    for zeile in daten:
        assert zeile["ergebnisse"] == {}
        assert "laufzeit_monate ist bei den Partnern verschieden" in zeile["fehler"][0]
        assert (
            "Lich (Zeile 2): 24" in zeile["fehler"][0]
            and "Hungen (Zeile 3): 12" in zeile["fehler"][0]
        )
    assert "Summe förderfähig 0,00 €" in lauf.err


def test_vorhaben_leere_angabe_uebernimmt_die_der_partner(cli, tmp_path):
    regeln = _regeln(tmp_path)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            VT_KOPF,
            ["Lich", "V", "1.000.000", "30", "01.07.2022"],  # Laufzeit zu lang
            ["Hungen", "V", "1.000.000", "", ""],  # leer: übernimmt Laufzeit und Beginn
        ],
    )
    lauf, daten = _json(cli, pfad, "--regeln", regeln, "-p", "vorhaben-test")
    assert lauf.code == 0, lauf.err
    hungen = _vt(daten, 1)
    assert hungen["eingaben"]["laufzeit_monate"] == 30
    assert hungen["eingaben"]["beginn"] == "2022-07-01"
    assert [_vt(daten, i)["ergebnis"] for i in range(2)] == ["nicht_foerderfaehig"] * 2
    assert "0 förderfähig, 0 offen, 1 nicht förderfähig (Verbünde je einmal gezählt: 1)" in lauf.err


def test_vorhaben_mit_fehlerhaftem_partner_zaehlt_nirgends(cli, tmp_path):
    regeln = _regeln(tmp_path)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            VT_KOPF,
            ["Lich", "V", "1.000.000", "24", ""],
            ["Atlantis", "V", "1.000.000", "24", ""],
            ["Leun", "", "200.000", "12", ""],
        ],
    )
    lauf, daten = _json(cli, pfad, "--regeln", regeln, "-p", "vorhaben-test")
    assert lauf.code == 1
    assert daten[0]["ergebnisse"] == {}
    assert "Partner Atlantis (Zeile 3) hat einen Fehler" in daten[0]["fehler"][0]
    assert daten[1]["ergebnisse"] == {} and "„Atlantis“" in daten[1]["fehler"][0]
    assert "1 förderfähig, 0 offen, 0 nicht förderfähig, 2 mit Fehlern" in lauf.err
    assert "Summe förderfähig 180.000,00 €" in lauf.err


def test_starke_heimat_zwei_partner_nicht_doppelt(cli, tmp_path):
    """Der Fall aus dem Issue: 1.800.000 € je Partner. Satz und Deckel aus der Regeldatei."""
    regel = yaml_laden((REGELN / "starke-heimat.yaml").read_text(encoding="utf-8"))
    assert regel["verbund"]["art"] == "vorhaben"
    satz, deckel = Decimal(str(regel["betrag"]["satz"])), Decimal(regel["betrag"]["hoechstens"])
    erwartet = min(Decimal(3_600_000) * satz, deckel).quantize(Decimal("0.01"), ROUND_DOWN)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            ["kommune", "verbund", "Kosten in €", "laufzeit_monate"],
            ["Alsfeld", "Vogelsberg digital", "1.800.000,00 €", "24"],
            ["Romrod", "Vogelsberg digital", "1.800.000,00 €", "24"],
        ],
    )
    lauf, daten = _json(cli, pfad)
    assert lauf.code == 0, lauf.err
    sh = [d["ergebnisse"]["starke-heimat"] for d in daten]
    assert {e["betrag"] for e in sh} == {f"{erwartet:.2f}"}
    assert sum(Decimal(e["verbund"]["anteil"]) for e in sh) == erwartet
    assert all("ikz" not in d["ergebnisse"] for d in daten)  # verbund schaltet IKZ nicht ein
    summe = f"{erwartet:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert f"Summe förderfähig {summe} €" in lauf.err


# ---------------------------------------------------------------------------------------------
# IKZ: Partner nennen, Fehler zählen nirgends
# ---------------------------------------------------------------------------------------------

IKZ_KOPF = ["kommune", "verbund", "einsparung", "laufzeit_jahre", "beschluss", "vereinbarung"]


def test_ikz_kooperation_nennt_den_partner(cli, tmp_path):
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            IKZ_KOPF,
            ["Herborn", "Dill", "20 %", "6", "ja", "ja"],
            ["Dillenburg", "Dill", "20 %", "6", "nein", "ja"],
            ["Haiger", "Dill", "20 %", "6", "ja", ""],
        ],
    )
    lauf, daten = _json(cli, pfad, "-p", "ikz")
    assert lauf.code == 0, lauf.err
    ikz = daten[0]["ergebnisse"]["ikz"]
    assert ikz["ergebnis"] == "nicht_foerderfaehig"
    # für Programme: je Voraussetzung die Zeile des Partners, der sie verfehlt oder offen lässt
    assert ikz["verbund"]["ursachen"] == {"beschluss": 3, "vereinbarung": 4}
    # für Menschen: die Begründung nennt den Partner beim Namen
    csv_lauf = cli("batch", pfad, "-p", "ikz", "--format", "csv", *STICHTAG)
    herborn = lies_csv_text(csv_lauf.out)[0]["IKZ Begründung / noch offen"]
    assert "in dieser Zeile erfüllt, nicht erfüllt bei Dillenburg (Zeile 3)" in herborn
    assert "in dieser Zeile erfüllt, offen bei Haiger (Zeile 4)" in herborn


def test_kommune_unbekannt_oder_mehrdeutig_in_keiner_summe_kreis_hilft(cli, tmp_path):
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            ["kommune", "kreis", "kommunen", "einsparung"],
            ["Atlantis", "", "2", "20 %"],
            ["Lautertal", "", "2", "20 %"],
            ["Lautertal", "Vogelsbergkreis", "3", "20 %"],
            ["Wetzlar", "Vogelsbergkreis", "2", "20 %"],
        ],
    )
    lauf, daten = _json(cli, pfad, "-p", "ikz")
    assert lauf.code == 1
    assert [bool(d["ergebnisse"]) for d in daten] == [False, False, True, False]
    assert "mehrdeutig" in daten[1]["fehler"][0]
    assert daten[2]["kommune"] == "Lautertal (Vogelsberg)"
    assert "nicht im Vogelsbergkreis" in daten[3]["fehler"][0]
    # in der Summe nur Lautertal (Vogelsberg): wie eine Liste mit nur dieser Zeile
    allein = _cp1252(
        tmp_path / "allein.csv",
        [
            ["kommune", "kreis", "kommunen", "einsparung"],
            ["Lautertal", "Vogelsbergkreis", "3", "20 %"],
        ],
    )
    einzeln, _ = _json(cli, allein, "-p", "ikz")
    assert "0 förderfähig, 1 offen, 0 nicht förderfähig, 3 mit Fehlern" in lauf.err
    assert _summenzeile(lauf.err) == _summenzeile(einzeln.err) != ""
    # --kreis gilt für Zeilen ohne eigene Angabe
    ohne = _cp1252(tmp_path / "k.csv", [["kommune", "kommunen"], ["Lautertal", "2"]])
    lauf, daten = _json(cli, ohne, "-p", "ikz", "--kreis", "Vogelsbergkreis")
    assert lauf.code == 0, lauf.err
    assert daten[0]["kommune"] == "Lautertal (Vogelsberg)"


# ---------------------------------------------------------------------------------------------
# Welche Programme je Zeile
# ---------------------------------------------------------------------------------------------


def test_programme_je_zeile_nach_eigenen_spalten(cli, tmp_path):
    regeln = _regeln(tmp_path)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            ["kommune", "verbund", "kosten", "laufzeit_monate", "einsparung", "kommunen"],
            ["Lich", "V", "1.000.000", "24", "", ""],  # nur Vorhaben: kein IKZ
            ["Hungen", "V", "1.000.000", "24", "", ""],
            ["Leun", "", "", "", "20 %", ""],  # IKZ eingeschaltet, kommunen fehlt
            ["Solms", "", "", "", "", "3"],
        ],
    )
    lauf, daten = _json(cli, pfad, "--regeln", regeln)
    assert [sorted(d["ergebnisse"]) for d in daten] == [
        ["vorhaben-test"],
        ["vorhaben-test"],
        [],
        ["ikz"],
    ]
    assert daten[2]["fehler"][0].startswith("Zeile 4, Spalte F „kommunen“ (ikz) fehlt.")
    assert "1 mit Fehlern" in lauf.err


# ---------------------------------------------------------------------------------------------
# Budgets je Jahr, Summen je Kreis und Bezirk
# ---------------------------------------------------------------------------------------------


def test_budget_je_jahr_nur_jahr_fuer_jahr(cli, tmp_path):
    regeln = _regeln(tmp_path)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            VT_KOPF,
            ["Lich", "", "1.000.000", "12", "01.03.2022"],  # 900.000
            ["Leun", "", "2.000.000", "12", "15.01.2023"],  # 1.800.000
            ["Solms", "", "500.000", "12", ""],  # 450.000, ohne Jahr
        ],
    )
    lauf = cli(
        "batch", pfad, "--regeln", regeln, "-p", "vorhaben-test", "--format", "csv", *STICHTAG
    )
    assert lauf.code == 0, lauf.err
    assert "Budget Gesamtbudget: 10.000.000,00 € insgesamt – förderfähig 31,5 %" in lauf.err
    assert (
        "Budget Jahresbudget: 3.000.000,00 € je Jahr – 2022: förderfähig 30,0 %, mit offenen "
        "30,0 %; 2023: förderfähig 60,0 %, mit offenen 60,0 %"
    ) in lauf.err
    assert "1 Fall/Fälle ohne Beginn" in lauf.err


@pytest.mark.parametrize(
    ("summen", "zeilen"),
    [
        (
            "kreis",
            [
                "Landkreis Gießen: 1 förderfähig, 0 offen, 0 nicht förderfähig; Summe "
                "förderfähig 833.333,33 €",
                "Lahn-Dill-Kreis: 1 förderfähig, 0 offen, 0 nicht förderfähig; Summe "
                "förderfähig 2.116.666,67 €",
            ],
        ),
        (
            "bezirk",
            [
                "Regierungsbezirk Gießen: 2 förderfähig, 0 offen, 0 nicht förderfähig; Summe "
                "förderfähig 2.950.000,00 €"
            ],
        ),
    ],
)
def test_summen_je_kreis_und_bezirk(cli, tmp_path, summen, zeilen):
    regeln = _regeln(tmp_path)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            VT_KOPF,
            ["Lich", "V", "1.000.000", "24", ""],
            ["Wetzlar", "V", "2.000.000", "24", ""],
            ["Leun", "", "500.000", "12", ""],
        ],
    )
    lauf = cli(
        "batch",
        pfad,
        "--regeln",
        regeln,
        "-p",
        "vorhaben-test",
        "--summen",
        summen,
        "--format",
        "csv",
        *STICHTAG,
    )
    assert lauf.code == 0, lauf.err
    for zeile in zeilen:
        assert zeile in lauf.err


def test_summen_unbekannt_ist_eingabefehler(cli, tmp_path):
    pfad = _cp1252(tmp_path / "l.csv", [["kommune", "kommunen"], ["Lich", "2"]])
    lauf = cli("batch", pfad, "--summen", "land", *STICHTAG)
    assert lauf.code == 2 and "--summen" in lauf.err and "kreis oder bezirk" in lauf.err


# ---------------------------------------------------------------------------------------------
# Spaltenköpfe wie aus einem Amt
# ---------------------------------------------------------------------------------------------


def test_ueberschriften_mit_einheiten_und_prozent(cli, tmp_path):
    regeln = test_regeln(tmp_path)  # IKZ ohne eine Laufzeit in Monaten
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            ["KOMMUNE", "Anzahl Kommunen", "Kommunen", "Einsparung %", "Laufzeit (Monate)"],
            ["Lich", "", "2", "18", "60"],
        ],
    )
    lauf, daten = _json(cli, pfad, "-p", "ikz", "--regeln", regeln)
    ikz = daten[0]["ergebnisse"]["ikz"]
    assert ikz["eingaben"]["einsparung"] == "0.18"  # „18“ unter „%“ heißt 18 %
    assert "laufzeit_jahre" not in ikz["eingaben"] or ikz["eingaben"]["laufzeit_jahre"] is None
    assert "„Laufzeit (Monate)“ wird nicht ausgewertet: die Einheit Monate passt nicht" in lauf.err


def test_spalte_ausdruecklich_und_fehlende_spalte_in_der_zusammenfassung(cli, tmp_path):
    regeln = _regeln(tmp_path)
    kopf = ["Kommune", "Summe Projekt", "Laufzeit in Monaten", "kommunen"]
    pfad = _cp1252(tmp_path / "l.csv", [kopf, ["Lich", "1.000.000,00", "24", "2"]])
    # ohne Zuordnung: vorhaben-test fehlt kosten – genannt, mit der nächsten Überschrift
    lauf = cli("batch", pfad, "--regeln", regeln, "--format", "csv", *STICHTAG)
    assert "vorhaben-test wird nicht ausgewertet: Es fehlt die Spalte kosten" in lauf.err
    assert 'Spalte B „Summe Projekt“; ist sie gemeint: --spalte kosten="Summe Projekt"' in lauf.err
    assert "Nicht ausgewertet: vorhaben-test" in lauf.err  # in der Zusammenfassung
    lauf = cli(
        "batch",
        pfad,
        "--regeln",
        regeln,
        "--spalte",
        'kosten="Summe Projekt"',
        "--format",
        "csv",
        *TECHNISCH,
        *STICHTAG,
    )
    assert lauf.code == 0, lauf.err
    assert lies_csv_text(lauf.out)[0]["vorhaben_test_betrag"] == "900000,00"


@pytest.mark.parametrize(
    ("art", "anteil", "betrag"),
    [("technisch", "vorhaben_test_anteil", "vorhaben_test_betrag"),
     ("deutsch", "vorhaben-test Anteil", "vorhaben-test Zuwendung")],
)  # fmt: skip
def test_ergebnisdatei_erneut_lesen(cli, tmp_path, art, anteil, betrag):
    """Eine Ergebnisdatei (deutsche oder technische Spalten) erneut gelesen: Ergebnisspalten
    werden erneuert, nie als Eingaben gelesen und nicht verdoppelt."""
    regeln = _regeln(tmp_path)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [VT_KOPF, ["Lich", "V", "1.000.000", "24", ""], ["Hungen", "V", "2.000.000", "24", ""]],
    )
    aus = tmp_path / "aus.csv"
    spalten = ("--spalten", art)
    erst = cli("batch", pfad, "--regeln", regeln, "--ausgabe", aus, *spalten, *STICHTAG)
    assert erst.code == 0, erst.err
    nochmal = tmp_path / "nochmal.csv"
    zweit = cli("batch", aus, "--regeln", regeln, "--ausgabe", nochmal, *spalten, *STICHTAG)
    assert zweit.code == 0, zweit.err
    a, b = lies_csv(aus), lies_csv(nochmal)
    assert [r[anteil] for r in a] == ["833333,33", "1666666,67"]
    assert [r[anteil] for r in b] == [r[anteil] for r in a]
    assert list(b[0]) == list(a[0])  # Ergebnisspalten erneuert, nicht verdoppelt
    assert betrag not in zweit.err


# ---------------------------------------------------------------------------------------------
# Ein Eingabeweg: batch und check lesen und rechnen gleich
# ---------------------------------------------------------------------------------------------


def _als_zelle(wert) -> str:
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    return str(wert)


def test_batch_und_check_stimmen_fuer_alle_testfaelle_ueberein(tmp_path):
    """Jeder Testfall jeder Regeldatei, als Zeile einer CSV-Liste: dasselbe Ergebnis wie check."""
    from ozg_foerder.api import pruefe
    from ozg_foerder.batch import werte_datei_aus

    verglichen = 0
    for datei in sorted(REGELN.glob("*.yaml")):
        regel = yaml_laden(datei.read_text(encoding="utf-8"))
        for i, t in enumerate(regel.get("testfaelle", [])):
            if "fehler" in t["erwartet"] or not t["eingaben"]:
                continue
            namen = list(t["eingaben"])
            pfad = _cp1252(
                tmp_path / f"{regel['id']}-{i}.csv",
                [[*namen, "Bemerkung"], [*(_als_zelle(t["eingaben"][n]) for n in namen), "x"]],
            )
            stichtag = str(t["stichtag"])
            check = pruefe(regel["id"], t["eingaben"], stichtag=stichtag)
            auswertung = werte_datei_aus(pfad, programme=[regel["id"]], stichtag=stichtag)
            (zeile,) = list(auswertung.zeilen())
            assert not zeile.fehler, (datei.name, t["name"], zeile.fehler)
            batch = zeile.ergebnisse[regel["id"]]
            assert (batch.ergebnis, batch.betrag) == (check.ergebnis, check.betrag), t["name"]
            assert [k.status for k in batch.kriterien] == [k.status for k in check.kriterien]
            verglichen += 1
    assert verglichen > 50


@pytest.mark.parametrize(
    ("eingabe", "roh"),
    [("einsparung", "18"), ("kommunen", "drei"), ("beschluss", "vielleicht")],
)
def test_batch_meldet_wie_check_mit_zeile_und_spalte(cli, tmp_path, eingabe, roh):
    from ozg_foerder.api import EingabeFehler, pruefe

    with pytest.raises(EingabeFehler) as fehler:
        pruefe("ikz", {"kommunen": 2, eingabe: roh})
    meldung = fehler.value.meldung().removeprefix(f"{eingabe}: ")
    kopf = ["kommunen", eingabe] if eingabe != "kommunen" else ["kommunen"]
    zeile = ["2", roh] if eingabe != "kommunen" else [roh]
    lauf, daten = _json(cli, _cp1252(tmp_path / "l.csv", [kopf, zeile]), "-p", "ikz")
    assert lauf.code == 1
    spalte = "B" if eingabe != "kommunen" else "A"
    assert daten[0]["fehler"] == [f"Zeile 2, Spalte {spalte} „{eingabe}“: {meldung}"]


def test_xlsx_prozentspalte_und_summenzeile(cli, tmp_path):
    regeln = test_regeln(tmp_path)
    pfad = xlsx_datei(
        tmp_path / "l.xlsx",
        [
            ["Gemeinde", "Kommunen", "Einsparung %"],
            ["Lich", 2, 18],  # eine Zahl unter „%“: 18 %
            ["Hungen", 2, 0.18],  # eine Excel-Prozentzelle (als 0,18 gespeichert): 18 %
            ["Leun", 2, "12,5"],  # Text unter „%“: 12,5 %
            ["Gesamt:", 6, None],
        ],
    )
    lauf, daten = _json(cli, pfad, "-p", "ikz", "--regeln", regeln)
    assert lauf.code == 0, lauf.err
    assert [d["ergebnisse"]["ikz"]["eingaben"]["einsparung"] for d in daten] == [
        "0.18",
        "0.18",
        "0.125",
    ]
    assert "Zeile 5 („Gesamt:“) ist eine Summenzeile" in lauf.err


@pytest.mark.parametrize(
    ("ueberschrift", "art", "name"),
    [
        ("Kommune (Name)", "eingabe", "kommune"),
        ("Gemeinde", "eingabe", "kommune"),
        ("Förderfähige Kosten", "eingabe", "kosten"),
        ("FOERDERFAEHIGE KOSTEN (EUR)", "eingabe", "kosten"),
        ("Laufzeit in Jahren", "eingabe", "laufzeit_jahre"),
        ("Einsparung (EUR)", "unbekannt", None),  # Einheit passt nicht
        ("IKZ Zuwendung", "ergebnis", None),
        ("ikz_betrag", "ergebnis", None),
        ("Begründung / noch offen", "ergebnis", None),
        ("fehler", "ergebnis", None),
    ],
)
def test_ueberschriften_erkennen(tmp_path, ueberschrift, art, name):
    from ozg_foerder.api import katalog
    from ozg_foerder.batch.spalten import Spaltenkatalog

    kat = katalog(_regeln(tmp_path))  # Synonyme aus vorhaben-test
    erkannt = Spaltenkatalog([kat.programm(i) for i in kat.ids]).erkenne(ueberschrift)
    assert (erkannt.art, erkannt.name) == (art, name)


@pytest.mark.parametrize(
    ("betrag", "gewichte", "erwartet"),
    [
        ("2500000.00", [1000000, 2000000], ["833333.33", "1666666.67"]),
        ("100.00", [1, 1, 1], ["33.34", "33.33", "33.33"]),
        ("100.00", [1, 2, 3], ["16.67", "33.33", "50.00"]),
        ("0.05", [1, 1], ["0.03", "0.02"]),
        ("10.00", [0, 0], ["5.00", "5.00"]),
    ],
)
def test_anteile_groesster_rest(betrag, gewichte, erwartet):
    from ozg_foerder.batch.verbund import anteile

    ergebnis = anteile(Decimal(betrag), [Decimal(g) for g in gewichte])
    assert [str(a) for a in ergebnis] == erwartet
    assert sum(ergebnis) == Decimal(betrag)


def test_anteile_ergeben_immer_genau_den_betrag():
    import random

    from ozg_foerder.batch.verbund import anteile

    zufall = random.Random(2112)
    for _ in range(500):
        betrag = Decimal(zufall.randint(0, 250_000_000)) / 100
        gewichte = [
            Decimal(zufall.randint(1, 5_000_000)) / 100 for _ in range(zufall.randint(1, 9))
        ]
        teile = anteile(betrag, gewichte)
        assert sum(teile) == betrag
        gesamt = sum(gewichte)
        for teil, g in zip(teile, gewichte, strict=True):
            assert abs(teil - betrag * g / gesamt) < Decimal("0.01")


@pytest.mark.parametrize(
    ("verbund", "meldung"),
    [
        ("{art: vorhaben}", "ein Vorhaben braucht 'summiert'"),
        ("{art: kooperation}", "eine Kooperation braucht 'zaehlt'"),
        ("{art: vorhaben, summiert: laufzeit_monate}", "erwartet: betrag"),
        ("{art: vorhaben, summiert: kosten, gleich: [farbe]}", "'farbe' ist keine Eingabe"),
    ],
)
def test_verbund_regel_wird_geprueft(tmp_path, verbund, meldung):
    from ozg_foerder.regeln.fehler import RegelnUngueltig
    from ozg_foerder.regeln.katalog import kompiliere

    ordner = tmp_path / "r"
    ordner.mkdir()
    text = VORHABEN_TEST.replace(
        "verbund: {art: vorhaben, summiert: kosten, gleich: [laufzeit_monate, beginn]}",
        f"verbund: {verbund}",
    )
    (ordner / "vorhaben-test.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ordner)
    assert meldung in str(info.value)


def test_summenzeile_nach_laufender_nummer_csv(cli, tmp_path):
    regeln = test_regeln(tmp_path)
    pfad = _cp1252(
        tmp_path / "l.csv",
        [
            ["Nr.", "kommune", "kommunen", "einsparung"],
            ["1", "Lich", "2", "20 %"],
            ["2", "Solms", "2", "20 %"],
            ["", "Insgesamt", "4", ""],
        ],
    )
    lauf, daten = _json(cli, pfad, "-p", "ikz", "--regeln", regeln)
    assert lauf.code == 0, lauf.err
    assert [d["kommune"] for d in daten] == ["Lich", "Solms"]
    assert "Zeile 4 („Insgesamt“) ist eine Summenzeile" in lauf.err
    assert "0 förderfähig, 2 offen, 0 nicht förderfähig\n" in lauf.err
    ohne = _cp1252(
        tmp_path / "ohne.csv",
        [["kommune", "kommunen", "einsparung"], *[["Lich", "2", "20 %"], ["Solms", "2", "20 %"]]],
    )
    vergleich, _ = _json(cli, ohne, "-p", "ikz", "--regeln", regeln)
    assert _summenzeile(lauf.err) == _summenzeile(vergleich.err) != ""

"""``ozg-foerder vorlage``: leere Vorlage mit allen Spalten und einer Beispielzeile; Hilfe."""

import openpyxl
import pytest

from test_batch_hilfen import STICHTAG, TECHNISCH, lies_csv, lies_csv_text, test_regeln


def test_vorlage_ikz_nach_stdout(cli):
    lauf = cli("vorlage", "--programm", "ikz")
    assert lauf.code == 0, lauf.err
    kopf, beispiel = lauf.out.lstrip("\ufeff").splitlines()
    assert kopf.split(";") == [
        "kommune",
        "verbund",
        "kommunen",
        "einsparung",
        "laufzeit_jahre",
        "beschluss",
        "vereinbarung",
        "nur_it_investition",
    ]
    assert beispiel.split(";") == ["Wetzlar", "", "4", "18 %", "5", "ja", "ja", "nein"]


def test_vorlage_aller_programme_hat_jede_spalte_einmal(cli):
    lauf = cli("vorlage")
    kopf = lauf.out.lstrip("\ufeff").splitlines()[0].split(";")
    assert kopf[:2] == ["kommune", "verbund"]
    assert len(kopf) == len(set(kopf))
    for spalte in ("kosten", "laufzeit_monate", "handlungsfelder", "vorhaben", "betrag", "genutzt"):
        assert spalte in kopf


def test_vorlage_ohne_verbundprogramm_ohne_verbundspalte(cli, tmp_path):
    regeln = test_regeln(tmp_path)
    lauf = cli("vorlage", "-p", "mini-projekt", "--regeln", regeln)
    assert lauf.out.lstrip("\ufeff").splitlines() == [
        "kommune;kosten;handlungsfelder;beschluss",
        "Wetzlar;1.000;Smart Mobility;",
    ]


def test_vorlage_laesst_sich_auswerten(cli, tmp_path):
    vorlage = tmp_path / "vorlage.csv"
    assert cli("vorlage", "--ausgabe", vorlage).code == 0
    assert vorlage.read_bytes().startswith(b"\xef\xbb\xbfkommune;verbund;")
    lauf = cli("batch", vorlage, "--format", "csv", *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    (zeile,) = lies_csv_text(lauf.out)
    assert zeile["ikz_ergebnis"] == "foerderfaehig" and zeile["ikz_betrag"] == "100000,00"
    assert zeile["fehler"] == ""


def test_vorlage_xlsx(cli, tmp_path):
    ziel = tmp_path / "vorlage.xlsx"
    lauf = cli("vorlage", "-p", "ikz", "--ausgabe", ziel)
    assert lauf.code == 0, lauf.err
    assert "Vorlage geschrieben" in lauf.err
    blatt = openpyxl.load_workbook(ziel).active
    assert [c.value for c in blatt[1]][:3] == ["kommune", "verbund", "kommunen"]
    assert [c.value for c in blatt[2]][:4] == ["Wetzlar", None, "4", "18 %"]
    assert "Erlaubt: eine ganze Zahl" in blatt["C1"].comment.text
    assert blatt.freeze_panes == "A2"
    assert any("ja,nein" in (dv.formula1 or "") for dv in blatt.data_validations.dataValidation)
    # die Excel-Vorlage lässt sich ebenso auswerten
    aus = tmp_path / "aus.csv"
    assert cli("batch", ziel, "--ausgabe", aus, *STICHTAG, *TECHNISCH).code == 0
    assert lies_csv(aus)[0]["ikz_ergebnis"] == "foerderfaehig"


@pytest.mark.parametrize(
    ("optionen", "meldung"),
    [
        (("--format", "xlsx"), "gehört in eine Datei"),
        (("--format", "pdf"), "csv oder xlsx"),
        (("--programm", "ikzz"), "Meinten Sie „ikz“?"),
    ],
)
def test_vorlage_fehler(cli, optionen, meldung):
    lauf = cli("vorlage", *optionen)
    assert lauf.code == 2 and meldung in lauf.err and "ozg-foerder vorlage --help" in lauf.err


def test_vorlage_ueberschreibt_nicht(cli, tmp_path):
    ziel = tmp_path / "v.csv"
    ziel.write_text("meins", encoding="utf-8")
    assert cli("vorlage", "--ausgabe", ziel).code == 2
    assert ziel.read_text(encoding="utf-8") == "meins"
    assert cli("vorlage", "--ausgabe", ziel, "--ueberschreiben").code == 0


@pytest.mark.parametrize("befehl", ["batch", "vorlage"])
def test_hilfe_deutsch_mit_beispiel(cli, befehl):
    lauf = cli(befehl, "--help", env={"COLUMNS": "200"})
    assert lauf.code == 0
    assert "Beispiel: ozg-foerder " + befehl in lauf.out
    for option in ("--programm", "--format", "--ausgabe", "--ueberschreiben"):
        assert option in lauf.out
    assert "Optionen" in lauf.out

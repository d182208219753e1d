"""Batch-Ausgabe: CSV, XLSX, JSON, Tabelle; nichts verlieren; keine Formel-Injektion."""

import json
import os
import stat

import openpyxl
import pytest

from test_batch_hilfen import (
    IKZ_KOPF,
    STICHTAG,
    TECHNISCH,
    csv_datei,
    lies_csv,
    lies_csv_text,
    xlsx_datei,
)

IKZ = ("--programm", "ikz")


def _liste(tmp_path, name="liste.csv"):
    return csv_datei(
        tmp_path / name,
        [
            [*IKZ_KOPF, "bemerkung"],
            ["Wetzlar", "3", "18 %", "5", "ja", "ja", '=HYPERLINK("http://x";"klick")'],
            ["Solms", "2", "0,1", "5", "ja", "ja", "-"],
            ["Leun", "4", "", "", "", "", "@SUMME(A1)"],
        ],
    )


# ---------------------------------------------------------------------------------------------
# Formel-Injektion
# ---------------------------------------------------------------------------------------------


def test_formel_injektion_in_csv_neutralisiert(cli, tmp_path):
    pfad = csv_datei(
        tmp_path / "l.csv",
        [
            ["kommune", "kommunen", "notiz", "=kopf"],
            ["Wetzlar", "2", "=1+1", "+49 611 3211-4411"],
            ["Solms", "2", "-5", "+3,5 %"],
            ["Leun", "2", "@cmd", "\tTab"],
            ["Lich", "2", "\r=x", "-"],
        ],
    )
    lauf = cli("batch", pfad, *IKZ, "--format", "csv", *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    z = lies_csv_text(lauf.out)
    assert "'=kopf" in z[0]
    assert [(r["notiz"], r["'=kopf"]) for r in z] == [
        ("'=1+1", "'+49 611 3211-4411"),
        ("-5", "+3,5 %"),  # Zahlen bleiben Zahlen
        ("'@cmd", "'\tTab"),
        ("'\r=x", "'-"),
    ]


def test_formel_injektion_in_xlsx_als_text(cli, tmp_path):
    aus = tmp_path / "aus.xlsx"
    lauf = cli("batch", _liste(tmp_path), *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    blatt = openpyxl.load_workbook(aus)["Ergebnisse"]
    kopf = [c.value for c in blatt[1]]
    zelle = blatt.cell(row=2, column=kopf.index("bemerkung") + 1)
    assert zelle.value == '=HYPERLINK("http://x";"klick")'
    assert zelle.data_type == "s" and zelle.quotePrefix  # Text, keine Formel
    assert blatt.cell(row=4, column=kopf.index("bemerkung") + 1).data_type == "s"


# ---------------------------------------------------------------------------------------------
# CSV, XLSX, JSON
# ---------------------------------------------------------------------------------------------


def test_csv_eingabespalten_unveraendert_plus_ergebnis(cli, tmp_path):
    aus = tmp_path / "aus.csv"
    lauf = cli("batch", _liste(tmp_path), *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH)
    assert lauf.code == 0
    zeilen = lies_csv(aus)
    assert list(zeilen[0]) == [*IKZ_KOPF, "bemerkung", "ikz_ergebnis", "ikz_betrag", "fehler"]
    assert [(z["einsparung"], z["ikz_ergebnis"], z["ikz_betrag"]) for z in zeilen] == [
        ("18 %", "foerderfaehig", "75000,00"),
        ("0,1", "nicht_foerderfaehig", ""),
        ("", "offen", "100000,00"),
    ]
    assert "Geschrieben: " in lauf.err and "Zusammenfassung" in lauf.err


def test_xlsx_ausgabe_formatiert_mit_zusammenfassung(cli, tmp_path):
    aus = tmp_path / "ergebnis.xlsx"  # Format aus der Endung
    lauf = cli("batch", _liste(tmp_path), *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    mappe = openpyxl.load_workbook(aus)
    assert mappe.sheetnames == ["Ergebnisse", "Zusammenfassung"]
    blatt = mappe["Ergebnisse"]
    assert blatt.freeze_panes == "A2" and blatt.auto_filter.ref == "A1:J4"
    kopf = [c.value for c in blatt[1]]
    betrag = blatt.cell(row=2, column=kopf.index("ikz_betrag") + 1)
    assert betrag.value == 75000 and betrag.data_type == "n" and "€" in betrag.number_format
    assert blatt.cell(row=3, column=kopf.index("ikz_betrag") + 1).value is None
    assert blatt.cell(row=2, column=1).font.b is False and blatt.cell(row=1, column=1).font.b
    werte = [r for r in mappe["Zusammenfassung"].iter_rows(values_only=True) if any(r)]
    assert werte[3][:2] == ("Zeilen", 3)
    ikz = next(r for r in werte if r[0] == "ikz")
    assert ikz[2:9] == (1, 75000, 1, 100000, 1, 0, 0)


def test_xlsx_eingabe_zu_xlsx_und_csv(cli, tmp_path):
    from datetime import datetime

    eingabe = xlsx_datei(
        tmp_path / "liste.xlsx",
        [[*IKZ_KOPF, "datum"], ["Wetzlar", 4.0, 0.15, 5, "ja", "ja", datetime(2022, 3, 1)]],
    )
    xlsx = tmp_path / "aus.xlsx"
    assert cli("batch", eingabe, *IKZ, "--ausgabe", xlsx, *STICHTAG, *TECHNISCH).code == 0
    zeile = list(openpyxl.load_workbook(xlsx)["Ergebnisse"].iter_rows(min_row=2, values_only=True))
    assert zeile[0][:7] == ("Wetzlar", 4, 0.15, 5, "ja", "ja", datetime(2022, 3, 1))
    csv_aus = tmp_path / "aus.csv"
    assert cli("batch", eingabe, *IKZ, "--ausgabe", csv_aus, *STICHTAG, *TECHNISCH).code == 0
    assert csv_aus.read_bytes().startswith(b"\xef\xbb\xbfkommune;")  # für deutsches Excel
    (z,) = lies_csv(csv_aus)
    assert (z["kommunen"], z["einsparung"], z["datum"], z["ikz_betrag"]) == (
        "4",
        "0,15",
        "01.03.2022",
        "100000,00",
    )


def test_json_in_datei(cli, tmp_path):
    aus = tmp_path / "aus.json"
    assert cli("batch", _liste(tmp_path), *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH).code == 0
    daten = json.loads(aus.read_text(encoding="utf-8"))
    assert daten["format"] == "ozg-foerder/batch/2"
    assert [d["zeile"] for d in daten["zeilen"]] == [2, 3, 4]  # wie Excel zählt


def test_erneuter_lauf_ueber_eigene_ausgabe_erneuert_die_spalten(cli, tmp_path):
    erste = tmp_path / "erste.csv"
    assert cli("batch", _liste(tmp_path), *IKZ, "--ausgabe", erste, *STICHTAG, *TECHNISCH).code == 0
    zweite = tmp_path / "zweite.csv"
    lauf = cli("batch", erste, *IKZ, "--ausgabe", zweite, "--stichtag", "2022-03-14", *TECHNISCH)
    assert lauf.code == 0, lauf.err
    a, b = lies_csv(erste), lies_csv(zweite)
    assert list(a[0]) == list(b[0])  # keine doppelten Ergebnisspalten
    assert a == b


def test_tage_spalte_fuer_programme_mit_kontingenten(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [["kommune", "genutzt"], ["Fulda", "1,3"], ["Lich", ""]])
    lauf = cli("batch", pfad, "-p", "beratung", "--format", "csv", *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    z = lies_csv_text(lauf.out)
    assert [r["beratung_tage_verfuegbar"] for r in z] == ["2,5", "8,0"]
    assert "beratung_betrag" not in z[0]  # ohne Betragsformel keine Betragsspalte


# ---------------------------------------------------------------------------------------------
# Nichts verlieren
# ---------------------------------------------------------------------------------------------


def test_ausgabe_gleich_eingabe_wird_abgelehnt(cli, tmp_path, monkeypatch):
    pfad = _liste(tmp_path)
    vorher = pfad.read_bytes()
    monkeypatch.chdir(tmp_path)
    for ziel in (pfad, "./liste.csv", "../" + tmp_path.name + "/liste.csv"):
        lauf = cli(
            "batch", pfad, *IKZ, "--ausgabe", ziel, "--ueberschreiben", *STICHTAG, *TECHNISCH
        )
        assert lauf.code == 2 and "ist die Eingabedatei" in lauf.err
    (tmp_path / "verweis.csv").symlink_to(pfad)
    lauf = cli(
        "batch", "verweis.csv", *IKZ, "--ausgabe", pfad, "--ueberschreiben", *STICHTAG, *TECHNISCH
    )
    assert lauf.code == 2
    assert pfad.read_bytes() == vorher


def test_vorhandene_ausgabe_nur_mit_ueberschreiben(cli, tmp_path):
    aus = tmp_path / "aus.csv"
    aus.write_text("wichtig", encoding="utf-8")
    lauf = cli("batch", _liste(tmp_path), *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH)
    assert lauf.code == 2 and "gibt es schon" in lauf.err and "--ueberschreiben" in lauf.err
    assert aus.read_text(encoding="utf-8") == "wichtig"
    lauf = cli(
        "batch", _liste(tmp_path), *IKZ, "--ausgabe", aus, "--ueberschreiben", *STICHTAG, *TECHNISCH
    )
    assert lauf.code == 0 and lies_csv(aus)[0]["kommune"] == "Wetzlar"


def test_abbruch_hinterlaesst_keine_halbe_datei(cli, tmp_path, monkeypatch):
    from ozg_foerder.batch import auswertung

    original = auswertung.Auswerter.zeile
    aufrufe = []

    def unterbrochen(self, nr, zellen):
        aufrufe.append(nr)
        if len(aufrufe) == 2:
            raise KeyboardInterrupt
        return original(self, nr, zellen)

    monkeypatch.setattr(auswertung.Auswerter, "zeile", unterbrochen)
    for endung in ("csv", "xlsx", "json"):
        aufrufe.clear()
        aus = tmp_path / f"aus.{endung}"
        lauf = cli("batch", _liste(tmp_path), *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH)
        assert lauf.code == 130
        assert "Abgebrochen (Strg-C)" in lauf.err and "nicht geschrieben" in lauf.err
        assert not aus.exists()
    # eine vorhandene Datei bleibt, wie sie war – auch mit --ueberschreiben
    aus = tmp_path / "alt.csv"
    aus.write_text("alt", encoding="utf-8")
    aufrufe.clear()
    lauf = cli(
        "batch", _liste(tmp_path), *IKZ, "--ausgabe", aus, "--ueberschreiben", *STICHTAG, *TECHNISCH
    )
    assert lauf.code == 130 and "unverändert" in lauf.err
    assert aus.read_text(encoding="utf-8") == "alt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alt.csv", "liste.csv"]


def test_schreibfehler_hinterlaesst_nichts(cli, tmp_path, monkeypatch):
    from ozg_foerder.batch import lauf as lauf_modul

    def voll(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lauf_modul, "schreibe_csv", voll)
    lauf = cli(
        "batch", _liste(tmp_path), *IKZ, "--ausgabe", tmp_path / "aus.csv", *STICHTAG, *TECHNISCH
    )
    assert lauf.code == 2 and "Lesen oder Schreiben fehlgeschlagen" in lauf.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv"]


def test_ausgabedatei_hat_uebliche_rechte(cli, tmp_path):
    aus = tmp_path / "aus.csv"
    cli("batch", _liste(tmp_path), *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH)
    maske = os.umask(0)
    os.umask(maske)
    assert stat.S_IMODE(aus.stat().st_mode) == 0o666 & ~maske


@pytest.mark.parametrize(
    ("optionen", "meldung"),
    [
        (("--format", "xlsx"), "gehört in eine Datei"),
        (("--format", "csv", "--ausgabe", "x.xlsx"), "passt nicht zum Format"),
        (("--format", "tabelle", "--ausgabe", "x.txt"), "Tabelle erscheint im Terminal"),
        (("--ausgabe", "fehlt/aus.csv"), "gibt es nicht"),
    ],
)
def test_falsche_ausgabeoptionen(cli, tmp_path, monkeypatch, optionen, meldung):
    monkeypatch.chdir(tmp_path)
    lauf = cli("batch", _liste(tmp_path), *IKZ, *optionen, *STICHTAG)
    assert lauf.code == 2 and meldung in lauf.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv"]


# ---------------------------------------------------------------------------------------------
# Tabelle im Terminal
# ---------------------------------------------------------------------------------------------


def test_tabelle_hoechstens_50_zeilen_dann_summen(cli, tmp_path):
    zeilen = [IKZ_KOPF] + [["Wetzlar", str(2 + i % 3), "20 %", "5", "ja", "ja"] for i in range(57)]
    pfad = csv_datei(tmp_path / "l.csv", zeilen)
    lauf = cli("batch", pfad, *IKZ, *STICHTAG, env={"COLUMNS": "160"})
    assert lauf.code == 0, lauf.err
    ausgabe = lauf.out
    assert "   51 " in ausgabe and "   52 " not in ausgabe  # Tabellenzeilen 2–51
    assert "… und 7 weitere Zeilen" in ausgabe
    assert "Zusammenfassung (Stichtag 14.03.2022): 57 Zeilen." in ausgabe
    assert "57 förderfähig, 0 offen, 0 nicht förderfähig" in ausgabe
    assert "Summe förderfähig 4.275.000,00 €" in ausgabe  # 19 × (50.000 + 75.000 + 100.000)


def test_tabelle_zeigt_fehler_unter_der_tabelle(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [IKZ_KOPF, ["Wetzlar", "2"], ["Solms", "x"]])
    lauf = cli("batch", pfad, *IKZ, *STICHTAG, env={"COLUMNS": "200"})
    assert lauf.code == 1
    assert "⚠ 1" in lauf.out
    assert "Zeile 3, Spalte B „kommunen“: „x“ ist nicht zulässig." in lauf.out

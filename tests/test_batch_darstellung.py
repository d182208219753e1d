"""Batch-Ergebnisse für Menschen (CSV, XLSX, Tabelle) und für Programme (JSON, Issue 10, 3–5).

Die Tests rechnen mit einem erfundenen Programm ``probe`` (Kurzname „Probe“); Tatsachen über die
echten Programme (Kurzname, Grenzen) lesen sie aus den Regeldateien.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import REGELN, yaml_laden
from test_batch_hilfen import STICHTAG, TECHNISCH, csv_datei, lies_csv, lies_csv_text, xlsx_datei

PROBE = """\
id: probe
name: Probe-Förderung (erfunden, nur für Tests)
kurzname: Probe
traeger: Testministerium
stand: 2022-03-14
zweck: Ein erfundenes Programm für die Tests der Batch-Ausgabe.
quellen:
  q_quote:
    dokument: Handreichung
    abschnitt: Ziff. 8
  q_betrag:
    dokument: Handreichung
    abschnitt: Ziff. 9
eingaben:
  kosten:
    typ: betrag
    text: Zuwendungsfähige Kosten
    hilfe: Kosten in Euro.
    erforderlich: true
    beispiel: "1.000"
  quote:
    typ: anteil
    text: Eigenanteil
    hilfe: Eigenanteil, z. B. 18 %.
    beispiel: "18 %"
  beschluss:
    typ: ja_nein
    text: Beschluss
    hilfe: Liegt ein Beschluss vor?
    option: --probe-beschluss
  beginn:
    typ: datum
    text: Beginn
    hilfe: Beginn des Vorhabens.
    beispiel: 01.07.2022
kriterien:
  - id: quote
    text: Eigenanteil
    art: minimum
    wert: quote
    grenze: 0.15
    quelle: q_quote
  - id: beschluss
    text: Beschluss liegt vor
    art: muss_ja
    wert: beschluss
    quelle: q_quote
betrag:
  art: anteil_kosten
  text: Die Hälfte der Kosten, höchstens 1.000 €
  kosten: kosten
  satz: 0.5
  hoechstens: 1000
  rundung: abrunden
  quelle: q_betrag
kontakt:
  - {art: Web, wert: www.example.invalid}
"""

KOPF = ["kommune", "kosten", "quote", "beschluss", "beginn", "notiz"]


def _regeln(tmp_path: Path) -> Path:
    ordner = tmp_path / "regeln"
    ordner.mkdir(exist_ok=True)
    (ordner / "probe.yaml").write_text(PROBE, encoding="utf-8")
    return ordner


def _liste(tmp_path: Path, kodierung: str = "utf-8") -> Path:
    return csv_datei(
        tmp_path / "liste.csv",
        [
            ["Förderliste 2022"],  # Titelzeile: die Kopfzeile ist Zeile 2
            KOPF,
            ["Wetzlar", "1.500,00 €", "18 %", "ja", "01.07.2022", "gut"],
            ["Solms", "1.000", "10 %", "nein", "", ""],
            [],
            ["Leun", "800", "", "", "14.03.2022", ""],
            ["Lich", "viel", "20 %", "ja", "", ""],
        ],
        kodierung=kodierung,
    )


def _batch(cli, pfad, regeln, *weitere, env=None):
    return cli("batch", pfad, "--regeln", regeln, *weitere, *STICHTAG, env=env)


# ---------------------------------------------------------------------------------------------
# 1. Für Menschen: deutsche Überschriften, Statuswörter, Begründung
# ---------------------------------------------------------------------------------------------


def test_csv_deutsch_mit_begruendung_und_zeilennummern(cli, tmp_path):
    regeln = _regeln(tmp_path)
    aus = tmp_path / "aus.csv"  # wie die Eingabe: Windows-1252, Semikolon, Dezimalkomma
    lauf = _batch(cli, _liste(tmp_path, "cp1252"), regeln, "--ausgabe", aus)
    assert lauf.code == 1, lauf.err
    zeilen = lies_csv(aus, kodierung="cp1252")
    assert list(zeilen[0])[len(KOPF) :] == [
        "Eingabezeile",
        "Probe Ergebnis",
        "Probe Zuwendung",
        "Probe Begründung / noch offen",
        "Fehler",
    ]
    z = {r["kommune"]: r for r in zeilen}
    # die Zeilennummern der Datei (Titelzeile 1, Kopf 2, leere Zeile 5 zählt mit)
    assert [r["Eingabezeile"] for r in zeilen] == ["3", "4", "6", "7"]
    assert (z["Wetzlar"]["Probe Ergebnis"], z["Wetzlar"]["Probe Zuwendung"]) == (
        "förderfähig",
        "750,00",
    )
    assert z["Wetzlar"]["Probe Begründung / noch offen"] == ""
    assert z["Solms"]["Probe Ergebnis"] == "nicht förderfähig"
    assert z["Solms"]["Probe Begründung / noch offen"] == (
        "Nicht erfüllt: Eigenanteil: mindestens 15 % – angegeben: 10 %; Beschluss liegt vor – nein."
    )
    assert z["Leun"]["Probe Ergebnis"] == "offen"
    assert z["Leun"]["Probe Begründung / noch offen"] == (
        "Noch offen: Eigenanteil: mindestens 15 % – nicht angegeben (Spalte quote); "
        "Beschluss liegt vor – nicht angegeben (Spalte beschluss)."
    )
    assert "Regeln: Stand 14.03.2022 · Fingerabdruck " in lauf.err  # auf stderr
    lich = z["Lich"]
    assert lich["Probe Ergebnis"] == "" and lich["Fehler"].startswith("Zeile 7, Spalte B")
    assert lich["Probe Begründung / noch offen"] == "Nicht ausgewertet: siehe Spalte Fehler."


def test_begruendung_in_den_worten_von_check(cli, tmp_path):
    """Kein zweiter Wortlaut: die Begründung enthält die Zeile, die check zeigt."""
    regeln = _regeln(tmp_path)
    check = cli(
        "check", "probe", "--kosten", "1000", "--quote", "10 %", "--regeln", regeln, *STICHTAG
    )
    zeile = next(z for z in check.out.splitlines() if "Eigenanteil:" in z)
    text = zeile.split("nicht erfüllt", 1)[1].strip()
    lauf = _batch(cli, _liste(tmp_path), regeln, "--format", "csv")
    solms = next(r for r in lies_csv_text(lauf.out) if r["kommune"] == "Solms")
    assert text in solms["Probe Begründung / noch offen"]


def test_ueberschriften_aus_dem_kurznamen_der_regeldatei(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [["kommune", "genutzt"], ["Fulda", "1"]])
    regeln = [yaml_laden(p.read_text(encoding="utf-8")) for p in REGELN.glob("*.yaml")]
    deutsch = list(lies_csv_text(cli("batch", pfad, "--format", "csv", *STICHTAG).out)[0])
    technisch = cli("batch", pfad, "--format", "csv", *STICHTAG, *TECHNISCH).out.splitlines()[0]
    gezeigt = 0
    for r in regeln:
        if f"{r['id'].replace('-', '_')}_ergebnis" in technisch:
            name = r.get("kurzname") or r["id"]
            assert f"{name} Ergebnis" in deutsch
            assert f"{name} Begründung / noch offen" in deutsch
            gezeigt += 1
    assert gezeigt >= 2  # die Programme, die nur eine Kommune brauchen


def test_spalten_technisch_wie_bisher(cli, tmp_path):
    regeln = _regeln(tmp_path)
    lauf = _batch(cli, _liste(tmp_path), regeln, "--format", "csv", *TECHNISCH)
    zeilen = lies_csv_text(lauf.out)
    assert list(zeilen[0])[len(KOPF) :] == ["probe_ergebnis", "probe_betrag", "fehler"]
    assert [r["probe_ergebnis"] for r in zeilen] == [
        "foerderfaehig",
        "nicht_foerderfaehig",
        "offen",
        "",
    ]
    falsch = _batch(cli, _liste(tmp_path), regeln, "--format", "csv", "--spalten", "englisch")
    assert falsch.code == 2 and "--spalten" in falsch.err and "technisch" in falsch.err
    hilfe = cli("batch", "--help")
    assert "--spalten" in hilfe.out and "technisch" in hilfe.out


def test_erneuter_lauf_ueber_deutsche_ausgabe(cli, tmp_path):
    regeln = _regeln(tmp_path)
    erste = tmp_path / "erste.csv"
    assert _batch(cli, _liste(tmp_path), regeln, "--ausgabe", erste).code == 1
    zweite = tmp_path / "zweite.csv"
    assert _batch(cli, erste, regeln, "--ausgabe", zweite).code == 1
    a, b = lies_csv(erste), lies_csv(zweite)
    assert list(a[0]) == list(b[0])  # keine doppelten Ergebnisspalten
    assert [r["Probe Ergebnis"] for r in a] == [r["Probe Ergebnis"] for r in b]


def test_tabelle_deutsch_mit_begruendung(cli, tmp_path, monkeypatch):
    regeln = _regeln(tmp_path)
    liste = _liste(tmp_path)
    # Die Tabelle nennt die Datei, wie angegeben, in einer Zeile für sich (ein Pfad wird nicht
    # umbrochen): relativ, damit die Breite nicht von der Länge des tmp-Pfads abhängt.
    monkeypatch.chdir(tmp_path)
    lauf = _batch(cli, liste.name, regeln, env={"COLUMNS": "80"})
    assert lauf.code == 1
    assert " Probe " in lauf.out.splitlines()[2] or "Probe" in lauf.out.split("─")[0]
    teil = lauf.out.split("Begründung / noch offen", 1)[1]
    einzeilig = " ".join(teil.split())
    assert "Zeile 4 Probe Nicht erfüllt: Eigenanteil: mindestens 15 % – angegeben: 10 %" in (
        einzeilig
    )
    assert "Zeile 6 Probe Noch offen:" in einzeilig
    from ozg_foerder.regeln.katalog import fingerabdruck

    assert f"Regeln: Stand 14.03.2022 · Fingerabdruck {fingerabdruck(regeln)}" in lauf.out
    assert max(len(z) for z in lauf.out.splitlines()) <= 80


def test_verbund_begruendung_nennt_den_partner(cli, tmp_path):
    ikz = yaml_laden((REGELN / "ikz.yaml").read_text(encoding="utf-8"))
    assert ikz["verbund"]["zaehlt"] == "kommunen"
    kriterium = next(
        k
        for k in ikz["kriterien"]
        if k["art"] == "minimum" and ikz["eingaben"][k["wert"]]["typ"] == "anteil"
    )
    wert, grenze = kriterium["wert"], kriterium["grenze"]
    pfad = csv_datei(
        tmp_path / "l.csv",
        [
            ["kommune", "verbund", wert],
            ["Herborn", "Dill", f"{grenze * 100 + 5:g} %"],
            ["Haiger", "Dill", ""],
        ],
    )
    lauf = cli("batch", pfad, "--programm", ikz["id"], "--format", "csv", *STICHTAG)
    herborn, haiger = lies_csv_text(lauf.out)
    spalte = f"{ikz['kurzname']} Begründung / noch offen"
    assert f"{kriterium['text']}: mindestens" in herborn[spalte]
    assert (
        "in dieser Zeile erfüllt, offen bei Haiger (Zeile 3) des Verbunds „Dill“"
        in (herborn[spalte])
    )
    assert f"(Spalte {wert})" in haiger[spalte]


# ---------------------------------------------------------------------------------------------
# 2. XLSX: typisierte Zellen, Formate des Benutzers bleiben
# ---------------------------------------------------------------------------------------------


def test_xlsx_aus_csv_typisiert(cli, tmp_path):
    regeln = _regeln(tmp_path)
    aus = tmp_path / "aus.xlsx"
    assert _batch(cli, _liste(tmp_path), regeln, "--ausgabe", aus).code == 1
    blatt = openpyxl.load_workbook(aus)["Ergebnisse"]
    kopf = [c.value for c in blatt[1]]

    def zelle(zeile: int, name: str):
        return blatt.cell(row=zeile, column=kopf.index(name) + 1)

    kosten, quote, beginn = zelle(2, "kosten"), zelle(2, "quote"), zelle(2, "beginn")
    assert (kosten.value, kosten.data_type) == (1500, "n") and "€" in kosten.number_format
    assert quote.value == pytest.approx(0.18) and quote.number_format == "0 %"
    assert beginn.value == datetime(2022, 7, 1) and beginn.number_format == "DD.MM.YYYY"
    assert zelle(2, "beschluss").value == "ja" and zelle(2, "notiz").value == "gut"
    # so getippt, wie der Benutzer schrieb: 1.000 mit Tausenderpunkt, 800 schlicht
    assert (zelle(3, "kosten").value, zelle(3, "kosten").number_format) == (1000, "#,##0")
    assert (zelle(4, "kosten").value, zelle(4, "kosten").number_format) == (800, "General")
    assert zelle(5, "kosten").value == "viel"  # unlesbar: bleibt, wie geschrieben
    ergebnis = zelle(2, "Probe Ergebnis")
    assert ergebnis.value == "förderfähig" and ergebnis.fill.fgColor.rgb.endswith("C6EFCE")
    betrag = zelle(2, "Probe Zuwendung")
    assert betrag.value == 750 and betrag.number_format == '#,##0.00 "€"'
    assert zelle(2, "Eingabezeile").value == 3
    begruendung = zelle(3, "Probe Begründung / noch offen")
    assert begruendung.value.startswith("Nicht erfüllt: Eigenanteil")
    assert begruendung.alignment.wrap_text
    zf = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(aus)["Zusammenfassung"].iter_rows(values_only=True)
        if r and r[0]
    }
    assert zf["Stichtag"] == datetime(2022, 3, 14)
    assert zf["Regeln"].startswith("Stand 14.03.2022, Fingerabdruck ")


def test_xlsx_aus_xlsx_behaelt_die_formate_des_benutzers(cli, tmp_path):
    regeln = _regeln(tmp_path)
    mappe = openpyxl.Workbook()
    ws = mappe.active
    ws.append(KOPF)
    ws.append(["Wetzlar", 1500, 0.18, "ja", datetime(2022, 7, 1), "gut"])
    ws["B2"].number_format = '#,##0.00 "€"'
    ws["C2"].number_format = "0%"
    ws["E2"].number_format = "DD.MM.YYYY"
    eingabe = tmp_path / "liste.xlsx"
    mappe.save(eingabe)
    aus = tmp_path / "aus.xlsx"
    assert _batch(cli, eingabe, regeln, "--ausgabe", aus).code == 0
    zeile = openpyxl.load_workbook(aus)["Ergebnisse"][2]
    assert (zeile[1].value, zeile[1].number_format) == (1500, '#,##0.00 "€"')
    assert (zeile[2].value, zeile[2].number_format) == (0.18, "0%")  # 18 % bleibt 18 %
    assert (zeile[4].value, zeile[4].number_format) == (datetime(2022, 7, 1), "DD.MM.YYYY")


def test_xlsx_datum_ohne_format_nie_mit_uhrzeit(cli, tmp_path):
    regeln = _regeln(tmp_path)
    eingabe = xlsx_datei(
        tmp_path / "l.xlsx", [KOPF, ["Wetzlar", 1500, 0.18, "ja", date(2022, 7, 1), "x"]]
    )
    aus = tmp_path / "aus.xlsx"
    assert _batch(cli, eingabe, regeln, "--ausgabe", aus).code == 0
    zelle = openpyxl.load_workbook(aus)["Ergebnisse"]["E2"]
    assert zelle.value == datetime(2022, 7, 1)
    assert "h" not in zelle.number_format.lower() and zelle.number_format != "General"


# ---------------------------------------------------------------------------------------------
# 4./5. JSON für Programme
# ---------------------------------------------------------------------------------------------


def test_json_dokument(cli, tmp_path):
    regeln = _regeln(tmp_path)
    lauf = _batch(cli, _liste(tmp_path), regeln, "--format", "json")
    assert lauf.code == 1, lauf.err
    d = json.loads(lauf.out)
    assert list(d) == [
        "format",
        "stichtag",
        "regeln",
        "eingabe",
        "optionen",
        "programme",
        "quellen",
        "hinweise",
        "zeilen",
        "zusammenfassung",
        "gesamt",
    ]
    assert (d["format"], d["stichtag"]) == ("ozg-foerder/batch/2", "2022-03-14")
    # nachvollziehbar: Regelsatz mit Version, Eingabedatei mit Hash, die Angaben des Aufrufs
    assert set(d["regeln"]) == {"stand", "fingerabdruck", "version"}
    import hashlib

    liste = _liste(tmp_path)
    assert d["eingabe"] == {
        "datei": liste.name,
        "sha256": hashlib.sha256(liste.read_bytes()).hexdigest(),
    }
    assert d["optionen"]["stichtag"] == "2022-03-14"
    assert d["regeln"]["stand"] == "2022-03-14"
    assert len(d["regeln"]["fingerabdruck"]) == 12
    assert set(d["quellen"]) == {"probe.q_quote", "probe.q_betrag"}
    assert d["quellen"]["probe.q_betrag"] == {"dokument": "Handreichung", "abschnitt": "Ziff. 9"}
    assert d["programme"]["probe"]["kriterien"]["quote"]["quellen"] == ["probe.q_quote"]
    assert [z["zeile"] for z in d["zeilen"]] == [3, 4, 6, 7]  # wie Excel und die Fehlertexte
    wetzlar = d["zeilen"][0]["ergebnisse"]["probe"]
    assert (wetzlar["ergebnis"], wetzlar["betrag"]) == ("foerderfaehig", "750.00")
    assert wetzlar["quellen"] == ["probe.q_betrag"]
    solms = d["zeilen"][1]["ergebnisse"]["probe"]
    assert solms["nicht_erfuellt"] == ["quote", "beschluss"] and solms["betrag"] is None
    assert d["zeilen"][3]["fehler"][0].startswith("Zeile 7, Spalte B")
    assert d["zusammenfassung"] == {
        "probe": {
            "foerderfaehig": 1,
            "offen": 1,
            "nicht_foerderfaehig": 1,
            "fehler": 1,
            "summe_foerderfaehig": "750.00",
            "summe_offen": "400.00",
        }
    }
    assert d["gesamt"] == {"zeilen": 4, "fehlerzeilen": 1}
    # keine Gleitkommazahlen: Geld und Tage sind Dezimaltexte
    assert "750.0," not in lauf.out and '"betrag":750' not in lauf.out


def test_json_quellen_schluessel_eindeutig_ueber_programme(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [["kommune", "genutzt"], ["Fulda", "1"]])
    d = json.loads(cli("batch", pfad, "--format", "json", *STICHTAG).out)
    programme = set(d["programme"])
    assert len(programme) >= 2
    assert all(k.split(".", 1)[0] in programme for k in d["quellen"])
    for pid, p in d["programme"].items():
        for k in p["kriterien"].values():
            assert all(s in d["quellen"] for s in k["quellen"])
    ergebnisse = d["zeilen"][0]["ergebnisse"]
    assert all(s in d["quellen"] for e in ergebnisse.values() for s in e["quellen"])


def test_json_hoechstens_1500_bytes_je_verbundzeile(cli, tmp_path):
    """Die längste IKZ-Zeile: ein Verbund, in dem ein Partner alles verfehlt (GUIDE-Grenze)."""
    regel = yaml_laden((REGELN / "ikz.yaml").read_text(encoding="utf-8"))
    schlecht: dict[str, str] = {}
    for k in regel["kriterien"]:
        if k.get("wert") not in regel["eingaben"]:
            continue  # Bedingungen ohne Eingabe (z. B. ein weiches Ende) kann keine Zeile verfehlen
        typ = regel["eingaben"][k["wert"]]["typ"]
        if k["art"] == "minimum" and k["wert"] != regel["verbund"]["zaehlt"]:
            schlecht[k["wert"]] = f"{k['grenze'] / 2 * 100:g} %" if typ == "anteil" else "1"
        elif k["art"] == "muss_ja":
            schlecht[k["wert"]] = "nein"
        elif k["art"] == "ausschluss_wenn_ja":
            schlecht[k["wert"]] = "ja"
    namen = list(schlecht)
    zeilen = [["kommune", "verbund", *namen, "bemerkung"]]
    zeilen.append(["Herborn", "Verbund Mittelhessen Nord", *schlecht.values(), "x" * 50])
    for kommune in ("Dillenburg", "Haiger", "Driedorf", "Eschenburg"):
        zeilen.append([kommune, "Verbund Mittelhessen Nord", *[""] * len(namen), ""])
    pfad = csv_datei(tmp_path / "l.csv", zeilen)
    lauf = cli("batch", pfad, "--programm", regel["id"], "--format", "json", *STICHTAG)
    zeilen_json = [z for z in lauf.out.splitlines() if z.startswith('{"zeile"')]
    assert len(zeilen_json) == 5
    groessen = [len(z.rstrip(",").encode("utf-8")) for z in zeilen_json]
    assert max(groessen) <= 1500, groessen
    erste = json.loads(zeilen_json[0].rstrip(","))
    assert erste["ergebnisse"][regel["id"]]["ergebnis"] == "nicht_foerderfaehig"


def test_json_in_datei_erst_wenn_vollstaendig_und_stdout_gestreamt(cli, tmp_path):
    regeln = _regeln(tmp_path)
    aus = tmp_path / "aus.json"
    assert _batch(cli, _liste(tmp_path), regeln, "--ausgabe", aus).code == 1
    d = json.loads(aus.read_text(encoding="utf-8"))
    assert d["format"] == "ozg-foerder/batch/2" and len(d["zeilen"]) == 4


def test_json_fliesst_zeile_fuer_zeile(tmp_path):
    """Auf stdout steht der Kopf und jede Zeile, bevor die nächste ausgewertet ist."""
    import io

    from ozg_foerder.batch import schreibe_ausgabe, werte_datei_aus

    auswertung = werte_datei_aus(_liste(tmp_path), stichtag="14.03.2022", regeln=_regeln(tmp_path))
    strom = io.StringIO()
    gesehen: list[str] = []
    zeilen = auswertung.zeilen

    def beobachtet(fortschritt=None):
        for z in zeilen(fortschritt):
            gesehen.append(strom.getvalue())
            yield z

    auswertung.zeilen = beobachtet  # type: ignore[method-assign]
    schreibe_ausgabe(auswertung, "json", None, stdout=strom)
    assert gesehen[0].startswith('{"format": "ozg-foerder/batch/2"') and '"zeilen": [' in gesehen[0]
    assert gesehen[1].count('{"zeile"') == 1 and gesehen[3].count('{"zeile"') == 3
    assert json.loads(strom.getvalue())["gesamt"]["zeilen"] == 4


def test_json_fehler_sind_json(cli, tmp_path):
    lauf = cli("batch", tmp_path / "fehlt.csv", "--format", "json", *STICHTAG)
    assert lauf.code == 2
    fehler = json.loads(lauf.out)["fehler"]
    assert "gibt es nicht" in fehler["meldung"] and fehler["exit"] == 2 and fehler["hilfe"]
    lauf = cli("batch", tmp_path / "fehlt.csv", "--ausgabe", tmp_path / "a.json", *STICHTAG)
    assert lauf.code == 2 and json.loads(lauf.out)["fehler"]["exit"] == 2
    pfad = csv_datei(tmp_path / "l.csv", [["kommune", "genutzt"], ["Fulda", "1"]])
    lauf = cli("batch", pfad, "--format", "json", "--stichtag", "31.02.2022")
    assert lauf.code == 2 and "31.02.2022" in json.loads(lauf.out)["fehler"]["meldung"]
    # ohne JSON bleibt stdout leer
    lauf = cli("batch", tmp_path / "fehlt.csv", "--format", "csv", *STICHTAG)
    assert lauf.code == 2 and lauf.out == ""


def test_fingerabdruck_nach_inhalt(tmp_path):
    from ozg_foerder.api import katalog
    from ozg_foerder.regeln.katalog import fingerabdruck

    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "probe.yaml").write_bytes(PROBE.encode())
    (b / "probe.yaml").write_bytes(PROBE.replace("\n", "\r\n").encode())  # Windows-Zeilenenden
    assert fingerabdruck(a) == fingerabdruck(b) and len(fingerabdruck(a)) == 12
    (b / "probe.yaml").write_text(PROBE.replace("grenze: 0.15", "grenze: 0.16"), encoding="utf-8")
    assert fingerabdruck(a) != fingerabdruck(b)
    assert katalog(a).fingerabdruck == fingerabdruck(a)


def test_csv_zellen_werden_getippt_wie_geschrieben(tmp_path):
    from ozg_foerder.api import katalog
    from ozg_foerder.batch.schreiben_xlsx import _typisiert

    eingaben = katalog(_regeln(tmp_path)).programm("probe").eingaben
    quote, kosten, beginn = eingaben["quote"], eingaben["kosten"], eingaben["beginn"]
    assert _typisiert(quote, "18 %") == (pytest.approx(0.18), "0 %")
    assert _typisiert(quote, "17,5 %") == (pytest.approx(0.175), "0.0 %")
    assert _typisiert(quote, "0,17") == (pytest.approx(0.17), None)  # bleibt 0,17
    assert _typisiert(kosten, "1.500.000,00 €") == (1500000.0, '#,##0.00 "€"')
    assert _typisiert(kosten, "80.000") == (80000.0, "#,##0")
    assert _typisiert(beginn, "01.07.2022") == (date(2022, 7, 1), "DD.MM.YYYY")
    assert _typisiert(beginn, "2022-07-01") == (date(2022, 7, 1), "YYYY-MM-DD")
    assert _typisiert(beginn, "gestern") is None and _typisiert(eingaben["beschluss"], "ja") is None

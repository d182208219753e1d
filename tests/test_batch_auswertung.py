"""Batch je Zeile: Programme, Zeilenfehler, Verbünde, Zusammenfassung, JSON."""

import json
from decimal import Decimal

import pytest

from test_batch_hilfen import IKZ_KOPF, STICHTAG, TECHNISCH, csv_datei, lies_csv_text, test_regeln

IKZ = ("--programm", "ikz")


def _json(cli, pfad, *weitere):
    lauf = cli("batch", pfad, "--format", "json", *weitere, *STICHTAG)
    return lauf, (json.loads(lauf.out)["zeilen"] if lauf.out else None)


# ---------------------------------------------------------------------------------------------
# Leere Zelle = nicht angegeben; Zeilenfehler halten die anderen Zeilen nicht auf
# ---------------------------------------------------------------------------------------------


def test_leere_zelle_ist_offen_nie_nein(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [IKZ_KOPF, ["Wetzlar", "4", "18 %", "", "", ""]])
    _, daten = _json(cli, pfad, *IKZ)
    ikz = daten[0]["ergebnisse"]["ikz"]
    assert (ikz["ergebnis"], ikz["betrag"]) == ("offen", "100000.00")
    assert set(ikz["offen"]) == {"beschluss", "vereinbarung", "laufzeit"}


def test_schlechte_zeilen_halten_gute_nicht_auf(cli, tmp_path):
    pfad = csv_datei(
        tmp_path / "l.csv",
        [
            IKZ_KOPF,
            ["Wetzlar", "3", "18 %", "5", "ja", "ja"],
            ["Solms", "drei", "18 %", "5", "ja", "ja"],
            ["Braunfels", "2", "18", "5", "vielleicht", "ja"],
            ["Atlantis", "2", "0,2", "5", "ja", "ja"],
            ["Leun", "2", "0,2", "5", "ja", "ja"],
        ],
    )
    aus = tmp_path / "aus.csv"
    lauf = cli("batch", pfad, *IKZ, "--ausgabe", aus, *STICHTAG, *TECHNISCH)
    assert lauf.code == 1
    zeilen = {z["kommune"]: z for z in lies_csv_text(aus.read_text(encoding="utf-8-sig"))}
    assert zeilen["Wetzlar"]["ikz_betrag"] == "75000,00" and not zeilen["Wetzlar"]["fehler"]
    assert zeilen["Leun"]["ikz_ergebnis"] == "foerderfaehig"
    solms = zeilen["Solms"]
    assert solms["ikz_ergebnis"] == "" and solms["ikz_betrag"] == ""
    assert solms["fehler"].startswith("Zeile 3, Spalte B „kommunen“: „drei“ ist nicht zulässig.")
    assert "Erlaubt: eine ganze Zahl" in solms["fehler"]
    # zwei Fehler in einer Zeile: beide gemeldet, mit Grund
    braunfels = zeilen["Braunfels"]["fehler"].split(" | ")
    assert braunfels[0].startswith("Zeile 4, Spalte C „einsparung“: „18“ ist nicht zulässig.")
    assert "Mehrdeutig" in braunfels[0] and "„18 %“" in braunfels[0]
    assert braunfels[1].startswith("Zeile 4, Spalte E „beschluss“: „vielleicht“")
    # unbekannte Kommune: eine Fehlerzeile ohne Programm (GUIDE §2.1c), auch ohne Summe
    atlantis = zeilen["Atlantis"]
    assert "Spalte A „kommune“: „Atlantis“" in atlantis["fehler"]
    assert atlantis["ikz_ergebnis"] == "" and atlantis["ikz_betrag"] == ""
    assert "3 Zeile(n) mit Fehlern" in lauf.err
    assert (
        "Summe förderfähig 125.000,00 €" in lauf.err
    )  # Wetzlar 75.000 + Leun 50.000 and "Spalte „fehler“" in lauf.err


def test_unbekannte_kommune_mit_vorschlaegen(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [IKZ_KOPF, ["Wetzler", "2"], ["Lautertal", "2"]])
    lauf, daten = _json(cli, pfad, *IKZ)
    assert lauf.code == 1
    assert "Meinten Sie: Wetzlar" in daten[0]["fehler"][0]
    assert "mehrdeutig" in daten[1]["fehler"][0]  # zwei Gemeinden Lautertal
    assert daten[0]["kommune"] == "Wetzler"  # wie in der Datei


def test_zeile_ohne_auswertbare_angaben_ist_ein_fehler(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [["kommunen", "einsparung"], ["", "18 %"]])
    lauf, daten = _json(cli, pfad)
    assert lauf.code == 1
    # einsparung schaltet IKZ ein; ohne kommunen fehlt eine erforderliche Angabe
    assert daten[0]["ergebnisse"] == {}
    assert daten[0]["fehler"][0].startswith("Zeile 2, Spalte A „kommunen“ (ikz) fehlt.")
    leer = csv_datei(tmp_path / "m.csv", [["kommunen", "einsparung", "notiz"], ["", "", "x"]])
    lauf, daten = _json(cli, leer)
    assert lauf.code == 1
    assert "Keine Angaben, mit denen sich ein Programm auswerten lässt" in daten[0]["fehler"][0]
    assert "ikz braucht eine der Spalten kommunen, einsparung" in daten[0]["fehler"][0]


def test_ueberzaehlige_zellen_verschobene_spalten(cli, tmp_path):
    pfad = tmp_path / "komma.csv"
    pfad.write_text("kommune,kommunen,einsparung\r\nWetzlar,2,0,18\r\n", encoding="utf-8")
    lauf, daten = _json(cli, pfad, *IKZ)
    assert lauf.code == 1
    assert "rechts der letzten Spalte" in daten[0]["fehler"][0]
    assert "Anführungszeichen" in daten[0]["fehler"][0]


# ---------------------------------------------------------------------------------------------
# Welche Programme: automatisch oder mit --programm
# ---------------------------------------------------------------------------------------------


def test_ohne_programm_jedes_programm_dessen_spalten_gefuellt_sind(cli, tmp_path):
    regeln = test_regeln(tmp_path)
    pfad = csv_datei(
        tmp_path / "l.csv",
        [
            ["kommune", "kommunen", "kosten", "handlungsfelder", "beschluss"],
            ["Wetzlar", "2", "", "", "ja"],
            ["Solms", "", "1.500,00 €", "Smart Mobility; Smart Energy", "ja"],
            ["Leun", "3", "800", "", ""],
        ],
    )
    lauf = cli("batch", pfad, "--format", "csv", "--regeln", regeln, *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    kopf = lauf.out.lstrip("\ufeff").splitlines()[0].split(";")
    # Ergebnisspalten stehen vor der ersten Zeile fest; info-dienst hat keine Batch-Regel
    assert kopf[5:] == [
        "ikz_ergebnis",
        "ikz_betrag",
        "mini_projekt_ergebnis",
        "mini_projekt_betrag",
        "fehler",
    ]
    z = lies_csv_text(lauf.out)
    assert [(r["ikz_ergebnis"], r["mini_projekt_ergebnis"]) for r in z] == [
        ("offen", ""),
        ("", "foerderfaehig"),
        ("offen", "offen"),
    ]
    assert [r["mini_projekt_betrag"] for r in z] == ["", "750,00", "400,00"]


def test_mit_programm_genau_diese_und_fehlende_angabe_ist_zeilenfehler(cli, tmp_path):
    regeln = test_regeln(tmp_path)
    pfad = csv_datei(
        tmp_path / "l.csv",
        [["kommune", "kommunen", "kosten"], ["Wetzlar", "2", ""], ["Solms", "", "400"]],
    )
    lauf = cli(
        "batch",
        pfad,
        "-p",
        "mini-projekt,info_dienst",
        "--format",
        "csv",
        "--regeln",
        regeln,
        *STICHTAG,
        *TECHNISCH,
    )
    assert lauf.code == 1
    kopf = lauf.out.lstrip("\ufeff").splitlines()[0].split(";")
    assert "ikz_ergebnis" not in kopf and "info_dienst_ergebnis" in kopf
    wetzlar, solms = lies_csv_text(lauf.out)
    assert wetzlar["fehler"].startswith("Zeile 2, Spalte C „kosten“ (mini-projekt) fehlt.")
    assert wetzlar["info_dienst_ergebnis"] == "foerderfaehig"
    assert (solms["mini_projekt_ergebnis"], solms["mini_projekt_betrag"]) == ("offen", "200,00")


def test_unbekanntes_programm_exit_2_mit_liste(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [IKZ_KOPF, ["Wetzlar", "2"]])
    lauf = cli("batch", pfad, "--programm", "ikk", *STICHTAG)
    assert lauf.code == 2
    assert "„ikk“ ist nicht zulässig" in lauf.err and "Meinten Sie „ikz“?" in lauf.err
    assert "starke-heimat" in lauf.err and "Hilfe: ozg-foerder batch --help" in lauf.err


def test_programm_ohne_erforderliche_spalte_exit_2(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [["kommune", "einsparung"], ["Wetzlar", "18 %"]])
    lauf = cli("batch", pfad, *IKZ, *STICHTAG)
    assert lauf.code == 2
    assert "Für ikz fehlt in der Kopfzeile die Spalte kommunen (oder verbund)" in lauf.err


def test_ungueltiger_stichtag_und_format(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [IKZ_KOPF, ["Wetzlar", "2"]])
    lauf = cli("batch", pfad, "--stichtag", "31.02.2022")
    assert lauf.code == 2 and "Diesen Tag gibt es nicht" in lauf.err
    lauf = cli("batch", pfad, "--format", "pdf", *STICHTAG)
    assert lauf.code == 2 and "tabelle, csv, json, xlsx" in lauf.err


def test_stichtag_wird_an_jede_auswertung_gegeben(cli, tmp_path):
    pfad = csv_datei(
        tmp_path / "l.csv",
        [["kommune", "kosten", "laufzeit_monate"], ["Fulda", "1.000.000", "24"]],
    )
    for stichtag, ergebnis in (
        ("2022-03-14", "foerderfaehig"),
        ("01.01.2025", "nicht_foerderfaehig"),
    ):
        lauf = cli("batch", pfad, "-p", "starke-heimat", "--format", "json", "--stichtag", stichtag)
        dokument = json.loads(lauf.out)
        (zeile,) = dokument["zeilen"]
        assert zeile["ergebnisse"]["starke-heimat"]["ergebnis"] == ergebnis
        assert dokument["stichtag"] == (
            "2022-03-14" if stichtag.startswith("2022") else "2025-01-01"
        )


def test_kommune_geht_an_programme_mit_kommunen_eingabe(cli, tmp_path):
    pfad = csv_datei(
        tmp_path / "l.csv",
        [["kommune", "vorhaben", "betrag", "genutzt"], ["Wetzlar", "einzel", "80.000", "1,3"]],
    )
    lauf, (zeile,) = _json(cli, pfad, "-p", "modellkommune", "-p", "beratung")
    assert lauf.code == 0, lauf.err
    mk = zeile["ergebnisse"]["modellkommune"]
    assert (mk["ergebnis"], mk["betrag"], mk["ags"]) == (
        "foerderfaehig",
        "80000.00",
        "06532023",
    )
    assert zeile["ergebnisse"]["beratung"]["tage_verfuegbar"] == "2.5"


# ---------------------------------------------------------------------------------------------
# Verbünde
# ---------------------------------------------------------------------------------------------


def _verbund(tmp_path, zeilen, kopf=("kommune", "verbund", *IKZ_KOPF[1:])):
    return csv_datei(tmp_path / "verbund.csv", [list(kopf), *zeilen])


def test_verbund_drei_partner(cli, tmp_path):
    pfad = _verbund(
        tmp_path,
        [
            ["Lauterbach (Hessen)", "Vogelsberg", "", "18 %", "5", "ja", "ja"],
            ["Wetzlar", "", "2", "18 %", "5", "ja", "ja"],
            ["Schotten", " vogelsberg ", "", "0,2", "5", "ja", "ja"],
            ["Grebenhain", "Vogelsberg", "", "15 %", "6", "ja", "ja"],
        ],
    )
    lauf = cli("batch", pfad, *IKZ, "--format", "csv", *STICHTAG, *TECHNISCH)
    assert lauf.code == 0, lauf.err
    z = lies_csv_text(lauf.out)
    assert [(r["kommune"], r["ikz_betrag"], r["ikz_anteil"]) for r in z] == [
        ("Lauterbach (Hessen)", "75000,00", "25000,00"),
        ("Wetzlar", "50000,00", ""),
        ("Schotten", "75000,00", "25000,00"),
        ("Grebenhain", "75000,00", "25000,00"),
    ]
    assert all(r["ikz_ergebnis"] == "foerderfaehig" for r in z)
    # Zusammenfassung: der Verbund einmal, nicht dreimal
    assert "2 förderfähig, 0 offen" in lauf.err and "Verbünde je einmal gezählt: 1" in lauf.err
    assert "Summe förderfähig 125.000,00 €" in lauf.err


def test_verbund_sechs_partner_anteile_ergeben_genau_die_zuwendung(cli, tmp_path):
    partner = ["Alsfeld", "Romrod", "Feldatal", "Mücke", "Kirtorf", "Antrifttal"]
    pfad = _verbund(tmp_path, [[k, "V6", "", "20 %", "5", "ja", "ja"] for k in partner])
    lauf, daten = _json(cli, pfad, *IKZ)
    assert lauf.code == 0, lauf.err
    betraege = {d["ergebnisse"]["ikz"]["betrag"] for d in daten}
    assert betraege == {"100000.00"}
    anteile = [d["ergebnisse"]["ikz"]["verbund"]["anteil"] for d in daten]
    assert anteile == ["16666.67"] * 4 + ["16666.66"] * 2
    assert sum(Decimal(a) for a in anteile) == Decimal("100000.00")
    assert [d["ergebnisse"]["ikz"]["verbund"]["partner"] for d in daten] == [1, 2, 3, 4, 5, 6]
    assert daten[0]["ergebnisse"]["ikz"]["eingaben"]["kommunen"] == 6


def test_verbund_voraussetzungen_werden_zusammengefasst(cli, tmp_path):
    pfad = _verbund(
        tmp_path,
        [
            ["Herborn", "Dill", "", "20 %", "6", "ja", "ja"],
            ["Dillenburg", "Dill", "", "20 %", "6", "nein", "ja"],  # kein Beschluss
            ["Haiger", "Dill", "", "20 %", "6", "ja", ""],
            ["Leun", "Lahn", "", "20 %", "6", "ja", "ja"],
            ["Solms", "Lahn", "", "", "6", "ja", "ja"],  # Einsparung offen
        ],
    )
    lauf, daten = _json(cli, pfad, *IKZ)
    ikz = [d["ergebnisse"]["ikz"] for d in daten]
    # ein Partner ohne Beschluss: der ganze Verbund nicht förderfähig, ohne Betrag
    assert [e["ergebnis"] for e in ikz[:3]] == ["nicht_foerderfaehig"] * 3
    assert [e["betrag"] for e in ikz[:3]] == [None] * 3
    assert [e["verbund"]["anteil"] for e in ikz[:3]] == [None] * 3
    herborn = ikz[0]["kriterien"]
    assert herborn["beschluss"] == "nicht_erfuellt" and herborn["vereinbarung"] == "offen"
    # ein Partner lässt etwas offen: der ganze Verbund offen, mit Betrag
    assert [(e["ergebnis"], e["betrag"]) for e in ikz[3:]] == [("offen", "50000.00")] * 2
    assert ikz[3]["verbund"]["anteil"] == "25000.00"
    # welcher Partner (Zeile 6, Solms) die Voraussetzung offen lässt
    assert ikz[3]["verbund"]["ursachen"] == {"einsparung": 6}
    assert "0 förderfähig, 1 offen, 1 nicht förderfähig" in lauf.err


def test_verbund_ausdrueckliche_zahl_gilt(cli, tmp_path):
    pfad = _verbund(
        tmp_path,
        [
            ["Lich", "A", "5", "20 %", "5", "ja", "ja"],
            ["Hungen", "A", "", "20 %", "5", "ja", "ja"],
        ],
    )
    lauf, daten = _json(cli, pfad, *IKZ)
    assert lauf.code == 0, lauf.err
    ikz = [d["ergebnisse"]["ikz"] for d in daten]
    assert [e["betrag"] for e in ikz] == ["100000.00"] * 2
    assert [e["verbund"]["anteil"] for e in ikz] == ["20000.00"] * 2  # 5 Partner, 2 in der Liste
    assert ikz[1]["eingaben"]["kommunen"] == 5


@pytest.mark.parametrize(
    ("zahlen", "meldung"),
    [(("3", "4"), "widersprüchliche Angaben"), (("1", ""), "hat 2 Zeilen, aber kommunen = 1")],
)
def test_verbund_widerspruch_ist_fehler_in_jeder_zeile(cli, tmp_path, zahlen, meldung):
    pfad = _verbund(
        tmp_path,
        [["Lich", "A", zahlen[0], "20 %"], ["Hungen", "A", zahlen[1], "20 %"], ["Leun", "", "2"]],
    )
    lauf, daten = _json(cli, pfad, *IKZ)
    assert lauf.code == 1
    for zeile in daten[:2]:
        assert zeile["ergebnisse"] == {} and meldung in zeile["fehler"][0]
    assert daten[2]["ergebnisse"]["ikz"]["betrag"] == "50000.00"


def test_verbund_mit_fehlerhaftem_partner_wird_nicht_ausgewertet(cli, tmp_path):
    pfad = _verbund(
        tmp_path,
        [
            ["Lich", "A", "", "20 %", "5", "ja", "ja"],
            ["Hungen", "A", "", "zwanzig", "5", "ja", "ja"],
            ["Leun", "B", "", "20 %", "5", "ja", "ja"],
            ["Solms", "B", "", "20 %", "5", "ja", "ja"],
        ],
    )
    lauf, daten = _json(cli, pfad, *IKZ)
    assert lauf.code == 1
    # Lich: kein Ergebnis, die Zeile sagt warum und nennt den Partner
    assert daten[0]["ergebnisse"] == {}
    assert "Verbund „A“ wird nicht ausgewertet" in daten[0]["fehler"][0]
    assert "Partner Hungen (Zeile 3)" in daten[0]["fehler"][0]
    assert daten[1]["ergebnisse"] == {} and "„zwanzig“" in daten[1]["fehler"][0]
    # nur Verbund B zählt
    assert "1 förderfähig, 0 offen, 0 nicht förderfähig, 2 mit Fehlern" in lauf.err
    assert "Summe förderfähig 50.000,00 €, offen 0,00 €" in lauf.err


def test_verbund_ohne_kommunen_spalte(cli, tmp_path):
    pfad = csv_datei(
        tmp_path / "l.csv",
        [["kommune", "verbund"], ["Lich", "A"], ["Hungen", "A"], ["Leun", "B"], ["Solms", ""]],
    )
    lauf = cli("batch", pfad, *IKZ, "--format", "csv", *STICHTAG, *TECHNISCH)
    assert lauf.code == 1  # Solms: weder Verbund noch kommunen
    z = lies_csv_text(lauf.out)
    assert [(r["ikz_ergebnis"], r["ikz_betrag"], r["ikz_anteil"]) for r in z[:3]] == [
        ("offen", "50000,00", "25000,00"),
        ("offen", "50000,00", "25000,00"),
        ("nicht_foerderfaehig", "", ""),  # ein Partner allein ist keine Kooperation
    ]
    assert "Zeile 5, kommunen (ikz) fehlt." in z[3]["fehler"]


# ---------------------------------------------------------------------------------------------
# Zusammenfassung und JSON
# ---------------------------------------------------------------------------------------------


def test_zusammenfassung_mit_budget(cli, tmp_path):
    regeln = test_regeln(tmp_path)
    pfad = csv_datei(
        tmp_path / "l.csv",
        [
            ["kommune", "kosten", "beschluss"],
            ["Lich", "1.000", "ja"],
            ["Leun", "3.000", "ja"],
            ["Solms", "600", ""],
            ["Hungen", "600", "nein"],
            ["Linden", "viel", "ja"],
        ],
    )
    lauf = cli(
        "batch", pfad, "-p", "mini-projekt", "--format", "csv", "--regeln", regeln, *STICHTAG
    )
    assert lauf.code == 1
    err = lauf.err
    assert "Zusammenfassung (Stichtag 14.03.2022): 5 Zeilen, davon 1 mit Fehlern." in err
    assert "2 förderfähig, 1 offen, 1 nicht förderfähig, 1 mit Fehlern" in err
    assert "Summe förderfähig 1.500,00 €, offen 300,00 €, zusammen 1.800,00 €" in err
    assert "Budget Testbudget: 4.000,00 € insgesamt – förderfähig 37,5 %, mit offenen 45,0 %" in err
    # ein Budget je Jahr nur Jahr für Jahr – ohne Beginn in den Zeilen kein Vergleich
    assert "Budget Jahresbudget: 2.000,00 € je Jahr – nicht verglichen" in err
    assert "förderfähig 75,0 %" not in err


def test_zusammenfassung_als_python_api(tmp_path):
    from ozg_foerder.batch import werte_datei_aus

    pfad = csv_datei(
        tmp_path / "l.csv",
        [
            ["kommune", "kosten", "laufzeit_monate"],
            ["Fulda", "1.000.000", "24"],
            ["Kassel", "3.000.000", "12"],
            ["Lich", "100.000", "12"],
        ],
    )
    auswertung = werte_datei_aus(pfad, programme=["starke-heimat"], stichtag="14.03.2022")
    zeilen = list(auswertung.zeilen())
    assert [z.ergebnisse["starke-heimat"].betrag for z in zeilen] == [
        Decimal("900000.00"),
        Decimal("2500000.00"),
        None,
    ]
    s = auswertung.zusammenfassung.programme["starke-heimat"]
    assert s.anzahl == {"foerderfaehig": 2, "offen": 0, "nicht_foerderfaehig": 1}
    assert s.summe["foerderfaehig"] == Decimal("3400000.00")
    budget = {b.je: (b.betrag, anteil) for b, anteil, _ in s.budget_zeilen()}
    assert "jahr" not in budget and s.jahres_zeilen() == []  # keine Zeile nennt einen Beginn
    assert budget["gesamt"][1] == Decimal("3.4")
    assert auswertung.exit_code == 0


def test_json_struktur(cli, tmp_path):
    pfad = csv_datei(
        tmp_path / "l.csv",
        [
            IKZ_KOPF,
            ["Wetzlar", "4", "18 %", "5", "ja", "ja"],
            ["", "", "", "", "", ""],
            ["06532021", "zwei"],
        ],
    )
    lauf, daten = _json(cli, pfad, *IKZ)
    assert lauf.code == 1
    assert isinstance(daten, list) and len(daten) == 2  # die leere Zeile zählt nicht
    erste, zweite = daten
    assert set(erste) == {"zeile", "kommune", "ergebnisse", "fehler"}
    # die Zeilennummer der Datei, wie in den Fehlermeldungen ("Zeile 4")
    assert (erste["zeile"], erste["kommune"], erste["fehler"]) == (2, "Wetzlar", [])
    ikz = erste["ergebnisse"]["ikz"]
    # dasselbe Ergebnis wie ozg-foerder check ikz --format json
    check = cli(
        "check",
        "ikz",
        "--kommunen",
        "4",
        "--einsparung",
        "18 %",
        "--laufzeit-jahre",
        "5",
        "--beschluss",
        "--vereinbarung",
        "--format",
        "json",
        *STICHTAG,
    )
    geprueft = json.loads(check.out)
    assert (ikz["ergebnis"], ikz["betrag"], ikz["eingaben"]) == (
        geprueft["ergebnis"],
        geprueft["betrag"],
        geprueft["eingaben"],
    )
    assert ikz["kriterien"] == {k["id"]: k["status"] for k in geprueft["kriterien"]}
    assert (zweite["zeile"], zweite["kommune"], zweite["ergebnisse"]) == (4, "Solms", {})
    assert zweite["fehler"] == [
        "Zeile 4, Spalte B „kommunen“: „zwei“ ist nicht zulässig. Erlaubt: eine ganze Zahl in "
        "Ziffern, z. B. 4"
    ]


def test_json_leere_datei_ergibt_leeres_array(cli, tmp_path):
    pfad = csv_datei(tmp_path / "l.csv", [IKZ_KOPF])
    lauf, daten = _json(cli, pfad, *IKZ)
    assert (lauf.code, daten) == (0, [])


# ---------------------------------------------------------------------------------------------
# Anteile, Lesedurchgänge, Fortschritt
# ---------------------------------------------------------------------------------------------


def test_anteile_ergeben_immer_genau_die_zuwendung():
    from ozg_foerder.batch.verbund import anteil

    for betrag in ("100000.00", "75000.00", "0.05", "1350000.80", "99999.99"):
        for partner in range(1, 13):
            anteile = [anteil(Decimal(betrag), partner, i) for i in range(partner)]
            assert sum(anteile) == Decimal(betrag)
            assert max(anteile) - min(anteile) <= Decimal("0.01")
            assert anteile == sorted(anteile, reverse=True)  # Restcents an die ersten
    assert anteil(None, 3, 0) is None


def test_lesedurchgaenge_und_fortschritt(tmp_path):
    from ozg_foerder.batch import werte_datei_aus
    from ozg_foerder.batch.fortschritt import fortschrittsanzeige

    mit = _verbund(tmp_path, [["Lich", "A", "", "20 %"], ["Hungen", "A"], ["Leun", "", "2"]])
    ohne = csv_datei(tmp_path / "ohne.csv", [IKZ_KOPF, ["Lich", "2"]])
    for pfad, erwartet in (
        (mit, ["Verbünde zählen", "Verbünde prüfen", "Auswerten"]),
        (ohne, ["Auswerten"]),
    ):
        phasen, meldungen = [], []

        def phase(name, phasen=phasen, meldungen=meldungen):
            phasen.append(name)
            return lambda erledigt, gesamt: meldungen.append((erledigt, gesamt))

        auswertung = werte_datei_aus(pfad, programme=["ikz"], stichtag="14.03.2022")
        assert len(list(auswertung.zeilen(phase))) == (3 if pfad == mit else 1)
        assert phasen == erwartet
        groesse = pfad.stat().st_size
        assert meldungen[-1] == (groesse, groesse)
    with fortschrittsanzeige(10**9, aktiv=True) as anzeige:
        melde = anzeige("Auswerten")
        melde(5, 10)
        melde(10, 10)
    with fortschrittsanzeige(10**9) as anzeige:  # stderr ist im Test kein Terminal
        assert anzeige is None

"""Die Prüfbefehle aller Programme: Optionen, JSON-Vertrag, Exit-Codes, Hinweise, Kontakt.

Was ein Test über ein Programm wissen muss (Beispielwerte, Kontakt, Stand), liest er aus dessen
Regeldatei; so gilt jeder Test auch für ein neues Programm (hier: das erfundene unter
tests/fixtures/minimal, das mit ``--regeln`` dazukommt).
"""

import json
from datetime import date, timedelta

import pytest

from conftest import MINIMAL, REGELN, beispielaufruf, regeldaten

PROGRAMME = [
    pytest.param(verzeichnis, daten, id=daten["id"])
    for verzeichnis in (REGELN, MINIMAL)
    for daten in regeldaten(verzeichnis).values()
]


def _check(cli, verzeichnis, daten, *argumente):
    regeln = [] if verzeichnis == REGELN else ["--regeln", verzeichnis]
    return cli("check", daten["id"], *beispielaufruf(daten), *argumente, *regeln)


def _stand(daten) -> date:
    stand = daten["stand"]
    return stand if isinstance(stand, date) else date.fromisoformat(str(stand))


def test_jedes_programm_hat_einen_check_befehl(cli):
    """``check --help`` listet die Programme des Regelverzeichnisses dieses Aufrufs."""
    mitgeliefert, erfunden = set(regeldaten(REGELN)), set(regeldaten(MINIMAL))
    assert mitgeliefert and erfunden and not mitgeliefert & erfunden
    for vorne, da, nicht_da in (
        ([], mitgeliefert, erfunden),
        (["--regeln", MINIMAL], erfunden, mitgeliefert),
    ):
        hilfe = cli(*vorne, "check", "--help", env={"COLUMNS": "200"})
        befehle = hilfe.out.split("Befehle")[1]
        zeilen = [z.strip("│ ").split() for z in befehle.splitlines()]
        erste = {z[0] for z in zeilen if z}
        assert da <= erste and not nicht_da & erste, hilfe.out


@pytest.mark.parametrize(("verzeichnis", "daten"), PROGRAMME)
def test_json_vertrag_fuer_jedes_programm(cli, verzeichnis, daten):
    stichtag = _stand(daten).isoformat()
    lauf = _check(cli, verzeichnis, daten, "--format", "json", "--stichtag", stichtag)
    daten_json = json.loads(lauf.out)
    assert lauf.code == (1 if daten_json["ergebnis"] == "nicht_foerderfaehig" else 0), lauf.err
    assert daten_json["programm"] == daten["id"]
    assert daten_json["stichtag"] == stichtag
    assert daten_json["ergebnis"] in ("foerderfaehig", "offen", "nicht_foerderfaehig")
    assert daten_json["betrag"] is None or (
        daten_json["betrag"].count(".") == 1 and len(daten_json["betrag"].split(".")[1]) == 2
    )
    assert daten_json["regeln_stand"] == stichtag
    for k in daten_json["kriterien"]:
        assert k["status"] in ("erfuellt", "nicht_erfuellt", "offen") and k["quelle"]
    kontakt = daten["kontakt"][0]["wert"]
    assert any(kontakt in k["wert"] for k in daten_json["kontakt"])
    assert "kein Förderbescheid" in daten_json["haftung"]


@pytest.mark.parametrize(("verzeichnis", "daten"), PROGRAMME)
def test_text_nennt_kontakt_und_dass_es_eine_schaetzung_ist(cli, verzeichnis, daten):
    lauf = _check(cli, verzeichnis, daten, "--stichtag", _stand(daten).isoformat())
    for kontakt in daten["kontakt"]:
        assert kontakt["wert"] in lauf.out
    assert "Unverbindliche Schätzung" in lauf.out and "kein Förderbescheid" in lauf.out


@pytest.mark.parametrize(("verzeichnis", "daten"), PROGRAMME)
def test_hinweis_auf_alte_zahlen_nach_einem_jahr(cli, verzeichnis, daten):
    stand = _stand(daten)
    spaeter = (stand + timedelta(days=400)).isoformat()
    alt = _check(cli, verzeichnis, daten, "--stichtag", spaeter, "--format", "json")
    neu = _check(cli, verzeichnis, daten, "--stichtag", stand.isoformat(), "--format", "json")
    assert any("aktuelle Förderrichtlinie" in h for h in json.loads(alt.out)["hinweise"])
    assert not any("aktuelle Förderrichtlinie" in h for h in json.loads(neu.out)["hinweise"])


@pytest.mark.parametrize(("verzeichnis", "daten"), PROGRAMME)
def test_hilfe_mit_beispiel(cli, verzeichnis, daten):
    lauf = cli("check", daten["id"], "--help", "--regeln", verzeichnis)
    assert lauf.code == 0
    assert f"Beispiel: ozg-foerder check {daten['id']}" in " ".join(lauf.out.split())


def _json(cli, *argumente):
    lauf = cli("check", *argumente, "--format", "json")
    return lauf.code, json.loads(lauf.out) if lauf.out else None, lauf.err


def test_starke_heimat_beispiel(cli):
    code, d, _ = _json(
        cli,
        "starke-heimat",
        "--kosten",
        "1.000.000",
        "--laufzeit-monate",
        "24",
        "--handlungsfeld",
        "Smart Mobility",
        "--handlungsfeld",
        "Smart Energy",
        "--gemeinschaftsvorhaben",
        "--stichtag",
        "2022-03-14",
    )
    assert code == 0
    assert (d["ergebnis"], d["betrag"]) == ("foerderfaehig", "900000.00")
    assert d["werte"]["eigenanteil"] == "100000.00"
    assert d["eingaben"]["handlungsfelder"] == ["smart_mobility", "smart_energy"]
    assert d["eingaben"]["vorhaben"] == "gemeinschaft"
    assert {c["id"] for c in d["checklisten"]} == {"bewertungskriterien", "verfahren"}


def test_starke_heimat_handlungsfelder_mit_komma_und_einzelvorhaben(cli):
    _code, d, _ = _json(
        cli,
        "starke-heimat",
        "--kosten",
        "1.500.000,00 €",
        "--handlungsfeld",
        "eGovernment, Gesellschaft",
        "--einzelvorhaben",
        "--stichtag",
        "14.03.2022",
    )
    assert d["betrag"] == "1350000.00"
    assert d["eingaben"]["handlungsfelder"] == ["verwaltungsdigitalisierung", "gesellschaft"]
    assert any("vorrangig Gemeinschaftsvorhaben" in h for h in d["hinweise"])


def test_starke_heimat_unbekanntes_handlungsfeld_nennt_die_gueltigen(cli):
    lauf = cli("check", "starke-heimat", "--kosten", "500000", "--handlungsfeld", "Smart Farming")
    assert lauf.code == 2
    assert (
        "--handlungsfeld" in lauf.err
        and "Smart Energy" in lauf.err
        and "Transfer durch Coaching" in lauf.err
    )


def test_starke_heimat_ausserhalb_der_phase_nennt_die_daten(cli):
    lauf = cli("check", "starke-heimat", "--kosten", "500000", "--stichtag", "2025-01-01")
    assert lauf.code == 1
    assert "01.01.2021 – 31.12.2024" in lauf.out and "endete am 31.12.2024" in lauf.out


def test_modellkommune_schalter_und_kappung(cli):
    code, d, _ = _json(
        cli,
        "modellkommune",
        "--kommune",
        "LK Gießen",
        "--gemeinschaftsvorhaben",
        "--betrag",
        "200.000",
        "--stichtag",
        "2022-03-14",
    )
    assert (code, d["ergebnis"], d["betrag"]) == (0, "foerderfaehig", "150000.00")
    assert d["kommune"]["ags"] == "06531000"
    assert any("übersteigt den Höchstbetrag" in h for h in d["hinweise"])


def test_modellkommune_falle_stadt_giessen(cli):
    code, d, _ = _json(
        cli, "modellkommune", "--kommune", "Gießen", "--einzelvorhaben", "--stichtag", "2022-03-14"
    )
    assert code == 1
    assert d["betrag"] is None
    assert any("Landkreis Gießen" in h for h in d["hinweise"])


def test_modellkommune_unbekannt_und_mehrdeutig_exit_2(cli):
    unbekannt = cli("check", "modellkommune", "--kommune", "Wetzler")
    assert unbekannt.code == 2 and "Meinten Sie: Wetzlar" in unbekannt.err
    mehrdeutig = cli("check", "modellkommune", "--kommune", "Lautertal")
    assert (
        mehrdeutig.code == 2
        and "Lautertal (Odenwald)" in mehrdeutig.err
        and "Lautertal (Vogelsberg)" in mehrdeutig.err
    )


@pytest.mark.parametrize(
    ("stichtag", "genutzt", "tage"),
    [
        ("2022-03-14", None, "8.0"),
        ("2022-03-14", "1,3", "2.5"),
        ("2022-03-14", "2", "3.0"),
        ("2023-06-01", None, "3.0"),
        ("2023-06-01", "1", "5.5"),
        ("2025-01-01", None, "0.0"),
        ("2025-01-01", "1,3", "0.0"),
    ],
)
def test_beratung_die_faelle_des_guide(cli, stichtag, genutzt, tage):
    argumente = ["beratung", "--stichtag", stichtag] + (["--genutzt", genutzt] if genutzt else [])
    code, d, _ = _json(cli, *argumente)
    assert d["tage_verfuegbar"] == tage
    assert d["betrag"] is None
    assert d["ergebnis"] == ("foerderfaehig" if tage != "0.0" else "nicht_foerderfaehig")
    assert code == (0 if tage != "0.0" else 1)
    assert [m["nr"] for m in d["module"]] == [1, 2, 3, 4]
    assert {m["status"] for m in d["module"]} <= {"genutzt", "foerderfaehig", "nicht_foerderfaehig"}


@pytest.mark.parametrize(
    ("genutzt", "teil"),
    [("3,4", "3 und 4"), ("1,1", "doppelt"), ("5", "Modul 5"), ("eins", "keine Modulnummer")],
)
def test_beratung_unmoegliche_module_exit_2(cli, genutzt, teil):
    lauf = cli("check", "beratung", "--genutzt", genutzt)
    assert lauf.code == 2
    assert teil in lauf.err and "--genutzt" in lauf.err


def test_beratung_erklaeren_zeigt_inhalte_und_zielgruppen(cli):
    lauf = cli("check", "beratung", "--stichtag", "2022-03-14", "--erklaeren")
    assert "Inhalte: Gesetzliche Grundlagen" in lauf.out
    assert "Zielgruppe: Verwaltungsspitze" in lauf.out
    assert "K2 Starke-Heimat-Zusatz" in lauf.out
    ohne = cli("check", "beratung", "--stichtag", "2022-03-14")
    assert "Inhalte:" not in ohne.out


def test_umsetzungsvereinbarung_angebote_mit_status(cli):
    code, d, _ = _json(cli, "umsetzungsvereinbarung", "--stichtag", "2024-06-01")
    assert code == 0 and d["ergebnis"] == "foerderfaehig"
    angebote = {a["id"]: a for a in d["angebote"]}
    assert angebote["kompetenzzentrum"]["status"] == "beendet"
    assert angebote["betrieb"]["status"] == "aktiv"
    assert angebote["betrieb"]["finanzierung"] == "Starke Heimat Hessen"
    assert angebote["betrieb"]["bis"] == "2024-12-31"


def test_beratung_fristen_tragen_die_quelle_des_kontingents(cli):
    """GUIDE §1.4/§2.3: das Ende von K2 ist abgeleitet – das steht an der Frist."""
    _, d, _ = _json(cli, "beratung", "--genutzt", "1", "--stichtag", "2023-06-01")
    modul2 = d["module"][1]
    assert (modul2["kontingent"], modul2["frist"]) == ("K2", "2024-12-31")
    assert modul2["kontingent_quelle"] == "Handreichung Ziff. 2"
    assert "abgeleitet" in modul2["kontingent_quellen"][0]["anmerkung"]


def test_stadt_kassel_ausdruecklich_ohne_landkreis_hinweis(cli):
    _, d, _ = _json(cli, "modellkommune", "--kommune", "Stadt Kassel", "--stichtag", "2022-03-14")
    assert not any("Landkreis Kassel" in h for h in d["hinweise"])
    _, d, _ = _json(cli, "modellkommune", "--kommune", "Kassel", "--stichtag", "2022-03-14")
    assert any("Landkreis Kassel" in h for h in d["hinweise"])


def test_kurzquellen_nicht_doppelt(cli):
    _, d, _ = _json(cli, "ikz", "--kommunen", "2", "--stichtag", "2022-03-14")
    it = next(k for k in d["kriterien"] if k["id"] == "keine_reine_it_investition")
    assert it["quelle"] == "Handreichung Ziff. 4"
    assert len(it["quellen"]) == 2


@pytest.mark.parametrize("kommune", [b"Wetzlar", ["Wetzlar"], True, {"a": 1}])
def test_api_kommune_falscher_typ_ist_eingabefehler(kommune):
    from ozg_foerder import EingabeFehler, pruefe

    with pytest.raises(EingabeFehler):
        pruefe("modellkommune", {"kommune": kommune}, stichtag="2022-03-14")


def test_api_kommune_als_zahl():
    from decimal import Decimal

    from ozg_foerder import pruefe

    for ags in (6414000, Decimal("6414000"), 6414000.0, "06414000"):
        assert (
            pruefe("modellkommune", {"kommune": ags}, stichtag="2022-03-14").kommune.name
            == "Wiesbaden"
        )

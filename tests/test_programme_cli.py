"""Die Prüfbefehle aller Programme: Optionen, JSON-Vertrag, Exit-Codes, Hinweise, Kontakt."""

import json

import pytest

from conftest import REGELN

PROGRAMME = sorted(p.stem for p in REGELN.glob("*.yaml"))
MINIMAL = {
    "ikz": ["--kommunen", "2"],
    "starke-heimat": ["--kosten", "500.000"],
    "modellkommune": ["--kommune", "Wetzlar"],
    "beratung": [],
    "umsetzungsvereinbarung": [],
}
KONTAKT = {
    "ikz": "www.ikz-hessen.de",
    "starke-heimat": "starkeheimat@digitales.hessen.de",
    "modellkommune": "OZG-Koordinierungsstelle@hmdis.hessen.de",
    "beratung": "www.ekom21.de",
    "umsetzungsvereinbarung": "landesredaktion@digitales.hessen.de",
}


def test_jedes_programm_hat_einen_check_befehl():
    assert set(PROGRAMME) == set(MINIMAL)


@pytest.mark.parametrize("programm", PROGRAMME)
def test_json_vertrag_fuer_jedes_programm(cli, programm):
    lauf = cli(
        "check", programm, *MINIMAL[programm], "--format", "json", "--stichtag", "2022-03-14"
    )
    assert lauf.code == 0, lauf.err
    daten = json.loads(lauf.out)
    assert daten["programm"] == programm
    assert daten["stichtag"] == "2022-03-14"
    assert daten["ergebnis"] in ("foerderfaehig", "offen", "nicht_foerderfaehig")
    assert daten["betrag"] is None or (
        daten["betrag"].count(".") == 1 and len(daten["betrag"].split(".")[1]) == 2
    )
    assert daten["regeln_stand"] == "2022-03-14"
    for k in daten["kriterien"]:
        assert k["status"] in ("erfuellt", "nicht_erfuellt", "offen") and k["quelle"]
    assert any(KONTAKT[programm] in k["wert"] for k in daten["kontakt"])
    assert "kein Förderbescheid" in daten["haftung"]


@pytest.mark.parametrize("programm", PROGRAMME)
def test_text_nennt_kontakt_und_dass_es_eine_schaetzung_ist(cli, programm):
    lauf = cli("check", programm, *MINIMAL[programm], "--stichtag", "2022-03-14")
    assert KONTAKT[programm] in lauf.out
    assert "Unverbindliche Schätzung" in lauf.out and "kein Förderbescheid" in lauf.out


@pytest.mark.parametrize("programm", PROGRAMME)
def test_hinweis_auf_alte_zahlen_nach_einem_jahr(cli, programm):
    alt = cli("check", programm, *MINIMAL[programm], "--stichtag", "2026-11-21", "--format", "json")
    neu = cli("check", programm, *MINIMAL[programm], "--stichtag", "2022-03-14", "--format", "json")
    assert any("aktuelle Förderrichtlinie" in h for h in json.loads(alt.out)["hinweise"])
    assert not any("aktuelle Förderrichtlinie" in h for h in json.loads(neu.out)["hinweise"])


@pytest.mark.parametrize("programm", PROGRAMME)
def test_hilfe_mit_beispiel(cli, programm):
    lauf = cli("check", programm, "--help")
    assert lauf.code == 0
    assert f"Beispiel: ozg-foerder check {programm}" in " ".join(lauf.out.split())


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
    assert modul2["kontingent_quelle"] == "Handreichung Ziff. 2; Handreichung Ziff. 2 (abgeleitet)"
    (abgeleitet,) = [q for q in modul2["kontingent_quellen"] if q.get("abgeleitet")]
    assert "abgeleitet" in abgeleitet["anmerkung"]
    assert "bis 31.12.2024 (abgeleitet)" in modul2["grund"]


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

"""Das Kommunenverzeichnis (GUIDE §2.1a): Namen, AGS, Landkreise, Fallen, Vorschläge."""

import csv

import pytest

from conftest import DATEN, REPO
from ozg_foerder.eingaben.kommunen import KommuneUnbekannt, verzeichnis
from ozg_foerder.eingaben.werte import EingabeFehler

REGISTER = verzeichnis()


def test_umfang_des_verzeichnisses():
    arten = [k.art for k in REGISTER.kommunen]
    assert len(REGISTER.kommunen) == 442
    assert arten.count("Landkreis") == 21
    assert arten.count("kreisfreie Stadt") == 5
    assert len(arten) - arten.count("Landkreis") == 421
    assert len({k.ags for k in REGISTER.kommunen}) == 442
    assert all(len(k.ags) == 8 and k.ags.startswith("06") for k in REGISTER.kommunen)


def test_daten_passen_zu_den_referenzdaten():
    """data/kommunen.csv entspricht den amtlichen Referenzdaten (Kopie in tests/quellen/)."""
    referenz = REPO / "tests" / "quellen"
    with (referenz / "hessen_gemeinden.csv").open(encoding="utf-8") as datei:
        amtlich = {z["ags"]: z["name_amtlich"] for z in csv.DictReader(datei)}
    with (referenz / "hessen_kreise.csv").open(encoding="utf-8") as datei:
        kreise = {z["kreisschluessel"]: z for z in csv.DictReader(datei)}
    unsere = {k.ags: k.name_amtlich for k in REGISTER.kommunen if k.art != "Landkreis"}
    assert unsere == amtlich
    landkreise = {k.ags: k.name for k in REGISTER.kommunen if k.art == "Landkreis"}
    assert landkreise == {
        s + "000": z["name"] for s, z in kreise.items() if z["art"] == "Landkreis"
    }
    for k in REGISTER.kommunen:
        kreis = kreise[k.ags[:5]]
        assert k.regierungsbezirk == kreis["regierungsbezirk"]
        if k.art in ("Stadt", "Gemeinde"):
            assert k.kreis == kreis["name"]


@pytest.mark.parametrize(
    ("eingabe", "ags"),
    [
        ("Marburg", "06534014"),
        ("Marburg, Universitätsstadt", "06534014"),
        ("marburg", "06534014"),
        ("  MARBURG ", "06534014"),
        ("Stadt Marburg", "06534014"),
        ("Landkreis Marburg-Biedenkopf", "06534000"),
        ("LK Marburg-Biedenkopf", "06534000"),
        ("Kreis Marburg-Biedenkopf", "06534000"),
        ("Landkreis Gießen", "06531000"),
        ("LK Giessen", "06531000"),
        ("lk gießen", "06531000"),
        ("Wetteraukreis", "06440000"),
        ("Kreis Wetterau", "06440000"),
        ("LK Main-Kinzig", "06435000"),
        ("Main-Kinzig-Kreis", "06435000"),
        ("06411000", "06411000"),
        ("6411000", "06411000"),
        (6411000, "06411000"),
        (6411000.0, "06411000"),
        ("06531", "06531000"),
        ("Frankfurt", "06412000"),
        ("Frankfurt am Main", "06412000"),
        ("Bad Homburg", "06434001"),
        ("Groß-Gerau", "06433006"),
        ("Gross Gerau", "06433006"),
        ("Lautertal (Odenwald)", "06431014"),
    ],
)
def test_suche(eingabe, ags):
    kommune, _ = REGISTER.suche(eingabe)
    assert kommune.ags == ags


@pytest.mark.parametrize(
    ("name", "kreis"),
    [
        ("Gießen", "Landkreis Gießen"),
        ("Groß-Gerau", "Landkreis Groß-Gerau"),
        ("Kassel", "Landkreis Kassel"),
        ("Fulda", "Landkreis Fulda"),
        ("Offenbach", "Landkreis Offenbach"),
    ],
)
def test_bloßer_name_meint_die_stadt_und_nennt_den_landkreis(name, kreis):
    kommune, hinweise = REGISTER.suche(name)
    assert kommune.art != "Landkreis"
    assert len(hinweise) == 1 and kreis in hinweise[0]


@pytest.mark.parametrize("name", ["Darmstadt", "Marburg", "Wetzlar", "Landkreis Gießen"])
def test_kein_landkreis_hinweis_ohne_gleichnamigen_landkreis(name):
    assert REGISTER.suche(name)[1] == []


def test_mehrdeutig_nennt_beide():
    with pytest.raises(KommuneUnbekannt) as fehler:
        REGISTER.suche("Lautertal")
    assert fehler.value.mehrdeutig
    assert {k.ags for k in fehler.value.vorschlaege} == {"06431014", "06535012"}
    meldung = fehler.value.meldung()
    assert "Odenwald" in meldung and "Vogelsberg" in meldung


def test_unbekannt_mit_vorschlaegen():
    with pytest.raises(KommuneUnbekannt) as fehler:
        REGISTER.suche("Wetzler")
    assert fehler.value.vorschlaege[0].name == "Wetzlar"
    assert "Meinten Sie: Wetzlar" in fehler.value.meldung()


def test_unbekannte_ags():
    with pytest.raises(EingabeFehler) as fehler:
        REGISTER.suche("06999999")
    assert "Schlüssel" in fehler.value.meldung()


def test_modellkommunen_datensatz():
    with (DATEN / "modellkommunen.csv").open(encoding="utf-8") as datei:
        zeilen = list(csv.DictReader(datei))
    assert len(zeilen) == 15
    assert sum(z["art"] == "Landkreis" for z in zeilen) == 3
    namen = {z["name"] for z in zeilen}
    assert {
        "Landkreis Gießen",
        "Landkreis Groß-Gerau",
        "Marburg",
        "Landkreis Marburg-Biedenkopf",
    } <= namen
    assert "Gießen" not in namen and "Groß-Gerau" not in namen
    for z in zeilen:
        assert REGISTER.nach_ags[z["ags"]].name == z["name"]


def test_cli_kommunen_suche_und_kreis(cli):
    lauf = cli("kommunen", "Lautertal")
    assert lauf.code == 0
    assert "06431014" in lauf.out and "06535012" in lauf.out
    kreis = cli("kommunen", "--kreis", "LK Fulda", "--format", "json")
    import json

    daten = json.loads(kreis.out)
    assert {k["kreis"] for k in daten if k["art"] != "Landkreis"} == {"Landkreis Fulda"}
    assert len(daten) == 24
    assert cli("kommunen", "--kreis", "Atlantis").code == 2


@pytest.mark.parametrize(
    ("name", "landkreis"),
    [("Marburg-Biedenkopf", "06534000"), ("Vogelsberg", "06535000"), ("Bergstraße", "06431000")],
)
def test_landkreisname_ohne_landkreis_nennt_den_landkreis(name, landkreis):
    """Aus dem Nutzertest: die Meldung sagte fälschlich 'gibt es in Hessen nicht'."""
    with pytest.raises(KommuneUnbekannt) as fehler:
        REGISTER.suche(name)
    assert "Name eines Landkreises" in fehler.value.meldung()
    assert fehler.value.vorschlaege[0].ags == landkreis


@pytest.mark.parametrize(
    ("name", "ags"),
    [
        ("Marburg an der Lahn", "06534014"),
        ("Limburg an der Lahn", "06533009"),
        ("Bad Homburg vor der Höhe", "06434001"),
    ],
)
def test_namenszusaetze_wie_man_sie_schreibt(name, ags):
    assert REGISTER.suche(name)[0].ags == ags


@pytest.mark.parametrize(
    ("name", "teil"), [("Darmstadt", "kreisfreie Stadt"), ("Wetzlar", "Stadt im Lahn-Dill-Kreis")]
)
def test_kreis_der_keiner_ist(name, teil):
    with pytest.raises(EingabeFehler) as fehler:
        REGISTER.suche_kreis(name)
    assert teil in fehler.value.meldung() and "kein Landkreis" in fehler.value.meldung()

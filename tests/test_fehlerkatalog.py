"""Katalog der Benutzerfehler, Ende zu Ende durch die Kommandozeile, wie ein neuer Benutzer tippt.

Jeder Fehler: deutsche Meldung, die das Problem nennt ("Fehler: …") und den Ausweg ("Hilfe: …"),
Exit-Code nach Vertrag (2 = Eingabe/Aufruf), kein Traceback, nichts auf stdout.
"""

import pytest

from conftest import REGELN

KATALOG = [
    # (Beschreibung, Argumente, Teil der Meldung)
    ("Pflichtangabe fehlt", ["check", "ikz"], "--kommunen fehlt"),
    ("Option ohne Wert", ["check", "ikz", "--kommunen"], "braucht einen Wert"),
    ("Wort statt Zahl", ["check", "ikz", "--kommunen", "vier"], "„vier“"),
    ("Kommazahl statt ganzer Zahl", ["check", "ikz", "--kommunen", "2,5"], "ganze Zahl"),
    ("Anteil mehrdeutig", ["check", "ikz", "--kommunen", "2", "--einsparung", "18"], "18 %"),
    ("Anteil über 100 %", ["check", "ikz", "--kommunen", "2", "--einsparung", "120 %"], "100 %"),
    (
        "Unmögliches Datum",
        ["check", "ikz", "--kommunen", "2", "--stichtag", "31.02.2022"],
        "28 Tage",
    ),
    (
        "Datum im falschen Format",
        ["check", "ikz", "--kommunen", "2", "--stichtag", "2022/03/14"],
        "14.03.2022",
    ),
    ("Monat 13", ["check", "ikz", "--kommunen", "2", "--stichtag", "01.13.2022"], "Monat 13"),
    ("Negative Kosten", ["check", "starke-heimat", "--kosten", "-5.000"], "zu klein"),
    ("Kosten als Wort", ["check", "starke-heimat", "--kosten", "eine Million"], "--kosten"),
    ("Englisches Zahlformat", ["check", "starke-heimat", "--kosten", "1,500,000.00"], "Komma"),
    (
        "Unbekanntes Handlungsfeld",
        ["check", "starke-heimat", "--kosten", "500000", "--handlungsfeld", "Smart Farming"],
        "Smart Energy",
    ),
    (
        "Laufzeit 0 Monate",
        ["check", "starke-heimat", "--kosten", "500000", "--laufzeit-monate", "0"],
        "zu klein",
    ),
    ("Modul 5", ["check", "beratung", "--genutzt", "5"], "Modul 5"),
    ("Module 3 und 4", ["check", "beratung", "--genutzt", "3,4"], "3 und 4"),
    ("Modul doppelt", ["check", "beratung", "--genutzt", "2,2"], "doppelt"),
    (
        "Unbekannte Kommune",
        ["check", "modellkommune", "--kommune", "Atlantis"],
        "gibt es in Hessen nicht",
    ),
    (
        "Tippfehler in der Kommune",
        ["check", "modellkommune", "--kommune", "Wiesbadn"],
        "Meinten Sie: Wiesbaden",
    ),
    ("Mehrdeutige Kommune", ["check", "modellkommune", "--kommune", "Homberg"], "mehrdeutig"),
    ("Unbekannte AGS", ["check", "modellkommune", "--kommune", "06999999"], "Schlüssel"),
    ("Unbekanntes Programm", ["check", "starke_heimat", "--kosten", "1"], "Unbekannter Befehl"),
    ("Unbekannter Befehl", ["pruefe", "ikz"], "Unbekannter Befehl"),
    (
        "Unbekannte Option",
        ["check", "ikz", "--kommunen", "2", "--einspaarung", "0,2"],
        "Unbekannte Option --einspaarung",
    ),
    ("Überzähliges Argument", ["check", "ikz", "--kommunen", "2", "ja"], "Überzählige Angabe"),
    (
        "Schalter mit Wert",
        ["check", "ikz", "--kommunen", "2", "--beschluss=ja"],
        "ist ein Schalter",
    ),
    (
        "Widersprüchliche Schalter",
        ["check", "ikz", "--kommunen", "2", "--beschluss", "--kein-beschluss"],
        "widersprechen sich",
    ),
    (
        "Einzel- und Gemeinschaftsvorhaben zugleich",
        [
            "check",
            "modellkommune",
            "--kommune",
            "Wetzlar",
            "--einzelvorhaben",
            "--gemeinschaftsvorhaben",
        ],
        "widersprechen sich",
    ),
    (
        "Unbekanntes Ausgabeformat",
        ["check", "ikz", "--kommunen", "2", "--format", "pdf"],
        "--format",
    ),
    ("Unbekanntes Programm zeigen", ["regeln", "zeigen", "ikx"], "Meinten Sie „ikz“"),
    ("Uebersicht ohne Kommune", ["uebersicht"], "--kommune"),
    ("Kreis, der keiner ist", ["kommunen", "--kreis", "Darmstadt"], "--kreis"),
    ("Stichtag-Tippfehler in fristen", ["fristen", "--stichtag", "morgen"], "--stichtag"),
    ("Regelverzeichnis gibt es nicht", ["regeln", "pruefen", "/gibt/es/nicht"], "keine *.yaml"),
]


@pytest.mark.parametrize(
    ("beschreibung", "argumente", "teil"), KATALOG, ids=[k[0] for k in KATALOG]
)
def test_benutzerfehler(cli, beschreibung, argumente, teil):
    lauf = cli(*argumente)
    assert lauf.code == 2, (beschreibung, lauf)
    assert lauf.out == ""
    assert lauf.err.startswith("Fehler: ")
    assert teil in lauf.err, lauf.err
    assert "Hilfe: ozg-foerder" in lauf.err
    assert "Traceback" not in lauf.err


def test_regelverzeichnis_aus_der_umgebung_fehlt(cli, tmp_path):
    lauf = cli(
        "check", "ikz", "--kommunen", "2", env={"OZG_FOERDER_REGELN": str(tmp_path / "leer")}
    )
    assert lauf.code == 2
    assert "keine *.yaml" in lauf.err and "Traceback" not in lauf.err


@pytest.mark.parametrize(
    ("inhalt", "teil"),
    [
        (b"\xff\xfe\x00binaer\x00", "nicht UTF-8"),
        (b"id: ikz\nname: [\n", "kein gültiges YAML"),
        (b"- nur\n- eine\n- liste\n", "Zuordnung"),
        (b"", "leer"),
        (
            b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n',
            "Anker und Aliase",
        ),
        (
            b"id: !!python/object/apply:subprocess.call [['touch', 'x']]\n",
            "!!python/object/apply",
        ),
        (b"id: !ozg ikz\n", "unzulässiger YAML-Tag"),
    ],
    ids=["binär", "syntax", "liste", "leer", "alias-bombe", "python-tag", "eigener-tag"],
)
def test_kaputte_und_boesartige_regeldateien(cli, tmp_path, inhalt, teil):
    verzeichnis = tmp_path / "regeln"
    verzeichnis.mkdir()
    datei = verzeichnis / "ikz.yaml"
    datei.write_bytes(inhalt)
    pruefen = cli("regeln", "pruefen", verzeichnis)
    assert pruefen.code == 2
    assert "ikz.yaml" in pruefen.err and teil in pruefen.err, pruefen.err
    assert "Traceback" not in pruefen.err
    check = cli("check", "ikz", "--kommunen", "2", "--regeln", verzeichnis)
    assert check.code == 2 and "ikz.yaml" in check.err and "Traceback" not in check.err
    assert datei.read_bytes() == inhalt
    assert not (tmp_path / "x").exists()


def test_regeldateien_bleiben_unveraendert(cli):
    vorher = {p.name: p.read_bytes() for p in REGELN.glob("*.yaml")}
    cli("regeln", "pruefen")
    cli("check", "ikz", "--kommunen", "2")
    assert {p.name: p.read_bytes() for p in REGELN.glob("*.yaml")} == vorher


def test_strg_c_endet_mit_130(cli, monkeypatch):
    from ozg_foerder import api

    def unterbrochen(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "werte_aus", unterbrochen)
    lauf = cli("check", "ikz", "--kommunen", "2")
    assert lauf.code == 130
    assert "Abgebrochen" in lauf.err and "Traceback" not in lauf.err


@pytest.mark.parametrize(
    "befehl",
    [
        ["batch", "data/beispiel_kommunen.csv"],
        ["vorlage"],
        ["fristen"],
        ["uebersicht", "--kommune", "Wetzlar"],
        ["regeln", "liste"],
        ["regeln", "zeigen", "ikz"],
        ["check", "ikz", "--kommunen", "2"],
    ],
)
def test_jeder_befehl_meldet_kaputte_und_fehlende_regeln(cli, tmp_path, befehl, monkeypatch):
    from conftest import REPO

    monkeypatch.chdir(REPO)
    kaputt = tmp_path / "kaputt"
    kaputt.mkdir()
    (kaputt / "ikz.yaml").write_text("id: ikz\n", encoding="utf-8")
    for verzeichnis, teil in ((kaputt, "Pflichtfeld fehlt"), (tmp_path / "fehlt", "keine *.yaml")):
        lauf = cli(*befehl, "--regeln", verzeichnis)
        assert lauf.code == 2, (befehl, lauf)
        assert teil in lauf.err and "Hilfe: ozg-foerder regeln pruefen" in lauf.err
        assert "Traceback" not in lauf.err


def test_interner_fehler_ist_kein_traceback_und_exit_3(cli, monkeypatch):
    from ozg_foerder import api

    def kaputt(*_args, **_kwargs):
        raise RuntimeError("Test")

    monkeypatch.setattr(api, "werte_aus", kaputt)
    lauf = cli("check", "ikz", "--kommunen", "2")
    assert lauf.code == 3
    assert "Interner Fehler (RuntimeError: Test)" in lauf.err and "Traceback" not in lauf.err
    mit_details = cli("check", "ikz", "--kommunen", "2", env={"OZG_FOERDER_DEBUG": "1"})
    assert "Traceback" in mit_details.err

"""Katalog der Benutzerfehler, Ende zu Ende durch die Kommandozeile, wie ein neuer Benutzer tippt.

Jeder Fehler: deutsche Meldung, die das Problem nennt ("Fehler: …") und den Ausweg ("Hilfe: …"),
Exit-Code nach Vertrag (2 = Eingabe/Aufruf), kein Traceback, nichts auf stdout.
"""

import pytest

from conftest import MINIMAL, REGELN, beispielaufruf, regeldaten

# Die Fehler der Eingaben am erfundenen Testprogramm (tests/fixtures/minimal): es hat jede Art
# von Eingabe; was ein echtes Programm verlangt, steht in dessen Regeldatei.
MUSTER = ["--regeln", str(MINIMAL), "check", "musterfoerderung"]
M = [*MUSTER, "--kommune", "Wetzlar", "--stellen", "2"]

KATALOG = [
    # (Beschreibung, Argumente, Teil der Meldung)
    ("Pflichtangabe fehlt", [*MUSTER, "--kommune", "Wetzlar"], "--stellen fehlt"),
    ("Option ohne Wert", [*MUSTER, "--kommune", "Wetzlar", "--stellen"], "braucht einen Wert"),
    ("Wort statt Zahl", [*MUSTER, "--kommune", "Wetzlar", "--stellen", "vier"], "„vier“"),
    (
        "Kommazahl statt ganzer Zahl",
        [*MUSTER, "--kommune", "Wetzlar", "--stellen", "2,5"],
        "ganze Zahl",
    ),
    ("Anteil mehrdeutig", [*M, "--eigenanteil", "18"], "18 %"),
    ("Anteil über 100 %", [*M, "--eigenanteil", "120 %"], "100 %"),
    ("Unmögliches Datum", [*M, "--stichtag", "31.02.2022"], "28 Tage"),
    ("Datum im falschen Format", [*M, "--stichtag", "2022/03/14"], "14.03.2022"),
    ("Monat 13", [*M, "--stichtag", "01.13.2022"], "Monat 13"),
    ("Unmögliches Datum einer Eingabe", [*M, "--beginn", "30.02.2024"], "29 Tage"),
    ("Negativer Betrag", [*M, "--sachkosten", "-5.000"], "zu klein"),
    ("Betrag als Wort", [*M, "--sachkosten", "eine Million"], "--sachkosten"),
    ("Englisches Zahlformat", [*M, "--sachkosten", "1,500,000.00"], "Komma"),
    ("Zu viele Stellen", [*MUSTER, "--kommune", "Wetzlar", "--stellen", "41"], "zu groß"),
    ("Unbekannter Listenwert", [*M, "--thema", "Smart Farming"], "Bibliothek"),
    (
        "Unbekannte Kommune",
        [*MUSTER, "--stellen", "2", "--kommune", "Atlantis"],
        "gibt es in Hessen nicht",
    ),
    (
        "Tippfehler in der Kommune",
        [*MUSTER, "--stellen", "2", "--kommune", "Wiesbadn"],
        "Meinten Sie: Wiesbaden",
    ),
    ("Mehrdeutige Kommune", [*MUSTER, "--stellen", "2", "--kommune", "Homberg"], "mehrdeutig"),
    ("Unbekannte AGS", [*MUSTER, "--stellen", "2", "--kommune", "06999999"], "Schlüssel"),
    (
        "Unbekanntes Programm",
        ["--regeln", str(MINIMAL), "check", "muster_foerderung", "--stellen", "1"],
        "Unbekannter Befehl",
    ),
    ("Unbekannter Befehl", ["pruefe", "musterfoerderung"], "Unbekannter Befehl"),
    ("Unbekannte Option", [*M, "--stelen", "2"], "Unbekannte Option --stelen"),
    ("Überzähliges Argument", [*M, "Wetzlar", "noch", "mehr"], "Überzählige Angabe"),
    ("Zwei Kommunen", [*M, "Gießen"], "Zwei Kommunen angegeben"),
    (
        "Schalter mit einem anderen Wort",
        [*M, "wetzlar", "--zusage", "vielleicht"],
        "Überzählige Angabe",
    ),
    ("Schalter mit Wert", [*M, "--zusage=vielleicht"], "ist ein Schalter"),
    ("Widersprüchliche Schalter", [*M, "--zusage", "--keine-zusage"], "widersprechen sich"),
    ("Zwei Wahlen zugleich", [*M, "--allein", "--gemeinsam"], "widersprechen sich"),
    ("Unbekanntes Ausgabeformat", [*M, "--format", "pdf"], "--format"),
    (
        "Unbekanntes Programm zeigen",
        ["--regeln", str(MINIMAL), "regeln", "zeigen", "musterfoerderun"],
        "Meinten Sie „musterfoerderung“",
    ),
    ("Uebersicht ohne Kommune", ["uebersicht"], "--kommune"),
    ("Kreis, der keiner ist", ["kommunen", "--kreis", "Darmstadt"], "--kreis"),
    ("Stichtag-Tippfehler in fristen", ["fristen", "--stichtag", "morgen"], "--stichtag"),
    ("Regelverzeichnis gibt es nicht", ["regeln", "pruefen", "/gibt/es/nicht"], "keine *.yaml"),
]
ERSTES = next(iter(regeldaten(REGELN).values()))  # irgendein mitgeliefertes Programm
ERSTER_AUFRUF = ["check", ERSTES["id"], *beispielaufruf(ERSTES)]


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
    lauf = cli(*ERSTER_AUFRUF, env={"OZG_FOERDER_REGELN": str(tmp_path / "leer")})
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
    datei = verzeichnis / "musterfoerderung.yaml"
    datei.write_bytes(inhalt)
    pruefen = cli("regeln", "pruefen", verzeichnis)
    assert pruefen.code == 2
    assert datei.name in pruefen.err and teil in pruefen.err, pruefen.err
    assert "Traceback" not in pruefen.err
    check = cli("check", "musterfoerderung", "--stellen", "2", "--regeln", verzeichnis)
    assert check.code == 2 and datei.name in check.err and "Traceback" not in check.err
    assert datei.read_bytes() == inhalt
    assert not (tmp_path / "x").exists()


def test_regeldateien_bleiben_unveraendert(cli):
    vorher = {p.name: p.read_bytes() for p in REGELN.glob("*.yaml")}
    cli("regeln", "pruefen")
    cli(*ERSTER_AUFRUF)
    assert {p.name: p.read_bytes() for p in REGELN.glob("*.yaml")} == vorher


def test_strg_c_endet_mit_130(cli, monkeypatch):
    from ozg_foerder import api

    def unterbrochen(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "werte_aus", unterbrochen)
    lauf = cli(*M)
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
        ["regeln", "zeigen", "musterfoerderung"],
        ["check", "musterfoerderung", "--stellen", "2"],
    ],
)
def test_jeder_befehl_meldet_kaputte_und_fehlende_regeln(cli, tmp_path, befehl, monkeypatch):
    from conftest import REPO

    monkeypatch.chdir(REPO)
    kaputt = tmp_path / "kaputt"
    kaputt.mkdir()
    (kaputt / "musterfoerderung.yaml").write_text("id: musterfoerderung\n", encoding="utf-8")
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
    lauf = cli(*M)
    assert lauf.code == 3
    assert "Interner Fehler (RuntimeError: Test)" in lauf.err and "Traceback" not in lauf.err
    mit_details = cli(*M, env={"OZG_FOERDER_DEBUG": "1"})
    assert "Traceback" in mit_details.err

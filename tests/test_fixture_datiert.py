"""Ein erfundenes Programm (tests/fixtures/datiert/) und eine geänderte IKZ-Kopie – nur YAML.

Das Fixture-Programm hat einen datierten Fördersatz und Höchstbetrag, Rundung auf volle Euro,
eine Bedingung an die Art der Kommune, eine verneinte Datensatz-Bedingung (Datensatz neben der
Regeldatei) und ein weiches Ende. Es läuft durch check, batch, uebersicht und regeln pruefen,
ohne dass Python es kennt; seine Zahlen stehen nur in seiner YAML-Datei.
"""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REGELN, yaml_laden

FIXTURE = Path(__file__).parent / "fixtures" / "datiert"
DATEI = FIXTURE / "musterfoerderung.yaml"
REGEL = yaml_laden(DATEI.read_text(encoding="utf-8"))
PID = REGEL["id"]
SATZ = {s["ab"]: Decimal(str(s["wert"])) for s in REGEL["betrag"]["satz"]}
HOECHST = {s["ab"]: Decimal(str(s["wert"])) for s in REGEL["betrag"]["hoechstens"]}
(ALT, NEU) = sorted(SATZ)  # zwei Stufen: ab ALT, ab NEU
ENDE = next(k["bis"] for k in REGEL["kriterien"] if k["art"] == "weiches_ende")


def _euro_ab(wert: Decimal) -> str:
    """Auf volle Euro abgerundet, mit Cent geschrieben (wie im JSON)."""
    return f"{int(wert)}.00"


def _json(cli, *argumente):
    lauf = cli(*argumente, "--regeln", str(FIXTURE), "--format", "json")
    assert lauf.code in (0, 1), lauf.err
    return json.loads(lauf.out)


def test_regeln_pruefen_mit_testfaellen(cli):
    lauf = cli("regeln", "pruefen", str(FIXTURE))
    assert lauf.code == 0, lauf.err
    assert f"{len(REGEL['testfaelle'])} Testfällen" in lauf.out


def test_check_datierter_satz_und_deckel(cli):
    kosten = Decimal("3333.33")
    for tag, ab in ((f"{NEU.year - 1}-06-01", ALT), (f"{NEU.isoformat()}", NEU)):
        d = _json(
            cli, "check", PID, "--kommune", "Buseck", "--kosten", "3.333,33", "--stichtag", tag
        )
        assert d["ergebnis"] == "foerderfaehig"
        assert d["betrag"] == _euro_ab(kosten * SATZ[ab])
        gross = _json(
            cli, "check", PID, "--kommune", "Buseck", "--kosten", "1000000", "--stichtag", tag
        )
        assert gross["betrag"] == f"{HOECHST[ab]:.2f}"
    neu = _json(
        cli, "check", PID, "--kommune", "Buseck", "--kosten", "1", "--stichtag", NEU.isoformat()
    )
    assert "Musterrichtlinie 2026" in neu["betrag_quelle"]  # der geltende Wert wird zitiert


def test_check_kommune_art_und_verneinter_datensatz(cli):
    tag = NEU.isoformat()
    kreis = _json(
        cli, "check", PID, "--kommune", "Landkreis Gießen", "--kosten", "1", "--stichtag", tag
    )
    stati = {k["id"]: k["status"] for k in kreis["kriterien"]}
    assert kreis["ergebnis"] == "nicht_foerderfaehig"
    assert stati["gemeinde_oder_stadt"] == "nicht_erfuellt"
    assert stati["nicht_schon_gefoerdert"] == "erfuellt"
    with (FIXTURE / "musterliste.csv").open(encoding="utf-8") as f:
        gelistet = next(csv.DictReader(f))["ags"]
    liste = _json(cli, "check", PID, "--kommune", gelistet, "--kosten", "1", "--stichtag", tag)
    stati = {k["id"]: k["status"] for k in liste["kriterien"]}
    assert stati["nicht_schon_gefoerdert"] == "nicht_erfuellt"
    assert liste["ergebnis"] == "nicht_foerderfaehig"


def test_check_weiches_ende(cli):
    bis = ENDE.isoformat()
    nach = (
        ENDE.replace(day=ENDE.day + 1)
        if ENDE.day < 28
        else ENDE.replace(month=ENDE.month + 1, day=1)
    )
    vorher = _json(cli, "check", PID, "--kommune", "Buseck", "--kosten", "100", "--stichtag", bis)
    danach = _json(
        cli, "check", PID, "--kommune", "Buseck", "--kosten", "100", "--stichtag", nach.isoformat()
    )
    assert vorher["ergebnis"] == "foerderfaehig"
    assert danach["ergebnis"] == "offen"
    assert danach["betrag"] == vorher["betrag"] and danach["betrag"] is not None
    assert danach["offen"] == ["aufruf_in_kraft"]
    (k,) = [k for k in danach["kriterien"] if k["id"] == "aufruf_in_kraft"]
    assert "abgeleitet" in k["anforderung"] and "abgeleitet" in k["quelle"]
    assert any(q.get("abgeleitet") for q in k["quellen"])


def test_batch_mit_datierten_werten(cli, tmp_path):
    liste = tmp_path / "liste.csv"
    liste.write_text(
        "kommune;kosten\nBuseck;3.333,33\nLandkreis Gießen;100\nBuseck;1000000\n", encoding="utf-8"
    )
    for ab in (ALT, NEU):
        tag = ab.replace(month=6).isoformat()
        lauf = cli(
            "batch", str(liste), "--regeln", str(FIXTURE), "--stichtag", tag, "--format", "json"
        )
        daten = json.loads(lauf.out)["zeilen"]
        betraege = [z["ergebnisse"][PID]["betrag"] for z in daten]
        assert betraege == [
            _euro_ab(Decimal("3333.33") * SATZ[ab]),
            None,
            f"{HOECHST[ab]:.2f}",
        ]


def test_uebersicht_mit_datierten_werten(cli):
    for ab in (ALT, NEU):
        d = _json(
            cli, "uebersicht", "--kommune", "Buseck", "--stichtag", ab.replace(month=6).isoformat()
        )
        (zeile,) = d["programme"]
        assert zeile["ergebnis"] != "nicht_foerderfaehig" and not zeile["geschlossen"]
        assert zeile["bis_zu"] == f"{HOECHST[ab]:.2f}"


def test_fristen_zeigen_das_weiche_ende_als_abgeleitet(cli):
    d = _json(cli, "fristen", "--stichtag", ALT.isoformat())["fristen"]
    (frist,) = [f for f in d if f["bis"] == ENDE.isoformat()]
    assert frist["abgeleitet"] is True and "(abgeleitet)" in frist["quelle"]
    text = cli("fristen", "--regeln", str(FIXTURE), "--stichtag", ALT.isoformat()).out
    ende_text = next(k["text"] for k in REGEL["kriterien"] if k["art"] == "weiches_ende")
    assert f"{ende_text} (abgeleitet)" in text


# ---------------------------------------------------------------------------------------------
# IKZ: eine neue Zahl ab einem künftigen Tag, nur im YAML einer Kopie der Regeln
# ---------------------------------------------------------------------------------------------


def test_ikz_neuer_betrag_ab_einem_tag_nur_per_yaml(cli, tmp_path):
    text = (REGELN / "ikz.yaml").read_text(encoding="utf-8")
    je = Decimal(str(yaml_laden(text)["betrag"]["je_einheit"]))
    neu = je + 5000
    ab = "2030-01-01"
    zeile = f"  je_einheit: {je:f}\n"
    assert zeile in text
    text = text.replace(
        zeile,
        f"  je_einheit:\n    - {{ab: 2020-01-01, wert: {je:f}}}\n"
        f"    - {{ab: {ab}, wert: {neu:f}, quelle: neu}}\n",
    ).replace(
        "\nquellen:\n",
        "\nquellen:\n  neu:\n    dokument: Neue Richtlinie\n    abschnitt: Nr. 4\n"
        f'    zitat: "beträgt ab dem {ab[8:]}.{ab[5:7]}.{ab[:4]} {neu:f} Euro je Kommune"\n',
        1,
    )
    kopie = tmp_path / "rules"
    shutil.copytree(REGELN, kopie)
    (kopie / "ikz.yaml").write_text(text, encoding="utf-8")
    # die neue Richtlinie als Text neben den Regeln, im Verzeichnis der Quellen
    (kopie / "quellen" / "neu.txt").write_text(
        f"Nr. 4: Die Regelzuwendung beträgt ab dem {ab[8:]}.{ab[5:7]}.{ab[:4]} {neu:f} Euro je "
        "Kommune.\n",
        encoding="utf-8",
    )
    with (kopie / "quellen" / "index.yaml").open("a", encoding="utf-8") as f:
        f.write("Neue Richtlinie:\n  datei: neu.txt\n  titel: Neue Richtlinie (erfunden)\n")
    assert cli("regeln", "pruefen", str(kopie)).code == 0

    def betrag(tag: str) -> str:
        lauf = cli(
            "check",
            "ikz",
            "--kommunen",
            "2",
            "--regeln",
            str(kopie),
            "--stichtag",
            tag,
            "--format",
            "json",
        )
        return json.loads(lauf.out)["betrag"]

    assert betrag("2029-12-31") == f"{2 * je:.2f}"
    assert betrag(ab) == f"{2 * neu:.2f}"
    liste = tmp_path / "ikz.csv"
    liste.write_text("kommune;kommunen\nWetzlar;2\n", encoding="utf-8")
    for tag, erwartet in (("2029-12-31", 2 * je), (ab, 2 * neu)):
        lauf = cli(
            "batch",
            str(liste),
            "--regeln",
            str(kopie),
            "--programm",
            "ikz",
            "--stichtag",
            tag,
            "--format",
            "json",
        )
        assert json.loads(lauf.out)["zeilen"][0]["ergebnisse"]["ikz"]["betrag"] == f"{erwartet:.2f}"
    # die mitgelieferten Regeln bleiben unberührt
    mitgeliefert = cli("check", "ikz", "--kommunen", "2", "--stichtag", ab, "--format", "json")
    assert json.loads(mitgeliefert.out)["betrag"] == f"{2 * je:.2f}"


def _kopie_fixture(tmp_path: Path, alt: str, neu: str) -> Path:
    ziel = tmp_path / "datiert"
    shutil.copytree(FIXTURE, ziel)
    datei = ziel / DATEI.name
    text = datei.read_text(encoding="utf-8")
    assert alt in text
    datei.write_text(text.replace(alt, neu), encoding="utf-8")
    return ziel


def test_fehler_in_verschachtelter_bedingung_mit_zeile(tmp_path):
    from ozg_foerder.regeln.fehler import RegelnUngueltig
    from ozg_foerder.regeln.katalog import kompiliere

    ziel = _kopie_fixture(tmp_path, "datensatz: musterliste", "datensatz: gibtsnicht")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    (f,) = info.value.fehler
    assert f.feld.endswith("].bedingung.datensatz")
    assert "gibtsnicht.csv fehlt" in f.meldung
    ziel = _kopie_fixture(tmp_path / "b", "werte: [Gemeinde, Stadt]", "werte: [Gemeinde, Dorf]")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    (f,) = info.value.fehler
    assert f.feld.endswith("].werte[1]") and "'Dorf' ist keine Art" in f.meldung


def test_regeln_zeigen_nennt_jede_stufe_mit_quelle(cli):
    lauf = cli("regeln", "zeigen", PID, "--regeln", str(FIXTURE))
    assert lauf.code == 0, lauf.err
    for ab in (ALT, NEU):
        zeile = next(z for z in lauf.out.splitlines() if f"betrag.satz ab {ab:%d.%m.%Y}" in z)
        assert f"{SATZ[ab] * 100:.0f} %" in zeile and "Quelle:" in zeile


def test_kreis_muss_im_verzeichnis_stehen(tmp_path):
    from ozg_foerder.regeln.fehler import RegelnUngueltig
    from ozg_foerder.regeln.katalog import kompiliere

    alt = "    merkmal: art\n    werte: [Gemeinde, Stadt]\n"
    ziel = _kopie_fixture(tmp_path, alt, "    merkmal: kreis\n    werte: [Landkreis Atlantis]\n")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(ziel)
    (f,) = info.value.fehler
    assert "'Landkreis Atlantis' ist kein Landkreis im Kommunenverzeichnis" in f.meldung
    assert "Lahn-Dill-Kreis" in f.meldung  # die erlaubten stehen dabei
    gut = _kopie_fixture(tmp_path / "b", alt, "    merkmal: kreis\n    werte: [Lahn-Dill-Kreis]\n")
    assert kompiliere(gut)


def test_fristen_nach_dem_weichen_ende_sagen_was_zu_pruefen_ist(cli):
    pruefen = next(k["pruefen"] for k in REGEL["kriterien"] if k["art"] == "weiches_ende")
    nach = ENDE.replace(year=ENDE.year + 1).isoformat()
    (frist,) = [f for f in _json(cli, "fristen", "--stichtag", nach)["fristen"] if f.get("weich")]
    assert frist["pruefen"] == pruefen and frist["bis"] == ENDE.isoformat()
    text = cli("fristen", "--regeln", str(FIXTURE), "--stichtag", nach).flach
    assert f"weiches Ende {ENDE:%d.%m.%Y}" in text and " ".join(pruefen.split()) in text

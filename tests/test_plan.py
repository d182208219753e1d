"""ozg-foerder plan: Programme am Stichtag, Schritte nach Datum, Wahlen mit der besten zuerst.

Die Zahlen und Daten kommen aus den Regeldateien (Katalog), nicht aus dem Test: geprüft wird,
dass der Plan sie so zusammensetzt, wie GUIDE §1 es verlangt (etwa §1.4: nach Modul 1 bleiben
K2 + K3 = Modul 2 + Modul 3 oder 4).
"""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal

import pytest

from conftest import DATEN, yaml_laden
from ozg_foerder.api import katalog
from ozg_foerder.ausgabe.plan_text import (
    HINWEIS_KEINE_SUMME,
    HINWEIS_NEUE_PROGRAMME,
    plan_als_dict,
    plan_als_text,
)
from ozg_foerder.plan import GESCHLOSSEN, MOEGLICH, erstelle_plan

KAT = katalog()


def _programm(merkmal) -> str:
    treffer = [i for i in KAT.ids if merkmal(KAT.kompilat(i))]
    assert len(treffer) == 1, treffer
    return treffer[0]


BERATUNG = _programm(lambda k: bool(k.get("kontingente")))
MODELL = _programm(lambda k: any(c["art"] == "in_datensatz" for c in k.get("kriterien", [])))
KOOPERATION = _programm(lambda k: bool((k.get("verbund") or {}).get("zaehlt")))
TAGE = {m["nr"]: Decimal(m["tage"]) for m in KAT.kompilat(BERATUNG)["module"]}
KONTINGENTE = {k["id"]: k for k in KAT.kompilat(BERATUNG)["kontingente"]}
STAFFEL = {w: Decimal(b) for w, b in KAT.kompilat(MODELL)["betrag"]["staffel"].items()}
MODELL_ENDE = date.fromisoformat(KAT.kompilat(MODELL)["gueltigkeit"]["bis"])

with (DATEN / "modellkommunen.csv").open(encoding="utf-8") as _datei:
    _ags = {z["ags"] for z in csv.DictReader(_datei)}
with (DATEN / "kommunen.csv").open(encoding="utf-8") as _datei:
    # eine kreisangehörige Stadt oder Gemeinde unter den Modellkommunen (z. B. Wanfried)
    MODELLKOMMUNE = next(
        z[1] for z in csv.reader(_datei) if z[0] in _ags and z[3] in ("Stadt", "Gemeinde")
    )


def _kontingent(nr_bei_modul: int, setzt_voraus: bool = False) -> dict:
    return next(
        k
        for k in KONTINGENTE.values()
        if nr_bei_modul in k["module"] and bool(k.get("setzt_voraus_modul")) == setzt_voraus
    )


def _flach(text: str) -> str:
    """Ohne Zeilenumbrüche und Einzug (der Text ist auf 80 Spalten umbrochen)."""
    return " ".join(text.split())


def _einheit(plan, programm_id, kommune=None):
    return next(
        e
        for e in plan.einheiten
        if e.programm.id == programm_id and (kommune is None or e.kommunen[0].name == kommune)
    )


# ---------------------------------------------------------------------------------------------
# Eine Modellkommune am 01.06.2022
# ---------------------------------------------------------------------------------------------


def test_modellkommune_2022_alle_programme_und_acht_beratungstage():
    plan = erstelle_plan(MODELLKOMMUNE, stichtag="2022-06-01")
    modell = _einheit(plan, MODELL)
    assert modell.status == MOEGLICH
    assert modell.bis_zu == max(STAFFEL.values())  # Gemeinschaftsvorhaben
    beratung = _einheit(plan, BERATUNG)
    # K1: Modul 1, K2: Modul 2 (setzt Modul 1 voraus), K3: Modul 3 oder 4
    assert beratung.tage == TAGE[1] + TAGE[2] + max(TAGE[3], TAGE[4]) == Decimal("8.0")
    assert {p.id for p in plan.offene_programme()} >= {MODELL, BERATUNG, KOOPERATION}


def test_modellkommune_2022_schritte_nach_datum_beste_wahl_zuerst():
    plan = erstelle_plan(MODELLKOMMUNE, stichtag="2022-06-01")
    daten = [s.bis for s in plan.schritte]
    mit = [d for d in daten if d is not None]
    assert mit == sorted(mit)
    assert daten[len(mit) :] == [None] * (len(daten) - len(mit))  # ohne Frist zuletzt

    k1 = _kontingent(1)
    erster = plan.schritte[0]
    assert (erster.bis, erster.modul.nr, erster.kontingent.id, erster.rang) == (
        date.fromisoformat(k1["bis"]),
        1,
        k1["id"],
        1,
    )
    anders = plan.schritte[1]  # Modul 2 über K1 statt Modul 1: dann entfällt K2
    assert (anders.modul.nr, anders.kontingent.id, anders.rang, anders.wahl) == (
        2,
        k1["id"],
        2,
        erster.wahl,
    )
    assert anders.tage_gesamt == TAGE[2] + max(TAGE[3], TAGE[4]) == Decimal("5.5")
    assert anders.tage_bestwert == Decimal("8.0")

    modell = [s for s in plan.schritte if s.programm.id == MODELL and s.wahl]
    assert [(s.rang, s.betrag, s.bis) for s in modell] == [
        (1, STAFFEL["gemeinschaft"], MODELL_ENDE),
        (2, STAFFEL["einzel"], MODELL_ENDE),
    ]
    k2 = _kontingent(2, setzt_voraus=True)
    zusatz = next(s for s in plan.schritte if s.kontingent and s.kontingent.id == k2["id"])
    assert zusatz.bis == date.fromisoformat(k2["bis"]) and zusatz.modul.nr == 2


def test_modellkommune_2022_json_und_text():
    plan = erstelle_plan(MODELLKOMMUNE, stichtag="2022-06-01")
    d = plan_als_dict(plan)
    schritte = d["schritte"]
    assert set(schritte[0]) >= {"bis", "programm", "text", "quelle"}
    assert schritte[0]["bis"] == KONTINGENTE[_kontingent(1)["id"]]["bis"]
    assert schritte[0]["text"].startswith("Beratungsmodul 1 ")
    assert all(s["quelle"] for s in schritte)
    daten = [s["bis"] for s in schritte if s["bis"]]
    assert daten == sorted(daten)
    # keine Summe über Programme
    text = json.dumps(d, ensure_ascii=False)
    assert "summe" not in text.lower() or "eine Summe über die Programme gibt es" in text
    assert HINWEIS_KEINE_SUMME in d["hinweise"]
    ausgabe = plan_als_text(plan)
    assert all(len(z) <= 80 for z in ausgabe.splitlines()), max(ausgabe.splitlines(), key=len)
    assert "eines von 2 (die beste Wahl zuerst)" in ausgabe
    assert (
        f"bis {MODELL_ENDE:%d.%m.%Y}" in ausgabe
    )  # Ende des Zuwendungszeitraums (aus der Regeldatei)


# ---------------------------------------------------------------------------------------------
# Dieselbe Kommune am 01.06.2023 mit Modul 1 genutzt: K2 + K3 = 5,5 Tage (GUIDE §1.4)
# ---------------------------------------------------------------------------------------------


def test_modellkommune_2023_mit_modul_1():
    plan = erstelle_plan(MODELLKOMMUNE, stichtag="2023-06-01", eingaben={"genutzt": "1"})
    beratung = _einheit(plan, BERATUNG)
    assert beratung.tage == TAGE[2] + max(TAGE[3], TAGE[4]) == Decimal("5.5")
    module = [(s.modul.nr, s.kontingent.id, s.bis, s.rang) for s in plan.schritte if s.modul]
    k2, k3 = _kontingent(2, setzt_voraus=True), _kontingent(3)
    assert module == [
        (2, k2["id"], date.fromisoformat(k2["bis"]), None),
        (3, k3["id"], date.fromisoformat(k3["bis"]), 1),
        (4, k3["id"], date.fromisoformat(k3["bis"]), 2),
    ]
    # der Zuwendungszeitraum der Modellkommunen läuft noch bis zu seinem Ende
    assert _einheit(plan, MODELL).status == MOEGLICH
    assert plan.schritte[0].bis == MODELL_ENDE


def test_2023_ohne_modul_1_bleibt_nur_k3():
    plan = erstelle_plan(MODELLKOMMUNE, stichtag="2023-06-01")
    assert _einheit(plan, BERATUNG).tage == max(TAGE[3], TAGE[4]) == Decimal("3.0")


# ---------------------------------------------------------------------------------------------
# Eine Gruppe von drei Kommunen am 01.06.2026: nur noch IKZ
# ---------------------------------------------------------------------------------------------


def test_gruppe_von_drei_2026():
    plan = erstelle_plan("Mücke", ["Grünberg", "Laubach"], stichtag="2026-06-01")
    betrag = KAT.kompilat(KOOPERATION)["betrag"]
    erwartet = min(Decimal(betrag["je_einheit"]) * 3, Decimal(betrag["hoechstens"]))
    ikz = _einheit(plan, KOOPERATION)
    assert [k.name for k in ikz.kommunen] == ["Mücke", "Grünberg", "Laubach"]
    assert ikz.status == MOEGLICH and ikz.bis_zu == erwartet == Decimal("75000")
    assert [p.id for p in plan.offene_programme()] == [KOOPERATION]
    for e in plan.einheiten:
        if e.programm.id != KOOPERATION and e.bringt_foerderung:
            assert e.status == GESCHLOSSEN, e.programm.id
    assert {s.programm.id for s in plan.schritte} == {KOOPERATION}
    assert all(s.bis is None for s in plan.schritte)  # die Unterlagen nennen keine Frist
    ausgabe = _flach(plan_als_text(plan))
    assert "Förderplan für Mücke, Grünberg und Laubach (3 Kommunen)" in ausgabe
    assert "75.000,00 €" in ausgabe and "für 3 Kommunen: Mücke, Grünberg und Laubach" in ausgabe
    assert "nur noch" in ausgabe
    # der Partner-Schritt gilt nur für eine Kommune allein
    assert "Partner für die Zusammenarbeit gewinnen" not in ausgabe
    d = plan_als_dict(plan)
    assert [k["name"] for k in d["partner"]] == ["Grünberg", "Laubach"]
    assert d["offen"] == [KOOPERATION]


def test_gruppe_2022_starke_heimat_als_gemeinschaftsvorhaben_modell_nur_fuer_die_modellkommune():
    plan = erstelle_plan(MODELLKOMMUNE, ["Mücke", "Grünberg"], stichtag="2022-06-01")
    gruppe_texte = plan.gruppen_texte
    kosten = _programm(lambda k: k.get("betrag", {}).get("art") == "anteil_kosten")
    assert "Gemeinschaftsvorhaben" in gruppe_texte[kosten][0]
    einheit = _einheit(plan, kosten)
    assert einheit.ergebnis.ns["vorhaben"] == "gemeinschaft"
    stati = {e.kommunen[0].name: e.status for e in plan.einheiten if e.programm.id == MODELL}
    assert stati == {
        MODELLKOMMUNE: MOEGLICH,
        "Mücke": "nicht_moeglich",
        "Grünberg": "nicht_moeglich",
    }
    modell = [s for s in plan.schritte if s.programm.id == MODELL and s.wahl]
    assert {s.kommunen for s in modell} == {(MODELLKOMMUNE,)}
    assert "sagen die Unterlagen nicht" in gruppe_texte[MODELL][0]


def test_heute_nur_ikz_offen_mit_verweis_auf_neue_programme():
    plan = erstelle_plan("Mücke", stichtag="2026-12-01")
    assert [p.id for p in plan.offene_programme()] == [KOOPERATION]
    ausgabe = _flach(plan_als_text(plan))
    assert "nur noch" in ausgabe and "offen." in ausgabe
    assert HINWEIS_NEUE_PROGRAMME.split(":")[0] in ausgabe
    assert "Regeln sind Daten" in ausgabe


def test_kosten_gelten_fuer_programme_mit_dieser_eingabe():
    kosten = _programm(lambda k: k.get("betrag", {}).get("art") == "anteil_kosten")
    satz = Decimal(KAT.kompilat(kosten)["betrag"]["satz"])
    plan = erstelle_plan("Mücke", stichtag="2022-06-01", eingaben={"kosten": "1.000.000"})
    assert _einheit(plan, kosten).bis_zu == (satz * 1000000).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------------
# Kommandozeile
# ---------------------------------------------------------------------------------------------


def test_cli_plan_json(cli):
    from ozg_foerder.ausgabe.plan_schema import PlanJson

    lauf = cli("plan", MODELLKOMMUNE, "--stichtag", "01.06.2022", "--format", "json")
    assert lauf.code == 0, lauf.err
    d = json.loads(lauf.out)
    PlanJson.model_validate(d)  # das dokumentierte Schema passt auf die Ausgabe
    gruppe = cli(
        "plan",
        "Mücke",
        "--partner",
        "Laubach",
        "--stichtag",
        "2022-06-01",
        "--genutzt",
        "1",
        "--kosten",
        "500.000",
        "--format",
        "json",
    )
    PlanJson.model_validate(json.loads(gruppe.out))
    schema = cli("plan", "--schema")
    assert schema.code == 0 and json.loads(schema.out)["title"] == "ozg-foerder plan"
    ohne = cli("plan")
    assert ohne.code == 2 and "KOMMUNE fehlt" in ohne.err
    assert d["stichtag"] == "2022-06-01"
    assert len(d["regeln"]["fingerabdruck"]) == 12
    assert d["schritte"][0]["bis"] == _kontingent(1)["bis"]


def test_cli_plan_text_passt_in_80_spalten(cli):
    lauf = cli(
        "plan", "Mücke", "--partner", "Grünberg", "--partner", "Laubach", "--stichtag", "2026-06-01"
    )
    assert lauf.code == 0, lauf.err
    assert all(len(z) <= 80 for z in lauf.out.splitlines())


@pytest.mark.parametrize(
    ("argumente", "text"),
    [
        (["Atlantis"], "KOMMUNE"),
        (["Mücke", "--partner", "Mücke"], "--partner"),
        (["Mücke", "--genutzt", "5"], "--genutzt"),
        (["Mücke", "--stichtag", "morgen"], "--stichtag"),
    ],
)
def test_cli_plan_eingabefehler(cli, argumente, text):
    lauf = cli("plan", *argumente)
    assert lauf.code == 2
    assert lauf.err.startswith("Fehler:") and text in lauf.err
    assert "Traceback" not in lauf.err


def test_regelvokabular_schritte_und_beschluss_werden_geprueft(cli, tmp_path):
    import shutil

    import yaml

    from conftest import REGELN

    ziel = tmp_path / "regeln"
    shutil.copytree(REGELN, ziel)
    datei = ziel / f"{KOOPERATION}.yaml"
    regeln = yaml_laden(datei.read_text(encoding="utf-8"))
    regeln["beschluss"]["text"] += " {unbekannt}"
    regeln["schritte"] += [
        {"text": "Frist ohne Ende", "bis": "gueltigkeit", "quelle": "nirgends"},
        {
            "text": "Wahl",
            "eingaben": {"gibtsnicht": "ja"},
            "quelle": regeln["schritte"][0]["quelle"],
        },
    ]
    datei.write_text(yaml.safe_dump(regeln, allow_unicode=True), encoding="utf-8")
    lauf = cli("regeln", "pruefen", ziel)
    assert lauf.code == 2
    for erwartet in [
        "beschluss.text: unbekannter Platzhalter {unbekannt}",
        "'gueltigkeit' ohne Ende des Förderzeitraums",
        "unbekannte Quelle 'nirgends'",
        "'gibtsnicht' ist keine Eingabe",
    ]:
        assert erwartet in lauf.err, (erwartet, lauf.err)


def test_weiches_ende_steht_im_plan_als_frist(cli):
    """Ein Programm ohne festes Ende, aber mit weichem Ende (GUIDE §1.1): der Plan nennt es als
    ungefähre Frist mit dem, was danach zu prüfen ist – vor und nach dem Tag."""

    from conftest import REGELN

    for datei in sorted(REGELN.glob("*.yaml")):
        regel = yaml_laden(datei.read_text(encoding="utf-8"))
        weich = [k for k in regel.get("kriterien", []) if k.get("art") == "weiches_ende"]
        if weich:
            break
    else:
        pytest.skip("kein Programm mit weichem Ende in den Regeln")
    ende = weich[0]["bis"]
    from ozg_foerder.eingaben.werte import formatiere_datum

    for tag in (ende.fromordinal(ende.toordinal() - 30), ende.fromordinal(ende.toordinal() + 1)):
        lauf = cli("plan", "Mücke", "--partner", "Grünberg", "--stichtag", tag.isoformat())
        text = " ".join(lauf.out.split())
        assert f"Frist: etwa {formatiere_datum(ende)} – weiches Ende" in text
        assert " ".join(weich[0]["pruefen"].split()) in text
        daten = json.loads(
            cli("plan", "Mücke", "--partner", "Grünberg", "--stichtag", tag.isoformat(),
                "--format", "json").out
        )  # fmt: skip
        eintrag = next(p for p in daten["programme"] if p["programm"] == regel["id"])
        assert (eintrag["frist"], eintrag["frist_weich"]) == (ende.isoformat(), True)

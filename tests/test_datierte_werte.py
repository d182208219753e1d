"""Datierte Werte: jede Zahl und jedes Datum eines Zeitraums kann sich ab einem Tag ändern.

Geprüft am Schema (jedes Zahlenfeld nimmt eine Liste datierter Werte), an einer Kopie der
mitgelieferten IKZ-Regeln (nur YAML geändert) und an den Worten der Ausgabe.
"""

from __future__ import annotations

import json
import re
import shutil
import types
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel, TypeAdapter

from conftest import REGELN, yaml_laden
from ozg_foerder.api import pruefe
from ozg_foerder.ausgabe.text import als_dict, als_text
from ozg_foerder.regeln import schema
from ozg_foerder.regeln.fehler import RegelnUngueltig
from ozg_foerder.regeln.katalog import kompiliere

# Felder mit Zahl oder Datum, die keine Zahl des Programms sind – mit Grund.
AUSNAHMEN = {
    ("Regeldatei", "stand"): "Datum der Quellen, gilt für die ganze Datei",
    ("EBetrag", "min"): "Grenze der Eingabeprüfung, keine Förderzahl",
    ("EBetrag", "max"): "Grenze der Eingabeprüfung, keine Förderzahl",
    ("EDatum", "min"): "Grenze der Eingabeprüfung, keine Förderzahl",
    ("EDatum", "max"): "Grenze der Eingabeprüfung, keine Förderzahl",
    ("BGleich", "gleich"): "eine Wahl, mit der verglichen wird",
    ("Erwartung", "betrag"): "Erwartung eines Testfalls",
    ("Testfall", "stichtag"): "Stichtag eines Testfalls",
    ("Testfall", "eingaben"): "Eingaben eines Testfalls",
    ("GruppenRegel", "eingaben"): "Eingaben, die ein Plan für eine Gruppe setzt (keine Förderzahl)",
    ("Schritt", "eingaben"): "Eingaben, die ein Planschritt voraussetzt (keine Förderzahl)",
}


def _blaetter(t: Any):
    """Die Typen in einer Annotation (durch Annotated, Union, list, dict hindurch)."""
    herkunft = get_origin(t)
    if herkunft is Annotated:
        yield from _blaetter(get_args(t)[0])
    elif herkunft in (Union, types.UnionType, list, dict, tuple):
        for a in get_args(t):
            yield from _blaetter(a)
    else:
        yield t


def _modelle(start: type[BaseModel]) -> list[type[BaseModel]]:
    gesehen: list[type[BaseModel]] = []
    offen = [start]
    while offen:
        m = offen.pop()
        if m in gesehen or issubclass(m, schema.Stufe):
            continue
        gesehen.append(m)
        for feld in m.model_fields.values():
            for t in _blaetter(feld.annotation):
                if isinstance(t, type) and issubclass(t, BaseModel):
                    offen.append(t)
    return gesehen


def _zahlenfelder() -> list[tuple[type[BaseModel], str]]:
    felder = []
    for m in _modelle(schema.Regeldatei):
        for name, feld in m.model_fields.items():
            if set(_blaetter(feld.annotation)) & {Decimal, date}:
                felder.append((m, name))
    return felder


ZAHLENFELDER = _zahlenfelder()


def _ausnahme(modell: type, feld: str) -> bool:
    return any((k.__name__, feld) in AUSNAHMEN for k in modell.__mro__)


DATIERBAR = [(m, n) for m, n in ZAHLENFELDER if not _ausnahme(m, n)]


def test_der_schemagang_findet_die_zahlenfelder():
    namen = {(m.__name__, n) for m, n in ZAHLENFELDER}
    erwartet = {
        ("FProEinheit", "je_einheit"),
        ("FAnteilKosten", "satz"),
        ("FHoechstbetrag", "staffel"),
        ("Budget", "betrag"),
        ("Gueltigkeit", "bis"),
        ("BMinimum", "grenze"),
        ("KMinimum", "grenze"),
        ("Kontingent", "von"),
        ("Modul", "tage"),
        ("BWeichesEnde", "bis"),
    }
    assert erwartet <= namen


@pytest.mark.parametrize(
    ("modell", "feld"),
    DATIERBAR,
    ids=[f"{m.__name__}.{n}" for m, n in DATIERBAR],
)
def test_jedes_zahlenfeld_nimmt_datierte_werte(modell, feld):
    info = modell.model_fields[feld]
    typ = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    adapter = TypeAdapter(typ)
    ist_datum = date in set(_blaetter(info.annotation)) and Decimal not in set(
        _blaetter(info.annotation)
    )
    muster = "2021-06-01" if ist_datum else "0.5"
    stufen = [
        {"ab": "2021-01-01", "wert": muster, "quelle": "q"},
        {"ab": "2025-01-01", "wert": muster},
    ]
    if feld == "staffel":  # ein dict: jeder Staffelwert
        adapter.validate_python({"einzel": stufen})
        adapter.validate_python({"einzel": muster})
    else:
        wert = adapter.validate_python(stufen)
        assert [s.ab for s in wert] == [date(2021, 1, 1), date(2025, 1, 1)]
        adapter.validate_python(muster)


def test_ausnahmen_gibt_es_noch():
    """Eine Ausnahme, deren Feld verschwunden ist, fällt auf."""
    namen = {(m.__name__, n) for m, n in ZAHLENFELDER}
    assert set(AUSNAHMEN) <= namen


# ---------------------------------------------------------------------------------------------
# Eine Kopie der Regeln, nur im YAML geändert
# ---------------------------------------------------------------------------------------------


def _kopie(tmp_path: Path, aendern) -> Path:
    ziel = tmp_path / "regeln"
    shutil.copytree(REGELN, ziel)
    datei = ziel / "ikz.yaml"
    datei.write_text(aendern(datei.read_text(encoding="utf-8")), encoding="utf-8")
    return ziel


def _ikz_werte() -> tuple[Decimal, Decimal, str]:
    """Betrag je Kommune, Höchstbetrag und eine Quelle aus der Regeldatei (nicht aus Python)."""
    daten = yaml_laden((REGELN / "ikz.yaml").read_text(encoding="utf-8"))
    b = daten["betrag"]
    quelle = b["quelle"][-1] if isinstance(b["quelle"], list) else b["quelle"]
    return Decimal(str(b["je_einheit"])), Decimal(str(b["hoechstens"])), quelle


JE, HOECHST, QUELLE = _ikz_werte()
NEU = JE + 5000  # eine erfundene Zahl, nur in der Kopie


def _datiert(text: str, ab: str = "2021-01-01", neu_ab: str = "2027-01-01") -> str:
    zeile = f"  je_einheit: {JE:f}\n"
    assert zeile in text
    return text.replace(
        zeile,
        f"  je_einheit:\n    - {{ab: {ab}, wert: {JE:f}, quelle: {QUELLE}}}\n"
        f"    - {{ab: {neu_ab}, wert: {NEU:f}, quelle: ikz_neu}}\n",
    ).replace(
        "\nquellen:\n",
        "\nquellen:\n  ikz_neu:\n    dokument: Erfundene Richtlinie\n    abschnitt: Nr. 1\n",
        1,
    )


def test_ein_datierter_betrag_gilt_ab_seinem_tag(tmp_path):
    regeln = _kopie(tmp_path, _datiert)
    eingaben = {"kommunen": 2}
    vorher = pruefe("ikz", eingaben, stichtag="2026-12-31", regeln=regeln)
    ab = pruefe("ikz", eingaben, stichtag="2027-01-01", regeln=regeln)
    assert vorher.betrag == 2 * JE
    assert ab.betrag == min(2 * NEU, HOECHST)
    assert ab.betrag != vorher.betrag


def test_der_geltende_wert_wird_zitiert(tmp_path):
    regeln = _kopie(tmp_path, _datiert)
    e = pruefe("ikz", {"kommunen": 2}, stichtag="2027-06-01", regeln=regeln)
    d = als_dict(e)
    assert "Erfundene Richtlinie Nr. 1" in d["betrag_quelle"]
    text = als_text(e, erklaeren=True)
    assert "Quelle: Erfundene Richtlinie Nr. 1" in text
    vorher = als_dict(pruefe("ikz", {"kommunen": 2}, stichtag="2026-06-01", regeln=regeln))
    assert "Erfundene Richtlinie" not in vorher["betrag_quelle"]


def test_texte_zeigen_den_geltenden_wert(tmp_path):
    regeln = _kopie(tmp_path, _datiert)
    alt = als_dict(pruefe("ikz", {"kommunen": 2}, stichtag="2026-06-01", regeln=regeln))
    neu = als_dict(pruefe("ikz", {"kommunen": 2}, stichtag="2027-06-01", regeln=regeln))
    alt_text = f"{JE:,.0f} €".replace(",", ".")
    neu_text = f"{NEU:,.0f} €".replace(",", ".")
    assert alt_text in alt["betrag_regel"] and neu_text not in alt["betrag_regel"]
    assert neu_text in neu["betrag_regel"] and alt_text not in neu["betrag_regel"]


def test_vor_dem_ersten_ab_ist_der_betrag_offen(tmp_path):
    regeln = _kopie(tmp_path, lambda t: _datiert(t, ab="2023-01-01"))
    e = pruefe(
        "ikz",
        {"kommunen": 2, "einsparung": "20 %", "laufzeit_jahre": 5, "beschluss": "ja"}
        | {"vereinbarung": "ja"},
        stichtag="2022-06-01",
        regeln=regeln,
    )
    assert e.ergebnis == "offen"
    assert e.betrag is None
    d = als_dict(e)
    assert d["offen"] == ["betrag_am_stichtag"]
    assert "keinen Wert (je_einheit)" in als_text(e)


def test_ab_muss_aufsteigen(tmp_path):
    regeln = _kopie(tmp_path, lambda t: _datiert(t, ab="2027-01-01", neu_ab="2021-01-01"))
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(regeln)
    (f,) = info.value.fehler
    assert f.feld == "betrag.je_einheit[1].ab"
    assert "später" in f.meldung
    text = (regeln / "ikz.yaml").read_text(encoding="utf-8")
    assert f.zeile == next(i for i, z in enumerate(text.splitlines(), 1) if "ab: 2021-01-01" in z)


def test_unbekannte_quelle_eines_datierten_werts(tmp_path):
    regeln = _kopie(
        tmp_path, lambda t: _datiert(t).replace("quelle: ikz_neu", "quelle: gibtsnicht")
    )
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(regeln)
    assert any("unbekannte Quelle 'gibtsnicht'" in f.meldung for f in info.value.fehler)


def test_ein_wert_statt_liste_falsch_geschrieben(tmp_path):
    regeln = _kopie(
        tmp_path, lambda t: t.replace(f"  je_einheit: {JE:f}\n", "  je_einheit: viel\n")
    )
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(regeln)
    (f,) = info.value.fehler
    assert f.feld == "betrag.je_einheit"
    assert "Zahl erwartet" in f.meldung


def test_platzhalter_unbekannt_wird_gemeldet(tmp_path):
    regeln = _kopie(
        tmp_path,
        lambda t: re.sub(r"(  text: Regelzuwendung) \{je_einheit\}", r"\1 {je_kommune}", t),
    )
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(regeln)
    (f,) = info.value.fehler
    assert f.feld == "betrag.text"
    assert "{je_kommune}" in f.meldung


def test_mitgelieferte_betragstexte_wiederholen_keine_zahl():
    """Zahlen der Betragsregel stehen in betrag.text nur als Platzhalter."""
    for datei in REGELN.glob("*.yaml"):
        daten = yaml_laden(datei.read_text(encoding="utf-8"))
        if "betrag" not in daten:
            continue
        assert not re.search(r"\d", daten["betrag"]["text"]), datei.name


def test_json_kontrakt_bleibt(tmp_path):
    """Die Kopie ohne Änderung gibt dasselbe JSON wie die mitgelieferten Regeln."""
    regeln = _kopie(tmp_path, lambda t: t)
    a = als_dict(pruefe("ikz", {"kommunen": 3}, stichtag="2022-03-14", regeln=regeln))
    b = als_dict(pruefe("ikz", {"kommunen": 3}, stichtag="2022-03-14"))
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _sh_kopie(tmp_path: Path, alt: str, neu: str) -> Path:
    ziel = tmp_path / "regeln"
    shutil.copytree(REGELN, ziel)
    datei = ziel / "starke-heimat.yaml"
    text = datei.read_text(encoding="utf-8")
    assert text.count(alt) == 1
    datei.write_text(text.replace(alt, neu), encoding="utf-8")
    return ziel


def test_grenze_aus_einer_zahl_der_regeln_folgt_ihr(tmp_path):
    """{zahl: gueltigkeit.bis}: das Ende der Phase steht einmal in der Datei; wer es ändert,
    ändert auch die Kriterien und Hinweise, die es nutzen."""
    daten = yaml_laden((REGELN / "starke-heimat.yaml").read_text(encoding="utf-8"))
    bis = daten["gueltigkeit"]["bis"]
    neu_bis = bis.replace(year=bis.year + 1)
    beginn = bis.replace(year=bis.year + 1, month=6, day=1)
    regeln = _sh_kopie(tmp_path, f"  bis: {bis.isoformat()}\n", f"  bis: {neu_bis.isoformat()}\n")
    eingaben = {"kosten": "500.000", "laufzeit_monate": 12, "beginn": beginn.isoformat()}

    def status(r):
        e = pruefe("starke-heimat", eingaben, stichtag=bis.isoformat(), regeln=r)
        return {k.kriterium.id: k.status for k in e.kriterien}, e

    alt, _ = status(None)
    neu, e = status(regeln)
    ids = [k["id"] for k in daten["kriterien"] if k["art"] == "eines"]
    assert [alt[i] for i in ids] == ["nicht_erfuellt"]
    assert [neu[i] for i in ids] == ["erfuellt"]
    assert any(neu_bis.strftime("%d.%m.%Y") in h for h in als_dict(e)["hinweise"])


def test_unbekannte_zahl_als_grenze(tmp_path):
    regeln = _sh_kopie(tmp_path, "{zahl: gueltigkeit.bis}}\n", "{zahl: gueltigkeit.ende}}\n")
    with pytest.raises(RegelnUngueltig) as info:
        kompiliere(regeln)
    assert any(
        f.feld.endswith("grenze.zahl") and "unbekannte Zahl" in f.meldung for f in info.value.fehler
    )

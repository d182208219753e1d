"""Regelautoren lesen Deutsch: kein regulärer Ausdruck, kein Englisch von pydantic."""

from __future__ import annotations

from ozg_foerder.regeln.laden import _MUSTER
from ozg_foerder.regeln.schema import json_schema


def _muster(knoten):
    if isinstance(knoten, dict):
        if isinstance(knoten.get("pattern"), str):
            yield knoten["pattern"]
        for wert in knoten.values():
            yield from _muster(wert)
    elif isinstance(knoten, list):
        for wert in knoten:
            yield from _muster(wert)


def test_jedes_muster_des_schemas_hat_worte():
    muster = set(_muster(json_schema()))
    assert muster, "das Schema hat keine Muster mehr? Dann ist dieser Test zu ändern."
    assert muster <= set(_MUSTER), f"ohne Worte: {muster - set(_MUSTER)}"


def test_falscher_bezeichner_ohne_regex(cli, tmp_path):
    (tmp_path / "x.yaml").write_text(
        "id: x\nreihenfolge: 1\nname: X\ntraeger: T\nstand: 2022-03-14\nzweck: Z\n"
        "kontakt: [{art: Web, wert: example.org, bezeichnung: B}]\n"
        "eingaben:\n  Kommunen-Zahl:\n    typ: ganzzahl\n    text: a\n    hilfe: b\n",
        encoding="utf-8",
    )
    lauf = cli("regeln", "pruefen", tmp_path)
    assert lauf.code == 2
    assert ":9: eingaben.Kommunen-Zahl: Schreibweise nicht erlaubt: Kleinbuchstaben" in lauf.err
    for zeichen in ("^", "$", "[a-z]", "String should", "Input should", "Field required"):
        assert zeichen not in lauf.err
    assert "Traceback" not in lauf.err

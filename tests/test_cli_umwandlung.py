"""Aufrufwerte ohne pydantic (cli.umwandlung): dieselben Werte wie Typers eigene Umwandlung,
und ein Lauf mit warmem Regel-Cache importiert pydantic gar nicht (die Hälfte des Starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Annotated

import pytest
import typer
from typer._click import Context

from ozg_foerder.cli.app import _batch, wurzelbefehl
from ozg_foerder.cli.basis import befehl, klick_befehl, neue_gruppe
from ozg_foerder.cli.umwandlung import _Durchreichen, ohne_pydantic

SKRIPT = """
import json, sys
from ozg_foerder.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("PYDANTIC " + json.dumps("pydantic" in sys.modules) + "\\n")
"""


def _mit_pydantic(cache: str, *argumente: str) -> bool:
    umgebung = {**os.environ, "OZG_FOERDER_CACHE": cache}
    lauf = subprocess.run(
        [sys.executable, "-c", SKRIPT, *argumente],
        capture_output=True,
        text=True,
        check=False,
        env=umgebung,
    )
    zeile = next(z for z in lauf.stderr.splitlines() if z.startswith("PYDANTIC "))
    return json.loads(zeile.removeprefix("PYDANTIC "))


def test_batch_und_check_ohne_pydantic_bei_warmem_cache(tmp_path):
    liste = tmp_path / "liste.csv"
    liste.write_text("kommune;kommunen;einsparung\nWetzlar;3;18 %\n", encoding="utf-8")
    cache = str(tmp_path / "cache")
    batch = ("batch", str(liste), "--format", "csv", "--ausgabe", str(tmp_path / "aus.csv"))
    batch += ("--stichtag", "2022-03-14", "--spalte", "kommunen=kommunen", "--ueberschreiben")
    # Gegenprobe: mit kaltem Cache prüft pydantic die Regeldateien – die Probe sieht es also
    assert _mit_pydantic(cache, *batch) is True
    assert (tmp_path / "aus.csv").exists()
    assert _mit_pydantic(cache, *batch) is False
    check = ("check", "ikz", "--kommunen", "4", "--einsparung", "0.18", "--beschluss")
    assert _mit_pydantic(cache, *check, "--stichtag", "2022-03-14") is False


def _parameter(befehl, name):
    ctx = Context(befehl)
    return ctx, next(p for p in befehl.get_params(ctx) if p.name == name)


def _typer_selbst(param, wert, ctx):
    from typer._coercion import build_runtime_param

    return build_runtime_param(param.type_descriptor).coerce(wert, param=param, ctx=ctx)


@pytest.mark.parametrize(
    ("fabrik", "name", "werte"),
    [
        (_batch("batch"), "eingabe", ["liste.csv", "ä ö ü 20 %", "", b"liste.csv"]),
        (_batch("batch"), "kreis", [None, "Vogelsbergkreis", b"Gie\xc3\x9fen"]),
        (_batch("batch"), "spalte", [None, (), ("kosten=Summe",), ["a=b", "c=d"]]),
        (_batch("batch"), "ueberschreiben", [True, False, None]),
        (_batch("batch"), "help", [True, False]),
        (wurzelbefehl, "version", [None, True]),
        (wurzelbefehl, "regeln", [None, "eigene/regeln"]),
    ],
)
def test_dieselben_werte_wie_typer(fabrik, name, werte):
    befehl = fabrik()
    ctx, param = _parameter(befehl, name)
    ohne_pydantic(befehl, ctx)
    assert isinstance(param._runtime_param, _Durchreichen)
    for wert in werte:
        unser = param._runtime_param.coerce(wert, param=param, ctx=ctx)
        erwartet = _typer_selbst(param, wert, ctx)
        assert (unser, type(unser)) == (erwartet, type(erwartet))


def test_ungewoehnliche_werte_gehen_durch_typer():
    # Bytes (Aufruf mit fremder Kodierung) wandelt Typers eigene Umwandlung – gebaut erst dann
    befehl = _batch("batch")()
    ctx, param = _parameter(befehl, "blatt")
    ohne_pydantic(befehl, ctx)
    umwandlung = param._runtime_param
    assert umwandlung.coerce("Kommunen", param=param, ctx=ctx) == "Kommunen"
    assert umwandlung._typer is None
    assert umwandlung.coerce(b"Kommunen", param=param, ctx=ctx) == "Kommunen"
    assert umwandlung._typer is not None


def test_einmal_umgestellt_bleibt_es():
    befehl = _batch("batch")()
    ctx, param = _parameter(befehl, "format")
    ohne_pydantic(befehl, ctx)
    erste = param._runtime_param
    ohne_pydantic(befehl, ctx)
    assert param._runtime_param is erste


def test_ein_eigener_parser_bleibt_bei_typer(capsys):
    """Ein Parameter mit ``parser=`` bekommt keinen Kurzweg: Typers Adapter ruft den Parser."""
    app = neue_gruppe("")

    @befehl(app, "probe")
    def probe(
        x: Annotated[str, typer.Option("--x", parser=str.upper)] = "",
        y: Annotated[str, typer.Option("--y")] = "",
    ) -> None:
        print(f"{x}|{y}")

    klick = klick_befehl(app, "probe")
    klick.main(["--x", "abc", "--y", "abc"], standalone_mode=False)
    assert capsys.readouterr().out.strip() == "ABC|abc"
    ctx = Context(klick)
    parameter = {p.name: p for p in klick.get_params(ctx)}
    assert not isinstance(parameter["x"]._runtime_param, _Durchreichen)
    assert isinstance(parameter["y"]._runtime_param, _Durchreichen)

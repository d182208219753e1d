"""Gemeinsame Hilfen der Tests: Kommandozeile im Prozess aufrufen, eigener Regel-Cache."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Reproduzierbar: hypothesis nimmt feste Startwerte (wie die übrigen Tests: gleiche Eingabe,
# gleiches Ergebnis). Zum Erkunden: pytest --hypothesis-profile=erkunden
settings.register_profile("standard", derandomize=True)
settings.register_profile("erkunden", derandomize=False, max_examples=2000)
settings.load_profile("standard")

REPO = Path(__file__).resolve().parent.parent
REGELN = REPO / "rules"
DATEN = REPO / "data"

# Die Tests schreiben ihren Regel-Cache nicht ins Home-Verzeichnis.
os.environ.setdefault("OZG_FOERDER_CACHE", tempfile.mkdtemp(prefix="ozg-foerder-cache-"))
os.environ.pop("OZG_FOERDER_REGELN", None)


@dataclass
class Lauf:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Ruft ``ozg-foerder`` im Prozess auf: ``cli("check", "ikz", ...)`` → Lauf(code, out, err)."""
    from ozg_foerder import api
    from ozg_foerder.cli import app as cli_modul

    def lauf(*argumente: str, env: dict[str, str] | None = None) -> Lauf:
        for name, wert in (env or {}).items():
            monkeypatch.setenv(name, wert)
        api._KATALOGE.clear()
        capsys.readouterr()
        with pytest.raises(SystemExit) as ende:
            cli_modul.main([str(a) for a in argumente])
        ausgabe = capsys.readouterr()
        return Lauf(ende.value.code, ausgabe.out, ausgabe.err)

    yield lauf
    api._KATALOGE.clear()

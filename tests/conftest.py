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
settings.register_profile("gruendlich", derandomize=True)
settings.register_profile("erkunden", derandomize=False, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "standard"))
GRUENDLICH = os.environ.get("HYPOTHESIS_PROFILE") in ("gruendlich", "erkunden")
"""Gründlicher Lauf (HYPOTHESIS_PROFILE=gruendlich uv run pytest): jede Eigenschaft mit der vollen
Zahl an Beispielen und ohne den YAML-Zwischenspeicher unten – etwa vor einem Release."""


def beispiele(anzahl: int) -> int:
    """Beispiele je Eigenschaft: im normalen Lauf die Hälfte (feste Startwerte, also jedes Mal
    dieselben), im gründlichen Lauf ``anzahl``."""
    return anzahl if GRUENDLICH else max(5, anzahl // 2)


REPO = Path(__file__).resolve().parent.parent
REGELN = REPO / "rules"
DATEN = REPO / "data"

# Ein eigenes Arbeitsverzeichnis je Lauf (und je pytest-xdist-Prozess) für den Regel-Cache: die
# Tests schreiben ihn nicht ins Home-Verzeichnis, und kein Lauf sieht die Reste eines anderen.
_ARBEIT = Path(tempfile.mkdtemp(prefix="ozg-foerder-tests-"))
if "PYTEST_XDIST_WORKER" in os.environ or "OZG_FOERDER_CACHE" not in os.environ:
    os.environ["OZG_FOERDER_CACHE"] = str(_ARBEIT / "cache")
os.environ.pop("OZG_FOERDER_REGELN", None)


def pytest_configure(config):
    _bytecode_zwischenspeichern(config)
    if not GRUENDLICH:
        _yaml_merken()


def _bytecode_zwischenspeichern(config) -> None:
    """Übersetzten Bytecode aufheben – in pytests Cache-Verzeichnis, nie neben den Quellen.

    Mit PYTHONDONTWRITEBYTECODE (hier auf der Maschine gesetzt) übersetzte sonst jeder Lauf alle
    Module neu und jeder Unterprozess (`python -m ozg_foerder`, gut 40 in der Suite) bei jedem
    Start noch einmal: zusammen ein Drittel der Laufzeit. Die Variable soll den Checkout sauber
    halten; das bleibt er: der Bytecode liegt unter .pytest_cache/d/bytecode (ohne den
    Cache-Plugin im Arbeitsverzeichnis dieses Laufs). Python prüft ihn gegen die Quelle wie
    sonst auch.
    """
    import sys

    cache = getattr(config, "cache", None)
    ablage = cache.mkdir("bytecode") if cache is not None else _ARBEIT / "bytecode"
    sys.pycache_prefix = str(ablage)  # dieser Prozess: Module, die ab jetzt geladen werden
    sys.dont_write_bytecode = False
    os.environ["PYTHONPYCACHEPREFIX"] = str(ablage)  # Unterprozesse
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def _yaml_merken() -> None:
    """Regeldateien-YAML je Text nur einmal lesen (im Prozess der Tests, nicht in Unterprozessen).

    Hunderte Tests laden dieselben Regeldateien (Kopien in tmp_path, ``regeln pruefen`` und
    ``check`` nacheinander): das sichere YAML mit Zeilennummern war ohne dies gut ein Drittel der
    Laufzeit. ``_lies_yaml`` hängt nur vom Text ab; gemerkt wird das Ergebnis oder der Fehler
    (Zeile, Meldung), jeder Aufruf bekommt eine eigene Kopie. Jeder Text geht beim ersten Mal
    durch den echten Leser; HYPOTHESIS_PROFILE=gruendlich liest immer neu.
    """
    from ozg_foerder.regeln import laden

    echt = laden._lies_yaml
    gemerkt: dict[str, tuple] = {}

    def lies_yaml(text: str):
        if text not in gemerkt:
            try:
                gemerkt[text] = ("wert", echt(text))
            except laden._YamlFehler as fehler:
                gemerkt[text] = ("fehler", fehler.zeile, fehler.meldung)
        art, *inhalt = gemerkt[text]
        if art == "fehler":
            raise laden._YamlFehler(*inhalt)
        return _kopie(inhalt[0])

    laden._lies_yaml = lies_yaml


def _kopie(wert):
    """Tiefe Kopie von YAML-Daten (dict, list, tuple; Blätter sind unveränderlich), schneller als
    copy.deepcopy."""
    if isinstance(wert, dict):
        return {k: _kopie(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_kopie(v) for v in wert]
    if isinstance(wert, tuple):
        return tuple(_kopie(v) for v in wert)
    return wert


def flach(text: str) -> str:
    """Text ohne Zeilenumbrüche und Einzüge: die Ausgabe ist auf die Breite umbrochen."""
    return " ".join(text.split())


@dataclass
class Lauf:
    code: int
    out: str
    err: str

    @property
    def flach(self) -> str:
        """stdout als ein Absatz (Umbrüche und Einzüge der 80 Spalten entfernt)."""
        return flach(self.out)


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


# --- Programme als Daten: was ein Test über ein Programm wissen muss, steht in seiner Regeldatei --

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"  # ein erfundenes Programm (musterfoerderung), nur für Tests


def yaml_laden(text: str):
    """Wie ``yaml.safe_load``, mit libyaml, wo PyYAML sie mitbringt (zehnmal schneller).

    Für die Erwartungen der Tests; was das Programm selbst liest, geht durch seinen eigenen Leser.
    """
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


_SYNTAXBAEUME: dict[tuple, object] = {}


def syntaxbaum(pfad: Path):
    """``ast.parse`` einer Quelldatei, je Stand der Datei einmal (mehrere Tests lesen alle Module;
    die Bäume werden nur gelesen, nie verändert)."""
    import ast

    st = pfad.stat()
    schluessel = (str(pfad), st.st_mtime_ns, st.st_size)
    if schluessel not in _SYNTAXBAEUME:
        _SYNTAXBAEUME[schluessel] = ast.parse(pfad.read_text(encoding="utf-8"))
    return _SYNTAXBAEUME[schluessel]


_REGELDATEN: dict[tuple, dict[str, dict]] = {}


def regeldaten(verzeichnis: Path = REGELN) -> dict[str, dict]:
    """Die Regeldateien eines Verzeichnisses als Daten (YAML), nach Programm-ID.

    Gemerkt nach Pfad, Größe und Änderungszeit der Dateien (YAML zu lesen kostet viele
    Tests sonst Sekunden); jeder Aufruf bekommt eine eigene Kopie, die er verändern darf.
    """
    dateien = sorted(Path(verzeichnis).glob("*.yaml"))
    schluessel = tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in dateien)
    if schluessel not in _REGELDATEN:
        daten = {}
        for pfad in dateien:
            inhalt = yaml_laden(pfad.read_text(encoding="utf-8"))
            daten[inhalt["id"]] = inhalt
        _REGELDATEN[schluessel] = daten
    return _kopie(_REGELDATEN[schluessel])


def regeln_mit_fixture(ziel: Path) -> Path:
    """Die mitgelieferten Regeln plus das erfundene Programm in ``ziel`` (für ``--regeln``)."""
    ziel.mkdir(parents=True, exist_ok=True)
    for pfad in [*REGELN.glob("*.yaml"), *MINIMAL.glob("*.yaml")]:
        (ziel / pfad.name).write_bytes(pfad.read_bytes())
    return ziel


def _option(name: str, eingabe: dict) -> str:
    from ozg_foerder.eingaben.definition import standard_option

    return eingabe.get("option") or standard_option(name)


def cli_argumente(programm: dict, eingaben: dict) -> list[str] | None:
    """Eingaben eines Testfalls (Name → Wert) als Optionen von ``check``.

    ``programm``: die Regeldatei als Daten. ``None``, wenn sich ein Wert nicht als Option
    schreiben lässt (etwa "nein" bei einem Schalter ohne verneinende Form).
    """
    argumente: list[str] = []
    for name, wert in eingaben.items():
        if wert is None:
            continue
        e = programm["eingaben"][name]
        werte = e.get("werte") or {}
        if e["typ"] == "ja_nein":
            ja = wert is True or str(wert).strip().lower() in ("ja", "j", "true", "1", "yes")
            schalter = _option(name, e) if ja else e.get("option_nein")
            if schalter is None:
                return None
            argumente.append(schalter)
        elif e["typ"] == "auswahl" and werte and all(w.get("option") for w in werte.values()):
            treffer = [
                w["option"]
                for schluessel, w in werte.items()
                if str(wert).lower()
                in [schluessel, w["text"].lower(), *map(str.lower, w.get("aliase", []))]
            ]
            if not treffer:
                return None
            argumente.append(treffer[0])
        else:
            text = wert.isoformat() if hasattr(wert, "isoformat") else str(wert)
            argumente += [_option(name, e), text]
    return argumente


def faelle(verzeichnis: Path = REGELN, *, mit_fehler: bool = False) -> list[tuple[str, dict]]:
    """(Programm-ID, Testfall) aller Testfälle der Regeldateien (ohne erwartete Eingabefehler)."""
    return [
        (programm_id, fall)
        for programm_id, daten in regeldaten(verzeichnis).items()
        for fall in daten.get("testfaelle", [])
        if mit_fehler or not fall["erwartet"].get("fehler")
    ]


def beispielaufruf(programm: dict) -> list[str]:
    """Die erforderlichen Angaben eines Programms, mit den Beispielwerten seiner Regeldatei."""
    eingaben = {
        name: e.get("beispiel")
        for name, e in programm.get("eingaben", {}).items()
        if e.get("erforderlich")
    }
    argumente = cli_argumente(programm, eingaben)
    assert argumente is not None, programm["id"]
    return argumente

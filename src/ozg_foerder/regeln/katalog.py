"""Wo die Regeln liegen und wie sie schnell geladen werden.

Regeldateien werden einmal mit pydantic geprüft (:mod:`ozg_foerder.regeln`) und als JSON-Kompilat
zwischengespeichert. Jeder weitere Aufruf liest nur noch das Kompilat – ohne YAML-Parser und ohne
pydantic, die zusammen ein Vielfaches der Rechenzeit einer Prüfung kosten. Ändert sich eine
Regeldatei, ein Datensatz oder der Übersetzer selbst (Größe oder Änderungszeit), wird das
Kompilat neu erzeugt. Ist das Cache-Verzeichnis nicht beschreibbar, wird ohne Cache gearbeitet.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zlib
from pathlib import Path
from typing import Any

from ozg_foerder.eingaben.pfade import daten_verzeichnis, mitgeliefert
from ozg_foerder.engine.programm import Programm
from ozg_foerder.version import __version__

__all__ = ["Katalog", "daten_verzeichnis", "fingerabdruck", "lade_katalog", "regel_verzeichnis"]

_UEBERSETZER = Path(__file__).resolve().parent  # regeln/: Schema, Laden, Bezüge, Katalog
UMGEBUNG_REGELN = "OZG_FOERDER_REGELN"  # gelesen nur am Rand der Kommandozeile (cli.app)
UMGEBUNG_CACHE = "OZG_FOERDER_CACHE"


def regel_verzeichnis(explizit: str | os.PathLike[str] | None = None) -> Path:
    """Das angegebene Regelverzeichnis, sonst die mitgelieferten Regeln."""
    if explizit:
        return Path(explizit)
    return mitgeliefert("rules")


class RegelVerzeichnisFehlt(Exception):
    def __init__(self, pfad: Path) -> None:
        self.pfad = pfad
        super().__init__(f"Regelverzeichnis {pfad} gibt es nicht oder es enthält keine *.yaml.")


def _cache_verzeichnis() -> Path:
    if os.environ.get(UMGEBUNG_CACHE):
        return Path(os.environ[UMGEBUNG_CACHE])
    basis = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(basis) / "ozg-foerder"


def _dateien(verzeichnis: Path) -> list[Path]:
    try:
        return sorted(p for p in verzeichnis.iterdir() if p.suffix == ".yaml" and p.is_file())
    except OSError:
        return []


HOECHSTENS_DATEIEN = 300
"""So viele Regeldateien liest ein Regelverzeichnis höchstens (es gibt eine je Programm)."""
HOECHSTENS_BYTES = 2 * 1024 * 1024
"""So groß darf eine Regeldatei höchstens sein (die größte mitgelieferte hat unter 100 KB)."""
HOECHSTENS_DATEN_BYTES = 20 * 1024 * 1024
"""So groß darf eine Datendatei (*.csv) neben den Regeln höchstens sein."""


def pruefe_grenzen(verzeichnis: Path, dateien: list[Path]) -> None:
    """Vor jedem Lesen: Zahl und Größe der Regel- und Datendateien begrenzen.

    Wirft :class:`~ozg_foerder.regeln.RegelnUngueltig`, das die Dateien nennt. So liest eine
    1-GB-Datei oder ein Verzeichnis mit Tausenden Dateien niemand erst ganz ein; eine Datendatei,
    die keine gewöhnliche Datei ist (eine Pipe), blockiert nicht.
    """
    fehler = _grenzfehler(verzeichnis, dateien)
    if fehler:
        from ozg_foerder.regeln.fehler import RegelFehler, RegelnUngueltig  # nur im Fehlerfall

        raise RegelnUngueltig([RegelFehler(datei, None, "", text) for datei, text in fehler])


def _grenzfehler(verzeichnis: Path, dateien: list[Path]) -> list[tuple[str, str]]:
    if len(dateien) > HOECHSTENS_DATEIEN:
        return [
            (
                str(verzeichnis),
                f"enthält {len(dateien)} Regeldateien (*.yaml); erlaubt sind höchstens "
                f"{HOECHSTENS_DATEIEN} (eine je Programm). Ist es das richtige Verzeichnis?",
            )
        ]
    fehler = []
    neben = sorted(verzeichnis.glob("*.csv")) if dateien else []
    for pfad, grenze, art in [
        *((p, HOECHSTENS_BYTES, "Regeldatei") for p in dateien),
        *((p, HOECHSTENS_DATEN_BYTES, "Datendatei") for p in neben),
    ]:
        try:
            info = pfad.stat()
        except OSError as f:
            fehler.append((str(pfad), f"nicht lesbar ({f.strerror})."))
            continue
        if not stat.S_ISREG(info.st_mode):
            fehler.append((str(pfad), "ist keine gewöhnliche Datei (z. B. eine Pipe)."))
        elif info.st_size > grenze:
            groesse = f"{info.st_size / 1024 / 1024:.1f}".replace(".", ",")
            fehler.append(
                (str(pfad), f"{art} zu groß ({groesse} MB; höchstens {grenze // 1024 // 1024} MB).")
            )
    return fehler


def _schluessel(dateien: list[Path], daten: Path) -> str:
    """Ein Hash über den Inhalt der Regel- und Datendateien, die Version und den Übersetzer.

    Nach Inhalt, nicht nach Änderungszeit oder Pfad: Verschieben von Modulen, neue Datendateien
    oder gleich große Änderungen in derselben Sekunde liefern nie ein veraltetes Kompilat.
    """
    h = hashlib.sha256(__version__.encode())
    uebersetzer = sorted(_UEBERSETZER.glob("*.py"))
    neben = sorted(dateien[0].parent.glob("*.csv")) if dateien else []
    for p in [*dateien, *neben, *sorted(daten.glob("*.csv")), *uebersetzer]:
        h.update(b"\0" + p.name.encode() + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def fingerabdruck(verzeichnis: str | os.PathLike[str], daten: Path | None = None) -> str:
    """Ein kurzer Fingerabdruck des Regelsatzes: sha256, die ersten 12 Hex-Zeichen.

    Über den Inhalt der ``*.yaml`` im Regelverzeichnis, der Datendateien (``*.csv`` neben den
    Regeln und im Datenverzeichnis) und der Quelldokumente (``quellen/``), nach Dateiname
    sortiert, Zeilenenden vereinheitlicht, ohne Pfade: gleiche Regeln geben auf jedem Rechner
    denselben Abdruck, eine geänderte Zahl, ein geänderter Datensatz oder ein geändertes
    Quelldokument einen anderen.
    """
    daten = daten or daten_verzeichnis()
    verzeichnis = Path(verzeichnis)
    quellen = verzeichnis / "quellen"
    h = hashlib.sha256()
    for art, dateien in (
        (b"regeln", _dateien(verzeichnis)),
        (b"daten-neben", sorted(verzeichnis.glob("*.csv"), key=lambda p: p.name)),
        (b"daten", sorted(Path(daten).glob("*.csv"), key=lambda p: p.name)),
        (b"quellen", sorted((p for p in quellen.glob("*") if p.is_file()), key=lambda p: p.name)),
    ):
        for p in dateien:
            inhalt = p.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            h.update(art + b"\0" + p.name.encode() + b"\0")
            h.update(hashlib.sha256(inhalt).digest())
    return h.hexdigest()[:12]


class Katalog:
    """Die Programme eines Regelverzeichnisses. Baut ein :class:`Programm` erst bei Bedarf."""

    def __init__(self, verzeichnis: Path, kompilate: dict[str, dict[str, Any]]) -> None:
        self.verzeichnis = verzeichnis
        self._kompilate = kompilate
        self._programme: dict[str, Programm] = {}
        self._fingerabdruck: str | None = None

    @property
    def fingerabdruck(self) -> str:
        """Kurzer Inhalts-Hash der Regel- und Datendateien (siehe :func:`fingerabdruck`)."""
        if self._fingerabdruck is None:
            self._fingerabdruck = fingerabdruck(self.verzeichnis)
        return self._fingerabdruck

    @property
    def stand(self) -> str:
        """Der jüngste Stand der Regeldateien (ISO-Datum)."""
        return max(k["stand"] for k in self._kompilate.values())

    def regelsatz(self) -> dict[str, str]:
        """Womit gerechnet wurde – in jeder Ausgabe: ``{"stand", "fingerabdruck", "version"}``."""
        return {"stand": self.stand, "fingerabdruck": self.fingerabdruck, "version": __version__}

    @property
    def ids(self) -> list[str]:
        return list(self._kompilate)

    def __contains__(self, programm_id: object) -> bool:
        return programm_id in self._kompilate

    def kompilat(self, programm_id: str) -> dict[str, Any]:
        return self._kompilate[programm_id]

    def programm(self, programm_id: str) -> Programm:
        if programm_id not in self._programme:
            self._programme[programm_id] = Programm(self._kompilate[programm_id])
        return self._programme[programm_id]

    def programme(self) -> list[Programm]:
        return [self.programm(i) for i in self.ids]


def lade_regeldateien(
    verzeichnis: Path, daten: Path | None = None
) -> list[tuple[Any, dict[str, Any]]]:
    """Prüft alle Regeldateien (langsam: YAML + pydantic): je Datei (Regeldatei, Kompilat).

    Wirft :class:`ozg_foerder.regeln.RegelnUngueltig` mit den Fehlern aller Dateien.
    """
    from ozg_foerder.regeln.fehler import RegelnUngueltig
    from ozg_foerder.regeln.laden import lade_regeldatei, lies_datensatz_ags

    daten = daten or daten_verzeichnis()
    dateien = _dateien(verzeichnis)
    if not dateien:
        raise RegelVerzeichnisFehlt(verzeichnis)
    pruefe_grenzen(verzeichnis, dateien)
    ergebnis = []
    fehler = []
    for pfad in dateien:
        try:
            regeln = lade_regeldatei(pfad, daten)
        except RegelnUngueltig as f:
            fehler.extend(f.fehler)
            continue
        kompilat = regeln.model_dump(mode="json", exclude={"testfaelle"}, exclude_none=True)
        _datensaetze_einsetzen(kompilat, verzeichnis, daten, lies_datensatz_ags)
        ergebnis.append((regeln, kompilat))
    if fehler:
        raise RegelnUngueltig(fehler)
    return sorted(ergebnis, key=lambda t: (t[0].reihenfolge, t[0].id))


def kompiliere(verzeichnis: Path, daten: Path | None = None) -> dict[str, dict[str, Any]]:
    """Das Kompilat aller Regeldateien eines Verzeichnisses, nach Programm."""
    return {regeln.id: kompilat for regeln, kompilat in lade_regeldateien(verzeichnis, daten)}


def _datensaetze_einsetzen(knoten: Any, regeln: Path, daten: Path, lies) -> None:
    """Setzt die AGS jedes Datensatzes ein (neben den Regeln, sonst aus data/)."""
    from ozg_foerder.regeln.bezuege import datensatz_pfad

    if isinstance(knoten, dict):
        if knoten.get("art") == "in_datensatz":
            pfad = datensatz_pfad(knoten["datensatz"], regeln, daten)
            assert pfad is not None  # geprüft in regeln.bezuege
            knoten["_ags"] = lies(pfad)
        for wert in knoten.values():
            _datensaetze_einsetzen(wert, regeln, daten, lies)
    elif isinstance(knoten, list):
        for wert in knoten:
            _datensaetze_einsetzen(wert, regeln, daten, lies)


def lade_katalog(verzeichnis: str | os.PathLike[str] | None = None) -> Katalog:
    """Lädt die Regeln – aus dem Kompilat, wenn es zu den Dateien passt, sonst neu geprüft.

    Wirft :class:`ozg_foerder.regeln.RegelnUngueltig` bei fehlerhaften Regeldateien und
    :class:`RegelVerzeichnisFehlt`, wenn das Verzeichnis keine Regeln enthält.
    """
    pfad = regel_verzeichnis(verzeichnis).resolve()
    daten = daten_verzeichnis()
    dateien = _dateien(pfad)
    if not dateien:
        raise RegelVerzeichnisFehlt(pfad)
    pruefe_grenzen(pfad, dateien)
    schluessel = _schluessel(dateien, daten)
    cache = _cache_verzeichnis() / f"regeln-{zlib.crc32(str(pfad).encode()):08x}.json"
    try:
        with cache.open(encoding="utf-8") as datei:
            gespeichert = json.load(datei)
        if gespeichert.get("schluessel") == schluessel:
            return Katalog(pfad, gespeichert["programme"])
    except (OSError, ValueError, AttributeError):
        pass
    kompilate = kompiliere(pfad, daten)
    _speichere(cache, {"schluessel": schluessel, "programme": kompilate})
    return Katalog(pfad, kompilate)


HOECHSTENS_KOMPILATE = 8  # so viele Regelverzeichnisse behält der Cache (die zuletzt gebauten)


def _speichere(cache: Path, inhalt: dict[str, Any]) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(inhalt, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        return  # ohne Cache geht es auch, nur langsamer
    _aufraeumen(cache.parent)


def _aufraeumen(verzeichnis: Path) -> None:
    """Der Cache wächst nicht ohne Grenze: nur die zuletzt gebauten Kompilate bleiben.

    Gelöscht werden ältere Kompilate über :data:`HOECHSTENS_KOMPILATE` hinaus (je Regelverzeichnis
    gibt es eines; verschwundene Verzeichnisse, etwa aus Tests, hinterlassen so keine Reste) und
    liegengebliebene Zwischendateien abgebrochener Läufe, die älter als eine Stunde sind. Nur beim
    Schreiben eines neuen Kompilats, also nie im schnellen Weg.
    """
    import time

    try:
        kompilate = sorted(
            verzeichnis.glob("regeln-*.json"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        alt = time.time() - 3600
        weg = kompilate[HOECHSTENS_KOMPILATE:]
        weg += [p for p in verzeichnis.glob("regeln-*.tmp") if p.stat().st_mtime < alt]
        for pfad in weg:
            pfad.unlink(missing_ok=True)
    except OSError:
        pass

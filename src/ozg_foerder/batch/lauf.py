"""Einen Batch-Lauf ausgeben: Format bestimmen, Ziel prüfen, schreiben (Datei oder stdout).

Dateien entstehen über :func:`~ozg_foerder.batch.zieldatei.zieldatei` (temporär, dann
umbenannt); csv und json ohne Ziel gehen nach stdout, tabelle immer; xlsx braucht ein Ziel.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ozg_foerder.batch.auswertung import Auswertung
from ozg_foerder.batch.ergebnisspalten import DEUTSCH, SPALTEN
from ozg_foerder.batch.quelle import Fortschritt
from ozg_foerder.batch.quelle_csv import CsvFormat
from ozg_foerder.batch.schreiben_csv import ausgabe_format, schreibe_csv
from ozg_foerder.batch.zieldatei import pruefe_ziel, zieldatei
from ozg_foerder.eingaben.sichtbar import sichtbar
from ozg_foerder.eingaben.werte import EingabeFehler

__all__ = ["FORMATE", "SPALTEN", "bestimme_format", "schreibe_ausgabe"]

FORMATE = ("tabelle", "csv", "json", "xlsx")
_ENDUNGEN = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".json": "json", ".xlsx": "xlsx"}


def bestimme_format(format: str | None, ausgabe: Path | None) -> str:
    """``--format`` (oder aus der Endung von ``--ausgabe``) prüfen. Wirft EingabeFehler."""
    erlaubt = ", ".join(FORMATE)
    gewaehlt = format.strip().lower() if format is not None else None
    if gewaehlt is not None and gewaehlt not in FORMATE:
        raise EingabeFehler("--format", format, erlaubt)
    endung = _ENDUNGEN.get(ausgabe.suffix.lower()) if ausgabe is not None else None
    if gewaehlt is None and ausgabe is not None and endung is None:
        bekannt = ", ".join(_ENDUNGEN)
        grund = (
            f"Die Endung {ausgabe.suffix} ist kein Ausgabeformat von ozg-foerder."
            if ausgabe.suffix
            else "Ohne Endung lässt sich das Format nicht erkennen."
        )
        raise EingabeFehler(
            "--ausgabe",
            ausgabe.name,
            f"eine Datei mit der Endung {bekannt} oder dazu --format csv|json|xlsx",
            grund=grund,
        )
    if gewaehlt is None:
        gewaehlt = endung or "tabelle"
    if ausgabe is not None:
        if gewaehlt == "tabelle":
            raise EingabeFehler(
                "--format",
                "tabelle",
                "csv, json oder xlsx mit --ausgabe",
                grund="Die Tabelle erscheint im Terminal; für eine Datei ein Dateiformat wählen.",
            )
        if endung is not None and endung != gewaehlt:
            raise EingabeFehler(
                "--format",
                gewaehlt,
                f"{endung} für eine Datei {ausgabe.name}",
                grund=f"Die Endung von {ausgabe.name} passt nicht zum Format {gewaehlt}.",
            )
    elif gewaehlt == "xlsx":
        raise EingabeFehler(
            "--format",
            "xlsx",
            "xlsx zusammen mit --ausgabe DATEI.xlsx",
            grund="Eine Excel-Arbeitsmappe gehört in eine Datei, nicht ins Terminal.",
        )
    return gewaehlt


def _csv_strom(roh: io.BufferedIOBase, format: CsvFormat, bom: bool) -> io.TextIOWrapper:
    kodierung = format.kodierung
    if kodierung == "utf-16":
        kodierung = "utf-16" if bom else "utf-16-le"
    strom = io.TextIOWrapper(roh, encoding=kodierung, errors="replace", newline="")
    if bom and format.kodierung == "utf-8":
        strom.write("\ufeff")
    return strom


def schreibe_ausgabe(
    auswertung: Auswertung,
    format: str,
    ausgabe: Path | None,
    *,
    ueberschreiben: bool = False,
    stdout: TextIO | None = None,
    fortschritt: Callable[[str], Fortschritt | None] | None = None,
    spalten: str = DEUTSCH,
    prozesse: int | None = 1,
) -> None:
    """Schreibt das Ergebnis im ``format`` nach ``ausgabe`` oder ``stdout``.

    ``spalten`` (csv, xlsx, tabelle): ``deutsch`` (Standard) oder ``technisch``. ``prozesse``
    (csv, json): wie viele Prozesse die Liste auswerten – 1 (Standard: eine Bibliothek startet
    nicht ungefragt Prozesse im Programm, das sie nutzt), ``None``: so viele wie Kerne ab 1 MB
    (so die Kommandozeile), eine Zahl: so viele – :func:`~ozg_foerder.batch.parallel.ausgabetexte`.
    """
    import sys

    if spalten not in SPALTEN:
        raise EingabeFehler("--spalten", spalten, " oder ".join(SPALTEN))

    stdout = stdout or sys.stdout
    titel = str(auswertung.quelle.pfad)
    if ausgabe is not None:
        pruefe_ziel(ausgabe, auswertung.quelle.pfad, ueberschreiben)
        with zieldatei(ausgabe, ueberschreiben) as datei:
            if format == "xlsx":
                from ozg_foerder.batch.schreiben_xlsx import schreibe_xlsx

                schreibe_xlsx(auswertung, datei, fortschritt, titel, spalten)
            else:
                _schreibe_text(
                    auswertung,
                    format,
                    datei,  # type: ignore[arg-type]
                    fortschritt,
                    True,
                    spalten,
                    prozesse=prozesse,
                )
        return
    if format == "tabelle":
        from ozg_foerder.batch.tabelle import schreibe_tabelle

        schreibe_tabelle(auswertung, stdout, fortschritt, titel, spalten)
        return
    puffer = getattr(stdout, "buffer", None)
    if puffer is None:  # z. B. io.StringIO: Text direkt
        if format == "csv":
            csv_format = ausgabe_format(auswertung)
            schreibe_csv(auswertung, stdout, csv_format, fortschritt, spalten, prozesse)
        else:
            from ozg_foerder.batch.schreiben_json import schreibe_json

            schreibe_json(auswertung, stdout, fortschritt, prozesse)
        return
    stdout.flush()
    terminal = hasattr(stdout, "isatty") and stdout.isatty()
    bom = not terminal  # kein BOM im Terminal
    _schreibe_text(auswertung, format, puffer, fortschritt, bom, spalten, terminal, prozesse)


def _schreibe_text(
    auswertung: Auswertung,
    format: str,
    roh: io.BufferedIOBase,
    fortschritt: Callable[[str], Fortschritt | None] | None,
    bom: bool,
    spalten: str = DEUTSCH,
    terminal: bool = False,
    prozesse: int | None = 1,
) -> None:
    if format == "csv":
        csv_format = ausgabe_format(auswertung)
        strom = _csv_strom(roh, csv_format, bom and csv_format.bom)
    else:
        strom = io.TextIOWrapper(roh, encoding="utf-8", newline="\n")
    try:
        if format == "csv":
            ziel: TextIO = _Sichtbar(strom) if terminal else strom  # type: ignore[assignment]
            schreibe_csv(auswertung, ziel, csv_format, fortschritt, spalten, prozesse)
        else:
            from ozg_foerder.batch.schreiben_json import schreibe_json

            schreibe_json(auswertung, strom, fortschritt, prozesse)
        strom.flush()
    finally:
        _loesen(strom)


class _Sichtbar:
    """CSV ins Terminal: Steuerzeichen aus Zellen sichtbar (in Dateien bleiben sie)."""

    def __init__(self, strom: io.TextIOWrapper) -> None:
        self._strom = strom

    def write(self, text: str) -> int:
        return self._strom.write(sichtbar(text))

    def flush(self) -> None:
        self._strom.flush()


def _loesen(strom: io.TextIOWrapper) -> None:
    """Den Textstrom vom Byte-Strom lösen, ohne diesen zu schließen – auch wenn das letzte
    Leeren scheitert (volle Platte): sonst schlösse der aufgeräumte Textstrom sys.stdout mit."""
    try:
        strom.detach()
    except (OSError, ValueError):
        import contextlib

        with contextlib.suppress(OSError, ValueError):
            strom.detach()  # der Puffer ist nach dem Fehler leer oder verworfen

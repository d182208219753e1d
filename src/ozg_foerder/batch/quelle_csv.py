"""CSV lesen, wie deutsche Ämter sie speichern.

* Kodierung: UTF-8 mit oder ohne BOM, Windows-1252 (Excel „CSV (Trennzeichen-getrennt)“) oder
  UTF-16 mit BOM (Excel „Unicode-Text“). Erkannt an einer Probe vom Dateianfang; in einer
  UTF-8-Datei werden einzelne Windows-1252-Bytes (gemischte Dateien) trotzdem richtig gelesen.
  Nicht dekodierbare Bytes werden zu „�“, Nullbytes bleiben stehen – beides bricht nichts ab,
  sondern fällt als Zeilenfehler auf, wenn es in einer ausgewerteten Zelle steht.
* Trennzeichen: ``;``, Tabulator oder ``,``, gezählt in der Kopfzeile außerhalb von Anführungen.
* Dezimalstil: ``;``-Dateien und Dateien mit Dezimalkomma bekommen Beträge mit Komma zurück.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.batch.quelle_basis import Fortschritt, Quelle, Unlesbar, kopf_finden

__all__ = ["DEUTSCH", "CsvFormat", "CsvQuelle"]

_FEHLERBEHANDLUNG = "ozg_foerder_cp1252"
_FELDGRENZE = 1024 * 1024  # 1 MB je Zelle; größere Zellen sind kein Kommunenverzeichnis


def _als_cp1252(fehler: UnicodeError) -> tuple[str, int]:
    """Ungültiges UTF-8 als Windows-1252 lesen (gemischte Dateien), sonst „�“."""
    if not isinstance(fehler, UnicodeDecodeError):  # pragma: no cover - nur Dekodieren
        raise fehler
    teil = fehler.object[fehler.start : fehler.end]
    return bytes(teil).decode("cp1252", errors="replace"), fehler.end


codecs.register_error(_FEHLERBEHANDLUNG, _als_cp1252)


class CsvFormat(NamedTuple):
    trennzeichen: str
    kodierung: str  # Python-Codec: "utf-8", "cp1252", "utf-16", "utf-32"
    bom: bool
    dezimalkomma: bool

    @property
    def beschreibung(self) -> str:
        namen = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}
        kodierung = {
            "utf-8": "UTF-8",
            "cp1252": "Windows-1252",
            "utf-16": "UTF-16",
            "utf-32": "UTF-32",
        }[self.kodierung]
        return (
            f"{namen[self.trennzeichen]}, {kodierung}{' mit BOM' if self.bom else ''}, "
            f"Dezimal{'komma' if self.dezimalkomma else 'punkt'}"
        )


DEUTSCH = CsvFormat(";", "utf-8", True, True)
"""Für deutsches Excel per Doppelklick: Semikolon, UTF-8 mit BOM, Dezimalkomma."""


def _ist_binaer(probe: bytes) -> bool:
    steuer = sum(1 for b in probe if b < 32 and b not in (9, 10, 12, 13))
    return steuer > max(8, len(probe) // 20)


def _kodierung(probe: bytes) -> tuple[str, bool]:
    if probe.startswith(codecs.BOM_UTF8):
        return "utf-8", True
    if probe.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # vor UTF-16: FF FE 00 00
        return "utf-32", True
    if probe.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(probe, final=False)
    except UnicodeDecodeError:
        # Mehr gültige UTF-8-Umlaute als ungültige Bytes: eine UTF-8-Datei mit einzelnen
        # Windows-1252-Zeichen (zusammenkopiert). Sonst eine Windows-1252-Datei.
        text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(probe)
        ungueltig = text.count("\ufffd")
        gueltig = sum(1 for zeichen in text if "\x7f" < zeichen != "\ufffd")
        return ("utf-8" if gueltig > ungueltig else "cp1252"), False
    return "utf-8", False


def _trennzeichen(zeilen: list[str]) -> str:
    """Das Trennzeichen der ersten Zeile, die eines hat (Titelzeilen haben oft keins).

    Gezählt wird außerhalb von Anführungszeichen; bei Gleichstand ``;`` vor Tab vor ``,``.
    Ohne jedes Trennzeichen (eine Spalte): ``;``.
    """
    for zeile in zeilen:
        zaehler = {";": 0, "\t": 0, ",": 0}
        in_anfuehrung = False
        for zeichen in zeile:
            if zeichen == '"':
                in_anfuehrung = not in_anfuehrung
            elif not in_anfuehrung and zeichen in zaehler:
                zaehler[zeichen] += 1
        bestes = max(zaehler, key=lambda z: zaehler[z])
        if zaehler[bestes]:
            return bestes
    return ";"


_NAMEN = {";": "„;“", ",": "„,“", "\t": "Tabulator"}


def _verschluckt(zellen: list[str], trennzeichen: str, von: int, bis: int, mindestens: int) -> str:
    """Eine mehrzeilige Zelle, die ganze Zeilen umschließt (eine Zeile darin hat so viele
    Trennzeichen wie eine Datenzeile, ``mindestens``): verschluckte Zeilen. Eine Bemerkung über
    zwei Zeilen mit einem Semikolon darin ist das nicht."""
    for zelle in zellen:
        if "\n" in zelle and any(
            z.count(trennzeichen) >= mindestens for z in zelle.split("\n")[1:]
        ):
            return (
                f"Eine Zelle in Anführungszeichen reicht über die Zeilen {von} bis {bis} der "
                f"Datei und enthält dort Trennzeichen ({_NAMEN[trennzeichen]}): vermutlich ein "
                "nicht geschlossenes Anführungszeichen. Diese Zeilen wurden nicht ausgewertet."
            )
    return ""


def _offen_bis_zum_ende(von: int, bis: int) -> str:
    return (
        f'Ein Anführungszeichen (") in Zeile {von} der Datei wird nie geschlossen; die '
        f"Zeilen {von} bis {bis} der Datei wurden deshalb als eine Zelle gelesen und nicht "
        "ausgewertet."
    )


_DEZIMALKOMMA = re.compile(r"^\s*[+-]?\d[\d.\s]*,\d+\s*(%|€|EUR)?\s*$", re.IGNORECASE)


class CsvQuelle(Quelle):
    art = "csv"

    def __init__(
        self,
        pfad: Path,
        groesse: int,
        probe: bytes,
        ist_kopf: Callable[[list[str]], bool] | None = None,
    ) -> None:
        self.pfad = pfad
        self.groesse = groesse
        kodierung, bom = _kodierung(probe)
        if kodierung not in ("utf-16", "utf-32") and _ist_binaer(probe):
            raise DateiUnbrauchbar(
                f"{pfad} ist weder eine CSV-Datei noch eine Excel-Arbeitsmappe (.xlsx), sondern "
                "enthält Binärdaten.",
                "Die Liste in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“ oder als "
                "„Excel-Arbeitsmappe (*.xlsx)“ speichern.",
            )
        text = probe.decode(
            kodierung if kodierung != "utf-8" else "utf-8",
            errors=_FEHLERBEHANDLUNG if kodierung == "utf-8" else "replace",
        )
        text = text.lstrip("\ufeff")
        trennzeichen = _trennzeichen(text.splitlines()[:50])
        self._format_vorlaeufig = (trennzeichen, kodierung, bom)
        with closing(self._lies(None)) as zeilen:
            self.kopf_zeile, self.kopf = kopf_finden(zeilen, pfad, ist_kopf)
        self.format = CsvFormat(trennzeichen, kodierung, bom, self._dezimalkomma(trennzeichen))

    def _dezimalkomma(self, trennzeichen: str) -> bool:
        """``;``-Dateien immer; sonst, wenn eine der ersten 200 Zeilen ein Dezimalkomma hat."""
        if trennzeichen == ";":
            return True
        with closing(self.zeilen()) as zeilen:
            for i, (_, zellen) in enumerate(zeilen):
                if i >= 200:
                    break
                if any(len(zelle) <= 100 and _DEZIMALKOMMA.match(zelle) for zelle in zellen):
                    return True
        return False

    def _text(self, roh: io.BufferedReader) -> io.TextIOWrapper:
        _, kodierung, _ = self._format_vorlaeufig
        if kodierung == "utf-8":
            return io.TextIOWrapper(roh, encoding="utf-8-sig", errors=_FEHLERBEHANDLUNG, newline="")
        return io.TextIOWrapper(roh, encoding=kodierung, errors="replace", newline="")

    def _lies(self, fortschritt: Fortschritt | None, ab: int = 1) -> Iterator[tuple[int, Any]]:
        """Die Zeilen ab Tabellenzeile ``ab``; eine nicht zerlegbare Zeile als :class:`Unlesbar`.

        Ein nie geschlossenes Anführungszeichen verschluckt alle folgenden Zeilen der Datei; eine
        Zelle, deren Zeilenumbruch Zeilen mit Trennzeichen umschließt, ebenso. Solche Zeilen
        kommen als :class:`Unlesbar` mit den Zeilennummern der Datei, die darin stecken.
        """
        trennzeichen = self._format_vorlaeufig[0]
        groesse = self.groesse
        csv.field_size_limit(_FELDGRENZE)
        with self.pfad.open("rb") as roh, self._text(roh) as text:
            leser = csv.reader(text, delimiter=trennzeichen)
            nr = 0
            bis = 0
            letzter: tuple[int, list[str], int, int, str] | None = None  # zurückgehalten
            while True:
                try:
                    for zellen in leser:
                        von, bis = bis + 1, leser.line_num
                        nr += 1
                        if letzter is not None:  # doch nicht der letzte
                            yield letzter[0], (Unlesbar(letzter[4]) if letzter[4] else letzter[1])
                            letzter = None
                        if nr < ab:
                            continue
                        if fortschritt is not None and nr % 2000 == 0:
                            fortschritt(roh.tell(), groesse)
                        if bis > von:  # über mehrere Zeilen der Datei; der letzte Datensatz?
                            kopf = getattr(self, "kopf", None)  # beim Suchen der Kopfzeile: nie
                            mindestens = max(2, len(kopf) - 1) if kopf else 10**9
                            grund = _verschluckt(zellen, trennzeichen, von, bis, mindestens)
                            letzter = (nr, zellen, von, bis, grund)
                            continue
                        yield nr, zellen
                    break
                except csv.Error as fehler:  # z. B. eine Zelle über 1 MB
                    von, bis = bis + 1, max(bis + 1, leser.line_num)
                    nr += 1
                    if nr >= ab:
                        grund = (
                            f"Die Zeile lässt sich nicht als CSV zerlegen ({fehler}; Zeilen "
                            f"{von} bis {bis} der Datei)."
                        )
                        yield nr, Unlesbar(grund)
            if letzter is not None:  # bis zum Dateiende in einer Anführung?
                nr, zellen, von, bis, grund = letzter
                if self._anfuehrungen_ungerade(von, bis):
                    yield nr, Unlesbar(_offen_bis_zum_ende(von, bis))
                else:
                    yield nr, (Unlesbar(grund) if grund else zellen)
            if fortschritt is not None:
                fortschritt(groesse, groesse)

    def _anfuehrungen_ungerade(self, von: int, bis: int) -> bool:
        """Endet die Datei in einer Anführung? Zählt die Anführungszeichen der Zeilen von–bis."""
        anzahl = 0
        with self.pfad.open("rb") as roh, self._text(roh) as text:
            for i, zeile in enumerate(text, start=1):
                if i > bis:
                    break
                if i >= von:
                    anzahl += zeile.count('"')
        return anzahl % 2 == 1

    def zeilen(self, fortschritt: Fortschritt | None = None) -> Iterator[tuple[int, list[Any]]]:
        return self._lies(fortschritt, self.kopf_zeile + 1)

"""Was CSV- und XLSX-Quellen teilen: die Klasse Quelle, unlesbare Zeilen, die Kopfzeilensuche.

Die Art entscheidet der Inhalt, nicht die Endung: Eine Excel-Arbeitsmappe ist ein ZIP-Archiv,
alles andere, was nach Text aussieht, wird als CSV gelesen. Was weder das eine noch das andere
ist (leer, Binärdaten, altes .xls, OpenDocument), ist ein :class:`DateiUnbrauchbar` mit Ausweg.

Eine :class:`Quelle` kann ihre Zeilen mehrmals liefern (für Verbünde wird die Datei mehrmals
gelesen, statt Zeilen im Speicher zu halten). Jede Zeile kommt als ``(tabellenzeile, zellen)``:
die Zeilennummer, wie die Tabellenkalkulation sie zeigt (Kopfzeile meist 1), und die Zellen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ozg_foerder.batch.fehler import DateiUnbrauchbar

__all__ = [
    "KOPF_SUCHE",
    "FormelOhneWert",
    "Fortschritt",
    "Quelle",
    "Unlesbar",
    "ist_leer_zelle",
    "kopf_finden",
    "kopf_text",
    "zelltext",
]

Fortschritt = Callable[[int, int | None], None]
"""Rückruf ``(erledigt, gesamt)`` – Bytes bei CSV, Zeilen bei XLSX; ``gesamt`` kann fehlen."""


class FormelOhneWert(str):
    """Eine Excel-Zelle mit Formel, aber ohne gespeichertes Ergebnis (Text: die Formel).

    So schreiben Programme, die Formeln nicht ausrechnen (openpyxl, manche Exporte); Excel
    speichert das Ergebnis mit. Gelesen wird sie nie als Wert, sondern als Zeilenfehler, der
    die Zelle nennt."""

    zelle: str

    def __new__(cls, formel: str, zelle: str) -> FormelOhneWert:
        objekt = super().__new__(cls, formel)
        objekt.zelle = zelle
        return objekt

    def __reduce__(self) -> tuple[Any, ...]:
        # für Läufe in mehreren Prozessen (:mod:`.parallel`), die Zeilen verschicken
        return (FormelOhneWert, (str(self), self.zelle))

    def grund(self) -> str:
        return (
            f"Die Zelle {self.zelle} enthält eine Formel ohne gespeichertes Ergebnis (die Datei "
            "wurde nicht mit Excel gespeichert)."
        )


class Unlesbar(list):
    """Statt der Zellen: eine Zeile, die sich nicht zerlegen ließ (``grund`` sagt warum)."""

    def __init__(self, grund: str) -> None:
        super().__init__()
        self.grund = grund


def ist_leer_zelle(wert: Any) -> bool:
    return wert is None or (isinstance(wert, str) and (not wert or wert.isspace()))


def zelltext(wert: Any) -> str:
    """Eine Zelle als Text (für Kopfzeile und Verbundnamen); Excel-Zahlen ohne ``.0``."""
    if wert is None:
        return ""
    if isinstance(wert, float) and wert.is_integer():
        return str(int(wert))
    return str(wert).strip()


class Quelle:
    """Eine geöffnete Eingabedatei mit Kopfzeile; liefert ihre Datenzeilen beliebig oft."""

    art: str = ""
    pfad: Path
    kopf: list[str]
    kopf_zeile: int
    groesse: int

    def zeilen(self, fortschritt: Fortschritt | None = None) -> Iterator[tuple[int, list[Any]]]:
        """Die Zeilen nach der Kopfzeile (auch leere), je ``(tabellenzeile, zellen)``."""
        raise NotImplementedError  # pragma: no cover


KOPF_SUCHE = 10
"""So viele nicht leere Zeilen am Anfang werden nach der Kopfzeile durchsucht (Titelzeilen)."""


MAX_SPALTEN = 16_384
"""So viele Spalten hat ein Excel-Tabellenblatt höchstens; mit mehr ist es keine Liste."""


def kopf_text(zellen: list[Any]) -> list[str]:
    kopf = [zelltext(z).lstrip("\ufeff").strip() for z in zellen]
    while kopf and not kopf[-1]:
        kopf.pop()
    return kopf


def kopf_finden(
    zeilen: Iterator[tuple[int, list[Any]]],
    pfad: Path,
    ist_kopf: Callable[[list[str]], bool] | None,
) -> tuple[int, list[str]]:
    """Die Kopfzeile: die erste nicht leere Zeile mit einem bekannten Spaltennamen.

    Titelzeilen darüber („Förderliste 2022“) werden übergangen. Hat keine der ersten
    :data:`KOPF_SUCHE` Zeilen einen bekannten Namen, ist es die erste nicht leere Zeile.
    """
    erste: tuple[int, list[str]] | None = None
    gesehen = 0
    for nr, zellen in zeilen:
        if isinstance(zellen, Unlesbar):
            raise DateiUnbrauchbar(
                f"Zeile {nr} von {pfad} ist nicht lesbar: {zellen.grund}",
                "Die Datei in Excel öffnen und erneut als CSV UTF-8 oder .xlsx speichern.",
            )
        if len(zellen) > MAX_SPALTEN and len(kopf_text(zellen)) > MAX_SPALTEN:
            raise DateiUnbrauchbar(
                f"Zeile {nr} von {pfad} hat {len(kopf_text(zellen)):,} gefüllte Spalten; eine "
                f"Liste hat höchstens {MAX_SPALTEN:,} (so viele fasst Excel).".replace(",", "."),
                "Die Kopfzeile prüfen: Ist das Trennzeichen richtig, ist es die richtige Datei?",
            )
        kopf = kopf_text(zellen)
        if not kopf:
            continue
        if ist_kopf is None or ist_kopf(kopf):
            return nr, kopf
        erste = erste or (nr, kopf)
        gesehen += 1
        if gesehen >= KOPF_SUCHE:
            break
    if erste is not None:
        return erste
    raise DateiUnbrauchbar(
        f"{pfad} enthält keine Zeilen – weder Kopfzeile noch Daten.",
        "Die erste Zeile braucht Spaltennamen wie kommune, kommunen, einsparung; "
        "eine Vorlage erzeugt: ozg-foerder vorlage",
    )

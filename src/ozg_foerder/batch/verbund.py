"""Verbünde: Zeilen mit gleichem Wert in der Spalte ``verbund`` sind eine Kooperation.

Gilt für Programme mit ``verbund`` in der Regeldatei (IKZ: ``zaehlt: kommunen``):

* Die Zahl der Partner ist die Zahl der Zeilen des Verbunds; steht sie ausdrücklich in der
  Zähl-Spalte (``kommunen``), gilt diese Angabe – sie muss in allen Zeilen gleich sein und
  darf nicht kleiner als die Zahl der Zeilen sein (sonst ein Fehler in jeder Zeile des Verbunds).
* Die Voraussetzungen werden über alle Partner zusammengefasst: nicht erfüllt, wenn ein Partner
  sie nicht erfüllt; sonst offen, wenn einer sie offen lässt; sonst erfüllt. Eine Zeile, die
  sich nicht lesen lässt, zählt als Partner, ihre Voraussetzungen als offen.
* Die Zuwendung ist die des Verbunds (in jeder seiner Zeilen gleich); der Anteil eines Partners
  ist Zuwendung / Partnerzahl auf den Cent, die Restcents gehen an die ersten Partner, so dass die
  Anteile genau die Zuwendung ergeben.

Dafür wird die Datei vorab gelesen – erst um die Zeilen je Verbund zu zählen, dann um die
Voraussetzungen zusammenzufassen (die hängen von der Partnerzahl ab). Im Speicher steht je
Verbund nur ein kleiner Eintrag, nie eine Zeile.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

from ozg_foerder.batch.quelle import zelltext
from ozg_foerder.eingaben.werte import CENT
from ozg_foerder.engine.auswertung import Ergebnis, schliesse_ab
from ozg_foerder.engine.bedingungen import ERFUELLT, NICHT_ERFUELLT, OFFEN, KriteriumErgebnis

__all__ = ["Verbund", "VerbundTeil", "anteil", "kombiniere", "verbund_schluessel"]

_RANG = {ERFUELLT: 0, OFFEN: 1, NICHT_ERFUELLT: 2}
_MAX_FEHLERZEILEN = 10
_UNLESBAR = "\x00unlesbar"  # Merker in den Stati: ein Partner war nicht lesbar


def verbund_schluessel(roh: Any) -> str:
    """Vergleichsform eines Verbundnamens: ohne Rand- und doppelte Leerzeichen, Groß = klein."""
    if roh is None:
        return ""
    return " ".join(zelltext(roh).split()).casefold()


class VerbundTeil(NamedTuple):
    """Was eine Zeile über ihren Verbund wissen muss."""

    name: str
    kommunen: int
    anteil: Decimal | None
    partner: int  # 1 = erste Zeile des Verbunds
    erster: bool  # diese Zeile zählt den Verbund in der Zusammenfassung
    zeilen: int
    fehlerzeilen: tuple[int, ...]
    ursachen: Mapping[str, int] = MappingProxyType({})
    """Kriterium → Tabellenzeile des ersten Partners, der es verfehlt oder offen lässt."""


class Verbund:
    """Ein Verbund eines Programms: gezählt, geschlossen, Voraussetzungen zusammengefasst."""

    __slots__ = (
        "doppelt",
        "explizit",
        "fehler",
        "fehlerzeilen",
        "gezaehlt",
        "kommunen",
        "naechster",
        "name",
        "partner",
        "stati",
        "ursachen",
        "zeilen",
    )

    def __init__(self, name: str) -> None:
        self.name = name
        self.zeilen = 0
        self.explizit: tuple[int, ...] = ()  # ausdrückliche Partnerzahlen (meist keine)
        self.kommunen = 0
        self.fehler: str | None = None
        self.stati: dict[str, str] = {}
        self.ursachen: dict[str, int] = {}
        self.fehlerzeilen: tuple[int, ...] = ()
        self.gezaehlt = False
        self.naechster = 0
        self.partner: set[str] = set()  # Kommunen des Verbunds, um Doppelte zu finden
        self.doppelt: list[str] = []

    def zaehle(self, explizit: int | None, kommune: str = "") -> None:
        """Eine Zeile des Verbunds; ``explizit``: ihre Angabe in der Zähl-Spalte."""
        self.zeilen += 1
        schluessel = " ".join(kommune.split()).casefold()
        if schluessel:
            if schluessel in self.partner and kommune not in self.doppelt:
                self.doppelt.append(kommune)
            self.partner.add(schluessel)
        if explizit is not None and explizit not in self.explizit:
            self.explizit += (explizit,)

    def schliesse(self, zaehlt: str) -> None:
        """Nach dem Zählen: Partnerzahl festlegen oder den Widerspruch benennen."""
        self.partner = set()  # nicht mehr gebraucht
        if self.doppelt:
            self.fehler = (
                f"Verbund „{self.name}“: {', '.join(self.doppelt)} steht mehrfach darin; jede "
                "Kommune ist nur einmal Partner. Die doppelte Zeile löschen oder den Verbund "
                "korrigieren."
            )
        elif len(self.explizit) > 1:
            werte = ", ".join(str(w) for w in sorted(self.explizit))
            self.fehler = (
                f"Verbund „{self.name}“: widersprüchliche Angaben in der Spalte {zaehlt} "
                f"({werte}); in allen Zeilen eines Verbunds muss dieselbe Zahl stehen oder "
                "die Zelle leer sein."
            )
        elif self.explizit:
            (self.kommunen,) = self.explizit
            if self.kommunen < self.zeilen:
                self.fehler = (
                    f"Verbund „{self.name}“ hat {self.zeilen} Zeilen, aber {zaehlt} = "
                    f"{self.kommunen}; jede Zeile ist ein Partner. {zaehlt} leer lassen oder "
                    "korrigieren."
                )
        else:
            self.kommunen = self.zeilen

    def erfasse(self, ergebnis: Ergebnis | None, tabellenzeile: int) -> None:
        """Die Voraussetzungen eines Partners einrechnen (``None``: Zeile nicht lesbar)."""
        stati = self.stati
        if ergebnis is None:
            if len(self.fehlerzeilen) < _MAX_FEHLERZEILEN:
                self.fehlerzeilen += (tabellenzeile,)
            for kid in list(stati):
                if stati[kid] == ERFUELLT:
                    stati[kid] = OFFEN
            stati[_UNLESBAR] = OFFEN
            return
        unlesbar = _UNLESBAR in stati
        for k in ergebnis.kriterien:
            kid = k.kriterium.id
            bisher = stati.get(kid, OFFEN if unlesbar else ERFUELLT)
            if _RANG[k.status] > _RANG[bisher]:
                stati[kid] = k.status
                self.ursachen[kid] = tabellenzeile
            else:
                stati[kid] = bisher

    def teil(self, betrag: Decimal | None) -> VerbundTeil:
        """Der nächste Partner (in Zeilenfolge) mit seinem Anteil."""
        i = self.naechster
        self.naechster += 1
        erster = False
        if not self.gezaehlt:
            self.gezaehlt = erster = True
        return VerbundTeil(
            self.name,
            self.kommunen,
            anteil(betrag, self.kommunen, i),
            i + 1,
            erster,
            self.zeilen,
            self.fehlerzeilen,
            self.ursachen,
        )


def anteil(betrag: Decimal | None, partner: int, index: int) -> Decimal | None:
    """Anteil des Partners ``index`` (ab 0) an ``betrag``; Restcents an die ersten Partner."""
    if betrag is None or partner < 1:
        return None
    cent = int(betrag.quantize(CENT) * 100)
    basis, rest = divmod(cent, partner)
    return (Decimal(basis + (1 if index < rest else 0)) / 100).quantize(CENT)


def kombiniere(e: Ergebnis, stati: dict[str, str]) -> Ergebnis:
    """Das Ergebnis einer Zeile mit den zusammengefassten Voraussetzungen des Verbunds."""
    unlesbar = _UNLESBAR in stati
    kriterien = []
    geaendert = False
    for k in e.kriterien:
        status = stati.get(k.kriterium.id, k.status)
        if unlesbar and status == ERFUELLT:
            status = OFFEN
        if status != k.status:
            geaendert = True
            k = KriteriumErgebnis(k.kriterium, status)
        kriterien.append(k)
    if not geaendert:
        return e
    neu = schliesse_ab(e.programm, e.stichtag, dict(e.ns), kriterien, e.verteilung, e.angebote)
    neu.weitere_hinweise.extend(e.weitere_hinweise)
    return neu


def verbund_hinweis(teil: VerbundTeil, betrag_text: str | None, anteil_text: str | None) -> str:
    """Der Hinweis im JSON-Objekt einer Verbundzeile."""
    text = (
        f"Verbund „{teil.name}“ mit {teil.kommunen} Kommunen ({teil.zeilen} Zeilen in der "
        "Liste): Die Voraussetzungen sind über alle Partner zusammengefasst – nicht erfüllt, "
        "wenn ein Partner sie nicht erfüllt, offen, wenn einer sie offen lässt."
    )
    if teil.fehlerzeilen:
        text += (
            " Nicht lesbar und daher offen: Zeile "
            + ", ".join(str(z) for z in teil.fehlerzeilen)
            + "."
        )
    if betrag_text is not None and anteil_text is not None:
        text += (
            f" Zuwendung des Verbunds {betrag_text}; Anteil dieser Kommune {anteil_text} "
            f"(Partner {teil.partner} von {teil.kommunen})."
        )
    return text

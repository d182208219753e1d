"""Zwei Regelstände vergleichen: welche Zahlen, Bedingungen, Zeiträume und Texte sich unterscheiden.

Verglichen wird das Kompilat (die geprüften Regeln), nicht der YAML-Text: Kommentare, Reihenfolge
und Schreibweise von Zahlen (``25000`` oder ``25000.00``) ändern nichts. Listen von Einträgen mit
``id`` (Kriterien, Module, Angebote) werden nach ``id`` verglichen, nicht nach Position.

Zwei Arten:
* zwei Regelverzeichnisse (alt und neu), je Programm;
* ein Verzeichnis an zwei Stichtagen: datierte Werte (``[{ab, wert, quelle}, …]``) werden dann
  zum jeweils geltenden Wert aufgelöst, so dass nur zeigt, was sich zwischen den Tagen ändert.

Jeder Unterschied nennt die Quellen, auf die sich alter und neuer Wert stützen.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

__all__ = ["GEAENDERT", "NEU", "UNBEKANNT", "WEG", "Unterschied", "vergleiche"]

GEAENDERT = "geaendert"
NEU = "neu"
WEG = "entfernt"
UNBEKANNT = object()  # ein datierter Wert vor seinem ersten "ab": am Stichtag nicht bekannt


class Unterschied(NamedTuple):
    programm: str
    pfad: str  # z. B. "betrag.je_einheit" oder "kriterien[laufzeit].grenze"
    art: str  # GEAENDERT | NEU | WEG
    alt: Any
    neu: Any
    quellen_alt: tuple[str, ...]  # Kurzzitate: "Handreichung Ziff. 4"
    quellen_neu: tuple[str, ...]


def _ist_datiert(wert: Any) -> bool:
    return (
        isinstance(wert, list)
        and bool(wert)
        and all(isinstance(e, dict) and "ab" in e and "wert" in e for e in wert)
    )


def _gilt_am(datiert: list[dict[str, Any]], tag: date) -> dict[str, Any] | None:
    """Der am Stichtag geltende Eintrag: der mit dem spätesten ``ab`` bis zum Tag."""
    geltend = None
    for eintrag in sorted(datiert, key=lambda e: str(e["ab"])):
        if date.fromisoformat(str(eintrag["ab"])) <= tag:
            geltend = eintrag
    return geltend


def _gleich(a: Any, b: Any) -> bool:
    """Zahlen als Zahlen (``"25000"`` = ``"25000.00"``), alles andere wörtlich."""
    if isinstance(a, str) and isinstance(b, str) and a != b:
        try:
            return Decimal(a) == Decimal(b)
        except (InvalidOperation, ValueError):
            return False
    return a == b


class _Flach:
    """Ein Programm als Pfad → (Wert, Quellenschlüssel); datierte Werte am Stichtag aufgelöst."""

    def __init__(self, kompilat: dict[str, Any], stichtag: date | None) -> None:
        self.stichtag = stichtag
        self.quellen: dict[str, Any] = kompilat.get("quellen", {})
        self.werte: dict[str, tuple[Any, tuple[Any, ...]]] = {}
        self._lauf("", {k: v for k, v in kompilat.items() if k != "testfaelle"}, ())

    def _lauf(self, pfad: str, knoten: Any, quellen: tuple[Any, ...]) -> None:
        if isinstance(knoten, dict):
            eigene = knoten.get("quelle")
            if eigene is not None and pfad != "quellen" and not pfad.startswith("quellen."):
                quellen = tuple(eigene) if isinstance(eigene, list) else (eigene,)
            for name, wert in knoten.items():
                if name == "quelle" and not pfad.startswith("quellen."):
                    continue  # die Quelle gehört zum Wert daneben, nicht als eigener Unterschied
                self._lauf(f"{pfad}.{name}" if pfad else name, wert, quellen)
        elif _ist_datiert(knoten):
            self._datiert(pfad, knoten, quellen)
        elif (
            isinstance(knoten, list)
            and knoten
            and all(isinstance(e, dict) and "id" in e for e in knoten)
        ):
            for eintrag in knoten:
                self._lauf(f"{pfad}[{eintrag['id']}]", eintrag, quellen)
        elif isinstance(knoten, list) and knoten and all(isinstance(e, dict) for e in knoten):
            for i, eintrag in enumerate(knoten, 1):
                self._lauf(f"{pfad}[{i}]", eintrag, quellen)
        else:
            self.werte[pfad] = (knoten, quellen)

    def _datiert(self, pfad: str, liste: list[dict[str, Any]], quellen: tuple[Any, ...]) -> None:
        if self.stichtag is None:  # Verzeichnisse vergleichen: jeder Zeitabschnitt für sich
            for eintrag in liste:
                eigene = eintrag.get("quelle")
                q = (tuple(eigene) if isinstance(eigene, list) else (eigene,)) if eigene else ()
                self.werte[f"{pfad} ab {eintrag['ab']}"] = (eintrag["wert"], q or quellen)
            return
        eintrag = _gilt_am(liste, self.stichtag)
        if eintrag is None:
            self.werte[pfad] = (UNBEKANNT, quellen)
            return
        eigene = eintrag.get("quelle")
        q = (tuple(eigene) if isinstance(eigene, list) else (eigene,)) if eigene else quellen
        self.werte[pfad] = (eintrag["wert"], q)

    def kurz(self, quellen: tuple[Any, ...]) -> tuple[str, ...]:
        aus = []
        for q in quellen:
            d = self.quellen.get(q) if isinstance(q, str) else q
            if isinstance(d, dict):
                trenner = ", " if str(d.get("dokument", "")).endswith("Folien") else " "
                aus.append(f"{d.get('dokument')}{trenner}{d.get('abschnitt')}")
            elif q is not None:
                aus.append(str(q))
        return tuple(dict.fromkeys(aus))


def vergleiche(
    alt: dict[str, dict[str, Any]],
    neu: dict[str, dict[str, Any]],
    *,
    stichtag_alt: date | None = None,
    stichtag_neu: date | None = None,
) -> list[Unterschied]:
    """Unterschiede zwischen zwei Katalog-Kompilaten (Programm-ID → Kompilat).

    Mit Stichtagen werden datierte Werte zum jeweils geltenden Wert aufgelöst (dasselbe
    Verzeichnis an zwei Tagen); ohne sie wird jeder Zeitabschnitt für sich verglichen.
    """
    unterschiede: list[Unterschied] = []
    for pid in sorted(set(alt) | set(neu), key=lambda p: (p not in alt, p)):
        if pid not in neu:
            unterschiede.append(Unterschied(pid, "", WEG, alt[pid].get("name"), None, (), ()))
            continue
        if pid not in alt:
            unterschiede.append(Unterschied(pid, "", NEU, None, neu[pid].get("name"), (), ()))
            continue
        a, n = _Flach(alt[pid], stichtag_alt), _Flach(neu[pid], stichtag_neu)
        for pfad in dict.fromkeys([*a.werte, *n.werte]):
            wert_a, q_a = a.werte.get(pfad, (None, ()))
            wert_n, q_n = n.werte.get(pfad, (None, ()))
            if pfad not in n.werte:
                art = WEG
            elif pfad not in a.werte:
                art = NEU
            elif not _gleich(wert_a, wert_n):
                art = GEAENDERT
            else:
                continue
            unterschiede.append(
                Unterschied(pid, pfad, art, wert_a, wert_n, a.kurz(q_a), n.kurz(q_n))
            )
    return unterschiede

"""Datierte Werte: eine Zahl oder ein Datum der Regeln, das ab einem Tag gilt.

In einer Regeldatei ist jede Zahl (Betrag, Satz, Grenze, Staffel, Budget, Tage) und jedes Datum
eines Zeitraums entweder ein einzelner Wert – er gilt an jedem Stichtag – oder eine Liste
``[{ab, wert, quelle}, …]``. Eine Liste gilt ab ihrem ersten ``ab``; davor ist der Wert
:data:`UNBEKANNT` (die Bedingung oder der Betrag bleibt offen, nie geraten).

Aufgelöst wird nur hier: :func:`datiert` baut aus dem Kompilat einen :class:`Datiert`,
:func:`loese_auf` ersetzt in einem Baustein der Engine (NamedTuple oder Klasse mit ``__slots__``)
jeden :class:`Datiert` durch den am Stichtag geltenden Wert und sammelt dessen Quellen.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from ozg_foerder.engine.quellen import Quelle, quellen_aus

__all__ = ["UNBEKANNT", "Datiert", "Stufe", "datiert", "loese_auf"]


class _Unbekannt:
    """Der Wert ist am Stichtag unbekannt (vor dem ersten 'ab' einer Liste datierter Werte)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNBEKANNT"

    def __bool__(self) -> bool:
        return False


UNBEKANNT: Any = _Unbekannt()


class Stufe(NamedTuple):
    ab: date
    wert: Any
    quellen: tuple[Quelle, ...]


class Datiert:
    """Eine Liste datierter Werte, aufsteigend nach ``ab``."""

    __slots__ = ("stufen",)

    def __init__(self, stufen: tuple[Stufe, ...]) -> None:
        self.stufen = stufen

    def am(self, tag: date) -> Stufe | None:
        """Die am ``tag`` geltende Stufe; ``None`` vor der ersten."""
        for stufe in reversed(self.stufen):
            if stufe.ab <= tag:
                return stufe
        return None

    def __repr__(self) -> str:
        return f"Datiert({self.stufen!r})"


def datiert(
    roh: Any, umwandeln: Callable[[Any], Any], benannt: dict[str, Quelle] | None = None
) -> Any:
    """Ein Wert aus dem Kompilat: einzeln umgewandelt, als Liste ein :class:`Datiert`."""
    if roh is None:
        return None
    if isinstance(roh, list):
        return Datiert(
            tuple(
                Stufe(
                    date.fromisoformat(s["ab"]),
                    umwandeln(s["wert"]),
                    quellen_aus(s.get("quelle"), benannt or {}),
                )
                for s in roh
            )
        )
    return umwandeln(roh)


def ist_datiert(wert: Any) -> bool:
    return isinstance(wert, Datiert)


def _wert(wert: Any, tag: date, quellen: list[Quelle]) -> Any:
    if isinstance(wert, Datiert):
        stufe = wert.am(tag)
        if stufe is None:
            return UNBEKANNT
        quellen.extend(stufe.quellen)
        return stufe.wert
    if isinstance(wert, dict):
        neu = {k: _wert(v, tag, quellen) for k, v in wert.items()}
        return wert if all(neu[k] is wert[k] for k in wert) else neu
    if isinstance(wert, tuple) and wert and _hat_felder(wert[0]):
        neu_t = tuple(loese_auf(w, tag, quellen) for w in wert)
        return wert if all(a is b for a, b in zip(neu_t, wert, strict=True)) else neu_t
    return wert


def _hat_felder(obj: Any) -> bool:
    if isinstance(obj, str | int | Decimal | date):
        return False
    return hasattr(obj, "_fields") or hasattr(type(obj), "__slots__") or hasattr(obj, "__dict__")


def _felder(obj: Any) -> tuple[str, ...]:
    if hasattr(obj, "_fields"):
        return obj._fields
    namen: list[str] = list(getattr(obj, "__dict__", ()))
    for klasse in type(obj).__mro__:
        slots = getattr(klasse, "__slots__", ())
        namen.extend((slots,) if isinstance(slots, str) else slots)
    return tuple(n for n in dict.fromkeys(namen) if not n.startswith("__"))


def loese_auf(obj: Any, tag: date, quellen: list[Quelle] | None = None) -> Any:
    """``obj`` mit den am ``tag`` geltenden Werten statt datierter Listen.

    Unverändert zurück, wenn ``obj`` nichts Datiertes enthält. Die Quellen der geltenden Werte
    werden an ``quellen`` angehängt (die Ausgabe zitiert sie beim Kriterium oder Betrag).
    """
    if quellen is None:
        quellen = []
    ersatz = {}
    for name in _felder(obj):
        alt = getattr(obj, name, None)
        neu = _wert(alt, tag, quellen)
        if neu is not alt:
            ersatz[name] = neu
    if not ersatz:
        return obj
    if hasattr(obj, "_replace"):
        return obj._replace(**ersatz)
    kopie = copy.copy(obj)
    for name, wert in ersatz.items():
        setattr(kopie, name, wert)
    return kopie

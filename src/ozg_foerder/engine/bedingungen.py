"""Das geschlossene Vokabular der Bedingungen: jede liefert erfuellt, nicht_erfuellt oder offen.

Eine Art = eine Klasse hier (mit ``art`` wie im Schema :mod:`ozg_foerder.regeln.schema`); sie
registriert sich selbst. Texte entstehen nicht hier, sondern in :mod:`ozg_foerder.ausgabe.worte`
(nach ``art``). Zahlen und Daten können datiert sein (:mod:`.datiert`): ausgewertet wird immer
eine am Stichtag aufgelöste Kopie (:meth:`Programm.am`); ein am Stichtag unbekannter Wert ist
:data:`~.datiert.UNBEKANNT` und macht die Bedingung offen.
"""

from __future__ import annotations

import operator
import re
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, NamedTuple

from ozg_foerder.engine.datiert import UNBEKANNT, datiert
from ozg_foerder.engine.quellen import Quelle

ERFUELLT = "erfuellt"
NICHT_ERFUELLT = "nicht_erfuellt"
OFFEN = "offen"

_ARTEN: dict[str, type[Bedingung]] = {}


class Bedingung:
    """Eine Prüfung aus dem geschlossenen Vokabular; liefert erfuellt/nicht_erfuellt/offen."""

    art: ClassVar[str] = ""
    __slots__ = ("wert",)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.art:
            _ARTEN[cls.art] = cls

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        self.wert: str = d["wert"]

    def pruefe(self, ns: dict[str, Any]) -> str:  # pragma: no cover - abstrakt
        raise NotImplementedError

    def namen(self) -> tuple[str, ...]:
        """Die Werte, die die Bedingung liest."""
        return (self.wert,)

    def teile(self) -> tuple[Bedingung, ...]:
        """Unterbedingungen (nicht, alle, eines); sonst keine."""
        return ()


def _grenze(roh: Any) -> Any:
    if isinstance(roh, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", roh):
        return date.fromisoformat(roh)
    return Decimal(roh)


class _Vergleich(Bedingung):
    """Vergleich mit einer festen Grenze oder einem anderen Wert (``grenze: {wert: …}``)."""

    __slots__ = ("_erfuellt", "grenze", "inklusive", "verweis", "zahl")
    # (inklusiv, exklusiv): der Vergleich, bei dem die Bedingung erfüllt ist
    _VERGLEICHE: tuple[Any, Any] = (None, None)

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        super().__init__(d, quellen)
        g = d["grenze"]
        self.inklusive: bool = d.get("inklusive", True)
        self.verweis: str | None = None
        self.zahl: str | None = None  # eine Zahl der Regeln; eingesetzt von Programm
        self.grenze: Any = None
        if isinstance(g, dict) and "wert" in g:
            self.verweis = g["wert"]
        elif isinstance(g, dict):
            self.zahl = g["zahl"]
        else:
            self.grenze = datiert(g, _grenze, quellen)
        self._erfuellt = self._VERGLEICHE[0 if self.inklusive else 1]

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        grenze = ns.get(self.verweis) if self.verweis else self.grenze
        if wert is None or grenze is None or grenze is UNBEKANNT:
            return OFFEN
        return ERFUELLT if self._erfuellt(wert, grenze) else NICHT_ERFUELLT

    def namen(self) -> tuple[str, ...]:
        return (self.wert, self.verweis) if self.verweis else (self.wert,)


class Minimum(_Vergleich):
    art = "minimum"
    __slots__ = ()
    _VERGLEICHE = (operator.ge, operator.gt)


class Maximum(_Vergleich):
    art = "maximum"
    __slots__ = ()
    _VERGLEICHE = (operator.le, operator.lt)


class Gleich(Bedingung):
    art = "gleich"
    __slots__ = ("gleich",)

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        super().__init__(d, quellen)
        self.gleich = d["gleich"]

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if str(wert) == str(self.gleich) else NICHT_ERFUELLT


class EineVon(Bedingung):
    art = "eine_von"
    __slots__ = ("werte",)

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        super().__init__(d, quellen)
        self.werte = frozenset(d["werte"])

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if wert in self.werte else NICHT_ERFUELLT


class Zeitraum(Bedingung):
    """Ein Datum (Standard: der Stichtag) liegt zwischen ``von`` und ``bis`` (je einschließlich)."""

    art = "zeitraum"
    __slots__ = ("bis", "von")

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        super().__init__({"wert": d.get("wert", "stichtag")}, quellen)
        self.von = datiert(d.get("von"), date.fromisoformat, quellen)
        self.bis = datiert(d.get("bis"), date.fromisoformat, quellen)

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None or self.von is UNBEKANNT or self.bis is UNBEKANNT:
            return OFFEN
        if (self.von is not None and wert < self.von) or (self.bis is not None and wert > self.bis):
            return NICHT_ERFUELLT
        return ERFUELLT


class Foerderzeitraum(Zeitraum):
    """Der Zeitraum aus ``gueltigkeit``: der Stichtag liegt in der Laufzeit des Programms.

    ``titel`` ist die Bezeichnung des Zeitraums aus der Regeldatei (z. B. "Programmphase 2").
    Ist der Beginn am Stichtag noch unbekannt (datiert, vor dem ersten 'ab'), ist das Programm
    noch nicht geöffnet; ein unbekanntes Ende lässt es offen.
    """

    art = "foerderzeitraum"
    __slots__ = ("titel",)

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        super().__init__(d, quellen)
        self.titel: str = d["text"]

    def pruefe(self, ns: dict[str, Any]) -> str:
        if self.von is UNBEKANNT and ns.get(self.wert) is not None:
            return NICHT_ERFUELLT
        return super().pruefe(ns)


class WeichesEnde(Bedingung):
    """Erfüllt bis einschließlich ``bis``; danach offen, nie abgelehnt (das Ende ist erschlossen,
    nicht belegt: ob es verlängert wurde, sagt ``pruefen``)."""

    art = "weiches_ende"
    __slots__ = ("bis", "pruefen")

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        super().__init__({"wert": d.get("wert", "stichtag")}, quellen)
        self.bis = datiert(d["bis"], date.fromisoformat, quellen)
        self.pruefen: str = d["pruefen"]

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None or self.bis is UNBEKANNT or wert > self.bis:
            return OFFEN
        return ERFUELLT


class MussJa(Bedingung):
    art = "muss_ja"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if wert else NICHT_ERFUELLT


class AusschlussWennJa(Bedingung):
    """Ausschlussgrund: nicht angegeben heißt, er liegt nicht vor (GUIDE §2.2)."""

    art = "ausschluss_wenn_ja"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        return NICHT_ERFUELLT if ns.get(self.wert) else ERFUELLT


class InDatensatz(Bedingung):
    """Die Kommune steht in einer Datendatei (Spalte ``ags``)."""

    art = "in_datensatz"
    __slots__ = ("ags", "datensatz")

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        super().__init__(d, quellen)
        self.datensatz: str = d["datensatz"]
        self.ags = frozenset(d["_ags"])

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if wert.ags in self.ags else NICHT_ERFUELLT


class KommuneMerkmal(Bedingung):
    """Ein Merkmal der Kommune aus dem Verzeichnis (Art, Landkreis, Regierungsbezirk)."""

    art = "kommune"
    __slots__ = ("merkmal", "werte")

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        super().__init__(d, quellen)
        self.merkmal: str = d["merkmal"]
        self.werte = tuple(d["werte"])

    def pruefe(self, ns: dict[str, Any]) -> str:
        kommune = ns.get(self.wert)
        if kommune is None:
            return OFFEN
        return ERFUELLT if getattr(kommune, self.merkmal) in self.werte else NICHT_ERFUELLT


class Fehlt(Bedingung):
    art = "fehlt"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        return ERFUELLT if ns.get(self.wert) is None else NICHT_ERFUELLT


class Angegeben(Bedingung):
    art = "angegeben"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        return NICHT_ERFUELLT if ns.get(self.wert) is None else ERFUELLT


class _Verknuepfung(Bedingung):
    __slots__ = ("bedingungen",)

    def __init__(self, d: dict[str, Any], quellen: dict[str, Quelle]) -> None:
        teile = d["bedingungen"] if "bedingungen" in d else [d["bedingung"]]
        self.bedingungen = tuple(bedingung(t, quellen) for t in teile)
        self.wert = self.bedingungen[0].wert

    def namen(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for b in self.bedingungen for n in b.namen()))

    def teile(self) -> tuple[Bedingung, ...]:
        return self.bedingungen


class Nicht(_Verknuepfung):
    """Verneinung in drei Werten: nicht(offen) bleibt offen."""

    art = "nicht"
    __slots__ = ()
    _UMGEKEHRT: ClassVar[dict[str, str]] = {
        ERFUELLT: NICHT_ERFUELLT,
        NICHT_ERFUELLT: ERFUELLT,
        OFFEN: OFFEN,
    }

    def pruefe(self, ns: dict[str, Any]) -> str:
        return self._UMGEKEHRT[self.bedingungen[0].pruefe(ns)]


class Alle(_Verknuepfung):
    """nicht_erfuellt, wenn eine es ist; sonst offen, wenn eine offen ist; sonst erfuellt."""

    art = "alle"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        stati = {b.pruefe(ns) for b in self.bedingungen}
        if NICHT_ERFUELLT in stati:
            return NICHT_ERFUELLT
        return OFFEN if OFFEN in stati else ERFUELLT


class Eines(_Verknuepfung):
    """erfuellt, wenn eine es ist; sonst offen, wenn eine offen ist; sonst nicht_erfuellt."""

    art = "eines"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        stati = {b.pruefe(ns) for b in self.bedingungen}
        if ERFUELLT in stati:
            return ERFUELLT
        return OFFEN if OFFEN in stati else NICHT_ERFUELLT


class BetragUnbekannt(Bedingung):
    """Die Betragsregel nennt für den Stichtag keine Zahl (vor dem ersten 'ab'): offen."""

    art = "betrag_unbekannt"
    __slots__ = ("felder",)

    def __init__(self, felder: tuple[str, ...]) -> None:
        self.wert = "zuwendung"
        self.felder = felder

    def pruefe(self, ns: dict[str, Any]) -> str:
        return OFFEN


def bedingung(d: dict[str, Any], quellen: dict[str, Quelle] | None = None) -> Bedingung:
    return _ARTEN[d["art"]](d, quellen or {})


class Kriterium(NamedTuple):
    id: str
    text: str
    bedingung: Bedingung
    quellen: tuple[Quelle, ...]
    grund: str | None


class KriteriumErgebnis(NamedTuple):
    kriterium: Kriterium
    status: str

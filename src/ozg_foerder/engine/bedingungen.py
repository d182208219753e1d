"""Das geschlossene Vokabular der Bedingungen: jede liefert erfuellt, nicht_erfuellt oder offen."""

from __future__ import annotations

import operator
import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from ozg_foerder.eingaben.werte import formatiere_datum
from ozg_foerder.engine.quellen import Quelle, datum_aus

if TYPE_CHECKING:
    from ozg_foerder.engine.programm import Programm

ERFUELLT = "erfuellt"
NICHT_ERFUELLT = "nicht_erfuellt"
OFFEN = "offen"


class Bedingung:
    """Eine Prüfung aus dem geschlossenen Vokabular; liefert erfuellt/nicht_erfuellt/offen."""

    art = ""
    __slots__ = ("wert",)

    def __init__(self, d: dict[str, Any]) -> None:
        self.wert: str = d["wert"]

    def pruefe(self, ns: dict[str, Any]) -> str:  # pragma: no cover - abstrakt
        raise NotImplementedError

    def grenze_text(self, programm: Programm) -> str:
        """Die Anforderung in Worten, z. B. 'mindestens 15 %'."""
        return ""


class _Vergleich(Bedingung):
    """Vergleich mit einer festen Grenze oder einem anderen Wert (``grenze: {wert: …}``)."""

    __slots__ = ("_erfuellt", "grenze", "inklusive", "verweis")
    # (inklusiv, exklusiv): der Vergleich, bei dem die Bedingung erfüllt ist
    _VERGLEICHE: tuple[Any, Any] = (None, None)

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__(d)
        g = d["grenze"]
        self.inklusive: bool = d.get("inklusive", True)
        self.verweis: str | None = None
        self.grenze: Any = None
        if isinstance(g, dict):
            self.verweis = g["wert"]
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(g)):
            self.grenze = date.fromisoformat(g)
        else:
            self.grenze = Decimal(g)
        self._erfuellt = self._VERGLEICHE[0 if self.inklusive else 1]

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        grenze = ns.get(self.verweis) if self.verweis else self.grenze
        if wert is None or grenze is None:
            return OFFEN
        return ERFUELLT if self._erfuellt(wert, grenze) else NICHT_ERFUELLT

    def grenze_text(self, programm: Programm) -> str:
        if self.verweis:
            return f"{self._wort()} {programm.bezeichnung(self.verweis)}"
        return f"{self._wort()} {programm.formatiere(self.wert, self.grenze)}"

    def _wort(self) -> str:  # pragma: no cover - abstrakt
        raise NotImplementedError


class Minimum(_Vergleich):
    art = "minimum"
    __slots__ = ()
    _VERGLEICHE = (operator.ge, operator.gt)

    def _wort(self) -> str:
        return "mindestens" if self.inklusive else "mehr als"


class Maximum(_Vergleich):
    art = "maximum"
    __slots__ = ()
    _VERGLEICHE = (operator.le, operator.lt)

    def _wort(self) -> str:
        return "höchstens" if self.inklusive else "weniger als"


class Gleich(Bedingung):
    art = "gleich"
    __slots__ = ("gleich",)

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__(d)
        self.gleich = d["gleich"]

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if str(wert) == str(self.gleich) else NICHT_ERFUELLT


class EineVon(Bedingung):
    art = "eine_von"
    __slots__ = ("werte",)

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__(d)
        self.werte = frozenset(d["werte"])

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if wert in self.werte else NICHT_ERFUELLT


class Zeitraum(Bedingung):
    art = "zeitraum"
    __slots__ = ("bis", "von")

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__({"wert": d.get("wert", "stichtag")})
        self.von = datum_aus(d.get("von"))
        self.bis = datum_aus(d.get("bis"))

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        if (self.von is not None and wert < self.von) or (self.bis is not None and wert > self.bis):
            return NICHT_ERFUELLT
        return ERFUELLT

    def grenze_text(self, programm: Programm) -> str:
        return zeitraum_text(self.von, self.bis)

    def abweichung(self, wert: date) -> str:
        if self.von is not None and wert < self.von:
            return f"beginnt erst am {formatiere_datum(self.von)}"
        if self.bis is not None and wert > self.bis:
            return f"endete am {formatiere_datum(self.bis)}"
        return ""


def zeitraum_text(von: date | None, bis: date | None) -> str:
    if von and bis:
        return f"{formatiere_datum(von)} – {formatiere_datum(bis)}"
    if von:
        return f"ab {formatiere_datum(von)}"
    if bis:
        return f"bis {formatiere_datum(bis)}"
    return "ohne Frist"


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
    art = "in_datensatz"
    __slots__ = ("ags", "datensatz")

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__(d)
        self.datensatz: str = d["datensatz"]
        self.ags = frozenset(d["_ags"])

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if wert.ags in self.ags else NICHT_ERFUELLT


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


_BEDINGUNGEN: dict[str, type[Bedingung]] = {
    k.art: k
    for k in (Minimum, Maximum, Gleich, EineVon, Zeitraum, MussJa, AusschlussWennJa, InDatensatz)
}
_BEDINGUNGEN.update({"fehlt": Fehlt, "angegeben": Angegeben})


def bedingung(d: dict[str, Any]) -> Bedingung:
    return _BEDINGUNGEN[d["art"]](d)


class Kriterium(NamedTuple):
    id: str
    text: str
    bedingung: Bedingung
    quellen: tuple[Quelle, ...]
    grund: str | None


class KriteriumErgebnis(NamedTuple):
    kriterium: Kriterium
    status: str

"""Betragsformeln (pro Einheit, Anteil der Kosten, Höchstbetrag) und abgeleitete Werte."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any, NamedTuple

from ozg_foerder.eingaben.werte import CENT, formatiere_anteil, formatiere_betrag
from ozg_foerder.engine.quellen import Quelle, decimal_aus


class Formel:
    text: str
    quellen: tuple[Quelle, ...]
    eingaben: tuple[str, ...] = ()
    hat_zusatzwerte = False  # liefert zusatzwerte() weitere Namen (z. B. hoechstbetrag)?

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:  # pragma: no cover - abstrakt
        raise NotImplementedError

    def rechenweg(self, ns: dict[str, Any]) -> str:  # pragma: no cover
        raise NotImplementedError

    def hoechstmoeglich(self) -> Decimal | None:
        return None

    def zusatzwerte(self, ns: dict[str, Any]) -> dict[str, Any]:
        return {}


class ProEinheit(Formel):
    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...]) -> None:
        self.text = d["text"]
        self.quellen = quellen
        self.einheit: str = d["einheit"]
        self.einheit_text: str = d["einheit_text"]
        self.einheit_text_mehrzahl: str = d["einheit_text_mehrzahl"]
        self.je = Decimal(d["je_einheit"])
        self.hoechstens = decimal_aus(d.get("hoechstens"))
        self.eingaben = (self.einheit,)

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:
        n = ns.get(self.einheit)
        if n is None:
            return None
        betrag = self.je * n
        if self.hoechstens is not None and betrag > self.hoechstens:
            betrag = self.hoechstens
        return betrag.quantize(CENT)

    def rechenweg(self, ns: dict[str, Any]) -> str:
        n = ns[self.einheit]
        einheit = self.einheit_text if n == 1 else self.einheit_text_mehrzahl
        text = f"{n} {einheit} × {formatiere_betrag(self.je)} = {formatiere_betrag(self.je * n)}"
        if self.hoechstens is not None and self.je * n > self.hoechstens:
            text += f", begrenzt auf höchstens {formatiere_betrag(self.hoechstens)}"
        return text

    def hoechstmoeglich(self) -> Decimal | None:
        return self.hoechstens


_RUNDUNG = {"abrunden": ROUND_DOWN, "kaufmaennisch": ROUND_HALF_UP, "aufrunden": ROUND_UP}
_RUNDUNG_TEXT = {
    "abrunden": "abgerundet",
    "kaufmaennisch": "kaufmännisch gerundet",
    "aufrunden": "aufgerundet",
}


class AnteilKosten(Formel):
    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...]) -> None:
        self.text = d["text"]
        self.quellen = quellen
        self.kosten: str = d["kosten"]
        self.satz = Decimal(d["satz"])
        self.hoechstens = decimal_aus(d.get("hoechstens"))
        self.rundung: str = d.get("rundung", "kaufmaennisch")
        self.eingaben = (self.kosten,)

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:
        kosten = ns.get(self.kosten)
        if kosten is None:
            return None
        betrag = (kosten * self.satz).quantize(CENT, rounding=_RUNDUNG[self.rundung])
        if self.hoechstens is not None and betrag > self.hoechstens:
            betrag = self.hoechstens.quantize(CENT)
        return betrag

    def rechenweg(self, ns: dict[str, Any]) -> str:
        kosten = ns[self.kosten]
        roh = kosten * self.satz
        text = (
            f"{formatiere_anteil(self.satz)} von {formatiere_betrag(kosten)} = "
            f"{formatiere_betrag(roh.quantize(CENT, rounding=_RUNDUNG[self.rundung]))}"
            f" ({_RUNDUNG_TEXT[self.rundung]} auf den Cent)"
        )
        if self.hoechstens is not None and roh > self.hoechstens:
            text += f", begrenzt auf höchstens {formatiere_betrag(self.hoechstens)}"
        return text

    def hoechstmoeglich(self) -> Decimal | None:
        return self.hoechstens


class Hoechstbetrag(Formel):
    hat_zusatzwerte = True

    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...]) -> None:
        self.text = d["text"]
        self.quellen = quellen
        self.antrag: str | None = d.get("antrag")
        self.nach: str | None = d.get("nach")
        self.staffel = {k: Decimal(v) for k, v in d.get("staffel", {}).items()}
        self.ohne_angabe = Decimal(d["ohne_angabe"])
        self.eingaben = tuple(n for n in (self.nach,) if n)

    def _hoechst(self, ns: dict[str, Any]) -> Decimal:
        art = ns.get(self.nach) if self.nach else None
        return self.staffel[art] if art is not None else self.ohne_angabe

    def zusatzwerte(self, ns: dict[str, Any]) -> dict[str, Any]:
        return {"hoechstbetrag": self._hoechst(ns).quantize(CENT)}

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:
        hoechst = self._hoechst(ns)
        antrag = ns.get(self.antrag) if self.antrag else None
        if antrag is None or antrag > hoechst:
            return hoechst.quantize(CENT)
        return antrag.quantize(CENT)

    def rechenweg(self, ns: dict[str, Any]) -> str:
        hoechst = self._hoechst(ns)
        antrag = ns.get(self.antrag) if self.antrag else None
        if antrag is None:
            return f"Höchstbetrag {formatiere_betrag(hoechst)} (kein beantragter Betrag angegeben)"
        if antrag > hoechst:
            return (
                f"beantragt {formatiere_betrag(antrag)}, begrenzt auf den Höchstbetrag "
                f"{formatiere_betrag(hoechst)}"
            )
        return f"beantragt {formatiere_betrag(antrag)} (Höchstbetrag {formatiere_betrag(hoechst)})"

    def hoechstmoeglich(self) -> Decimal | None:
        return max([self.ohne_angabe, *self.staffel.values()])


FORMELN = {
    "pro_einheit": ProEinheit,
    "anteil_kosten": AnteilKosten,
    "hoechstbetrag": Hoechstbetrag,
}


# Abgeleitete Werte


class WertDef(NamedTuple):
    name: str
    art: str
    text: str
    typ: str
    argumente: tuple[str, ...]

    def berechne(self, ns: dict[str, Any]) -> Any:
        werte = [ns.get(a) for a in self.argumente]
        if any(w is None for w in werte):  # nicht angegeben bleibt nicht angegeben
            return None
        if self.art == "differenz":
            return (werte[0] - werte[1]).quantize(CENT)
        if self.art == "anzahl":
            return len(werte[0])
        # plus_monate: Beginn plus Laufzeit in Kalendermonaten
        from dateutil.relativedelta import relativedelta

        return werte[0] + relativedelta(months=werte[1])


WERT_TYP = {"differenz": "betrag", "plus_monate": "datum", "anzahl": "anzahl"}
WERT_ARGUMENTE = {
    "differenz": ("von", "minus"),
    "plus_monate": ("datum", "monate"),
    "anzahl": ("liste",),
}

"""Betragsformeln (pro Einheit, Anteil der Kosten, Höchstbetrag) und abgeleitete Werte.

Eine Art = eine Klasse hier (``art`` wie im Schema); ihr Rechenweg in Worten steht in
:mod:`ozg_foerder.ausgabe.worte`. Zahlen können datiert sein: gerechnet wird mit der am Stichtag
aufgelösten Kopie (:meth:`Programm.am`); ist dort eine Zahl unbekannt, steht ihr Name in
``unbekannt`` und es gibt keinen Betrag.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any, ClassVar, NamedTuple

from ozg_foerder.eingaben.werte import CENT, EingabeFehler
from ozg_foerder.engine.datiert import UNBEKANNT, datiert
from ozg_foerder.engine.quellen import Quelle

EURO = Decimal(1)
RUNDUNG = {"abrunden": ROUND_DOWN, "kaufmaennisch": ROUND_HALF_UP, "aufrunden": ROUND_UP}
_FORMELN: dict[str, type[Formel]] = {}


class Formel:
    art: ClassVar[str] = ""
    # Zahlen der Formel, die Texte als Platzhalter einsetzen können, mit ihrem Typ.
    ZAHLEN: ClassVar[dict[str, str]] = {}
    eingaben: tuple[str, ...] = ()
    hat_zusatzwerte = False  # liefert zusatzwerte() weitere Namen (z. B. hoechstbetrag)?

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.art:
            _FORMELN[cls.art] = cls

    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...]) -> None:
        self.text: str = d["text"]
        self.quellen = quellen
        self.rundung: str = d.get("rundung", "kaufmaennisch")
        self.auf = EURO if d.get("rundung_auf") == "euro" else CENT
        self.unbekannt: tuple[str, ...] = ()

    def runde(self, betrag: Decimal) -> Decimal:
        """Auf den Cent oder ganze Euro nach der Rundung der Regel; angezeigt mit Cent."""
        if self.auf is CENT:  # schon auf den Cent: das zweite Runden änderte nichts
            return betrag.quantize(CENT, rounding=RUNDUNG[self.rundung])
        return betrag.quantize(self.auf, rounding=RUNDUNG[self.rundung]).quantize(CENT)

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:  # pragma: no cover - abstrakt
        raise NotImplementedError

    def hoechstmoeglich(self) -> Decimal | None:
        return None

    def zusatzwerte(self, ns: dict[str, Any]) -> dict[str, Any]:
        return {}

    def zahlen(self) -> dict[str, Any]:
        """Die Zahlen der Formel nach Namen (``staffel.einzel`` für Staffelwerte)."""
        return {n: getattr(self, n) for n in self.ZAHLEN if getattr(self, n) is not None}

    def pruefe_bekannt(self) -> None:
        self.unbekannt = tuple(n for n, w in self.zahlen().items() if w is UNBEKANNT)


class ProEinheit(Formel):
    art = "pro_einheit"
    ZAHLEN: ClassVar[dict[str, str]] = {"je_einheit": "betrag", "hoechstens": "betrag"}

    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...], q: dict) -> None:
        super().__init__(d, quellen)
        self.einheit: str = d["einheit"]
        self.einheit_text: str = d["einheit_text"]
        self.einheit_text_mehrzahl: str = d["einheit_text_mehrzahl"]
        self.je_einheit = datiert(d["je_einheit"], Decimal, q)
        self.hoechstens = datiert(d.get("hoechstens"), Decimal, q)
        self.eingaben = (self.einheit,)

    def roh(self, ns: dict[str, Any]) -> Decimal:
        return self.je_einheit * ns[self.einheit]

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:
        n = ns.get(self.einheit)
        if n is None or self.unbekannt:
            return None
        betrag = self.je_einheit * n
        if self.hoechstens is not None and betrag > self.hoechstens:
            betrag = self.hoechstens
        return self.runde(betrag)

    def hoechstmoeglich(self) -> Decimal | None:
        return self.hoechstens or None


class AnteilKosten(Formel):
    art = "anteil_kosten"
    ZAHLEN: ClassVar[dict[str, str]] = {"satz": "anteil", "hoechstens": "betrag"}

    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...], q: dict) -> None:
        super().__init__(d, quellen)
        self.kosten: str = d["kosten"]
        self.satz = datiert(d["satz"], Decimal, q)
        self.hoechstens = datiert(d.get("hoechstens"), Decimal, q)
        self.eingaben = (self.kosten,)

    def roh(self, ns: dict[str, Any]) -> Decimal:
        return ns[self.kosten] * self.satz

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:
        kosten = ns.get(self.kosten)
        if kosten is None or self.unbekannt:
            return None
        betrag = self.runde(kosten * self.satz)
        if self.hoechstens is not None and betrag > self.hoechstens:
            betrag = self.runde(self.hoechstens)
        return betrag

    def hoechstmoeglich(self) -> Decimal | None:
        return self.hoechstens or None


class Hoechstbetrag(Formel):
    art = "hoechstbetrag"
    hat_zusatzwerte = True
    ZAHLEN: ClassVar[dict[str, str]] = {"ohne_angabe": "betrag"}

    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...], q: dict) -> None:
        super().__init__(d, quellen)
        self.antrag: str | None = d.get("antrag")
        self.nach: str | None = d.get("nach")
        self.staffel = {k: datiert(v, Decimal, q) for k, v in d.get("staffel", {}).items()}
        self.ohne_angabe = datiert(d["ohne_angabe"], Decimal, q)
        self.eingaben = tuple(n for n in (self.nach,) if n)

    def zahlen(self) -> dict[str, Any]:
        return {
            **super().zahlen(),
            **{f"staffel.{k}": v for k, v in self.staffel.items()},
        }

    def hoechst(self, ns: dict[str, Any]) -> Decimal | None:
        if self.unbekannt:
            return None
        art = ns.get(self.nach) if self.nach else None
        return self.staffel[art] if art is not None else self.ohne_angabe

    def zusatzwerte(self, ns: dict[str, Any]) -> dict[str, Any]:
        hoechst = self.hoechst(ns)
        return {"hoechstbetrag": None if hoechst is None else self.runde(hoechst)}

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:
        hoechst = self.hoechst(ns)
        if hoechst is None:
            return None
        antrag = ns.get(self.antrag) if self.antrag else None
        if antrag is None or antrag > hoechst:
            return self.runde(hoechst)
        return self.runde(antrag)

    def hoechstmoeglich(self) -> Decimal | None:
        werte = [w for w in (self.ohne_angabe, *self.staffel.values()) if w is not UNBEKANNT]
        return max(werte) if werte else None


def formel_klasse(art: str) -> type[Formel]:
    return _FORMELN[art]


def formel(d: dict[str, Any], quellen: tuple[Quelle, ...], q: dict[str, Quelle]) -> Formel:
    return _FORMELN[d["art"]](d, quellen, q)


# Abgeleitete Werte


def fristende(beginn: date, monate: int) -> date:
    """Letzter Tag einer Frist von ``monate`` Monaten ab ``beginn`` (§§ 187 Abs. 2, 188 Abs. 2
    und 3 BGB): der Tag vor dem Tag des letzten Monats, der die Zahl des Anfangstags trägt; hat
    dieser Monat keinen solchen Tag, dessen letzter Tag.

    01.01.2023 + 24 → 31.12.2024; 31.01.2023 + 1 → 28.02.2023; 29.02.2024 + 12 → 28.02.2025.
    """
    index = beginn.year * 12 + beginn.month - 1 + monate
    jahr, monat = divmod(index, 12)
    monat += 1
    naechster = date(jahr + monat // 12, monat % 12 + 1, 1)  # erster Tag des Folgemonats
    letzter = naechster.toordinal() - date(jahr, monat, 1).toordinal()  # Tage im Monat
    if beginn.day > letzter:
        return date(jahr, monat, letzter)
    return date.fromordinal(date(jahr, monat, beginn.day).toordinal() - 1)


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
        try:
            if self.art == "fristende":
                return fristende(werte[0], werte[1])
            # plus_monate: Beginn plus Laufzeit in Kalendermonaten
            from dateutil.relativedelta import relativedelta

            return werte[0] + relativedelta(months=werte[1])
        except (ValueError, OverflowError):  # jenseits des Jahres 9999 (oder vor dem Jahr 1)
            raise EingabeFehler(
                self.argumente[0],
                f"{werte[0]:%d.%m.%Y}",
                "ein Datum, mit dem die Laufzeit spätestens am 31.12.9999 endet",
                grund=f"Mit {werte[1]} Monaten Laufzeit endete sie nach dem 31.12.9999.",
            ) from None


# Die Arten abgeleiteter Werte: Typ des Ergebnisses und die Namen ihrer Argumente.
WERT_TYP = {"differenz": "betrag", "plus_monate": "datum", "fristende": "datum", "anzahl": "anzahl"}
WERT_ARGUMENTE = {
    "differenz": ("von", "minus"),
    "plus_monate": ("datum", "monate"),
    "fristende": ("datum", "monate"),
    "anzahl": ("liste",),
}

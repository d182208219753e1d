"""Eingaben, wie Deutsche sie tippen: Beträge, Anteile, Daten, Ja/Nein, ganze Zahlen.

Jede Funktion nimmt einen Rohwert (Text aus der Kommandozeile, Zelle aus CSV oder Excel oder
einen Python-Wert) und gibt den Wert im richtigen Typ zurück: ``Decimal`` für Geld und Anteile,
``datetime.date`` für Daten. ``None`` bedeutet "nicht angegeben" (leere Zelle, leerer Text).
Was nicht eindeutig lesbar ist, wird mit :class:`EingabeFehler` abgelehnt, der das Feld, den
Wert und das Erlaubte nennt – nie geraten, nie mit Traceback.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

__all__ = [
    "AngabeFehlt",
    "EingabeFehler",
    "formatiere_anteil",
    "formatiere_betrag",
    "formatiere_datum",
    "formatiere_tage",
    "ist_leer",
    "lies_anteil",
    "lies_betrag",
    "lies_datum",
    "lies_ganzzahl",
    "lies_ja_nein",
    "lies_zahl",
]

CENT = Decimal("0.01")
_MONATE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


class EingabeFehler(ValueError):
    """Ein Wert ist nicht lesbar oder nicht erlaubt. Nennt Feld, Wert und das Erlaubte."""

    def __init__(self, feld: str, wert: object, erlaubt: str, *, grund: str = "") -> None:
        self.feld = feld
        self.wert = wert
        self.erlaubt = erlaubt
        self.grund = grund
        super().__init__(self.meldung())

    def meldung(self) -> str:
        wert = _kurz(self.wert)
        grund = f" {self.grund}" if self.grund else ""
        return f"{self.feld}: „{wert}“ ist nicht zulässig.{grund} Erlaubt: {self.erlaubt}"


class AngabeFehlt(EingabeFehler):
    """Eine erforderliche Angabe fehlt."""

    def __init__(self, feld: str, text: str, erlaubt: str) -> None:
        self.text = text
        super().__init__(feld, "", erlaubt)

    def meldung(self) -> str:
        return (
            f"{self.feld} fehlt. Diese Angabe ist erforderlich ({self.text}); ohne sie lässt "
            f"sich kein Betrag berechnen. Erlaubt: {self.erlaubt}"
        )


def _kurz(wert: object, laenge: int = 60) -> str:
    text = str(wert).replace("\n", "⏎").replace("\x00", "␀")
    return text if len(text) <= laenge else text[: laenge - 1] + "…"


def ist_leer(roh: object) -> bool:
    """Leere Zelle oder leerer Text: "nicht angegeben" (GUIDE §2.2), nie "nein"."""
    return roh is None or (isinstance(roh, str) and roh.strip() == "")


# ---------------------------------------------------------------------------------------------
# Zahlen
# ---------------------------------------------------------------------------------------------

_LEERZEICHEN = re.compile(r"[\s\u00a0\u202f\u2009]+")
_WAEHRUNG = re.compile(r"(€|eur(?:o)?)\.?$|^(€|eur(?:o)?)", re.IGNORECASE)
# Tausendergruppen: die erste Gruppe ohne führende Null ("0.500" ist keine deutsche Zahl)
_TAUSENDER_PUNKT = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
_TAUSENDER_LEER = re.compile(r"^[1-9]\d{0,2}( \d{3})+(,\d+)?$")
_ZIFFERN = re.compile(r"^\d+$")
_MIO = re.compile(r"\s*(mio\.?|millionen)$", re.IGNORECASE)


def _aus_float(wert: float) -> Decimal:
    """Excel speichert Zahlen als binäre Gleitkommazahlen mit höchstens 15 gültigen Stellen.

    ``0.15`` wird so zu ``Decimal("0.15")`` und nicht zu ``0.1499999…``.
    """
    if wert != wert or wert in (float("inf"), float("-inf")):
        raise ValueError("keine endliche Zahl")
    return Decimal(format(wert, ".15g"))


_MAX_STELLEN = 15  # mehr Stellen vor dem Komma hat kein Betrag dieser Programme
# Länger schreibt niemand eine Zahl, ein Datum oder ja/nein. Die Grenze gilt vor jedem regulären
# Ausdruck: so bleibt die Laufzeit auch bei feindseligen Zellen (32.767 Leerzeichen) klein.
MAX_WERT_LAENGE = 100


def _text(roh: object, feld: str, erlaubt: str) -> str:
    """Der Text eines Werts, ohne Rand-Leerraum, höchstens :data:`MAX_WERT_LAENGE` Zeichen."""
    text = str(roh).strip()
    if len(text) > MAX_WERT_LAENGE:
        raise EingabeFehler(
            feld, roh, erlaubt, grund=f"Der Wert ist zu lang (höchstens {MAX_WERT_LAENGE} Zeichen)."
        )
    return text


def _begrenzt(wert: Decimal, feld: str, roh: object, erlaubt: str) -> Decimal:
    if not wert.is_finite():
        raise EingabeFehler(feld, roh, erlaubt, grund="Keine endliche Zahl.")
    if wert and wert.adjusted() >= _MAX_STELLEN:
        raise EingabeFehler(
            feld, roh, erlaubt, grund=f"Die Zahl ist zu groß (höchstens {_MAX_STELLEN} Stellen)."
        )
    return wert


def lies_zahl(roh: object, feld: str, *, punkt_ist_dezimal: bool = False) -> Decimal | None:
    """Liest eine Zahl in deutscher Schreibweise.

    * Komma ist immer das Dezimalzeichen (``1.500.000,00``).
    * Ein Punkt vor genau drei Ziffern (in Gruppen) trennt Tausender (``80.000``), ein Punkt vor
      einer oder zwei Ziffern ist ein Dezimalpunkt (``1500000.50``). Mit ``punkt_ist_dezimal``
      (für Anteile) ist jeder Punkt ein Dezimalpunkt.
    * Leerzeichen zwischen Dreiergruppen sind erlaubt (``1 500 000``).
    """
    if ist_leer(roh):
        return None
    erlaubt = (
        "eine Zahl wie 0.18 oder 0,18"
        if punkt_ist_dezimal
        else "eine Zahl wie 1500000, 1.500.000, 1.500.000,00 oder 1500000.50"
    )
    if isinstance(roh, bool):
        raise EingabeFehler(feld, roh, erlaubt)
    if isinstance(roh, int):
        return _begrenzt(Decimal(roh), feld, roh, erlaubt)
    if isinstance(roh, Decimal):
        return _begrenzt(roh, feld, roh, erlaubt)
    if isinstance(roh, float):
        try:
            return _begrenzt(_aus_float(roh), feld, roh, erlaubt)
        except ValueError:
            raise EingabeFehler(feld, roh, erlaubt) from None
    text = _LEERZEICHEN.sub(" ", _text(roh, feld, erlaubt)).strip()
    vorzeichen = ""
    if text[:1] in "-+−":
        vorzeichen = "-" if text[0] in "-−" else ""
        text = text[1:].strip()
    text = _WAEHRUNG.sub("", text).strip()
    if text.endswith((",-", ",--", ",–")):  # "100.000,- €": glatte Euro
        text = text.rstrip("-–").rstrip(",").strip()
    millionen = _MIO.search(text)
    if millionen and not punkt_ist_dezimal:  # "1,5 Mio. €"
        text = text[: millionen.start()].strip()
        wert = lies_zahl(text, feld) if text else None
        if wert is None:
            raise EingabeFehler(feld, roh, erlaubt)
        return _begrenzt(Decimal(f"{vorzeichen}{wert * 1_000_000}"), feld, roh, erlaubt)
    if _TAUSENDER_LEER.match(text):
        text = text.replace(" ", "")
    if not text or _LEERZEICHEN.search(text):
        raise EingabeFehler(feld, roh, erlaubt)
    if text.count(",") > 1:
        raise EingabeFehler(
            feld, roh, erlaubt, grund="Das Komma ist das Dezimalzeichen und darf nur einmal stehen."
        )
    if "," in text:
        ganz, _, bruch = text.partition(",")
        if not bruch:
            raise EingabeFehler(feld, roh, erlaubt, grund="Nach dem Komma fehlen die Ziffern.")
        if "." in ganz and not _TAUSENDER_PUNKT.match(ganz):
            raise EingabeFehler(
                feld, roh, erlaubt, grund="Punkte vor dem Komma müssen Tausender trennen."
            )
        ganz = ganz.replace(".", "")
    elif "." in text and not punkt_ist_dezimal:
        if _TAUSENDER_PUNKT.match(text):
            ganz, bruch = text.replace(".", ""), ""
        elif text.count(".") == 1 and re.fullmatch(r"\d+\.\d{1,2}", text):
            ganz, _, bruch = text.partition(".")
        else:
            raise EingabeFehler(
                feld,
                roh,
                erlaubt,
                grund="Ein Punkt trennt Tausender (80.000) oder steht vor ein bis zwei "
                "Nachkommastellen (1500000.50); als Dezimalzeichen bitte das Komma verwenden.",
            )
    elif "." in text:
        if text.count(".") > 1:
            raise EingabeFehler(feld, roh, erlaubt)
        ganz, _, bruch = text.partition(".")
    else:
        ganz, bruch = text, ""
    if ganz == "" and bruch:
        ganz = "0"
    if not _ZIFFERN.match(ganz) or (bruch and not _ZIFFERN.match(bruch)):
        raise EingabeFehler(feld, roh, erlaubt)
    if len(ganz.lstrip("0")) > _MAX_STELLEN or len(bruch) > _MAX_STELLEN:
        raise EingabeFehler(
            feld, roh, erlaubt, grund=f"Die Zahl ist zu lang (höchstens {_MAX_STELLEN} Stellen)."
        )
    try:
        return Decimal(f"{vorzeichen}{ganz}.{bruch}" if bruch else f"{vorzeichen}{ganz}")
    except InvalidOperation:  # pragma: no cover - durch die Prüfungen oben ausgeschlossen
        raise EingabeFehler(feld, roh, erlaubt) from None


def lies_betrag(roh: object, feld: str) -> Decimal | None:
    """Ein Geldbetrag in Euro, auf den Cent genau (höchstens zwei Nachkommastellen)."""
    wert = lies_zahl(roh, feld)
    if wert is None:
        return None
    if wert != wert.quantize(CENT) and not isinstance(roh, float):
        raise EingabeFehler(
            feld,
            roh,
            "ein Betrag in Euro mit höchstens zwei Nachkommastellen, z. B. 1.500.000,00",
            grund="Mehr als zwei Nachkommastellen sind kein Cent-Betrag.",
        )
    if isinstance(roh, float):
        # Excel-Zellen: auf Cent runden ist hier Darstellung, kein Raten (15 gültige Stellen).
        rund = wert.quantize(CENT)
        if abs(rund - wert) > Decimal("0.000001"):
            raise EingabeFehler(feld, roh, "ein Betrag in Euro mit höchstens zwei Nachkommastellen")
        wert = rund
    return wert


# Nur das Ende wird gesucht (linear); "(.*?)\s*" davor wäre quadratisch bei vielen Leerzeichen.
_PROZENT = re.compile(r"(%|prozent|v\.\s?h\.)$", re.IGNORECASE)


# Die Schreibweisen fast jeder Liste: Ziffern, höchstens ein Komma oder Punkt, ein Prozentzeichen
# mit höchstens einem Leerzeichen davor, kein Rand. Sie liest :func:`lies_anteil` ohne Umweg;
# Ergebnis wie auf dem langen Weg (tests/test_eigenschaften.py prüft beide gegeneinander).
_ANTEIL_EINFACH = re.compile(r"([0-9]{1,15})(?:[.,]([0-9]{1,15}))?(\s?%)?")


def lies_anteil(roh: object, feld: str) -> Decimal | None:
    """Ein Anteil: ``0.18``, ``0,18``, ``18%`` oder ``18 %``. Ergebnis zwischen 0 und 1.

    Eine nackte Zahl über 1 (``18``) ist mehrdeutig und wird abgelehnt.
    """
    if roh.__class__ is str:
        treffer = _ANTEIL_EINFACH.fullmatch(roh)  # type: ignore[arg-type]
        if treffer is not None:
            ganz, bruch, prozent = treffer.groups()
            wert = Decimal(f"{ganz}.{bruch}") if bruch else Decimal(ganz)
            if prozent:
                wert = wert / 100
            # ganzzahlig (wie auf dem langen Weg normalisiert) ist hier nur 0 oder 1: ohne
            # Vorzeichen, höchstens 1
            if wert < 1:
                return wert if wert else wert.normalize()
            if prozent and wert == 1:
                return wert.normalize()
            # sonst: Meldung wie auf dem langen Weg
    return _lies_anteil(roh, feld)


def _lies_anteil(roh: object, feld: str) -> Decimal | None:
    """:func:`lies_anteil` für jede Schreibweise (und mit den Meldungen)."""
    if ist_leer(roh):
        return None
    erlaubt = "ein Anteil wie 0.18, 0,18, 18% oder 18 % (zwischen 0 und 100 %)"
    prozent = False
    wert: Decimal | None
    if isinstance(roh, str):
        text = _text(roh, feld, erlaubt)
        treffer = _PROZENT.search(text)
        if treffer:
            prozent = True
            text = text[: treffer.start()].rstrip()
        try:
            wert = lies_zahl(text, feld, punkt_ist_dezimal=True)
        except EingabeFehler:
            raise EingabeFehler(feld, roh, erlaubt) from None
        if wert is None:
            raise EingabeFehler(feld, roh, erlaubt)
    else:
        try:
            wert = lies_zahl(roh, feld, punkt_ist_dezimal=True)
        except EingabeFehler:
            raise EingabeFehler(feld, roh, erlaubt) from None
        assert wert is not None
    if prozent:
        wert = wert / 100
    if wert < 0:
        raise EingabeFehler(feld, roh, erlaubt, grund="Ein Anteil kann nicht negativ sein.")
    if wert > 1 and prozent:
        raise EingabeFehler(feld, roh, erlaubt, grund="Mehr als 100 % ist nicht möglich.")
    if wert >= 1 and not prozent and (isinstance(roh, str) or wert > 1):
        # "18" oder "1" als Text: Anteil oder Prozent? (Eine Excel-Zelle 1,0 ist 100 %.)
        raise EingabeFehler(
            feld,
            roh,
            erlaubt,
            grund=f"Mehrdeutig: „{roh}“ als Anteil wäre {formatiere_anteil(wert)}; gemeint ist "
            f"vermutlich {str(roh).strip()} %, dann bitte „{str(roh).strip()} %“ schreiben.",
        )
    return wert.normalize() if wert == wert.to_integral_value() else wert


_GANZZAHL = re.compile(r"[+-]?\d{1,9}")


def lies_ganzzahl(roh: object, feld: str) -> int | None:
    """Eine ganze Zahl (``4``); Excel-Zellen mit ``4.0`` sind ebenfalls 4."""
    if ist_leer(roh):
        return None
    erlaubt = "eine ganze Zahl in Ziffern, z. B. 4"
    if isinstance(roh, bool):
        raise EingabeFehler(feld, roh, erlaubt)
    if isinstance(roh, int):
        return roh
    if isinstance(roh, float | Decimal):
        endlich = roh.is_finite() if isinstance(roh, Decimal) else abs(roh) != float("inf")
        if not endlich or roh != roh or abs(roh) >= 10**9:
            raise EingabeFehler(feld, roh, erlaubt)
        if roh != int(roh):
            raise EingabeFehler(feld, roh, erlaubt, grund="Keine ganze Zahl.")
        return int(roh)
    text = _text(roh, feld, erlaubt)
    if _GANZZAHL.fullmatch(text):
        return int(text)
    # wie Beträge gelesen: "4,0" und "4.0" sind 4, "4.000" ist viertausend (Tausenderpunkt)
    try:
        wert = lies_zahl(text, feld)
    except EingabeFehler:
        raise EingabeFehler(feld, roh, erlaubt) from None
    if wert is None or wert != wert.to_integral_value() or abs(wert) >= 10**9:
        raise EingabeFehler(feld, roh, erlaubt, grund="Keine ganze Zahl.")
    return int(wert)


# ---------------------------------------------------------------------------------------------
# Daten
# ---------------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DEUTSCH = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})$")


def lies_datum(roh: object, feld: str) -> date | None:
    """Ein Datum: ``2022-03-14`` oder ``14.03.2022`` (auch ``14.3.22``)."""
    if ist_leer(roh):
        return None
    erlaubt = "ein Datum wie 14.03.2022 oder 2022-03-14"
    if isinstance(roh, datetime):
        return roh.date()
    if isinstance(roh, date):
        return roh
    text = _text(roh, feld, erlaubt)
    if " " in text and _ISO.match(text.split(" ", 1)[0]) and text.endswith("00:00:00"):
        text = text.split(" ", 1)[0]  # Excel-Export "2022-03-14 00:00:00"
    treffer = _ISO.match(text)
    if treffer:
        jahr, monat, tag = (int(x) for x in treffer.groups())
    else:
        treffer = _DEUTSCH.match(text)
        if not treffer:
            raise EingabeFehler(feld, roh, erlaubt)
        tag, monat, jahr = (int(x) for x in treffer.groups())
        if len(treffer.group(3)) == 2:
            jahr += 2000
    if not 1 <= monat <= 12:
        raise EingabeFehler(feld, roh, erlaubt, grund=f"Einen Monat {monat} gibt es nicht.")
    try:
        return date(jahr, monat, tag)
    except ValueError:
        letzter = _letzter_tag(jahr, monat)
        raise EingabeFehler(
            feld,
            roh,
            erlaubt,
            grund=f"Diesen Tag gibt es nicht: der {_MONATE[monat - 1]} {jahr} hat {letzter} Tage.",
        ) from None


def _letzter_tag(jahr: int, monat: int) -> int:
    if monat == 12:
        return 31
    if not 1 <= jahr <= 9998:
        return 31
    return (date(jahr, monat + 1, 1) - date(jahr, monat, 1)).days


# ---------------------------------------------------------------------------------------------
# Ja / Nein
# ---------------------------------------------------------------------------------------------

_JA = frozenset({"ja", "j", "true", "wahr", "1", "x", "yes", "y", "✓", "✔"})
_NEIN = frozenset({"nein", "n", "false", "falsch", "0", "no"})


def lies_ja_nein(roh: object, feld: str) -> bool | None:
    """``ja/nein``, ``true/false``, ``1/0``, ``x`` für ja. Leer heißt "nicht angegeben"."""
    if ist_leer(roh):
        return None
    if isinstance(roh, bool):
        return roh
    if isinstance(roh, int | float | Decimal):
        endlich = not isinstance(roh, Decimal) or roh.is_finite()
        if endlich and roh in (0, 1):  # Excel-Zellen 1/0
            return bool(roh)
    text = str(roh).strip().lower()
    if text in _JA:
        return True
    if text in _NEIN:
        return False
    raise EingabeFehler(feld, roh, "ja oder nein (auch true/false, 1/0, x für ja; leer = offen)")


# ---------------------------------------------------------------------------------------------
# Ausgabe in deutscher Schreibweise (Umkehrung der Leser)
# ---------------------------------------------------------------------------------------------


def formatiere_betrag(wert: Decimal, *, waehrung: bool = True) -> str:
    """``Decimal("100000")`` → ``100.000,00 €``."""
    text = f"{wert.quantize(CENT):,.2f}".replace(",", "\x00").replace(".", ",")
    text = text.replace("\x00", ".")
    return f"{text} €" if waehrung else text


def formatiere_anteil(wert: Decimal) -> str:
    """``Decimal("0.15")`` → ``15 %``; ``Decimal("0.185")`` → ``18,5 %``."""
    prozent = (wert * 100).normalize()
    text = format(prozent, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def formatiere_tage(wert: Decimal) -> str:
    """``Decimal("2.5")`` → ``2,5``."""
    return f"{wert:.1f}".replace(".", ",")


def formatiere_datum(wert: date) -> str:
    return wert.strftime("%d.%m.%Y")


def datum_aus(text: str | None) -> date | None:
    """ISO-Datum aus dem Kompilat der Regeln (dort stets ISO)."""
    return date.fromisoformat(text) if text else None


def decimal_aus(text: str | None) -> Decimal | None:
    """Zahl aus dem Kompilat der Regeln (dort stets als Text, nie als float)."""
    return Decimal(text) if text is not None else None

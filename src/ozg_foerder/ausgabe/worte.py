"""Die Worte zu den Begriffen der Regeln: Anforderungen, Rechenwege, Zeiträume, Platzhalter.

Die Engine liefert Werte und Status; was davon in Sätzen steht, steht hier – je Begriff nach
seiner ``art`` (eine Bedingung, eine Betragsformel). Ein neuer Begriff braucht eine Klasse in
der Engine und, wenn er etwas zu sagen hat, einen Eintrag hier.

Zahlen in Texten der Regeldatei (``betrag.text``, Hinweise) stehen als Platzhalter, damit sie
nie veralten: ``{betrag.je_einheit}``, ``{betrag.staffel.einzel}``, ``{gueltigkeit.bis}``,
``{kriterien.laufzeit.grenze}``, ``{budget.jahr:mio}``; in ``betrag.text`` genügt
``{je_einheit}``. Eingesetzt wird der am Stichtag geltende Wert.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from ozg_foerder.eingaben.werte import (
    CENT,
    formatiere_anteil,
    formatiere_betrag,
    formatiere_datum,
    formatiere_tage,
)
from ozg_foerder.engine.datiert import UNBEKANNT, Datiert
from ozg_foerder.engine.programm import Programm

__all__ = [
    "abweichung",
    "anforderung_text",
    "kriterium_text",
    "rechenweg",
    "setze_ein",
    "zahl_text",
    "zeitraum_text",
]

UNBEKANNT_TEXT = "am Stichtag nicht bekannt"


# ---------------------------------------------------------------------------------------------
# Zahlen und Zeiträume
# ---------------------------------------------------------------------------------------------


def betrag_kurz(wert: Decimal) -> str:
    """Ein Betrag der Regeln: ``25000`` → ``25.000 €``, ``1234.5`` → ``1.234,50 €``."""
    if wert == wert.to_integral_value():
        return formatiere_betrag(wert).removesuffix(",00 €") + " €"
    return formatiere_betrag(wert)


def betrag_mio(wert: Decimal) -> str:
    """``1500000`` → ``1,5 Mio. €``."""
    mio = (wert / 1_000_000).normalize()
    text = format(mio, "f").replace(".", ",")
    return f"{text} Mio. €"


def zahl_text(typ: str, wert: Any, form: str = "") -> str:
    """Eine Zahl oder ein Datum der Regeln in Worten; datierte Werte mit ihren Daten."""
    if isinstance(wert, Datiert):
        return ", ".join(
            f"{zahl_text(typ, s.wert, form)} ab {formatiere_datum(s.ab)}" for s in wert.stufen
        )
    if wert is UNBEKANNT:
        return f"({UNBEKANNT_TEXT})"
    if typ == "betrag":
        if form == "cent":
            return formatiere_betrag(wert)
        return betrag_mio(wert) if form == "mio" else betrag_kurz(wert)
    if typ == "tage":
        return formatiere_tage(wert)
    if typ == "anteil":
        return formatiere_anteil(wert)
    if typ == "datum":
        return formatiere_datum(wert)
    if isinstance(wert, Decimal):
        return format(wert.normalize(), "f").replace(".", ",")
    return str(wert)


def zeitraum_text(von: Any, bis: Any) -> str:
    def datum(d: Any) -> str:
        return zahl_text("datum", d)

    if von is not None and bis is not None:
        return f"{datum(von)} – {datum(bis)}"
    if von is not None:
        return f"ab {datum(von)}"
    if bis is not None:
        return f"bis {datum(bis)}"
    return "ohne Frist"


# ---------------------------------------------------------------------------------------------
# Bedingungen: die Anforderung in Worten, nach art
# ---------------------------------------------------------------------------------------------


def _vergleich(
    wort_inklusiv: str, wort_exklusiv: str, datum_inklusiv: str, datum_exklusiv: str
) -> Callable[[Any, Programm], str]:
    def text(b: Any, p: Programm) -> str:
        if p.typ(b.wert) == "datum":
            wort = datum_inklusiv if b.inklusive else datum_exklusiv
        else:
            wort = wort_inklusiv if b.inklusive else wort_exklusiv
        if b.verweis:
            return f"{wort} {p.bezeichnung(b.verweis)}"
        if b.grenze is UNBEKANNT or isinstance(b.grenze, Datiert):
            return f"{wort} {zahl_text(p.typ(b.wert), b.grenze)}"
        return f"{wort} {p.formatiere(b.wert, b.grenze)}"

    return text


def _verknuepft(wort: str) -> Callable[[Any, Programm], str]:
    def text(b: Any, p: Programm) -> str:
        teile = [anforderung_text(t, p) for t in b.bedingungen]
        return f" {wort} ".join(t for t in teile if t)

    return text


def _nicht(b: Any, p: Programm) -> str:
    innen = anforderung_text(b.bedingungen[0], p)
    return f"nicht {innen}" if innen else ""


_ANFORDERUNG: dict[str, Callable[[Any, Programm], str]] = {
    "minimum": _vergleich("mindestens", "mehr als", "frühestens am", "nach dem"),
    "maximum": _vergleich("höchstens", "weniger als", "spätestens am", "vor dem"),
    "zeitraum": lambda b, p: zeitraum_text(b.von, b.bis),
    "foerderzeitraum": lambda b, p: zeitraum_text(b.von, b.bis),
    "weiches_ende": lambda b, p: f"bis {zahl_text('datum', b.bis)} (abgeleitetes Ende)",
    "kommune": lambda b, p: " oder ".join(b.werte),
    "nicht": _nicht,
    "alle": _verknuepft("und"),
    "eines": _verknuepft("oder"),
    "betrag_unbekannt": lambda b, p: "eine Betragsregel für den Stichtag",
}


def anforderung_text(b: Any, p: Programm) -> str:
    """Die Anforderung einer Bedingung in Worten, z. B. "mindestens 15 %" (leer: keine)."""
    text = _ANFORDERUNG.get(b.art)
    return text(b, p) if text else ""


def abweichung(b: Any, wert: date) -> str:
    """Warum ein Stichtag nicht in den Zeitraum passt (leer: er passt)."""
    if b.art == "weiches_ende":
        if b.bis is UNBEKANNT:
            return f"Ende {UNBEKANNT_TEXT}; {b.pruefen}"
        if wert > b.bis:
            return f"nach dem {formatiere_datum(b.bis)}: {b.pruefen}"
        return ""
    if b.art == "foerderzeitraum" and b.von is UNBEKANNT:
        return f"Beginn {UNBEKANNT_TEXT}: noch nicht geöffnet"
    if b.von is UNBEKANNT or b.bis is UNBEKANNT:
        return f"Zeitraum {UNBEKANNT_TEXT}"
    if b.von is not None and wert < b.von:
        return f"beginnt erst am {formatiere_datum(b.von)}"
    if b.bis is not None and wert > b.bis:
        return f"endete am {formatiere_datum(b.bis)}"
    return ""


# Was angegeben war, nach art (für Bedingungen, die etwas anderes sagen als den Wert selbst).


def _ausschluss(b: Any, p: Programm, wert: Any, praefix: bool) -> str:
    if wert is None:
        return "nicht angegeben – gilt als nicht zutreffend"
    return "liegt vor" if wert else "liegt nicht vor"


def _stichtag(b: Any, p: Programm, wert: Any, praefix: bool) -> str | None:
    if wert is None or b.wert != "stichtag":
        return None
    grund = abweichung(b, wert)
    return f"Stichtag {formatiere_datum(wert)}" + (f" – {grund}" if grund else "")


def _muss_ja(b: Any, p: Programm, wert: Any, praefix: bool) -> str | None:
    return None if wert is None else ("ja" if wert else "nein")


def _kommune(b: Any, p: Programm, wert: Any, praefix: bool) -> str | None:
    if wert is None:
        return None
    return f"{p.formatiere(b.wert, wert)}: {getattr(wert, b.merkmal) or 'kein Landkreis'}"


def _in_datensatz(b: Any, p: Programm, wert: Any, praefix: bool) -> str | None:
    return None if wert is None else p.formatiere(b.wert, wert)


def _betrag_unbekannt(b: Any, p: Programm, wert: Any, praefix: bool) -> str:
    return f"die Regeldatei nennt für diesen Stichtag keinen Wert ({', '.join(b.felder)})"


# None heißt: die allgemeine Angabe (Wert, „nicht angegeben“, „nicht berechenbar“).
_ANGABE: dict[str, Callable[[Any, Programm, Any, bool], str | None]] = {
    "ausschluss_wenn_ja": _ausschluss,
    "zeitraum": _stichtag,
    "foerderzeitraum": _stichtag,
    "weiches_ende": _stichtag,
    "muss_ja": _muss_ja,
    "kommune": _kommune,
    "in_datensatz": _in_datensatz,
    "betrag_unbekannt": _betrag_unbekannt,
}


def angabe_text(b: Any, p: Programm, ns: dict[str, Any], praefix: bool = False) -> str:
    """Was für eine Bedingung angegeben war, in Worten (``praefix``: "angegeben: …")."""
    if b.teile():
        return "; ".join(dict.fromkeys(angabe_text(t, p, ns, praefix) for t in b.teile()))
    wert = ns.get(b.wert)
    eigen = _ANGABE.get(b.art)
    text = eigen(b, p, wert, praefix) if eigen else None
    if text is not None:
        return text
    if wert is None:
        return "nicht angegeben" if b.wert in p.eingaben else "nicht berechenbar"
    text = p.formatiere(b.wert, wert)
    if b.wert in p.eingaben:
        return f"angegeben: {text}" if praefix else text
    return f"{p.bezeichnung(b.wert)}: {text}"


# Beratungsmodule: warum ein Modul so steht (engine.kontingente.Grund)


def _frist(k: Any) -> str:
    if not k.bis:
        return ""
    return f" bis {formatiere_datum(k.bis)}" + (
        " (abgeleitet)" if any(q.abgeleitet for q in k.quellen) else ""
    )


_MODUL_GRUND: dict[str, Callable[[Any], str]] = {
    "genutzt": lambda g: "bereits in Anspruch genommen",
    "ueber": lambda g: (
        f"über Kontingent {g.kontingent.id}{_frist(g.kontingent)}"
        + (" (statt des im besten Plan gewählten Moduls)" if g.alternativ else "")
    ),
    "belegt": lambda g: f"{g.kontingent.id} ist durch Modul {g.modul} belegt",
    "unbekannt": lambda g: f"{g.kontingent.id}: Zeitraum für den Stichtag nicht bekannt",
    "endete": lambda g: f"{g.kontingent.id} endete am {formatiere_datum(g.kontingent.bis)}",
    "beginnt": lambda g: f"{g.kontingent.id} beginnt erst am {formatiere_datum(g.kontingent.von)}",
    "voraussetzung": lambda g: (
        f"{g.kontingent.id} setzt Modul {g.modul} voraus, das nicht mehr gefördert werden kann"
    ),
    "kein_kontingent": lambda g: "kein Kontingent finanziert dieses Modul",
}


def modul_grund(m: Any) -> str:
    """Warum ein Beratungsmodul genutzt, förderbar oder nicht förderbar ist, in Worten."""
    return "; ".join(_MODUL_GRUND[g.art](g) for g in m.gruende)


def kriterium_text(k: Any) -> str:
    """Der Satz eines Kriteriums; für die Kriterien, die die Engine selbst bildet, hier gebaut."""
    b = k.bedingung
    if b.art == "foerderzeitraum":
        return f"Stichtag im Förderzeitraum ({b.titel}: {zeitraum_text(b.von, b.bis)})"
    if b.art == "betrag_unbekannt":
        return "Betragsregel am Stichtag bekannt"
    return k.text


# ---------------------------------------------------------------------------------------------
# Betragsformeln: der Rechenweg, nach art
# ---------------------------------------------------------------------------------------------

_RUNDUNG_TEXT = {
    "abrunden": "abgerundet",
    "kaufmaennisch": "kaufmännisch gerundet",
    "aufrunden": "aufgerundet",
}


def _gerundet(f: Any, roh: Decimal) -> str:
    """Der Zusatz zur Rundung, wenn sie etwas ändert oder die Regel sie nennt."""
    ziel = "auf volle Euro" if f.auf != CENT else "auf den Cent"
    return f" ({_RUNDUNG_TEXT[f.rundung]} {ziel})"


def _pro_einheit(f: Any, ns: dict[str, Any]) -> str:
    n = ns[f.einheit]
    einheit = f.einheit_text if n == 1 else f.einheit_text_mehrzahl
    roh = f.je_einheit * n
    text = f"{n} {einheit} × {formatiere_betrag(f.je_einheit)} = {formatiere_betrag(roh)}"
    if f.auf != CENT and f.runde(roh) != roh.quantize(CENT):
        text += f" = {formatiere_betrag(f.runde(roh))}{_gerundet(f, roh)}"
    if f.hoechstens is not None and roh > f.hoechstens:
        text += f", begrenzt auf höchstens {formatiere_betrag(f.hoechstens)}"
    return text


def _anteil_kosten(f: Any, ns: dict[str, Any]) -> str:
    kosten = ns[f.kosten]
    roh = kosten * f.satz
    text = (
        f"{formatiere_anteil(f.satz)} von {formatiere_betrag(kosten)} = "
        f"{formatiere_betrag(f.runde(roh))}{_gerundet(f, roh)}"
    )
    if f.hoechstens is not None and f.runde(roh) > f.hoechstens:
        text += f", begrenzt auf höchstens {formatiere_betrag(f.hoechstens)}"
    return text


def _hoechstbetrag(f: Any, ns: dict[str, Any]) -> str:
    hoechst = f.hoechst(ns)
    antrag = ns.get(f.antrag) if f.antrag else None
    if antrag is None:
        return f"Höchstbetrag {formatiere_betrag(hoechst)} (kein beantragter Betrag angegeben)"
    if antrag > hoechst:
        return (
            f"beantragt {formatiere_betrag(antrag)}, begrenzt auf den Höchstbetrag "
            f"{formatiere_betrag(hoechst)}"
        )
    return f"beantragt {formatiere_betrag(antrag)} (Höchstbetrag {formatiere_betrag(hoechst)})"


_RECHENWEG: dict[str, Callable[[Any, dict[str, Any]], str]] = {
    "pro_einheit": _pro_einheit,
    "anteil_kosten": _anteil_kosten,
    "hoechstbetrag": _hoechstbetrag,
}


def rechenweg(f: Any, ns: dict[str, Any]) -> str:
    """Wie der Betrag zustande kam (nur aufrufen, wenn es einen Betrag gibt)."""
    if f.unbekannt:
        return f"Betragsregel {UNBEKANNT_TEXT}"
    return _RECHENWEG[f.art](f, ns)


# ---------------------------------------------------------------------------------------------
# Platzhalter in Texten der Regeldatei
# ---------------------------------------------------------------------------------------------

_PLATZHALTER = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9_.]*)(?::([a-z]+))?\}")


def setze_ein(
    text: str, p: Programm, ns: dict[str, Any] | None = None, *, in_betrag: bool = False
) -> str:
    """Setzt Werte (``{name}``) und Zahlen der Regeln (``{betrag.satz}``) in ``text`` ein."""
    bekannt = p.zahlen()

    def ersetze(m: re.Match[str]) -> str:
        if m.group(0) in ("{{", "}}"):
            return m.group(0)[0]
        name, form = m.group(1), m.group(2) or ""
        if in_betrag and f"betrag.{name}" in bekannt:
            name = f"betrag.{name}"
        if name in bekannt:
            typ, wert = bekannt[name]
            return zahl_text(typ, wert, form)
        if ns is not None:
            return p.formatiere(name, ns.get(name))
        return m.group(0)

    return _PLATZHALTER.sub(ersetze, text)

"""Fristen als iCalendar-Datei (``plan --ics``, ``fristen --ics``) für Outlook, Thunderbird, Google.

Jede Frist wird ein ganztägiger Termin an ihrem letzten Tag, mit einer Erinnerung vier Wochen
vorher und der Quelle in der Beschreibung. Die UID entsteht aus Programm, Frist und Kommune –
nie zufällig: eine neuere Datei aktualisiert beim Import die Termine, statt sie zu verdoppeln.
Das Paket ``icalendar`` wird erst hier geladen (``check`` startet ohne es).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from ozg_foerder.engine.quellen import quellen_text

__all__ = ["Ereignis", "als_ics", "ereignisse_aus_fristen", "ereignisse_aus_plan", "uid"]

ERINNERUNG = timedelta(weeks=4)
HINWEIS = "Erstellt mit ozg-foerder: unverbindlich, kein Förderbescheid."


class Ereignis(NamedTuple):
    schluessel: tuple[str, ...]  # Programm, Frist, Kommune: daraus die UID
    tag: date
    titel: str
    beschreibung: str


def uid(*teile: str) -> str:
    """Stabile UID: gleiche Frist derselben Kommune → gleiche UID, in jedem Lauf."""
    return hashlib.sha256("\x1f".join(teile).encode()).hexdigest()[:32] + "@ozg-foerder"


def als_ics(ereignisse: list[Ereignis], name: str, jetzt: datetime | None = None) -> bytes:
    from icalendar import Alarm, Calendar, Event

    stempel = (jetzt or datetime.now(UTC)).replace(microsecond=0)
    kalender = Calendar()
    kalender.add("prodid", "-//ozg-foerder//Fristen//DE")
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("method", "PUBLISH")
    kalender.add("x-wr-calname", name)
    for e in ereignisse:
        termin = Event()
        termin.add("uid", uid(*e.schluessel))
        termin.add("dtstamp", stempel)
        termin.add("dtstart", e.tag)  # ein Datum ohne Uhrzeit: ganztägig (VALUE=DATE)
        termin.add("dtend", e.tag + timedelta(days=1))
        termin.add("summary", e.titel)
        termin.add("description", e.beschreibung)
        termin.add("transp", "TRANSPARENT")
        erinnerung = Alarm()
        erinnerung.add("action", "DISPLAY")
        erinnerung.add("description", e.titel)
        erinnerung.add("trigger", -ERINNERUNG)
        termin.add_component(erinnerung)
        kalender.add_component(termin)
    return kalender.to_ical()


def ereignisse_aus_plan(plan: Any) -> list[Ereignis]:
    """Je Schritt mit Frist ein Termin; bei einer Wahl nur die beste, die übrigen im Text."""
    from ozg_foerder.ausgabe.plan_text import schritt_text

    ereignisse = []
    for s in plan.schritte:
        if s.bis is None or (s.rang is not None and s.rang > 1):
            continue
        text = schritt_text(s, plan.gruppe)
        andere = [w for w in plan.schritte if s.wahl and w.wahl == s.wahl and w is not s]
        beschreibung = [f"{s.programm.name}: {text}"]
        for w in andere:
            beschreibung.append(f"oder: {schritt_text(w, plan.gruppe)}")
        beschreibung += [f"Quelle: {quellen_text(s.quellen)}", HINWEIS]
        identitaet = (
            f"modul {s.modul.nr} {s.kontingent.id}" if s.modul is not None else (s.text or "")
        )
        if s.wahl is not None:
            identitaet = s.wahl  # eine Wahl ist ein Termin, auch wenn die beste wechselt
        schluessel = (s.programm.id, identitaet, plan.kommune.ags, ",".join(s.kommunen))
        titel = f"Frist {s.programm.kurzname}: {text}"
        ereignisse.append(Ereignis(schluessel, s.bis, _kurz(titel), "\n".join(beschreibung)))
    return ereignisse


def ereignisse_aus_fristen(
    fristen: list[Any], stichtag: date, namen: dict[str, str], kurz: dict[str, str]
) -> list[Ereignis]:
    """Alle Fristen mit Ende, die am Stichtag nicht schon abgelaufen sind."""
    ereignisse = []
    for f in fristen:
        if f.bis is None or f.bis < stichtag:
            continue
        beschreibung = "\n".join(
            [
                f"{namen.get(f.programm, f.programm)}: {f.text}",
                f"Quelle: {quellen_text(f.quellen)}",
                HINWEIS,
            ]
        )
        titel = f"Frist {kurz.get(f.programm, f.programm)}: {f.text}"
        ereignisse.append(Ereignis((f.programm, f.text, ""), f.bis, _kurz(titel), beschreibung))
    return ereignisse


def _kurz(titel: str, laenge: int = 120) -> str:
    return titel if len(titel) <= laenge else titel[: laenge - 1] + "…"

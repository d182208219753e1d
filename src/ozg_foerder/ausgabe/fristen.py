"""Alle Fristen aller Programme auf einer Zeitachse (``ozg-foerder fristen``).

Gesammelt wird, was die Regeldateien an Daten tragen: Förderzeiträume, Kontingente der
Beratung, Finanzierungsphasen der Angebote, Termine und Zeitraum-Kriterien. Jede Frist bekommt
am Stichtag einen Status (läuft, abgelaufen, beginnt) und die Tage bis zu ihrem Ende bzw. Beginn.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ozg_foerder.ausgabe.worte import kriterium_text
from ozg_foerder.eingaben.werte import formatiere_datum
from ozg_foerder.engine.datiert import UNBEKANNT
from ozg_foerder.engine.programm import Programm
from ozg_foerder.engine.quellen import Quelle, quellen_text

__all__ = ["Frist", "noch_offen", "sammle_fristen", "zeitleiste"]

LAEUFT = "laeuft"
ABGELAUFEN = "abgelaufen"
BEGINNT = "beginnt"
OHNE_FRIST = "ohne_frist"
STATUS_TEXT = {
    LAEUFT: "läuft",
    ABGELAUFEN: "abgelaufen",
    BEGINNT: "beginnt",
    OHNE_FRIST: "ohne Frist",
}
STATUS_MEHRZAHL = {
    LAEUFT: "laufen",
    ABGELAUFEN: "abgelaufen",
    BEGINNT: "beginnen",
    OHNE_FRIST: "ohne Frist",
}


def tage_text(n: int, fall: str = "dativ") -> str:
    """1 → "1 Tag"; sonst "n Tagen" (in/vor …) bzw. "n Tage" (noch …)."""
    if n == 1:
        return "1 Tag"
    return f"{n} Tagen" if fall == "dativ" else f"{n} Tage"


def zusammenfassung(fristen: list[Frist], stichtag: date) -> str:
    """ "9 laufen, 1 beginnt, 1 ohne Frist"."""
    teile = []
    for status, wort in STATUS_TEXT.items():
        n = sum(1 for f in fristen if f.status(stichtag) == status)
        if n:
            teile.append(f"{n} {wort if n == 1 else STATUS_MEHRZAHL[status]}")
    return ", ".join(teile)


class Frist(NamedTuple):
    programm: str
    text: str
    von: date | None
    bis: date | None
    stichtag_datum: bool  # ein einzelnes Datum (Termin), kein Zeitraum
    quellen: tuple[Quelle, ...]
    ist_zeitraum_des_programms: bool = False
    pruefen: str | None = None  # weiches Ende: was danach zu prüfen ist

    def status(self, stichtag: date) -> str:
        if self.von is None and self.bis is None:
            return OHNE_FRIST
        if self.von is not None and stichtag < self.von and not self.stichtag_datum:
            return BEGINNT
        if self.bis is not None and stichtag > self.bis:
            return ABGELAUFEN
        return LAEUFT

    def tage(self, stichtag: date) -> int | None:
        """Tage bis zum Ende (läuft), bis zum Beginn (beginnt) oder seit dem Ende (abgelaufen)."""
        status = self.status(stichtag)
        if status == BEGINNT and self.von is not None:
            return (self.von - stichtag).days
        if status in (LAEUFT, ABGELAUFEN) and self.bis is not None:
            return abs((self.bis - stichtag).days)
        return None

    def als_dict(self, stichtag: date) -> dict[str, object]:
        return {
            "programm": self.programm,
            "text": self.text,
            "von": self.von.isoformat() if self.von else None,
            "bis": self.bis.isoformat() if self.bis else None,
            "status": self.status(stichtag),
            "tage": self.tage(stichtag),
            "quelle": quellen_text(self.quellen),
            "abgeleitet": self.abgeleitet,
            **({"weich": True, "pruefen": self.pruefen} if self.pruefen else {}),
        }

    @property
    def abgeleitet(self) -> bool:
        """Beruht die Frist auf einer Ableitung (nicht so in den Unterlagen)?"""
        return any(q.abgeleitet for q in self.quellen)

    @property
    def bezeichnung(self) -> str:
        return f"{self.text} (abgeleitet)" if self.abgeleitet else self.text


def _datum(wert: object) -> date | None:
    return None if wert is UNBEKANNT else wert  # type: ignore[return-value]


def sammle_fristen(programme: list[Programm], stichtag: date | None = None) -> list[Frist]:
    """Die Fristen der Programme; mit datierten Werten die am ``stichtag`` geltenden (ohne
    Stichtag: heute)."""
    tag = stichtag or date.today()
    fristen: list[Frist] = []
    for p in (p.am(tag) for p in programme):
        if p.gueltigkeit is not None:
            von, bis, text, quellen = p.gueltigkeit
            fristen.append(Frist(p.id, text, von, bis, False, quellen, True))
        for k in p.kriterien:
            b = k.bedingung
            if b.art == "zeitraum" and (b.von or b.bis):
                fristen.append(
                    Frist(p.id, kriterium_text(k), _datum(b.von), _datum(b.bis), False, k.quellen)
                )
            elif b.art == "weiches_ende" and b.bis:
                text = kriterium_text(k)
                ende = _datum(b.bis)
                fristen.append(Frist(p.id, text, None, ende, False, k.quellen, False, b.pruefen))
        for k in p.kontingente:
            text = (
                f"Beratungskontingent {k.id} {k.name} (Modul {' oder '.join(map(str, k.module))})"
            )
            fristen.append(Frist(p.id, text, _datum(k.von), _datum(k.bis), False, k.quellen))
        for a in p.angebote:
            for f in a.finanzierung:
                if f.von or f.bis:
                    text = f"{f.traeger}: {a.text}"
                    fristen.append(Frist(p.id, text, f.von, f.bis, False, a.quellen))
        for t in p.termine:
            einzeln = t.von == t.bis
            fristen.append(
                Frist(p.id, t.text, None if einzeln else t.von, t.bis, einzeln, t.quellen)
            )
    return fristen


# ---------------------------------------------------------------------------------------------
# Zeitleiste im Terminal
# ---------------------------------------------------------------------------------------------

BREITE = 48  # höchstens so breit ist die Zeitachse
MIN_BREITE = 24


def _tag_als_zahl(tag: date) -> int:
    return tag.toordinal()


def zeitleiste(
    fristen: list[Frist], stichtag: date, namen: dict[str, str], spalten: int | None = None
) -> str:
    """Eine Textgrafik: je Frist ein Balken auf einer gemeinsamen Zeitachse, Stichtag markiert.

    Je Frist zwei Zeilen: die Bezeichnung, darunter der Balken und der Stand. ``spalten``:
    Breite der Ausgabe (ohne Angabe 80); die Achse wird so schmal, dass Balken und Stand in eine
    Zeile passen (ein sehr langer Stand wird vom Aufrufer umbrochen).
    """
    spalten = spalten or 80
    daten = [d for f in fristen for d in (f.von, f.bis) if d] + [stichtag]
    anfang = date(min(daten).year, 1, 1)
    ende = date(max(daten).year, 12, 31)
    spanne = _tag_als_zahl(ende) - _tag_als_zahl(anfang)
    staende = [_status_kurz(f, stichtag) for f in fristen if not f.pruefen]
    laengster = max((len(t) for t in staende), default=30)
    breite = max(MIN_BREITE, min(BREITE, spalten - 4 - 2 - laengster))

    def spalte(tag: date) -> int:
        return round((_tag_als_zahl(tag) - _tag_als_zahl(anfang)) / spanne * (breite - 1))

    marke = spalte(stichtag)
    achse = [" "] * breite
    for jahr in range(anfang.year, ende.year + 1):
        text = str(jahr) if breite >= 40 else f"{jahr % 100:02d}"
        pos = spalte(date(jahr, 1, 1))
        frei = pos == 0 or achse[pos - 1] == " "
        if (
            pos + len(text) <= breite
            and frei
            and all(c == " " for c in achse[pos : pos + len(text)])
        ):
            achse[pos : pos + len(text)] = text
    zeilen = [f"Stichtag {formatiere_datum(stichtag)} (│ in der Zeitleiste)", ""]
    zeilen.append(f"    {''.join(achse)}".rstrip())
    aktuelles_programm = None
    for f in sorted(fristen, key=lambda f: _reihenfolge(f, namen)):
        if f.programm != aktuelles_programm:
            aktuelles_programm = f.programm
            zeilen.append(namen.get(f.programm, f.programm))
        balken = ["·"] * breite
        if f.stichtag_datum and f.bis:
            balken[spalte(f.bis)] = "◆"
        elif f.von or f.bis:
            start = spalte(f.von) if f.von else 0
            stopp = spalte(f.bis) if f.bis else breite - 1
            for i in range(start, stopp + 1):
                balken[i] = "█"
            if f.von is None:
                balken[0] = "◀"
            if f.bis is None:
                balken[-1] = "▶"
        balken[marke] = "│" if balken[marke] == "·" else "┃"
        zeilen.append(f"  {f.bezeichnung}")
        zeilen.append(f"    {''.join(balken)}  {_status_kurz(f, stichtag)}")
    return "\n".join(zeilen)


def noch_offen(
    fristen: list[Frist], stichtag: date, kurznamen: dict[str, str]
) -> list[tuple[str, date | None, bool]]:
    """Die Programme mit einer Frist, die am Stichtag läuft oder noch beginnt, oder deren
    weiches Ende überschritten ist (dann ist zu prüfen, ob sie noch gilt): (Kurzname, spätestes
    Ende, weich), in der Reihenfolge der Programme."""
    offen: dict[str, tuple[date | None, bool]] = {}
    for f in fristen:
        status = f.status(stichtag)
        weich = status == ABGELAUFEN and bool(f.pruefen)
        if f.stichtag_datum or (status not in (LAEUFT, BEGINNT) and not weich):
            continue
        if f.programm in offen:
            bisher, bisher_weich = offen[f.programm]
            if bisher is None or (f.bis is not None and f.bis <= bisher and not bisher_weich):
                continue
        offen[f.programm] = (f.bis, weich)
    reihenfolge = list(kurznamen)
    return [
        (kurznamen.get(pid, pid), bis, weich)
        for pid, (bis, weich) in sorted(
            offen.items(),
            key=lambda t: reihenfolge.index(t[0]) if t[0] in reihenfolge else len(reihenfolge),
        )
    ]


def _reihenfolge(f: Frist, namen: dict[str, str]) -> tuple:
    """Nach Programm; darin der Förderzeitraum zuerst, dann nach Ende."""
    ids = list(namen)
    rang = ids.index(f.programm) if f.programm in ids else len(ids)
    return (rang, not f.ist_zeitraum_des_programms, f.bis or date.max, f.text)


def _status_kurz(f: Frist, stichtag: date) -> str:
    status = f.status(stichtag)
    tage = f.tage(stichtag)
    if f.stichtag_datum and f.bis and status == LAEUFT:
        return f"Frist am {formatiere_datum(f.bis)} (in {tage_text(tage)})"
    if f.stichtag_datum and f.bis:
        return f"Frist war am {formatiere_datum(f.bis)} (vor {tage_text(tage)})"
    if status == LAEUFT and f.bis:
        return f"läuft bis {formatiere_datum(f.bis)} (noch {tage_text(tage, 'nominativ')})"
    if status == LAEUFT:
        return "läuft (ohne Enddatum)"
    if status == ABGELAUFEN and f.pruefen:
        return f"weiches Ende {formatiere_datum(f.bis)} (vor {tage_text(tage)}): {f.pruefen}"
    if status == ABGELAUFEN:
        return f"abgelaufen am {formatiere_datum(f.bis)} (vor {tage_text(tage)})"
    if status == BEGINNT:
        return f"beginnt am {formatiere_datum(f.von)} (in {tage_text(tage)})"
    return "ohne Frist in den Unterlagen"

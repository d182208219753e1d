"""Zeile für Zeile auswerten: Kommune bestimmen, Programme wählen, Zellen lesen (GUIDE §2.1c).

Jede Zelle geht durch denselben Eingabeweg wie ``check`` (:mod:`ozg_foerder.api`): dieselben
Leser (deutsche Zahlen, ``18 %``, Excel-Zahlen, Daten, ja/nein/x), dieselbe Kommunensuche,
dieselbe Prüfung der erforderlichen Angaben und dieselben Meldungen – hier nur mit Zeile und
Spalte davor. Schnell bleibt das, weil der Eingabeweg gleiche Rohwerte je Spalte nur einmal liest
(begrenzter Zwischenspeicher).

* Eine Zeile, deren Kommune sich nicht bestimmen lässt (unbekannt, mehrdeutig), ist eine
  Fehlerzeile: kein Programm, nichts in einer Summe. Die Spalte ``kreis`` (oder ``--kreis``)
  sucht den Namen in einem Landkreis.
* Ohne ``--programm`` bekommt eine Zeile ein Programm, wenn eine seiner eigenen Spalten gefüllt
  ist (:mod:`.spalten`); Programme, die nur eine Kommune brauchen, bekommt jede Zeile mit einer.
  Fehlt dann eine erforderliche Angabe, ist das ein Fehler der Zeile für dieses Programm.
* Eine Zelle, die sich nicht lesen lässt, ist ein Zeilenfehler mit Zeile, Spalte, Wert und Grund;
  das Programm, zu dem sie gehört, wird in dieser Zeile nicht ausgewertet, andere schon.
* Excels eigene Summenzeile (erste Textzelle „Summe“, „Gesamt“, „Insgesamt“ …) wird mit einem
  Hinweis übergangen.
* Verbünde: :mod:`.verbund`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from operator import itemgetter
from typing import Any

from ozg_foerder.api import (
    KOMMUNEN_GELESEN,
    fehlende_angaben,
    lies_kommune,
    lies_kreis,
    wertleser,
)
from ozg_foerder.batch.gedaechtnis import Gedaechtnis, typschluessel
from ozg_foerder.batch.quelle_basis import (
    FormelOhneWert,
    Fortschritt,
    Quelle,
    Unlesbar,
    ist_leer_zelle,
    zelltext,
)
from ozg_foerder.batch.spalten import Plan, ProgrammSpalten, spaltenbuchstabe
from ozg_foerder.batch.verbund import KOOPERATION, VORHABEN, Verbund, kombiniere, verbund_schluessel
from ozg_foerder.batch.zeile import Zeilenergebnis
from ozg_foerder.batch.zusammenfassung import Zusammenfassung
from ozg_foerder.eingaben.abbruch import pruefe_abbruch
from ozg_foerder.eingaben.werte import AngabeFehlt, EingabeFehler
from ozg_foerder.engine.auswertung import werte_aus

__all__ = ["Auswertung", "Zeilenergebnis", "ist_summenzeile"]

SUMMENWORTE = frozenset(
    {
        *("summe", "summen", "gesamt", "gesamtsumme", "insgesamt", "zwischensumme"),
        *("endsumme", "total", "gesamtbetrag", "σ", "∑"),
    }
)


_ANFAENGE = tuple(SUMMENWORTE)
_ERSTE_ZEICHEN = frozenset(
    [*(w[0] for w in SUMMENWORTE), *(w[0].upper() for w in SUMMENWORTE), *"0123456789"]
)


def ist_summenzeile(zellen: list[Any]) -> str | None:
    """Der Text der ersten gefüllten Zelle, wenn sie eine Summenzeile einleitet, sonst ``None``."""
    erste = zellen[0] if zellen else None
    schnell = erste.__class__ is str and erste and not erste[0].isspace()
    if schnell and not erste[:16].casefold().startswith(_ANFAENGE):  # fast jede Zeile
        return None
    for zelle in zellen:
        if ist_leer_zelle(zelle) or not isinstance(zelle, str):
            continue  # die erste *Text*zelle zählt (davor z. B. eine laufende Nummer)
        text = zelle.strip()
        if text.replace(".", "").replace(",", "").isdigit():
            continue
        wort = text.casefold().replace(":", " ").split()[0]
        return text if wort in SUMMENWORTE else None
    return None


def _prozent(roh: Any) -> Any:
    """Eine Zelle unter einer %-Überschrift: ``18`` heißt 18 % (eine Excel-Prozentzelle, als
    Anteil bis 1 gespeichert, bleibt, wie sie ist)."""
    if roh.__class__ is str:
        return roh if "%" in roh or not roh.strip() else roh + " %"
    if isinstance(roh, int | float) and not isinstance(roh, bool) and abs(roh) > 1:
        return f"{roh} %"
    return roh


def _spalte(ps: ProgrammSpalten, name: str) -> int | None:
    """Die Spalte der Eingabe ``name`` (``None``: keine).

    Eine eigene Funktion, damit :meth:`Auswerter.zeile` keinen Generator-Ausdruck enthält: der
    machte dort Variablen zu Zellen – Objekte je Zeile und langsamere Zugriffe."""
    return next((s.index for s in ps.eingaben if s.name == name), None)


def _geaendert(name: str) -> Verbund:
    """Ein Verbund, den das Vorab-Lesen nicht kannte: die Datei hat sich inzwischen geändert."""
    verbund = Verbund(name)
    verbund.fehler = (
        f"Verbund „{name}“ war beim Vorab-Lesen nicht in der Datei – wurde sie während der "
        "Auswertung geändert? Bitte erneut auswerten."
    )
    return verbund


class _Leser:
    """Ein Programm des Plans, bereit zum Lesen: je Spalte der Leser aus dem Eingabeweg."""

    __slots__ = (
        "art",
        "erforderlich",
        "explizit",
        "gedaechtnis",
        "gezaehlt",
        "gleich",
        "kommune_namen",
        "mit_kommune",
        "pid",
        "programm",
        "ps",
        "roh",
        "spalten",
        "summiert",
        "zaehlt",
    )

    def __init__(self, ps: ProgrammSpalten) -> None:
        self.ps = ps
        # je Zeile gebraucht: einmal nachgeschlagen statt über ps
        self.pid = ps.id
        self.programm = ps.programm
        self.explizit = ps.explizit
        leser = [(s, wertleser(s.eingabe)) for s in ps.eingaben]
        # Spalten mit %-Überschrift ohne den Zwischenspeicher für Texte: ihre Zelle wird vor dem
        # Lesen ergänzt (``18`` → ``18 %``)
        self.spalten = tuple(
            (s.index, s.name, lies, {} if s.prozent else lies.gelesen, s.prozent)  # type: ignore[attr-defined]
            for s, lies in leser
        )
        self.kommune_namen = tuple(name for name, _ in ps.kommune_eingaben)
        v = ps.verbund or {}
        self.art: str | None = v.get("art", KOOPERATION) if v else None
        self.zaehlt: str | None = v.get("zaehlt")
        self.gezaehlt = self.zaehlt if self.art == KOOPERATION else None
        """Im Verbund gegeben (die Zahl der Partner), nicht aus der Zeile."""
        self.summiert: str | None = v.get("summiert") if self.art == VORHABEN else None
        self.gleich: tuple[str, ...] = tuple(v.get("gleich", ()))
        self.erforderlich = ps.programm.erforderlich
        # Was das Ergebnis des Programms in einer Zeile bestimmt: die Zellen seiner Eingaben und
        # eigenen Spalten, dazu die Kommune, wenn es sie liest oder an ihr eingeschaltet wird.
        indizes = sorted({s.index for s in ps.eingaben} | set(ps.eigene))
        if len(indizes) > 1:
            self.roh: Callable[[list[Any]], tuple[Any, ...]] = itemgetter(*indizes)
        elif indizes:
            i = indizes[0]
            self.roh = lambda zellen: (zellen[i],)
        else:
            self.roh = lambda zellen: ()
        self.mit_kommune = bool(self.kommune_namen) or ps.nur_kommune
        self.gedaechtnis = Gedaechtnis()


_NICHT_AN = object()
"""Gemerkt: das Programm kommt mit diesen Zellen nicht zur Anwendung."""

VORSCHLAEGE = 1000
"""Für so viele unbekannte Kommunennamen je Lauf sucht die Meldung ähnliche Namen (je Name etwa
eine Millisekunde); darüber nicht mehr – Zehntausende Tippfehler dauerten sonst Minuten."""


class Auswerter:
    """Wertet einzelne Zeilen nach einem :class:`Plan` aus."""

    def __init__(
        self, plan: Plan, stichtag: date, kreis: Any = None, nur_text: bool = False
    ) -> None:
        self.plan = plan
        self.nur_text = nur_text
        """Alle Zellen sind Text (CSV): der Schlüssel des Gedächtnisses braucht keine Typen."""
        self.stichtag = stichtag
        self.kreis = kreis
        """Landkreis aus ``--kreis`` (für Zeilen ohne eigene Angabe in der Spalte kreis)."""
        self.breite = len(plan.kopf)
        self.verbuende: dict[str, dict[str, Verbund]] = {}
        self.hinweise: list[str] = []
        self._leser = [_Leser(ps) for ps in plan.programme]
        self._vorschlaege_frei = VORSCHLAEGE
        """So viele unbekannte Kommunennamen bekommen noch ähnliche Namen vorgeschlagen."""
        self._mit_verbund = plan.verbund is not None
        self._kommune_schnell = plan.kommune if kreis is None and plan.kreis is None else None
        """Spalte der Kommune, wenn kein Kreis die Suche lenkt: dann gilt, was
        :data:`KOMMUNEN_GELESEN` zum Text der Zelle weiß (wie in :meth:`_kommune`)."""

    # -- Meldungen -----------------------------------------------------------------------------

    def _ort(self, nr: int, index: int) -> str:
        return f"Zeile {nr}, Spalte {spaltenbuchstabe(index)} „{self.plan.kopf[index]}“"

    def _melde(self, z: Zeilenergebnis, index: int | None, fehler: EingabeFehler) -> None:
        """Eine Meldung des Eingabewegs, mit Zeile und Spalte statt des Feldnamens."""
        if index is not None:
            if z._gemeldet is None:
                z._gemeldet = set()
            if index in z._gemeldet:
                return
            z._gemeldet.add(index)
        if index is not None and index < len(z.zellen):
            zelle = z.zellen[index]
            if zelle.__class__ is FormelOhneWert:
                fehler = EingabeFehler(
                    fehler.feld,
                    zelle,
                    "den Wert selbst eintragen oder die Datei in Excel öffnen und speichern "
                    "(dann steht das Ergebnis der Formel darin)",
                    grund=zelle.grund(),
                )
        feld = fehler.feld  # der Fehler ist zwischengespeichert: Feld danach zurücksetzen
        if index is None:
            fehler.feld = f"Zeile {z.tabellenzeile}: {feld}"
        else:
            fehler.feld = self._ort(z.tabellenzeile, index)
        try:
            z.fehler.append(fehler.meldung())
        finally:
            fehler.feld = feld

    def _melde_fehlt(self, z: Zeilenergebnis, ps: ProgrammSpalten, fehler: AngabeFehlt) -> None:
        spalte = _spalte(ps, fehler.feld)
        ort = (
            f"Zeile {z.tabellenzeile}, {fehler.feld}"
            if spalte is None
            else self._ort(z.tabellenzeile, spalte)
        )
        feld = fehler.feld
        fehler.feld = f"{ort} ({ps.id})"
        try:
            z.fehler.append(fehler.meldung())
        finally:
            fehler.feld = feld

    # -- Kommune -------------------------------------------------------------------------------

    def _kommune(self, z: Zeilenergebnis) -> None:
        """Die Kommune der Zeile (im Kreis); ein Fehler macht die Zeile zur Fehlerzeile."""
        plan = self.plan
        i = plan.kommune
        if i is None:
            return
        roh = z.zellen[i]
        if roh is None or roh == "" or (roh.__class__ is str and roh.isspace()):
            return
        kreis = self.kreis
        if kreis is None and plan.kreis is None and roh.__class__ is str:
            gefunden = KOMMUNEN_GELESEN.get(roh)  # schon einmal durch den Eingabeweg gefunden
            if gefunden is not None:
                z.kommune = gefunden[0]
                z.kommune_text = gefunden[0].name
                if gefunden[1]:
                    z._hinweise = gefunden[1]
                return
        if plan.kreis is not None and not ist_leer_zelle(z.zellen[plan.kreis]):
            try:
                kreis = lies_kreis(z.zellen[plan.kreis], "kreis")
            except EingabeFehler as fehler:
                self._melde(z, plan.kreis, fehler)
                z.kommune_fehler = True
                z.kommune_text = zelltext(roh)
                return
        try:
            kommune, hinweise = lies_kommune(
                roh, "kommune", kreis, vorschlaege=self._vorschlaege_frei > 0
            )
        except EingabeFehler as fehler:
            self._vorschlaege_frei -= 1
            if self._vorschlaege_frei == 0:
                self.hinweise.append(
                    f"Mehr als {VORSCHLAEGE} unbekannte Kommunennamen: für die weiteren werden "
                    "keine ähnlichen Namen mehr gesucht (die Suche kostet Zeit je Name)."
                )
            self._melde(z, i, fehler)
            z.kommune_fehler = True
            z.kommune_text = zelltext(roh)
            return
        z.kommune = kommune
        z.kommune_text = kommune.name
        if hinweise:
            z._hinweise = hinweise

    # -- ein Programm in einer Zeile -----------------------------------------------------------

    def _an(self, leser: _Leser, z: Zeilenergebnis) -> bool:
        """Kommt das Programm in dieser Zeile zur Anwendung?"""
        ps = leser.ps
        if ps.explizit:
            return True
        zellen = z.zellen
        for i in ps.eigene:
            roh = zellen[i]
            if roh is not None and roh != "" and not (roh.__class__ is str and roh.isspace()):
                return True
        if ps.nur_kommune:
            return z.kommune is not None or z.kommune_fehler
        return False

    def _lies(self, leser: _Leser, z: Zeilenergebnis, im_verbund: bool) -> Any:
        """Die Werte; ``None`` bei Fehlern, :data:`_NICHT_AN`, wenn das Programm in dieser Zeile
        nicht zur Anwendung kommt."""
        if not leser.explizit and not self._an(leser, z):
            return _NICHT_AN
        zellen = z.zellen
        werte: dict[str, Any] = {}
        kaputt = False
        text = self.nur_text  # CSV: jede Zelle ein Text, nie None, nie eine FormelOhneWert
        for index, name, lies, gelesen, prozent in leser.spalten:
            roh = zellen[index]
            if text or roh.__class__ is str:
                wert = gelesen.get(roh)
                if wert is not None:  # schon einmal durch den Eingabeweg gelesen
                    werte[name] = wert
                    continue
                if roh == "":
                    continue
            elif roh is None:
                continue
            if prozent:
                roh = _prozent(roh)
            try:
                wert = lies(roh)
            except EingabeFehler as fehler:
                self._melde(z, index, fehler)
                kaputt = True
                continue
            if wert is not None:
                werte[name] = wert
        if kaputt:
            return None
        if leser.kommune_namen and z.kommune is not None:
            for name in leser.kommune_namen:
                werte[name] = z.kommune
        gezaehlt = leser.gezaehlt if im_verbund else None
        for name in leser.erforderlich:  # schnell vorab; die Meldungen macht der Eingabeweg
            if name not in werte and name != gezaehlt:
                break
        else:
            return werte
        fehlend = fehlende_angaben(leser.programm, werte, (gezaehlt,) if gezaehlt else ())
        if fehlend:
            for fehler in fehlend:
                self._melde_fehlt(z, leser.ps, fehler)
            return None
        return werte

    def _verbund(self, leser: _Leser, z: Zeilenergebnis) -> tuple[str, str]:
        """(Schlüssel, Name) des Verbunds der Zeile für dieses Programm; leer ohne Verbund."""
        if leser.art is None or self.plan.verbund is None:
            return "", ""
        roh = z.zellen[self.plan.verbund]
        schluessel = verbund_schluessel(roh)
        return schluessel, (" ".join(zelltext(roh).split()) if schluessel else "")

    def _setze(self, leser: _Leser, werte: dict[str, Any], v: Verbund) -> None:
        v.ergaenze(werte)
        if leser.art == VORHABEN and leser.summiert:
            werte[leser.summiert] = v.summe
        elif leser.zaehlt:
            werte[leser.zaehlt] = v.kommunen

    # -- eine Zeile ----------------------------------------------------------------------------

    def _zellen(self, zellen: list[Any], ergebnis: Zeilenergebnis, nr: int) -> list[Any]:
        breite = self.breite
        if len(zellen) > breite:
            ueberzaehlig = [z for z in zellen[breite:] if not ist_leer_zelle(z)]
            if ueberzaehlig:
                ergebnis.fehler.append(
                    f"Zeile {nr}: {len(ueberzaehlig)} Zelle(n) rechts der letzten Spalte mit "
                    f"Namen (erste: „{ueberzaehlig[0]}“) – verschobene Spalten? Ist ein Komma in "
                    "einer Zahl nicht in Anführungszeichen, trennt es Spalten. Die Zeile wird "
                    "ohne diese Zellen ausgewertet."
                )
            return zellen[:breite]
        if len(zellen) < breite:
            return zellen + [""] * (breite - len(zellen))
        return zellen

    def _vorbereitet(self, nr: int, zellen: list[Any], melden: bool) -> Zeilenergebnis | None:
        """Die Zeile mit ihrer Kommune; ``None`` für leere Zeilen und Summenzeilen."""
        erste = zellen[0] if zellen else None
        if erste.__class__ is str and erste and not erste.isspace():
            # fast jede Zeile: die erste Zelle ist gefüllt, also die Zeile nicht leer; eine
            # Summenzeile nur, wenn sie mit einem Summenwort beginnt (wie in ist_summenzeile)
            if erste[0] in _ERSTE_ZEICHEN and erste[:16].casefold().startswith(_ANFAENGE):
                summe = ist_summenzeile(zellen)
            else:
                summe = None
        else:
            try:
                leer = not "".join(zellen).strip()  # CSV: nur Text, schnell
            except TypeError:  # Excel: Zahlen, Daten, None
                leer = all(ist_leer_zelle(zelle) for zelle in zellen)
            if leer:
                return None
            # eine leere erste Zelle: die erste Textzelle zählt; nur Leerzeichen: keine Summe
            summe = ist_summenzeile(zellen) if erste.__class__ is not str or not erste else None
        if summe is not None:
            if melden:
                self.hinweise.append(
                    f"Zeile {nr} („{summe}“) ist eine Summenzeile der Tabelle und wird "
                    "übergangen; die Summen stehen in dieser Zusammenfassung."
                )
            return None
        z = Zeilenergebnis(nr, zellen)
        if len(zellen) != self.breite:
            z.zellen = zellen = self._zellen(zellen, z, nr)
        i = self._kommune_schnell
        if i is not None and zellen[i].__class__ is str:
            # der häufige Fall ohne Aufruf: dieser Name wurde schon einmal gefunden
            gefunden = KOMMUNEN_GELESEN.get(zellen[i])
            if gefunden is not None:
                z.kommune = kommune = gefunden[0]
                z.kommune_text = kommune.name
                if gefunden[1]:
                    z._hinweise = gefunden[1]
                return z
        self._kommune(z)
        return z

    def zeile(self, nr: int, zellen: list[Any]) -> Zeilenergebnis | None:
        """Wertet eine Zeile aus; ``None`` für eine leere Zeile oder eine Summenzeile."""
        if zellen.__class__ is Unlesbar:
            ergebnis = Zeilenergebnis(nr, [""] * self.breite)
            ergebnis.fehler.append(f"Zeile {nr}: {zellen.grund}")  # type: ignore[attr-defined]
            return ergebnis
        z = self._vorbereitet(nr, zellen, True)  # ohne Schlüsselwort: der schnellere Aufruf
        if z is None:
            return None
        if z.kommune_fehler:  # eine Kommune, die sich nicht bestimmen lässt: kein Programm
            z.fehler_programme.extend(self._angewendet(z))
            return z
        angewendet = False
        stichtag = self.stichtag
        mit_verbund = self._mit_verbund
        for leser in self._leser:
            v = None
            if mit_verbund and leser.art is not None:
                schluessel, name = self._verbund(leser, z)
                if schluessel:
                    v = self.verbuende.get(leser.pid, {}).get(schluessel) or _geaendert(name)
            merken = None
            if v is None and leser.gedaechtnis.an:
                gedaechtnis = leser.gedaechtnis
                merken = self._schluessel(leser, z)
                gemerkt = gedaechtnis.hole(merken)
                if gemerkt is _NICHT_AN:
                    continue
                if gemerkt is not None:
                    angewendet = True
                    z.ergebnisse[leser.pid] = gemerkt
                    continue
                fehler_vorher = len(z.fehler)
            werte = self._lies(leser, z, v is not None)
            if werte.__class__ is not dict:
                if werte is _NICHT_AN:
                    if merken is not None and len(z.fehler) == fehler_vorher:
                        gedaechtnis.merke(merken, _NICHT_AN)
                else:  # unlesbare Zellen, fehlende Angaben
                    angewendet = True
                    z.fehler_programme.append(leser.pid)
                continue
            angewendet = True
            if v is not None:
                if v.fehler:
                    z.fehler.append(f"Zeile {nr}: {leser.pid}: {v.fehler}")
                    z.fehler_programme.append(leser.pid)
                    continue
                self._setze(leser, werte, v)
            try:
                e = werte_aus(leser.programm, werte, stichtag)
            except EingabeFehler as fehler:
                # Werte, die nur zusammen unmöglich sind (Beratung: Module 3 und 4)
                self._melde(z, _spalte(leser.ps, fehler.feld), fehler)
                z.fehler_programme.append(leser.pid)
                continue
            if v is not None:
                e = kombiniere(e, v.stand)
                if not z.verbund:
                    z.verbund = {}
                z.verbund[leser.pid] = v.teil(e)  # type: ignore[index]
            if z._hinweise and leser.kommune_namen:
                e.weitere_hinweise.extend(z._hinweise)
            z.ergebnisse[leser.pid] = e
            if merken is not None and len(z.fehler) == fehler_vorher:
                gedaechtnis.merke(merken, e)  # ab hier nur noch gelesen, von allen gleichen Zeilen
        if not angewendet and not z.fehler:
            z.fehler.append(f"Zeile {nr}: {self._nichts_auszuwerten()}")
        return z

    def _angewendet(self, z: Zeilenergebnis) -> list[str]:
        """Die Programme, die in der Zeile zur Anwendung kämen."""
        return [le.ps.id for le in self._leser if self._an(le, z)]

    def _schluessel(self, leser: _Leser, z: Zeilenergebnis) -> Any:
        """Schlüssel des Gedächtnisses für diese Zeile."""
        roh = leser.roh(z.zellen)
        if not self.nur_text:
            roh = typschluessel(roh)
        if not leser.mit_kommune:
            return roh
        # Die Kommune als Objekt (gleich, wie sie geschrieben war), die Hinweise ihrer Suche
        # („gemeint ist …“) gehören zum Ergebnis.
        return (roh, z.kommune, z._hinweise if leser.kommune_namen else None)

    def _nichts_auszuwerten(self) -> str:
        teile = [
            f"{ps.id} braucht eine der Spalten " + ", ".join(self.plan.kopf[i] for i in ps.eigene)
            for ps in self.plan.programme
            if ps.eigene
        ]
        teile += [f"{ps.id} braucht eine Kommune" for ps in self.plan.programme if ps.nur_kommune]
        return (
            "Keine Angaben, mit denen sich ein Programm auswerten lässt (" + "; ".join(teile) + ")."
        )

    # -- Verbünde vorab ------------------------------------------------------------------------

    def bereite_verbuende_vor(
        self, quelle: Quelle, fortschritt: Callable[[str], Fortschritt | None]
    ) -> None:
        """Liest die Datei vorab: erst die Partner je Verbund, dann ihre Voraussetzungen."""
        leser = [le for le in self._leser if le.art is not None]
        if not leser or self.plan.verbund is None:
            return
        for le in leser:
            self.verbuende[le.ps.id] = {}
        for z in self._verbundzeilen(quelle, fortschritt("Verbünde zählen")):
            for le in leser:
                schluessel, name = self._verbund(le, z)
                alle = self.verbuende[le.ps.id]
                v = alle.get(schluessel)
                if z.kommune_fehler:
                    if self._an(le, z):
                        if v is None:
                            v = alle[schluessel] = Verbund(name, le.art or KOOPERATION)
                        v.partnerfehler(z.tabellenzeile, z.kommune_text or "", z.fehler[0])
                    continue
                werte = self._lies(le, z, True)
                if werte is _NICHT_AN:
                    continue
                if v is None:
                    v = alle[schluessel] = Verbund(name, le.art or KOOPERATION)
                kommune = z.kommune_text or ""
                if werte is None:
                    grund = z.fehler[-1] if z.fehler else "nicht lesbar"
                    v.partnerfehler(z.tabellenzeile, kommune, grund)
                    continue
                gleich = {n: werte.get(n) for n in le.gleich}
                v.zaehle(
                    z.tabellenzeile,
                    kommune,
                    werte.get(le.zaehlt) if le.art == KOOPERATION and le.zaehlt else None,
                    werte.get(le.summiert) if le.summiert else None,
                    gleich,
                )
        offen = False
        for le in leser:
            for v in self.verbuende[le.ps.id].values():
                v.schliesse(le.zaehlt)
                offen = offen or v.fehler is None
        if not offen:
            return
        for z in self._verbundzeilen(quelle, fortschritt("Verbünde prüfen")):
            if z.kommune_fehler:
                continue
            for le in leser:
                schluessel, _ = self._verbund(le, z)
                v = self.verbuende[le.ps.id].get(schluessel)
                if v is None or v.fehler:
                    continue
                werte = self._lies(le, z, True)
                if werte is _NICHT_AN or werte is None:
                    continue
                self._setze(le, werte, v)
                partner = v.partner_text(z.kommune_text or "", z.tabellenzeile)
                try:
                    v.erfasse(
                        werte_aus(le.ps.programm, werte, self.stichtag), partner, z.tabellenzeile
                    )
                except EingabeFehler as fehler:
                    v.partnerfehler(z.tabellenzeile, z.kommune_text or "", fehler.meldung())

    def _verbundzeilen(self, quelle: Quelle, fortschritt: Fortschritt | None) -> Iterator[Any]:
        spalte = self.plan.verbund
        assert spalte is not None
        for nr, zellen in quelle.zeilen(fortschritt):
            if zellen.__class__ is Unlesbar or spalte >= len(zellen):
                continue
            if not verbund_schluessel(zellen[spalte]):
                continue
            z = self._vorbereitet(nr, zellen, melden=False)
            if z is not None:
                yield z


class Auswertung:
    """Ein Batch-Lauf über eine Datei: Plan, Zeilen (einmal iterierbar), Zusammenfassung.

    ``for z in auswertung.zeilen(): ...`` liest die Datei (bei Verbünden vorab noch zweimal)
    und liefert je nicht leerer Datenzeile ein :class:`Zeilenergebnis`. Danach ist
    :attr:`zusammenfassung` vollständig.
    """

    def __init__(
        self,
        quelle: Quelle,
        plan: Plan,
        stichtag: date,
        kreis: Any = None,
        summen: str | None = None,
    ) -> None:
        self.quelle = quelle
        self.plan = plan
        self.stichtag = stichtag
        self.kreis = kreis
        self.zusammenfassung = Zusammenfassung(plan, stichtag, summen)
        self._gelesen = False

    @property
    def programme(self) -> list[ProgrammSpalten]:
        return self.plan.programme

    @property
    def hinweise(self) -> list[str]:
        return self.plan.hinweise

    def zeilen(
        self, fortschritt: Callable[[str], Fortschritt | None] | None = None
    ) -> Iterator[Zeilenergebnis]:
        """Die Zeilenergebnisse; ``fortschritt(phase)`` liefert je Lesedurchgang einen Rückruf."""
        phase = fortschritt or (lambda _: None)
        auswerter = self.beginne(phase)
        yield from self.werte_zeilen_aus(auswerter, self.quelle.zeilen(phase("Auswerten")))

    def beginne(self, phase: Callable[[str], Fortschritt | None]) -> Auswerter:
        """Der :class:`Auswerter` des Laufs, Verbünde schon vorab gelesen (einmal je Auswertung)."""
        if self._gelesen:
            raise RuntimeError("Eine Auswertung lässt sich nur einmal lesen.")
        self._gelesen = True
        auswerter = Auswerter(
            self.plan, self.stichtag, self.kreis, nur_text=self.quelle.art == "csv"
        )
        auswerter.bereite_verbuende_vor(self.quelle, phase)
        self.zusammenfassung.hinweise = auswerter.hinweise
        return auswerter

    def werte_zeilen_aus(
        self, auswerter: Auswerter, zeilen: Iterable[tuple[int, list[Any]]]
    ) -> Iterator[Zeilenergebnis]:
        """Wertet ``zeilen`` (Nummer, Zellen) der Reihe nach aus und erfasst sie in der
        Zusammenfassung; leere Zeilen und Summenzeilen fallen weg."""
        erfasse = self.zusammenfassung.erfasse
        zeile = auswerter.zeile
        nummer = 0
        for nr, zellen in zeilen:
            if nr % 512 == 0:
                pruefe_abbruch()  # ein Signal, dessen Ausnahme Python verschluckt hat
            ergebnis = zeile(nr, zellen)
            if ergebnis is None:
                continue
            nummer += 1
            ergebnis.zeile = nummer
            erfasse(ergebnis)
            yield ergebnis

    @property
    def exit_code(self) -> int:
        """0: alle Zeilen ausgewertet, 1: Zeilen mit Fehlern."""
        return 1 if self.zusammenfassung.fehlerzeilen else 0

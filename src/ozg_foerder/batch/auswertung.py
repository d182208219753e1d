"""Zeile für Zeile auswerten: Zellen lesen, Kommune auflösen, Programme prüfen, Fehler sammeln.

Jede Zelle geht durch ``EingabeDef.lies`` der Eingabe, zu der ihre Spalte gehört (deutsche
Zahlen, ``18 %``, Excel-Gleitkommazahlen, Daten, ja/nein/x). Eine leere Zelle heißt "nicht
angegeben". Eine Zelle, die sich nicht lesen lässt, ist ein Zeilenfehler mit Zeile, Spalte, Wert
und Grund; das Programm, zu dem sie gehört, wird in dieser Zeile nicht ausgewertet, andere
Programme der Zeile schon (ihre Eingaben sind ja in Ordnung). Die Zeile zählt trotzdem als
fehlerhaft (Exit 1).

Was je Datei gleich ist (welche Spalte welche Eingabe ist, welcher Leser), steht im
:class:`~ozg_foerder.batch.spalten.Plan`; gleiche Zellinhalte einer Spalte werden nur einmal
gelesen (begrenzter Zwischenspeicher, der Speicher bleibt konstant).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from ..eingaben import EingabeFehler
from ..engine import Ergebnis, werte_aus
from .quelle import Fortschritt, Quelle, Unlesbar, ist_leer_zelle
from .spalten import Plan, ProgrammSpalten, spaltenbuchstabe
from .verbund import Verbund, VerbundTeil, kombiniere, verbund_schluessel
from .zusammenfassung import Zusammenfassung

__all__ = ["Auswertung", "Zeilenergebnis"]

_CACHE_GROESSE = 4096
_FEHLT = object()


class _Fehlerwert:
    """Zwischengespeichertes Ergebnis einer Zelle, die sich nicht lesen ließ."""

    __slots__ = ("fehler",)

    def __init__(self, fehler: EingabeFehler) -> None:
        self.fehler = fehler


class Zeilenergebnis:
    """Eine ausgewertete Datenzeile."""

    __slots__ = (
        "ergebnisse",
        "fehler",
        "fehler_programme",
        "kommune",
        "kommune_text",
        "tabellenzeile",
        "verbund",
        "zeile",
        "zellen",
    )

    def __init__(self, tabellenzeile: int, zellen: list[Any]) -> None:
        self.zeile = 0
        """Nummer der Datenzeile ab 1 (leere Zeilen nicht mitgezählt)."""
        self.tabellenzeile = tabellenzeile
        """Zeilennummer in der Tabellenkalkulation (Kopfzeile meist 1)."""
        self.zellen = zellen
        self.kommune: Any = None
        self.kommune_text: str | None = None
        self.ergebnisse: dict[str, Ergebnis] = {}
        self.verbund: dict[str, VerbundTeil] = {}
        self.fehler: list[str] = []
        self.fehler_programme: list[str] = []

    @property
    def gueltig(self) -> bool:
        return not self.fehler


class _Zeile:
    """Arbeitszustand während einer Zeile: Fehler einmal je Spalte, Kommunen einmal je Spalte."""

    __slots__ = ("ergebnis", "gemeldet", "hinweise", "kommunen", "nr", "zellen")

    def __init__(self, nr: int, zellen: list[Any], ergebnis: Zeilenergebnis) -> None:
        self.nr = nr
        self.zellen = zellen
        self.ergebnis = ergebnis
        self.gemeldet: set[int] | None = None
        self.kommunen: dict[int, Any] | None = None
        self.hinweise: list[str] = []


class Auswerter:
    """Wertet einzelne Zeilen nach einem :class:`Plan` aus."""

    def __init__(self, plan: Plan, stichtag: date) -> None:
        self.plan = plan
        self.stichtag = stichtag
        self.breite = len(plan.kopf)
        self.verbuende: dict[str, dict[str, Verbund]] = {}
        self._kommunen: dict[Any, Any] = {}
        self._leser = {
            ps.id: tuple((s.index, s.name, s.eingabe.lies, {}, s.eingabe) for s in ps.eingaben)
            for ps in plan.programme
        }

    # -- einzelne Zellen -------------------------------------------------------------------

    def _ort(self, nr: int, index: int) -> str:
        return f"Zeile {nr}, Spalte {spaltenbuchstabe(index)} „{self.plan.kopf[index]}“"

    def _melde(self, z: _Zeile, index: int, fehler: EingabeFehler) -> None:
        if z.gemeldet is None:
            z.gemeldet = set()
        if index in z.gemeldet:
            return
        z.gemeldet.add(index)
        feld = fehler.feld
        fehler.feld = self._ort(z.nr, index)  # zwischengespeicherte Fehler: Feld zurücksetzen
        try:
            z.ergebnis.fehler.append(fehler.meldung())
        finally:
            fehler.feld = feld

    def _kommune(self, z: _Zeile, index: int) -> Any:
        """Die Kommune in Spalte ``index``: Kommune, ``None`` (leer) oder ``_FEHLT`` (Fehler)."""
        if z.kommunen is None:
            z.kommunen = {}
        elif index in z.kommunen:
            return z.kommunen[index]
        roh = z.zellen[index]
        if ist_leer_zelle(roh):
            wert = None
        else:
            schluessel = (type(roh), roh)
            gefunden = self._kommunen.get(schluessel)
            if gefunden is None:
                from ..kommunen import verzeichnis

                try:
                    gefunden = verzeichnis().suche(roh, "kommune")
                except EingabeFehler as fehler:
                    gefunden = _Fehlerwert(fehler)
                if len(self._kommunen) < _CACHE_GROESSE:
                    self._kommunen[schluessel] = gefunden
            if isinstance(gefunden, _Fehlerwert):
                self._melde(z, index, gefunden.fehler)
                wert = _FEHLT
            else:
                wert, hinweise = gefunden
                z.hinweise.extend(h for h in hinweise if h not in z.hinweise)
        z.kommunen[index] = wert
        return wert

    # -- ein Programm in einer Zeile --------------------------------------------------------

    def _programm(
        self, ps: ProgrammSpalten, z: _Zeile, verbund: Verbund | None
    ) -> tuple[bool, dict[str, Any] | None]:
        """(kommt zur Anwendung, Werte oder ``None`` bei Fehlern)."""
        zellen = z.zellen
        werte: dict[str, Any] = {}
        vorhanden: set[str] = set()
        kaputt = False
        for index, name, lies, cache, _ in self._leser[ps.id]:
            roh = zellen[index]
            if roh is None:
                continue
            if roh.__class__ is str:
                wert = cache.get(roh, _FEHLT)
                if wert is _FEHLT:
                    try:
                        wert = lies(roh)
                    except EingabeFehler as fehler:
                        wert = _Fehlerwert(fehler)
                    if len(cache) < _CACHE_GROESSE:
                        cache[roh] = wert
            else:
                try:
                    wert = lies(roh)
                except EingabeFehler as fehler:
                    wert = _Fehlerwert(fehler)
            if wert is None:
                continue
            vorhanden.add(name)
            if wert.__class__ is _Fehlerwert:
                self._melde(z, index, wert.fehler)
                kaputt = True
            else:
                werte[name] = wert
        for name, index in ps.kommune_eingaben:
            kommune = self._kommune(z, index)
            if kommune is None:
                continue
            vorhanden.add(name)
            if kommune is _FEHLT:
                kaputt = True
            else:
                werte[name] = kommune
        if verbund is not None:
            vorhanden.add(ps.verbund_zaehlt or "")
        if not ps.explizit and not (ps.wenn and all(n in vorhanden for n in ps.wenn)):
            return False, None
        if kaputt:
            return True, None
        if ps.explizit:
            fehlend = [n for n in ps.erforderlich if n not in vorhanden]
            if fehlend:
                p = ps.programm
                for n in fehlend:
                    e = p.eingaben[n]
                    z.ergebnis.fehler.append(
                        f"Zeile {z.nr}: {p.id} braucht „{n}“ ({e.text}), die Zelle ist leer. "
                        f"Erlaubt: {e.erlaubt()}"
                    )
                return True, None
        return True, werte

    def _verbund(self, ps: ProgrammSpalten, zellen: list[Any]) -> Verbund | None:
        if ps.verbund_zaehlt is None or self.plan.verbund is None:
            return None
        schluessel = verbund_schluessel(zellen[self.plan.verbund])
        if not schluessel:
            return None
        return self.verbuende[ps.id][schluessel]

    # -- eine Zeile --------------------------------------------------------------------------

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
            return zellen + [None] * (breite - len(zellen))
        return zellen

    def zeile(self, nr: int, zellen: list[Any]) -> Zeilenergebnis | None:
        """Wertet eine Zeile aus; ``None`` für eine leere Zeile."""
        if zellen.__class__ is Unlesbar:
            ergebnis = Zeilenergebnis(nr, [])
            ergebnis.fehler.append(f"Zeile {nr}: {zellen.grund}")  # type: ignore[attr-defined]
            return ergebnis
        for zelle in zellen:
            if not ist_leer_zelle(zelle):
                break
        else:
            return None
        ergebnis = Zeilenergebnis(nr, zellen)
        zellen = self._zellen(zellen, ergebnis, nr)
        ergebnis.zellen = zellen
        z = _Zeile(nr, zellen, ergebnis)
        plan = self.plan
        if plan.kommune is not None:
            roh = zellen[plan.kommune]
            kommune = self._kommune(z, plan.kommune)
            if kommune is not None and kommune is not _FEHLT:
                ergebnis.kommune = kommune
                ergebnis.kommune_text = kommune.name
            elif kommune is _FEHLT:
                ergebnis.kommune_text = str(roh).strip()
        angewendet = False
        for ps in plan.programme:
            verbund = self._verbund(ps, zellen)
            anwenden, werte = self._programm(ps, z, verbund)
            if not anwenden:
                continue
            angewendet = True
            if werte is None:
                ergebnis.fehler_programme.append(ps.id)
                continue
            if verbund is not None:
                if verbund.fehler:
                    ergebnis.fehler.append(f"Zeile {nr}: {verbund.fehler}")
                    ergebnis.fehler_programme.append(ps.id)
                    continue
                werte[ps.verbund_zaehlt] = verbund.kommunen  # type: ignore[index]
            e = werte_aus(ps.programm, werte, self.stichtag)
            if verbund is not None:
                e = kombiniere(e, verbund.stati)
                ergebnis.verbund[ps.id] = verbund.teil(e.betrag)
            if z.hinweise and ps.kommune_eingaben:
                e.weitere_hinweise.extend(z.hinweise)
            ergebnis.ergebnisse[ps.id] = e
        if not angewendet and not ergebnis.fehler:
            ergebnis.fehler.append(f"Zeile {nr}: {self._nichts_auszuwerten()}")
        return ergebnis

    def _nichts_auszuwerten(self) -> str:
        from .spalten import _spalten_text

        teile = [
            f"{ps.id} braucht {_spalten_text(ps.programm, ps.wenn)}"
            for ps in self.plan.programme
            if ps.wenn
        ]
        return (
            "Keine Angaben, mit denen sich ein Programm auswerten lässt (" + "; ".join(teile) + ")."
        )

    # -- Verbünde vorab ----------------------------------------------------------------------

    def bereite_verbuende_vor(
        self, quelle: Quelle, fortschritt: Callable[[str], Fortschritt | None]
    ) -> None:
        """Liest die Datei vorab: Verbünde zählen, dann ihre Voraussetzungen zusammenfassen."""
        programme = [ps for ps in self.plan.programme if ps.verbund_zaehlt]
        spalte = self.plan.verbund
        if not programme or spalte is None:
            return
        for ps in programme:
            self.verbuende[ps.id] = {}
        zaehl_spalten = {
            ps.id: next(
                ((i, lies) for i, n, lies, _, _ in self._leser[ps.id] if n == ps.verbund_zaehlt),
                None,
            )
            for ps in programme
        }
        for _, zellen in quelle.zeilen(fortschritt("Verbünde zählen")):
            if zellen.__class__ is Unlesbar or spalte >= len(zellen):
                continue
            roh = zellen[spalte]
            schluessel = verbund_schluessel(roh)
            if not schluessel:
                continue
            for ps in programme:
                v = self.verbuende[ps.id].get(schluessel)
                if v is None:
                    v = self.verbuende[ps.id][schluessel] = Verbund(" ".join(str(roh).split()))
                v.zeilen += 1
                zaehl = zaehl_spalten[ps.id]
                if zaehl is not None and zaehl[0] < len(zellen):
                    try:
                        wert = zaehl[1](zellen[zaehl[0]])
                    except EingabeFehler:
                        wert = None  # wird in der Auswertung als Zeilenfehler gemeldet
                    if wert is not None:
                        v.explizit.add(wert)
        offen = False
        for ps in programme:
            for v in self.verbuende[ps.id].values():
                v.schliesse(ps.verbund_zaehlt or "")
                offen = offen or v.fehler is None
        if not offen:
            return
        for nr, zellen in quelle.zeilen(fortschritt("Verbünde prüfen")):
            if zellen.__class__ is Unlesbar:
                continue
            schluessel = verbund_schluessel(zellen[spalte] if spalte < len(zellen) else None)
            if not schluessel:
                continue
            ergebnis = Zeilenergebnis(nr, zellen)
            zellen = self._zellen(zellen, ergebnis, nr)
            z = _Zeile(nr, zellen, ergebnis)
            for ps in programme:
                v = self.verbuende[ps.id][schluessel]
                if v.fehler:
                    continue
                _, werte = self._programm(ps, z, v)
                if werte is None:
                    v.erfasse(None, nr)
                    continue
                werte[ps.verbund_zaehlt] = v.kommunen  # type: ignore[index]
                v.erfasse(werte_aus(ps.programm, werte, self.stichtag), nr)


class Auswertung:
    """Ein Batch-Lauf über eine Datei: Plan, Zeilen (einmal iterierbar), Zusammenfassung.

    ``for z in auswertung.zeilen(): ...`` liest die Datei (bei Verbünden vorab noch zweimal)
    und liefert je nicht leerer Datenzeile ein :class:`Zeilenergebnis`. Danach ist
    :attr:`zusammenfassung` vollständig.
    """

    def __init__(self, quelle: Quelle, plan: Plan, stichtag: date) -> None:
        self.quelle = quelle
        self.plan = plan
        self.stichtag = stichtag
        self.zusammenfassung = Zusammenfassung(plan, stichtag)
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
        if self._gelesen:
            raise RuntimeError("Eine Auswertung lässt sich nur einmal lesen.")
        self._gelesen = True
        phase = fortschritt or (lambda _: None)
        auswerter = Auswerter(self.plan, self.stichtag)
        auswerter.bereite_verbuende_vor(self.quelle, phase)
        erfasse = self.zusammenfassung.erfasse
        zeile = auswerter.zeile
        nummer = 0
        for nr, zellen in self.quelle.zeilen(phase("Auswerten")):
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

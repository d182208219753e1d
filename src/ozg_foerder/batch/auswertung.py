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

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from ozg_foerder.batch.quelle import Fortschritt, Quelle, Unlesbar, ist_leer_zelle
from ozg_foerder.batch.spalten import Plan, ProgrammSpalten, spaltenbuchstabe
from ozg_foerder.batch.verbund import Verbund, VerbundTeil, kombiniere, verbund_schluessel
from ozg_foerder.batch.zusammenfassung import Zusammenfassung
from ozg_foerder.eingaben.werte import EingabeFehler
from ozg_foerder.engine.auswertung import Ergebnis, werte_aus

__all__ = ["Auswertung", "Zeilenergebnis"]

_CACHE_GROESSE = 4096
_FEHLT = object()
_KEIN_VERBUND: Mapping[str, VerbundTeil] = MappingProxyType({})


def _geaendert(name: str) -> Verbund:
    """Ein Verbund, den das Vorab-Lesen nicht kannte: die Datei hat sich inzwischen geändert."""
    verbund = Verbund(name)
    verbund.fehler = (
        f"Verbund „{name}“ war beim Vorab-Lesen nicht in der Datei – wurde sie während der "
        "Auswertung geändert? Bitte erneut auswerten."
    )
    return verbund


class _Fehlerwert:
    """Zwischengespeichertes Ergebnis einer Zelle, die sich nicht lesen ließ."""

    __slots__ = ("fehler",)

    def __init__(self, fehler: EingabeFehler) -> None:
        self.fehler = fehler


class Zeilenergebnis:
    """Eine ausgewertete Datenzeile."""

    __slots__ = (
        "_gemeldet",
        "_hinweise",
        "_k_index",
        "_k_wert",
        "_kommunen",
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
        self.verbund: Mapping[str, VerbundTeil] = _KEIN_VERBUND
        self.fehler: list[str] = []
        self.fehler_programme: list[str] = []
        # Arbeitszustand der Auswertung: Fehler einmal je Spalte, Kommunen einmal je Spalte
        self._gemeldet: set[int] | None = None
        self._k_index = -1  # zuletzt aufgelöste Kommunenspalte (meist die einzige)
        self._k_wert: Any = None
        self._kommunen: dict[int, Any] | None = None
        self._hinweise: list[str] | None = None

    @property
    def gueltig(self) -> bool:
        return not self.fehler


class Auswerter:
    """Wertet einzelne Zeilen nach einem :class:`Plan` aus."""

    def __init__(self, plan: Plan, stichtag: date) -> None:
        self.plan = plan
        self.stichtag = stichtag
        self.breite = len(plan.kopf)
        self.verbuende: dict[str, dict[str, Verbund]] = {}
        self._kommunen: dict[Any, Any] = {}
        self._leser = {
            ps.id: tuple((s.index, s.name, s.eingabe.lies, {}) for s in ps.eingaben)
            for ps in plan.programme
        }
        self._programme = [
            (ps, self._leser[ps.id], ps.programm, ps.verbund_zaehlt is not None)
            for ps in plan.programme
        ]

    # -- einzelne Zellen -------------------------------------------------------------------

    def _ort(self, nr: int, index: int) -> str:
        return f"Zeile {nr}, Spalte {spaltenbuchstabe(index)} „{self.plan.kopf[index]}“"

    def _melde(self, z: Zeilenergebnis, index: int, fehler: EingabeFehler) -> None:
        if z._gemeldet is None:
            z._gemeldet = set()
        if index in z._gemeldet:
            return
        z._gemeldet.add(index)
        feld = fehler.feld  # der Fehler ist zwischengespeichert: Feld danach zurücksetzen
        fehler.feld = self._ort(z.tabellenzeile, index)
        try:
            z.fehler.append(fehler.meldung())
        finally:
            fehler.feld = feld

    def _kommune(self, z: Zeilenergebnis, index: int) -> Any:
        """Die Kommune in Spalte ``index``: Kommune, ``None`` (leer) oder ``_FEHLT`` (Fehler)."""
        if z._k_index == index:
            return z._k_wert
        if z._kommunen is not None and index in z._kommunen:
            return z._kommunen[index]
        roh = z.zellen[index]
        if roh is None or (roh.__class__ is str and (not roh or roh.isspace())):
            wert = None
        else:
            schluessel = roh if roh.__class__ is str else (type(roh), roh)
            gefunden = self._kommunen.get(schluessel)
            if gefunden is None:
                from ozg_foerder.eingaben.kommunen import verzeichnis

                try:
                    gefunden = verzeichnis().suche(roh, "kommune")
                except EingabeFehler as fehler:
                    gefunden = _Fehlerwert(fehler)
                if len(self._kommunen) < _CACHE_GROESSE:
                    self._kommunen[schluessel] = gefunden
            if gefunden.__class__ is _Fehlerwert:
                self._melde(z, index, gefunden.fehler)
                wert = _FEHLT
            else:
                wert, hinweise = gefunden
                if hinweise:
                    z._hinweise = [*(z._hinweise or ()), *hinweise]
        if z._k_index == -1:
            z._k_index, z._k_wert = index, wert
        else:
            if z._kommunen is None:
                z._kommunen = {}
            z._kommunen[index] = wert
        return wert

    # -- ein Programm in einer Zeile --------------------------------------------------------

    def _programm(
        self, ps: ProgrammSpalten, leser: tuple, z: Zeilenergebnis, verbund: Verbund | None
    ) -> tuple[bool, dict[str, Any] | None]:
        """(kommt zur Anwendung, Werte oder ``None`` bei Fehlern)."""
        zellen = z.zellen
        werte: dict[str, Any] = {}
        kaputt: list[str] | None = None  # gefüllt, aber nicht lesbar
        for index, name, lies, cache in leser:
            roh = zellen[index]
            if roh.__class__ is str:
                wert = cache.get(roh, _FEHLT)
                if wert is _FEHLT:
                    try:
                        wert = lies(roh)
                    except EingabeFehler as fehler:
                        wert = _Fehlerwert(fehler)
                    if len(cache) < _CACHE_GROESSE:
                        cache[roh] = wert
            elif roh is None:
                continue
            else:
                try:
                    wert = lies(roh)
                except EingabeFehler as fehler:
                    wert = _Fehlerwert(fehler)
            if wert is None:
                continue
            if wert.__class__ is _Fehlerwert:
                self._melde(z, index, wert.fehler)
                kaputt = [*(kaputt or ()), name]
            else:
                werte[name] = wert
        for name, index in ps.kommune_eingaben:
            kommune = self._kommune(z, index)
            if kommune is None:
                continue
            if kommune is _FEHLT:
                kaputt = [*(kaputt or ()), name]
            else:
                werte[name] = kommune
        wenn = ps.wenn
        if not ps.explizit:
            if not wenn:
                return False, None
            for n in wenn:
                if (
                    n not in werte
                    and not (kaputt and n in kaputt)
                    and (verbund is None or n != ps.verbund_zaehlt)
                ):
                    return False, None
        if kaputt:
            return True, None
        if ps.explizit:
            fehlend = [
                n
                for n in ps.erforderlich
                if n not in werte and (verbund is None or n != ps.verbund_zaehlt)
            ]
            if fehlend:
                self._fehlt(ps, z, fehlend)
                return True, None
        return True, werte

    def _melde_kombination(
        self, ps: ProgrammSpalten, z: Zeilenergebnis, fehler: EingabeFehler
    ) -> None:
        """Ein Eingabefehler der Auswertung selbst, gemeldet an der Spalte seines Felds."""
        spalten = {s.name: s.index for s in ps.eingaben}
        index = spalten.get(fehler.feld)
        if index is None:
            z.fehler.append(f"Zeile {z.tabellenzeile}: {fehler.meldung()}")
        else:
            self._melde(z, index, fehler)

    def _fehlt(self, ps: ProgrammSpalten, z: Zeilenergebnis, fehlend: list[str]) -> None:
        p = ps.programm
        spalten = {s.name: s.index for s in ps.eingaben}
        spalten.update(dict(ps.kommune_eingaben))
        for n in fehlend:
            e = p.eingaben[n]
            index = spalten.get(n)
            ort = f"Zeile {z.tabellenzeile}" if index is None else self._ort(z.tabellenzeile, index)
            z.fehler.append(
                f"{ort}: leer, aber für {p.id} erforderlich ({e.text}). Erlaubt: {e.erlaubt()}"
            )

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
            return zellen + [""] * (breite - len(zellen))
        return zellen

    def zeile(self, nr: int, zellen: list[Any]) -> Zeilenergebnis | None:
        """Wertet eine Zeile aus; ``None`` für eine leere Zeile."""
        if zellen.__class__ is Unlesbar:
            ergebnis = Zeilenergebnis(nr, [""] * self.breite)
            ergebnis.fehler.append(f"Zeile {nr}: {zellen.grund}")  # type: ignore[attr-defined]
            return ergebnis
        try:
            leer = not "".join(zellen).strip()  # CSV: nur Text, schnell
        except TypeError:  # Excel: Zahlen, Daten, None
            leer = all(ist_leer_zelle(zelle) for zelle in zellen)
        if leer:
            return None
        z = ergebnis = Zeilenergebnis(nr, zellen)
        if len(zellen) != self.breite:
            zellen = ergebnis.zellen = self._zellen(zellen, ergebnis, nr)
        plan = self.plan
        if plan.kommune is not None:
            kommune = self._kommune(z, plan.kommune)
            if kommune is _FEHLT:
                ergebnis.kommune_text = str(zellen[plan.kommune]).strip()
            elif kommune is not None:
                ergebnis.kommune = kommune
                ergebnis.kommune_text = kommune.name
        angewendet = False
        stichtag = self.stichtag
        for ps, leser, programm, mit_verbund in self._programme:
            verbund = None
            if mit_verbund:
                schluessel = verbund_schluessel(zellen[plan.verbund])  # type: ignore[index]
                if schluessel:
                    verbund = self.verbuende[ps.id].get(schluessel) or _geaendert(schluessel)
            anwenden, werte = self._programm(ps, leser, z, verbund)
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
            try:
                e = werte_aus(programm, werte, stichtag)
            except EingabeFehler as fehler:
                # Werte, die nur zusammen unmöglich sind (Beratung: Module 3 und 4)
                self._melde_kombination(ps, z, fehler)
                ergebnis.fehler_programme.append(ps.id)
                continue
            if verbund is not None:
                e = kombiniere(e, verbund.stati)
                if not ergebnis.verbund:
                    ergebnis.verbund = {}
                ergebnis.verbund[ps.id] = verbund.teil(e.betrag)
            if z._hinweise and ps.kommune_eingaben:
                e.weitere_hinweise.extend(z._hinweise)
            ergebnis.ergebnisse[ps.id] = e
        if not angewendet and not ergebnis.fehler:
            ergebnis.fehler.append(f"Zeile {nr}: {self._nichts_auszuwerten()}")
        return ergebnis

    def _nichts_auszuwerten(self) -> str:
        from ozg_foerder.batch.spalten import _spalten_text

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
                ((i, lies) for i, n, lies, _ in self._leser[ps.id] if n == ps.verbund_zaehlt),
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
                wert = None
                zaehl = zaehl_spalten[ps.id]
                if zaehl is not None and zaehl[0] < len(zellen):
                    try:
                        wert = zaehl[1](zellen[zaehl[0]])
                    except EingabeFehler:
                        wert = None  # wird in der Auswertung als Zeilenfehler gemeldet
                kommune = self.plan.kommune
                v.zaehle(
                    wert,
                    str(zellen[kommune] or "")
                    if kommune is not None and kommune < len(zellen)
                    else "",
                )
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
            z = Zeilenergebnis(nr, zellen)
            if len(zellen) != self.breite:
                zellen = z.zellen = self._zellen(zellen, z, nr)
            for ps in programme:
                v = self.verbuende[ps.id][schluessel]
                if v.fehler:
                    continue
                _, werte = self._programm(ps, self._leser[ps.id], z, v)
                if werte is None:
                    v.erfasse(None, nr)
                    continue
                werte[ps.verbund_zaehlt] = v.kommunen  # type: ignore[index]
                try:
                    v.erfasse(werte_aus(ps.programm, werte, self.stichtag), nr)
                except EingabeFehler:
                    v.erfasse(None, nr)  # wie ein unlesbarer Partner: seine Voraussetzungen offen


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

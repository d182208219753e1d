"""Die Regel-Engine: ein Programm für Eingaben an einem Stichtag auswerten. Rein, ohne Ein-/Ausgabe.

:func:`werte_aus` nimmt ein :class:`~ozg_foerder.programm.Programm` (aus dem Kompilat einer
Regeldatei, siehe :mod:`ozg_foerder.katalog`) und bereits gelesene Eingaben und liefert ein
:class:`Ergebnis`: den Status jedes Kriteriums (``erfuellt``, ``nicht_erfuellt``, ``offen``),
den Betrag als ``Decimal``, Hinweise und Quellen. Texte entstehen erst in
:mod:`ozg_foerder.ausgabe`.

Bausteine: :mod:`.quellen`, :mod:`.eingabedef` (Eingaben), :mod:`.bedingungen`,
:mod:`.formeln` (Beträge, abgeleitete Werte), :mod:`.programm`, :mod:`.kontingente`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ozg_foerder.engine.bedingungen import ERFUELLT, NICHT_ERFUELLT, OFFEN, KriteriumErgebnis
from ozg_foerder.engine.programm import AngebotDef, Finanzierung, HinweisDef, Programm

if TYPE_CHECKING:  # nur für Programme mit Beratungskontingenten geladen (Startzeit)
    from ozg_foerder.engine.kontingente import ModulStatus, Verteilung

__all__ = [
    "ERFUELLT",
    "FOERDERFAEHIG",
    "NICHT_ERFUELLT",
    "NICHT_FOERDERFAEHIG",
    "OFFEN",
    "Ergebnis",
    "schliesse_ab",
    "werte_aus",
]

FOERDERFAEHIG = "foerderfaehig"
NICHT_FOERDERFAEHIG = "nicht_foerderfaehig"
_GEMERKTE_ABSCHLUESSE = 1024


class Ergebnis:
    """Das Ergebnis einer Auswertung. Texte entstehen erst in :mod:`ozg_foerder.ausgabe`."""

    __slots__ = (
        "_hinweise",
        "angebote",
        "betrag",
        "ergebnis",
        "kommune",
        "kriterien",
        "ns",
        "programm",
        "stichtag",
        "veraltet",
        "verteilung",
        "weitere_hinweise",
    )

    def __init__(
        self,
        programm: Programm,
        stichtag: date,
        ergebnis: str,
        betrag: Decimal | None,
        kriterien: Sequence[KriteriumErgebnis],
        ns: dict[str, Any],
        verteilung: Verteilung | None = None,
        angebote: tuple[tuple[AngebotDef, str, Finanzierung | None], ...] = (),
        veraltet: bool = False,
        kommune: Any = None,
    ) -> None:
        self.programm = programm
        self.stichtag = stichtag
        self.ergebnis = ergebnis
        self.betrag = betrag
        self.kriterien = kriterien
        self.ns = ns
        self._hinweise: list[HinweisDef] | None = None
        self.verteilung = verteilung
        self.angebote = angebote
        self.veraltet = veraltet
        self.kommune = kommune
        self.weitere_hinweise: list[str] = []

    @property
    def hinweise(self) -> list[HinweisDef]:
        """Die zutreffenden Hinweise der Regeldatei (erst beim Lesen bestimmt: Batch braucht
        sie für CSV nicht)."""
        if self._hinweise is None:
            self._hinweise = _hinweise(self.programm, self.ergebnis, self.ns)
        return self._hinweise

    @property
    def offen(self) -> list[KriteriumErgebnis]:
        return [k for k in self.kriterien if k.status == OFFEN]

    @property
    def module(self) -> tuple[ModulStatus, ...]:
        return self.verteilung.module if self.verteilung else ()

    @property
    def tage_verfuegbar(self) -> Decimal | None:
        return self.verteilung.tage_verfuegbar if self.verteilung else None

    def wert(self, name: str) -> Any:
        return self.ns.get(name)


def werte_aus(programm: Programm, eingaben: dict[str, Any], stichtag: date) -> Ergebnis:
    """Wertet ``programm`` für bereits gelesene ``eingaben`` am ``stichtag`` aus.

    Fehlende Eingaben sind ``None`` ("nicht angegeben"). Die Funktion ist rein: gleiche
    Eingaben und gleicher Stichtag geben das gleiche Ergebnis. Gerechnet wird mit den am
    Stichtag geltenden Werten (:meth:`Programm.am`); ``Ergebnis.programm`` ist dieses Programm.
    """
    if programm._datiert:  # sonst ist es schon das Programm des Stichtags
        programm = programm.am(stichtag)
    ns = programm._ns_leer.copy()
    ns.update(eingaben)
    ns["stichtag"] = stichtag

    verteilung = None
    angebote: tuple[tuple[AngebotDef, str, Finanzierung | None], ...] = ()
    if programm._schlicht:  # der häufige Fall, je Zeile einer Liste: nur der gemerkte Betrag
        if programm._betrag is not None:
            ns["zuwendung"] = programm._betrag(ns)
    else:
        verteilung, angebote = _rechne(programm, ns, stichtag)

    # je Voraussetzung: der gemerkte Status ihres Werts oder die Prüfung (Programm._pruefschritt);
    # eine Schleife statt einer Listcomprehension: die wäre ein Funktionsaufruf je Auswertung und
    # machte ns zur Zellvariablen (in Python 3.11 ein Viertel langsamer)
    liste = []
    for merk, name, pruefe in programm._pruefplan:
        liste.append(merk.get(ns.get(name)) or pruefe(ns))
    stati = tuple(liste)
    abschluss = programm._abschluesse.get(stati)
    if abschluss is None:
        abschluss = _abschluss(programm, stati)
    ergebnis, kriterien = abschluss
    return _ergebnis(programm, stichtag, ergebnis, kriterien, ns, verteilung, angebote)


def _rechne(
    programm: Programm, ns: dict[str, Any], stichtag: date
) -> tuple[Verteilung | None, tuple[tuple[AngebotDef, str, Finanzierung | None], ...]]:
    """Beratungskontingente, Angebote, Betrag und abgeleitete Werte in ``ns`` (verändert ``ns``);
    (Verteilung, Angebote mit Status)."""
    verteilung = None
    if programm.kontingente:
        from ozg_foerder.engine.kontingente import verteile, verteile_gemerkt

        genutzt = tuple(ns.get(programm.modul_eingabe or "") or ())
        argumente = (programm.module, programm.kontingente, genutzt, stichtag)
        try:
            verteilung = verteile_gemerkt(*argumente, programm.modul_eingabe or "")
        except TypeError:  # ein Teil ohne Hash (datierte Werte): ohne Gedächtnis rechnen
            verteilung = verteile(*argumente, programm.modul_eingabe or "")
        ns["tage_verfuegbar"] = verteilung.tage_verfuegbar

    angebote: tuple[tuple[AngebotDef, str, Finanzierung | None], ...] = ()
    if programm.angebote:
        angebote = tuple((a, *a.status(stichtag)) for a in programm.angebote)
        ns["angebote_aktiv"] = sum(1 for _, s, _ in angebote if s == "aktiv")

    formel = programm.formel
    if formel is not None:  # auch bei unbekannten Zahlen: dann ist der Betrag None
        if programm._betrag is not None:  # gemerkt je Wert (Programm._betragsschritt)
            ns["zuwendung"] = programm._betrag(ns)
        else:
            if formel.hat_zusatzwerte:
                ns.update(formel.zusatzwerte(ns))
            ns["zuwendung"] = formel.berechne(ns)
    for w in programm.werte:
        ns[w.name] = w.berechne(ns)
    return verteilung, angebote


def _abschluss(
    programm: Programm, stati: tuple[str, ...]
) -> tuple[str, tuple[KriteriumErgebnis, ...]]:
    """(Ergebnis, Ergebnisobjekte der Voraussetzungen) zu ihren Status; gemerkt (begrenzt) in
    ``Programm._abschluesse`` – höchstens 3 hoch (Zahl der Voraussetzungen) Folgen."""
    # ein Tupel: viele Ergebnisse teilen es, keines darf es ändern
    kriterien = tuple(je[s] for je, s in zip(programm._je_status, stati, strict=True))
    abschluss = (_gesamt(stati), kriterien)
    if len(programm._abschluesse) < _GEMERKTE_ABSCHLUESSE:
        programm._abschluesse[stati] = abschluss
    return abschluss


def _gesamt(stati: Sequence[str]) -> str:
    """Das Ergebnis aus dem Status der Voraussetzungen (GUIDE §2.2)."""
    if NICHT_ERFUELLT in stati:
        return NICHT_FOERDERFAEHIG
    if OFFEN in stati:
        return OFFEN
    return FOERDERFAEHIG


def schliesse_ab(
    programm: Programm,
    stichtag: date,
    ns: dict[str, Any],
    kriterien: list[KriteriumErgebnis],
    verteilung: Verteilung | None = None,
    angebote: tuple[tuple[AngebotDef, str, Finanzierung | None], ...] = (),
    stati: list[str] | None = None,
) -> Ergebnis:
    """Ergebnis, Betrag und Hinweise aus dem Status der Kriterien (GUIDE §2.2).

    Der zweite Teil von :func:`werte_aus`, eigenständig aufrufbar für Auswertungen, die den
    Status von Kriterien zusammenfassen (Batch: Voraussetzungen aller Partner eines Verbunds).
    Verändert ``ns``. ``stati``: die Status der ``kriterien``, wenn schon bekannt.
    """
    if stati is None:
        stati = [k.status for k in kriterien]
    return _ergebnis(programm, stichtag, _gesamt(stati), kriterien, ns, verteilung, angebote)


def _ergebnis(
    programm: Programm,
    stichtag: date,
    ergebnis: str,
    kriterien: Sequence[KriteriumErgebnis],
    ns: dict[str, Any],
    verteilung: Verteilung | None,
    angebote: tuple[tuple[AngebotDef, str, Finanzierung | None], ...],
) -> Ergebnis:
    """Das :class:`Ergebnis` zum Gesamtergebnis: ohne Zuwendung, wenn nicht förderfähig."""
    betrag = ns.get("zuwendung")
    if ergebnis == NICHT_FOERDERFAEHIG and betrag is not None:
        # Keine Zuwendung. Der berechnete Wert bleibt im Namensraum, damit die Erklärung zeigt,
        # woran es scheiterte; abgeleitete Werte (Eigenanteil) entfallen.
        betrag = None
        if programm._haengt_von_betrag:
            _ohne_betrag(programm, ns)
    return Ergebnis(
        programm,
        stichtag,
        ergebnis,
        betrag,
        kriterien,
        ns,
        verteilung,
        angebote,
        stichtag > programm._veraltet_ab,
        _kommune(programm, ns) if programm._kommune_eingaben else None,
    )


def _ohne_betrag(programm: Programm, ns: dict[str, Any]) -> None:
    """Die vom Betrag abhängigen Werte in ``ns`` ohne Zuwendung neu berechnen."""
    ohne = {**ns, "zuwendung": None}
    for w in programm.werte:
        if w.name in programm._haengt_von_betrag:
            ns[w.name] = ohne[w.name] = w.berechne(ohne)


def _kommune(programm: Programm, ns: dict[str, Any]) -> Any:
    """Die erste angegebene Kommune der Eingaben."""
    return next((ns[n] for n in programm._kommune_eingaben if ns.get(n)), None)


def _hinweise(programm: Programm, ergebnis: str, ns: dict[str, Any]) -> list[HinweisDef]:
    """Die Hinweise, deren Bedingungen am Ergebnis zutreffen und deren Werte bekannt sind."""
    return [
        h
        for h in programm.hinweise
        if (h.bei is None or ergebnis in h.bei)
        and (h.wenn is None or h.wenn.pruefe(ns) == ERFUELLT)
        and all(ns.get(p) is not None for p in h.platzhalter)
    ]

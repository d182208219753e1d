"""Große Listen auf mehreren Kernen auswerten – dieselbe Ausgabe, Byte für Byte (Issue 11).

Die Datei zerfällt in Blöcke von :data:`BLOCK` Zeilen (oder :data:`BLOCK_ZEICHEN` Zeichen, was
zuerst voll ist); Block *k* rechnet Arbeitsprozess *k mod n*. Die Arbeitsprozesse entstehen mit
``fork`` und erben damit Plan, Regeln und Zwischenspeicher; jeder wertet seine Blöcke aus wie ein
Lauf in einem Prozess (:meth:`~.auswertung.Auswerter.zeile`, derselbe Eingabeweg) und schickt je
Block zurück: die fertigen Ausgabetexte, seinen Teil der Zusammenfassung und neue Hinweise. Der
Hauptprozess nimmt die Blöcke in der Reihenfolge der Datei entgegen, schreibt sie und zählt die
Teile zusammen.

Eine CSV-Datei liest jedes Kind selbst (derselbe Leser, :meth:`Quelle.zeilen`; Zeilen zu
verschicken kostete mehr, als sie noch einmal zu lesen), geschickt wird nur vom Kind zum
Hauptprozess. Eine Arbeitsmappe liest der Hauptprozess (sie ist schon geöffnet, und ihre Zeilen
zu lesen kostet so viel wie das Rechnen) und schickt einem Kind den nächsten Block erst, wenn es
den vorigen abgegeben hat. So wartet nie ein Prozess auf einen, der auf ihn wartet, es gibt keine
Hilfsfäden, die beim Abbruch hängen bleiben, und der Speicher bleibt flach (je Kind ein Block).

Was nur in der Reihenfolge der Datei stimmt, bleibt so:

* Zusammenfassung und Hinweise werden Block für Block in der Reihenfolge der Datei übernommen
  (die ersten Fehlerbeispiele, Summenzeilen).
* Ähnliche Namen schlägt die Meldung nur für die ersten
  :data:`~.auswertung.VORSCHLAEGE` unbekannten Kommunen vor. Ein Arbeitsprozess kennt die
  Blöcke der anderen nicht; erreicht ein Block die Grenze, rechnet der Hauptprozess ihn und den
  Rest der Datei selbst – mit dem Zwischenspeicher der Kommunensuche, den ein Lauf in einem
  Prozess dort hätte (Namen, die vorher gesucht wurden, behalten ihre Vorschläge).
* Fällt ein Arbeitsprozess aus (Speicher, ``kill``, ein Fehler), rechnet der Hauptprozess ab
  dem ersten fehlenden Block selbst weiter; ein Fehler zeigt sich dann dort wie ohne Verteilung.

In einem Prozess bleibt es bei kleinen Dateien (der Start der Prozesse lohnt nicht), mit einem
Kern, ohne ``fork`` (nur Linux), bei Verbünden (die Partner gehören zusammen) und mit
``prozesse=1``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any

from ozg_foerder.api import gemerkte_kommunen, suche_kommunen_nach
from ozg_foerder.eingaben.abbruch import pruefe_abbruch

if TYPE_CHECKING:
    from ozg_foerder.batch.auswertung import Auswerter, Auswertung
    from ozg_foerder.batch.quelle_basis import Fortschritt
    from ozg_foerder.batch.zeile import Zeilenergebnis

__all__ = [
    "BLOCK",
    "BLOCK_ZEICHEN",
    "HOECHSTENS",
    "MINDESTGROESSE",
    "ausgabetexte",
    "prozesse_fuer",
]

MINDESTGROESSE = 1024 * 1024
"""Ab dieser Dateigröße (Bytes, etwa 20.000 Zeilen) lohnen mehrere Prozesse; darunter kostet
ihr Start mehr, als sie sparen."""

BLOCK = 1000
"""Zeilen je Block: groß genug, dass Verschicken und Zusammenzählen nicht ins Gewicht fallen,
klein genug für einen gleichmäßigen Fortschritt."""

BLOCK_ZEICHEN = 1 << 20
"""Ein Block endet auch, wenn seine Zellen zusammen so viele Zeichen haben: Breite Listen oder
riesige Zellen hielte sonst jeder Prozess blockweise im Speicher (in einem Prozess: je Zeile)."""

HOECHSTENS = 4
"""Höchstens so viele Arbeitsprozesse: mehr bringen wenig, weil jeder die ganze Datei liest und
der Hauptprozess alles schreibt."""

Former = Callable[["Zeilenergebnis"], str]


def kerne() -> int:
    """Die Kerne, die dieser Prozess nutzen darf (Container und ``taskset`` eingerechnet)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - ohne sched_getaffinity
        return os.cpu_count() or 1


def prozesse_fuer(auswertung: Auswertung, prozesse: int | None) -> int:
    """Wie viele Arbeitsprozesse dieser Lauf nutzt; 1 heißt: alles in diesem Prozess.

    ``prozesse``: ``None`` (oder 0) wählt selbst – so viele, wie Kerne da sind (höchstens
    :data:`HOECHSTENS`), ab :data:`MINDESTGROESSE`; eine Zahl legt sie fest (auch für kleine
    Dateien, zum Prüfen), höchstens zwei je Kern."""
    if prozesse == 1 or sys.platform != "linux":  # fork ist nur unter Linux verlässlich
        return 1
    if auswertung.plan.verbund is not None and any(ps.verbund for ps in auswertung.plan.programme):
        return 1
    if prozesse:  # mehr als zwei je Kern bringen nichts, kosten aber Speicher
        return max(1, min(prozesse, 2 * kerne()))
    if auswertung.quelle.groesse < MINDESTGROESSE:
        return 1
    return min(kerne(), HOECHSTENS)


def ausgabetexte(
    auswertung: Auswertung,
    former: Former,
    fortschritt: Callable[[str], Fortschritt | None] | None = None,
    prozesse: int | None = None,
    vor_dem_start: Callable[[], Any] | None = None,
) -> Iterator[str]:
    """``former(z)`` für jedes Zeilenergebnis, in der Reihenfolge der Datei – je Zeile oder je
    Block; danach ist ``auswertung.zusammenfassung`` vollständig.

    ``former`` macht aus einer Zeile ihren Ausgabetext und liest dazu nur die Zeile selbst (nicht
    :attr:`~.zeile.Zeilenergebnis.zeile`, die laufende Nummer kennt ein Arbeitsprozess nicht).
    ``vor_dem_start`` leert den Ausgabestrom, bevor Arbeitsprozesse entstehen: Sie erben seinen
    Puffer und dürfen ihn nicht ein zweites Mal schreiben.
    """
    anzahl = prozesse_fuer(auswertung, prozesse)
    if anzahl < 2:
        for z in auswertung.zeilen(fortschritt):
            yield former(z)
        return
    phase = fortschritt or (lambda _: None)
    auswerter = auswertung.beginne(phase)
    if vor_dem_start is not None:
        vor_dem_start()
    yield from _verteilt(auswertung, auswerter, former, anzahl, phase)


# -- im Hauptprozess -------------------------------------------------------------------------


def _verteilt(
    auswertung: Auswertung, auswerter: Auswerter, former: Former, anzahl: int, phase: Any
) -> Iterator[str]:
    import signal

    global _ARBEIT
    for strom in (sys.stdout, sys.stderr):  # die Kinder erben auch diese Puffer
        if strom is not None:
            strom.flush()
    fortschritt = phase("Auswerten")
    quelle = auswertung.quelle
    zusammenfassung = auswertung.zusammenfassung
    # wer die Datei liest: siehe die Beschreibung des Moduls
    selbst_lesen = quelle.art == "csv"
    _ARBEIT = (quelle, auswerter, former, zusammenfassung.summen, anzahl)
    frei = auswerter._vorschlaege_frei  # so viele Vorschläge noch, in der Reihenfolge der Datei
    gesucht: dict[Any, None] = {}  # Kommunen, die die Kinder gesucht haben, in Dateireihenfolge
    # Signale blockiert, bis jedes Kind seine eigenen Behandlungen gesetzt hat (ein Strg-C in
    # diesem Augenblick träfe es sonst mit denen des Hauptprozesses).
    signale = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    vorher = signal.pthread_sigmask(signal.SIG_BLOCK, signale)
    try:
        kinder = _starte(anzahl, selbst_lesen)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, vorher)
        _ARBEIT = None
    zeilen = None if selbst_lesen else quelle.zeilen(fortschritt)
    bloecke = None if zeilen is None else _bloecke(zeilen)
    offen: deque[list[tuple[int, list[Any]]]] = deque()  # geschickt, noch nicht zurück
    block = 0
    sauber = False
    if kinder:  # sonst (fork scheiterte) alles hier, ab dem ersten Block
        try:
            if bloecke is not None:
                for kind in kinder:
                    _schicke(kind, bloecke, offen)
            while True:
                pruefe_abbruch()
                if bloecke is not None and not offen:  # alles gelesen und zurück
                    sauber = True
                    break
                kind = kinder[block % anzahl]
                antwort = _empfange(kind[1])
                if antwort is None or antwort[0] != "block":  # Ausfall, Fehler, Ende
                    sauber = antwort is not None and antwort[0] == "ende"
                    break
                _, text, teil, hinweise, verbraucht, kommunen, stand = antwort
                if verbraucht >= frei:  # hier erreicht die Datei die Grenze der Vorschläge
                    break
                frei -= verbraucht
                gesucht.update(dict.fromkeys(kommunen))
                zusammenfassung.uebernimm(teil)
                auswerter.hinweise.extend(hinweise)
                if bloecke is not None:  # dem Kind gleich den nächsten Block
                    offen.popleft()
                    _schicke(kind, bloecke, offen)
                elif fortschritt is not None and stand is not None:
                    fortschritt(*stand)
                block += 1
                yield text
        finally:
            _beende(kinder, sauber)
    if sauber:
        if fortschritt is not None and selbst_lesen:
            fortschritt(quelle.groesse, quelle.groesse)
        return
    # Der Rest in diesem Prozess, mit dem Zwischenspeicher der Kommunensuche, den ein Lauf in
    # einem Prozess hier hätte (er entscheidet mit, wer Vorschläge bekommt).
    suche_kommunen_nach(gesucht)
    auswerter._vorschlaege_frei = frei
    if zeilen is None:
        rest: Iterator[tuple[int, list[Any]]] = (
            zeile for nummer, zeile in _nummeriert(quelle.zeilen(fortschritt)) if nummer >= block
        )
    else:  # die geschickten Blöcke, dann der Rest der Datei (über die Blöcke: die erste Zeile
        # des nächsten ist schon gelesen)
        assert bloecke is not None
        rest = chain(chain.from_iterable(offen), chain.from_iterable(bloecke))
    for z in auswertung.werte_zeilen_aus(auswerter, rest):
        yield former(z)


def _nummeriert(zeilen: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, Any]]:
    """(Nummer des Blocks, Zeile) – in jedem Prozess dieselben Grenzen, denn jeder liest dieselbe
    Datei: :data:`BLOCK` Zeilen oder :data:`BLOCK_ZEICHEN` Zeichen."""
    block = anzahl = zeichen = 0
    for zeile in zeilen:
        yield block, zeile
        zellen = zeile[1]
        try:
            zeichen += sum(map(len, zellen))
        except TypeError:  # Zahlen und Daten aus Excel
            zeichen += sum(len(z) if z.__class__ is str else 8 for z in zellen)
        anzahl += 1
        if anzahl >= BLOCK or zeichen >= BLOCK_ZEICHEN:
            block += 1
            anzahl = zeichen = 0


def _bloecke(zeilen: Iterator[tuple[int, list[Any]]]) -> Iterator[list[tuple[int, list[Any]]]]:
    """Die Blöcke als Listen (das Ende eines Blocks zeigt erst die erste Zeile des nächsten)."""
    block: list[tuple[int, list[Any]]] = []
    aktuell = 0
    for nummer, zeile in _nummeriert(zeilen):
        if nummer != aktuell:
            yield block
            block, aktuell = [], nummer
        block.append(zeile)
    if block:
        yield block


def _schicke(kind: Any, bloecke: Iterator[Any], offen: deque[Any]) -> None:
    """Dem Kind den nächsten Block (wenn es einen gibt). Das Kind wartet gerade darauf – sein
    letzter Block ist abgeholt –, also wartet hier niemand auf den anderen."""
    block = next(bloecke, None)
    if block is None:
        return
    offen.append(block)  # auch wenn das Schicken scheitert: dann rechnet ihn der Hauptprozess
    with contextlib.suppress(OSError):  # ein totes Kind zeigt sich beim Empfangen
        kind[2].send(block)


def _starte(anzahl: int, selbst_lesen: bool) -> list[tuple[Any, Any, Any]]:
    """Die Arbeitsprozesse, je (Prozess, Empfangsende seiner Ergebnisse, Sendeende seiner
    Blöcke oder ``None``, wenn es selbst liest)."""
    import multiprocessing

    kontext = multiprocessing.get_context("fork")
    ergebnisse = [kontext.Pipe(duplex=False) for _ in range(anzahl)]
    auftraege = [kontext.Pipe(duplex=False) if not selbst_lesen else None for _ in range(anzahl)]
    kinder: list[tuple[Any, Any, Any]] = []
    try:
        for nummer in range(anzahl):
            prozess = kontext.Process(
                target=_kind,
                args=(nummer, ergebnisse, auftraege),
                name=f"ozg-foerder-{nummer}",
                daemon=True,
            )
            prozess.start()
            auftrag = auftraege[nummer]
            kinder.append((prozess, ergebnisse[nummer][0], auftrag[1] if auftrag else None))
    except OSError:  # zu wenig Speicher, Grenze der Prozesse: dann eben in einem Prozess
        _beende(kinder, sauber=False)
        for nummer in range(len(kinder), anzahl):
            ergebnisse[nummer][0].close()
            auftrag = auftraege[nummer]
            if auftrag is not None:
                auftrag[1].close()
        kinder = []
    # Die Enden der Kinder schließen: stirbt ein Kind, liest der Hauptprozess EOF.
    for _, senden in ergebnisse:
        senden.close()
    for auftrag in auftraege:
        if auftrag is not None:
            auftrag[0].close()
    return kinder


def _empfange(leitung: Any) -> tuple[Any, ...] | None:
    try:
        return leitung.recv()
    except (EOFError, OSError):  # das Kind ist weg
        return None


def _beende(kinder: list[tuple[Any, Any, Any]], sauber: bool) -> None:
    """Nach dem letzten Block enden die Kinder von selbst (wer Blöcke bekommt: wenn keine mehr
    kommen); nach einem Abbruch (Strg-C, eine Ausnahme, der Leser hört auf) oder einem Fehler
    werden sie beendet."""
    for prozess, _, auftraege in kinder:
        if auftraege is not None:
            auftraege.close()
        if not sauber and prozess.is_alive():
            prozess.kill()
    for prozess, ergebnisse, _ in kinder:
        prozess.join(5)
        ergebnisse.close()


# -- im Arbeitsprozess -----------------------------------------------------------------------

_ARBEIT: tuple[Any, Auswerter, Former, str | None, int] | None = None
"""Was die Arbeitsprozesse beim ``fork`` erben: Quelle, vorbereiteter Auswerter, Former, die
Art der Summen und die Zahl der Arbeitsprozesse."""


def _kind(nummer: int, ergebnisse: list[Any], auftraege: list[Any]) -> None:
    """Ein Arbeitsprozess: rechnet die Blöcke nummer, nummer + n, … – aus der Datei, die es
    selbst liest, oder wie der Hauptprozess sie schickt."""
    import signal

    # Strg-C trifft die ganze Prozessgruppe: Den Abbruch regelt der Hauptprozess (er beendet die
    # Kinder); ein Kind soll dabei keinen Traceback zeigen und nie die geerbten Standardströme
    # schreiben (ihr Puffer gehört dem Hauptprozess).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    leer = open(os.devnull, "w")  # noqa: SIM115 - lebt so lange wie der Prozess
    sys.stdout = sys.stderr = leer
    for i, (empfangen, senden) in enumerate(ergebnisse):  # nur die eigenen Enden bleiben offen
        empfangen.close()
        if i != nummer:
            senden.close()
    for i, auftrag in enumerate(auftraege):
        if auftrag is not None:
            auftrag[1].close()
            if i != nummer:
                auftrag[0].close()
    leitung = ergebnisse[nummer][1]
    eigene = auftraege[nummer][0] if auftraege[nummer] is not None else None
    assert _ARBEIT is not None
    quelle, auswerter, former, summen, anzahl = _ARBEIT
    stand: list[Any] = [None]

    def merke_stand(erledigt: int, gesamt: int | None) -> None:
        stand[0] = (erledigt, gesamt)

    try:
        bekannt = len(gemerkte_kommunen())
        if eigene is not None:  # der Hauptprozess liest und schickt; ohne Block ist Schluss
            while True:
                try:
                    geschickt = eigene.recv()
                except EOFError:
                    break
                bekannt = _sende_block(
                    leitung, auswerter, former, summen, geschickt, bekannt, stand
                )
            return
        block: list[tuple[int, list[Any]]] = []
        aktuell = 0
        for blocknummer, zeile in _nummeriert(quelle.zeilen(merke_stand)):
            if blocknummer != aktuell:  # ein Block ist zu Ende: war es der eigene, ab damit
                if block:
                    bekannt = _sende_block(
                        leitung, auswerter, former, summen, block, bekannt, stand
                    )
                    block = []
                aktuell = blocknummer
            if blocknummer % anzahl == nummer:
                block.append(zeile)
        if block:
            _sende_block(leitung, auswerter, former, summen, block, bekannt, stand)
        leitung.send(("ende",))
    except BaseException as fehler:  # der Hauptprozess rechnet den Block dann selbst
        with contextlib.suppress(Exception):
            leitung.send(("fehler", repr(fehler)))
    finally:
        leitung.close()


def _sende_block(
    leitung: Any,
    auswerter: Auswerter,
    former: Former,
    summen: str | None,
    block: list[tuple[int, list[Any]]],
    bekannt: int,
    stand: list[Any],
) -> int:
    """Wertet einen Block aus und schickt ihn; gibt zurück, wie viele Kommunen die Suche nun
    kennt."""
    text, teil, hinweise, verbraucht = _werte_block_aus(auswerter, former, summen, block)
    kommunen = gemerkte_kommunen(bekannt)
    leitung.send(("block", text, teil, hinweise, verbraucht, kommunen, stand[0]))
    return bekannt + len(kommunen)


def _werte_block_aus(
    auswerter: Auswerter, former: Former, summen: str | None, block: list[tuple[int, list[Any]]]
) -> tuple[str, tuple[Any, ...], list[str], int]:
    """Ein Block: (Texte, Teil der Zusammenfassung, neue Hinweise, Zahl der Kommunen, die sich
    nicht bestimmen ließen)."""
    from ozg_foerder.batch.zusammenfassung import Zusammenfassung

    teil = Zusammenfassung(auswerter.plan, auswerter.stichtag, summen)
    hinweise = auswerter.hinweise
    schon = len(hinweise)
    vorher = auswerter._vorschlaege_frei
    erfasse = teil.erfasse
    zeile = auswerter.zeile
    texte = []
    for nr, zellen in block:
        z = zeile(nr, zellen)
        if z is not None:
            erfasse(z)
            texte.append(former(z))
    neu = hinweise[schon:]
    del hinweise[schon:]
    return "".join(texte), teil.teil(), neu, vorher - auswerter._vorschlaege_frei

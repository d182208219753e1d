"""Große Listen auf mehreren Kernen auswerten – dieselbe Ausgabe, Byte für Byte (Issue 11).

Der Hauptprozess liest die Datei und schickt Blöcke von Zeilen an Arbeitsprozesse. Die sind mit
``fork`` entstanden und haben damit Plan, Regeln und Zwischenspeicher geerbt; jeder wertet seine
Blöcke aus wie ein Lauf in einem Prozess (:meth:`~.auswertung.Auswerter.zeile`, derselbe Weg)
und gibt zurück: die fertigen Ausgabetexte, seinen Teil der Zusammenfassung und neue Hinweise.
Der Hauptprozess schreibt die Blöcke in der Reihenfolge der Datei und zählt die Teile zusammen.
Es sind nie mehr als zwei Blöcke je Prozess unterwegs: der Speicher bleibt flach.

Was nur in der Reihenfolge der Datei stimmt, bleibt so:

* Zusammenfassung und Hinweise werden Block für Block in der Reihenfolge der Datei übernommen
  (die ersten Fehlerbeispiele, Summenzeilen).
* Ähnliche Namen schlägt die Meldung nur für die ersten
  :data:`~.auswertung.VORSCHLAEGE` unbekannten Kommunen vor. Ein Arbeitsprozess kennt die
  Blöcke der anderen nicht; erreicht ein Block die Grenze, rechnet der Hauptprozess ihn und den
  Rest der Datei selbst (in einem Prozess) – so selten, dass es nicht lohnt, genauer zu sein.
* Fällt ein Arbeitsprozess aus (Speicher, ``kill``), rechnet der Hauptprozess ab dem ersten
  fehlenden Block selbst weiter.

In einem Prozess bleibt es bei kleinen Dateien (der Start der Prozesse lohnt nicht), mit einem
Kern, ohne ``fork`` (Windows, macOS), bei Verbünden (die Partner gehören zusammen) und mit
``prozesse=1``.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ozg_foerder.api import gemerkte_kommunen, suche_kommunen_nach
from ozg_foerder.eingaben.abbruch import pruefe_abbruch

if TYPE_CHECKING:
    from ozg_foerder.batch.auswertung import Auswerter, Auswertung
    from ozg_foerder.batch.quelle_basis import Fortschritt
    from ozg_foerder.batch.zeile import Zeilenergebnis

__all__ = ["BLOCK", "HOECHSTENS", "MINDESTGROESSE", "ausgabetexte", "prozesse_fuer"]

MINDESTGROESSE = 1024 * 1024
"""Ab dieser Dateigröße (Bytes, etwa 20.000 Zeilen) lohnen mehrere Prozesse; darunter kostet
ihr Start mehr, als sie sparen."""

BLOCK = 1000
"""Zeilen je Block: groß genug, dass Verschicken und Zusammenzählen nicht ins Gewicht fallen,
klein genug für einen gleichmäßigen Fortschritt."""

HOECHSTENS = 4
"""Höchstens so viele Arbeitsprozesse: mehr bringen wenig, weil der Hauptprozess liest und
schreibt."""

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
    Dateien, zum Prüfen)."""
    if prozesse == 1 or sys.platform != "linux":  # fork ist nur unter Linux verlässlich
        return 1
    if auswertung.plan.verbund is not None and any(ps.verbund for ps in auswertung.plan.programme):
        return 1
    if prozesse:
        return max(1, prozesse)
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
    yield from _verteilt(
        auswertung, auswerter, former, auswertung.quelle.zeilen(phase("Auswerten")), anzahl
    )


# -- im Hauptprozess -------------------------------------------------------------------------


def _bloecke(zeilen: Iterable[tuple[int, list[Any]]]) -> Iterator[list[tuple[int, list[Any]]]]:
    block: list[tuple[int, list[Any]]] = []
    for zeile in zeilen:
        block.append(zeile)
        if len(block) == BLOCK:
            yield block
            block = []
    if block:
        yield block


def _verteilt(
    auswertung: Auswertung,
    auswerter: Auswerter,
    former: Former,
    zeilen: Iterator[tuple[int, list[Any]]],
    anzahl: int,
) -> Iterator[str]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _ARBEIT
    for strom in (sys.stdout, sys.stderr):  # die Kinder erben auch diese Puffer
        if strom is not None:
            strom.flush()
    _ARBEIT = (auswerter, former, auswertung.zusammenfassung.summen, len(gemerkte_kommunen()))
    bloecke = _bloecke(zeilen)
    unterwegs: deque[tuple[Any, list[tuple[int, list[Any]]]]] = deque()
    zusammenfassung = auswertung.zusammenfassung
    frei = auswerter._vorschlaege_frei  # so viele Vorschläge noch, in der Reihenfolge der Datei
    gesucht: dict[Any, None] = {}  # Kommunen, die die Kinder gesucht haben, in Dateireihenfolge
    selbst: list[tuple[int, list[Any]]] | None = None  # ab diesem Block rechnet der Hauptprozess
    ausfuehrer = ProcessPoolExecutor(
        anzahl, mp_context=multiprocessing.get_context("fork"), initializer=_beginne_kind
    )
    sauber = False
    try:
        gelesen = False
        while selbst is None and (unterwegs or not gelesen):
            pruefe_abbruch()
            if not gelesen and len(unterwegs) < 2 * anzahl:
                block = next(bloecke, None)
                if block is None:
                    gelesen = True
                    continue
                try:
                    zukunft = ausfuehrer.submit(_werte_block_aus, block)
                except BrokenProcessPool:  # ein Kind fehlt: ab dem ältesten offenen Block selbst
                    unterwegs.append((None, block))
                    selbst = unterwegs.popleft()[1]
                    break
                unterwegs.append((zukunft, block))
                if not unterwegs[0][0].done():
                    continue  # weiterlesen, solange der älteste Block noch rechnet
            zukunft, block = unterwegs.popleft()
            try:
                text, teil, hinweise, verbraucht, kommunen = zukunft.result()
            except BrokenProcessPool:  # ein Kind fehlt (Speicher, kill): ab hier selbst
                selbst = block
                break
            if verbraucht >= frei:  # hier erreicht die Datei die Grenze der Vorschläge
                selbst = block
                break
            gesucht.update(dict.fromkeys(kommunen))
            frei -= verbraucht
            zusammenfassung.uebernimm(teil)
            auswerter.hinweise.extend(hinweise)
            yield text
        sauber = True
    finally:
        _beende(ausfuehrer, sauber)
        _ARBEIT = None
    if selbst is None:
        return
    # Der Rest in diesem Prozess, mit dem Zwischenspeicher der Kommunensuche, wie ein Lauf in
    # einem Prozess ihn hier hätte (er entscheidet mit, wer Vorschläge bekommt): der Block an
    # der Grenze (oder der fehlende), die Blöcke danach, die schon unterwegs waren, und was
    # noch nicht gelesen ist.
    suche_kommunen_nach(gesucht)
    auswerter._vorschlaege_frei = frei
    rest = [selbst, *(b for _, b in unterwegs)]
    unterwegs.clear()
    folgende = (zeile for block in rest for zeile in block)
    for z in auswertung.werte_zeilen_aus(auswerter, _nacheinander(folgende, zeilen)):
        yield former(z)


def _beende(ausfuehrer: Any, sauber: bool) -> None:
    """Die Arbeitsprozesse beenden. Nach einem Fehler oder Abbruch (Strg-C, eine Ausnahme, der
    Leser hört auf) nicht auf sie warten, sondern sie beenden: Ein Ausführer, dessen Auftrag
    sich nicht verschicken ließ, wartet sonst ewig."""
    if sauber:
        ausfuehrer.shutdown(wait=True, cancel_futures=True)
        return
    prozesse = list((getattr(ausfuehrer, "_processes", None) or {}).values())
    ausfuehrer.shutdown(wait=False, cancel_futures=True)
    for prozess in prozesse:
        prozess.terminate()
    for prozess in prozesse:
        prozess.join(5)


def _nacheinander(*quellen: Iterable[Any]) -> Iterator[Any]:
    for quelle in quellen:
        yield from quelle


# -- im Arbeitsprozess -----------------------------------------------------------------------

_ARBEIT: tuple[Auswerter, Former, str | None, int] | None = None
"""Was die Arbeitsprozesse beim ``fork`` erben: der vorbereitete Auswerter, der Former, die
Art der Summen und wie viele Kommunen die Suche bis dahin schon kannte."""


def _beginne_kind() -> None:
    """Strg-C trifft die ganze Prozessgruppe: Den Abbruch regelt der Hauptprozess (er beendet
    die Arbeitsprozesse), ein Kind soll dabei keinen Traceback zeigen. Die geerbten
    Standardströme schreibt ein Kind nie (ihr Puffer gehört dem Hauptprozess)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    leer = open(os.devnull, "w")  # noqa: SIM115 - lebt so lange wie der Prozess
    sys.stdout = sys.stderr = leer


def _werte_block_aus(
    block: list[tuple[int, list[Any]]],
) -> tuple[str, tuple[Any, ...], list[str], int, list[Any]]:
    """Ein Block im Arbeitsprozess: (Texte, Teil der Zusammenfassung, neue Hinweise, Zahl der
    Kommunen, die sich nicht bestimmen ließen, neu gesuchte Kommunen)."""
    global _ARBEIT
    from ozg_foerder.batch.zusammenfassung import Zusammenfassung

    assert _ARBEIT is not None
    auswerter, former, summen, bekannt = _ARBEIT
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
    kommunen = gemerkte_kommunen(bekannt)
    _ARBEIT = (auswerter, former, summen, bekannt + len(kommunen))
    return "".join(texte), teil.teil(), neu, vorher - auswerter._vorschlaege_frei, kommunen

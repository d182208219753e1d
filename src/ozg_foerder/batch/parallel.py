"""Große Listen auf mehreren Kernen auswerten – dieselbe Ausgabe, Byte für Byte (Issue 11).

Die Datei zerfällt in Blöcke von :data:`BLOCK` Zeilen; Block *k* rechnet Arbeitsprozess
*k mod n*. Die Arbeitsprozesse entstehen mit ``fork`` und erben damit Plan, Regeln und
Zwischenspeicher; jeder liest die Datei selbst (derselbe Leser, :meth:`Quelle.zeilen`), wertet
seine Blöcke aus wie ein Lauf in einem Prozess (:meth:`~.auswertung.Auswerter.zeile`) und
schickt je Block zurück: die fertigen Ausgabetexte, seinen Teil der Zusammenfassung und neue
Hinweise. Der Hauptprozess nimmt die Blöcke in der Reihenfolge der Datei entgegen, schreibt sie
und zählt die Teile zusammen. Ein Arbeitsprozess wartet, bis sein letzter Block abgeholt ist:
Der Speicher bleibt flach. Geschickt wird nur vom Kind zum Hauptprozess – es gibt nichts, worauf
zwei Prozesse gegenseitig warten, und keine Hilfsfäden, die beim Abbruch hängen bleiben.

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
from collections.abc import Callable, Iterator
from itertools import islice
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
    zusammenfassung = auswertung.zusammenfassung
    _ARBEIT = (auswertung.quelle, auswerter, former, zusammenfassung.summen, anzahl)
    frei = auswerter._vorschlaege_frei  # so viele Vorschläge noch, in der Reihenfolge der Datei
    gesucht: dict[Any, None] = {}  # Kommunen, die die Kinder gesucht haben, in Dateireihenfolge
    # Signale blockiert, bis jedes Kind seine eigenen Behandlungen gesetzt hat (ein Strg-C in
    # diesem Augenblick träfe es sonst mit denen des Hauptprozesses).
    signale = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    vorher = signal.pthread_sigmask(signal.SIG_BLOCK, signale)
    try:
        kinder = _starte(anzahl)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, vorher)
        _ARBEIT = None
    block = 0
    sauber = False
    if kinder:  # sonst (fork scheiterte) alles hier, ab dem ersten Block
        try:
            while True:
                pruefe_abbruch()
                antwort = _empfange(kinder[block % anzahl][1])
                if antwort is None or antwort[0] != "block":  # Ausfall, Fehler: ab hier selbst
                    break
                _, text, teil, hinweise, verbraucht, kommunen, stand = antwort
                if verbraucht >= frei:  # hier erreicht die Datei die Grenze der Vorschläge
                    break
                frei -= verbraucht
                gesucht.update(dict.fromkeys(kommunen))
                zusammenfassung.uebernimm(teil)
                auswerter.hinweise.extend(hinweise)
                if fortschritt is not None and stand is not None:
                    fortschritt(*stand)
                block += 1
                yield text
            sauber = antwort is not None and antwort[0] == "ende"
        finally:
            _beende(kinder, sauber)
    if sauber:
        if fortschritt is not None:
            fortschritt(auswertung.quelle.groesse, auswertung.quelle.groesse)
        return
    # Der Rest in diesem Prozess, mit dem Zwischenspeicher der Kommunensuche, den ein Lauf in
    # einem Prozess hier hätte (er entscheidet mit, wer Vorschläge bekommt).
    suche_kommunen_nach(gesucht)
    auswerter._vorschlaege_frei = frei
    zeilen = islice(auswertung.quelle.zeilen(fortschritt), block * BLOCK, None)
    for z in auswertung.werte_zeilen_aus(auswerter, zeilen):
        yield former(z)


def _starte(anzahl: int) -> list[tuple[Any, Any]]:
    """Die Arbeitsprozesse, je (Prozess, Empfangsende seiner Leitung)."""
    import multiprocessing

    kontext = multiprocessing.get_context("fork")
    leitungen = [kontext.Pipe(duplex=False) for _ in range(anzahl)]
    kinder = []
    try:
        for nummer in range(anzahl):
            prozess = kontext.Process(
                target=_kind, args=(nummer, leitungen), name=f"ozg-foerder-{nummer}", daemon=True
            )
            prozess.start()
            kinder.append((prozess, leitungen[nummer][0]))
    except OSError:  # zu wenig Speicher, Grenze der Prozesse: dann eben in einem Prozess
        _beende(kinder, sauber=False)
        for empfangen, _ in leitungen[len(kinder) :]:
            empfangen.close()
        kinder = []
    for _, senden in leitungen:  # nur das Kind schreibt: stirbt es, liest der Hauptprozess EOF
        senden.close()
    return kinder


def _empfange(leitung: Any) -> tuple[Any, ...] | None:
    try:
        return leitung.recv()
    except (EOFError, OSError):  # das Kind ist weg
        return None


def _beende(kinder: list[tuple[Any, Any]], sauber: bool) -> None:
    """Nach dem letzten Block enden die Kinder von selbst; nach einem Abbruch (Strg-C, eine
    Ausnahme, der Leser hört auf) oder einem Fehler werden sie beendet."""
    for prozess, leitung in kinder:
        if not sauber and prozess.is_alive():
            prozess.kill()
        prozess.join(5)
        leitung.close()


# -- im Arbeitsprozess -----------------------------------------------------------------------

_ARBEIT: tuple[Any, Auswerter, Former, str | None, int] | None = None
"""Was die Arbeitsprozesse beim ``fork`` erben: Quelle, vorbereiteter Auswerter, Former, die
Art der Summen und die Zahl der Arbeitsprozesse."""


def _kind(nummer: int, leitungen: list[tuple[Any, Any]]) -> None:
    """Ein Arbeitsprozess: liest die Datei und rechnet die Blöcke nummer, nummer + n, …"""
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
    for i, (empfangen, senden) in enumerate(leitungen):
        empfangen.close()
        if i != nummer:
            senden.close()
    leitung = leitungen[nummer][1]
    assert _ARBEIT is not None
    quelle, auswerter, former, summen, anzahl = _ARBEIT
    stand: list[Any] = [None]

    def merke_stand(erledigt: int, gesamt: int | None) -> None:
        stand[0] = (erledigt, gesamt)

    try:
        bekannt = len(gemerkte_kommunen())
        block: list[tuple[int, list[Any]]] = []
        index = -1
        for index, zeile in enumerate(quelle.zeilen(merke_stand)):
            if (index // BLOCK) % anzahl != nummer:
                continue
            block.append(zeile)
            if len(block) == BLOCK:
                bekannt = _sende_block(leitung, auswerter, former, summen, block, bekannt, stand)
                block = []
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

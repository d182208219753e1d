"""Abbruch durch ein Signal (SIGTERM, SIGHUP): wie Strg-C, mit dem Namen des Signals.

Die Kommandozeile fängt die Signale am Rand (:func:`ozg_foerder.cli.basis.signale_abfangen`) und
wirft :class:`Beendet`. Eine Ausnahme aus einem Signal-Handler kann Python verschlucken, wenn
sie gerade in einem ``__del__`` oder einer Aufräumfunktion eintrifft; deshalb merkt sich der
Handler das Signal auch, und lange Schleifen (die Zeilen eines Batch-Laufs) fragen mit
:func:`pruefe_abbruch` nach.
"""

from __future__ import annotations

__all__ = ["Beendet", "melde_signal", "pruefe_abbruch", "vergiss_signal"]


class Beendet(KeyboardInterrupt):
    """SIGTERM oder SIGHUP: wie Strg-C aufräumen (temporäre Dateien löschen), dann 128 + Signal."""

    def __init__(self, signal_nr: int, name: str) -> None:
        super().__init__(name)
        self.signal_nr = signal_nr
        self.name = name


_EMPFANGEN: list[Beendet] = []


def melde_signal(signal_nr: int, name: str) -> Beendet:
    """Vom Signal-Handler: merkt sich das Signal und gibt die Ausnahme zum Werfen zurück."""
    beendet = Beendet(signal_nr, name)
    _EMPFANGEN.append(beendet)
    return beendet


def pruefe_abbruch() -> None:
    """Wirft :class:`Beendet`, wenn ein Signal kam (und seine Ausnahme verschluckt wurde)."""
    if _EMPFANGEN:
        raise _EMPFANGEN[0]


def vergiss_signal() -> None:
    """Am Ende eines Aufrufs (Tests rufen main() mehrmals im selben Prozess auf)."""
    _EMPFANGEN.clear()

"""Gleiche Zeilen einmal rechnen: Ergebnisse je Programm nach den Rohzellen, die sie bestimmen.

Eine Liste wiederholt sich: 100.000 erzeugte IKZ-Zeilen haben nur einige Tausend verschiedene
Kombinationen aus Kommune und Angaben. Die Auswertung eines Programms hängt nur an den Zellen
seiner Eingaben, an der Kommune (mit den Hinweisen ihrer Suche) und am Stichtag des Laufs – nicht
an der Zeilennummer. Ist eine Kombination schon einmal ohne Fehler ausgewertet worden, gilt ihr
Ergebnis wieder.

Das gemerkte Ergebnis wird von vielen Zeilen geteilt und darum nie verändert; was zu einer Zeile
gehört (Nummer, Meldungen, Verbund), steht im :class:`~.zeile.Zeilenergebnis`, nicht hier.
Zeilen mit Meldungen werden nie gemerkt (ihre Texte nennen die Zeile).

Begrenzt: höchstens :data:`GROESSE` Einträge je Programm. Wiederholen sich die Zeilen kaum (nach
:data:`PROBE` Fragen weniger als :data:`MINDESTENS` Treffer), schaltet es sich ab: dann kostet es
nichts mehr.
"""

from __future__ import annotations

from typing import Any

__all__ = ["GROESSE", "MINDESTENS", "PROBE", "Gedaechtnis", "typschluessel"]

GROESSE = 8192
PROBE = 2048
MINDESTENS = 0.25


def typschluessel(zellen: tuple[Any, ...]) -> tuple[Any, ...]:
    """Schlüssel für Zellen beliebigen Typs (Excel): ``1``, ``1.0`` und ``True`` sind in Python
    gleich, als Eingaben aber verschieden (``True`` ist keine Zahl), ``-0.0`` und ``0.0`` auch;
    darum zählen Klasse und ``repr``. Texte bleiben, wie sie sind (der häufige Fall)."""
    return tuple(z if z.__class__ is str else (z.__class__, repr(z)) for z in zellen)


class Gedaechtnis:
    """Die Ergebnisse eines Programms in einem Lauf, nach Schlüssel (siehe Modultext)."""

    __slots__ = ("_fragen", "_treffer", "_werte", "an")

    def __init__(self) -> None:
        self._werte: dict[Any, Any] = {}
        self._fragen = 0
        self._treffer = 0
        self.an = True
        """Falsch, sobald sich gezeigt hat, dass Zeilen sich kaum wiederholen."""

    def hole(self, schluessel: Any) -> Any:
        """Das gemerkte Ergebnis oder ``None``."""
        wert = self._werte.get(schluessel)
        self._fragen += 1
        if wert is not None:
            self._treffer += 1
        if self._fragen == PROBE and self._treffer < MINDESTENS * PROBE:
            self.an = False
            self._werte.clear()
        return wert

    def merke(self, schluessel: Any, wert: Any) -> None:
        if self.an and len(self._werte) < GROESSE:
            self._werte[schluessel] = wert

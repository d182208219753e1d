"""Text auf die Breite des Terminals umbrechen: an Wortgrenzen, mit hängendem Einzug.

Die Textausgaben bauen ihre Zeilen ohne Rücksicht auf die Breite; :func:`umbrechen` bricht jede
zu lange Zeile an Leerzeichen um und rückt die Fortsetzung so ein, dass sie unter dem Text der
Zeile steht (nach einem Aufzählungszeichen, nach einer Spalte wie ``✓ erfüllt      ``).
Ein Wort wird nie geteilt – auch eines, das länger ist als die Zeile (eine Adresse), nicht.
Leerzeichen am Zeilenende gibt es danach keine.
"""

from __future__ import annotations

import re
import textwrap

__all__ = ["STANDARD_BREITE", "umbrechen"]

STANDARD_BREITE = 80  # in eine Datei oder Pipe, oder wenn die Breite unbekannt ist

_FEST = "\ue000"  # ein Leerzeichen, an dem nicht umbrochen wird (Zeichen aus dem privaten Bereich)
# Nicht trennen: Zahl und Einheit (100.000,00 €, 15 %), Telefonnummern (0611 3211-4411),
# Abkürzung und Nummer (Nr. 3, Ziff. 4, § 5)
_ZUSAMMEN = re.compile(r"(?:(?<=\d)|(?<=\bNr\.)|(?<=\bZiff\.)|(?<=\bAbs\.)|(?<=§)) (?=[\d€%])")
_AUFZAEHLUNG = re.compile(r"^( *)[•☐✓✗?●○→\-] ")
_SPALTE = re.compile(r"^( *\S.*?\S? {2,})\S")  # bis zum ersten Abstand von 2+ Leerzeichen


def _einzug(zeile: str, breite: int) -> int:
    """Wo die Fortsetzung einer umgebrochenen Zeile beginnt."""
    eingerueckt = len(zeile) - len(zeile.lstrip(" "))
    spalte = _SPALTE.match(zeile)
    if spalte and len(spalte.group(1)) <= breite // 2:
        return len(spalte.group(1))
    treffer = _AUFZAEHLUNG.match(zeile)
    if treffer:
        return len(treffer.group(0))
    return eingerueckt


def umbrechen(text: str, breite: int = STANDARD_BREITE) -> str:
    """Jede Zeile von ``text``, die länger als ``breite`` ist, an Wortgrenzen umbrechen."""
    ergebnis = []
    for zeile in text.split("\n"):
        zeile = zeile.rstrip()
        if len(zeile) <= breite:
            ergebnis.append(zeile)
            continue
        einzug = _einzug(zeile, breite)
        kopf, rest = zeile[:einzug], _ZUSAMMEN.sub(_FEST, zeile[einzug:])
        umbrochen = textwrap.wrap(
            rest,
            width=max(breite - einzug, 20),
            break_long_words=False,
            break_on_hyphens=False,
            replace_whitespace=False,
        )
        for i, teil in enumerate(umbrochen):
            teil = teil.replace(_FEST, " ")
            ergebnis.append(((kopf if i == 0 else " " * einzug) + teil).rstrip())
    return "\n".join(ergebnis)

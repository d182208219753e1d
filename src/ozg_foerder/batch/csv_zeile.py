"""Eine CSV-Zeile als Text – Zeichen für Zeichen wie ``csv.writer`` (``QUOTE_MINIMAL``, ``"``,
verdoppelte Anführungszeichen, Zeilenende ``\\r\\n``), nur schneller für unsere Zeilen.

``csv.writer`` prüft jedes Zeichen jeder Zelle in einer Schleife; bei deutschen Ergebnislisten
mit Begründung (300 Zeichen je Zeile und mehr, Umlaute) kostet das mehrere Mikrosekunden je Zeile
– mehr als die Auswertung. Hier sucht ein regulärer Ausdruck (in C) die Zeichen, die Anführungs-
zeichen verlangen, und Zellen, die sich wiederholen, werden einmal gesetzt (der Aufrufer merkt
sie sich). Dass beide dasselbe schreiben, prüft tests/test_batch_gedaechtnis.py mit hypothesis.
"""

from __future__ import annotations

import re

__all__ = ["CsvZeile"]


class CsvZeile:
    """Setzt Zellen und Zeilen für ein Trennzeichen."""

    __slots__ = ("sonder", "trenner")

    def __init__(self, trennzeichen: str) -> None:
        self.trenner = trennzeichen
        # was csv.writer in Anführungszeichen setzt: Trennzeichen, " und die Zeichen des
        # Zeilenendes
        self.sonder = re.compile("[" + re.escape(trennzeichen) + '"\r\n]').search
        """``sonder(text)``: ein Treffer, wenn ``text`` (auch mehrere mit ``\\x1f`` verbundene
        Zellen) ein Zeichen enthält, das Anführungszeichen verlangt, sonst ``None``."""

    def feld(self, text: str) -> str:
        """Eine Zelle, wie csv.writer sie schreibt."""
        if self.sonder(text) is None:
            return text
        return '"' + text.replace('"', '""') + '"'

    def zeile(self, felder: list[str]) -> str:
        """Bereits gesetzte Zellen (:meth:`feld`) als Zeile mit Zeilenende."""
        if len(felder) == 1 and felder[0] == "":
            return '""\r\n'  # wie csv.writer: eine einzelne leere Zelle ist keine Leerzeile
        return self.trenner.join(felder) + "\r\n"

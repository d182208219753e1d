"""Fehler, die eine ganze Datei unbrauchbar machen (Exit 2) – mit Ausweg für den Benutzer."""

from __future__ import annotations

__all__ = ["DateiUnbrauchbar"]


class DateiUnbrauchbar(Exception):
    """Die Eingabedatei (oder das Ziel) lässt sich nicht verwenden.

    ``meldung`` sagt, was nicht stimmt, ``hilfe`` den Ausweg. Einzelne schlechte Zeilen sind
    kein solcher Fehler, sie werden als Zeilenfehler gemeldet.
    """

    def __init__(self, meldung: str, hilfe: str | None = None) -> None:
        self.meldung = meldung
        self.hilfe = hilfe
        super().__init__(meldung)

"""Steuerzeichen sichtbar machen, bevor Text ins Terminal geht.

Zellen und Optionen kommen vom Benutzer oder aus fremden Dateien; ein ESC-Zeichen darin
(``\\x1b[2J``, ``\\x1b]0;…\\x07``) darf das Terminal nicht steuern: nicht den Bildschirm löschen,
keinen Fenstertitel setzen, keine Zeile überschreiben. :func:`sichtbar` ersetzt Steuerzeichen
durch ihre Bildzeichen (ESC → ␛, BEL → ␇; Zeilenumbruch und Tabulator bleiben), C1-Zeichen und
Richtungsumschalter (U+202A–U+202E, U+2066–U+2069) durch „�“.
"""

from __future__ import annotations

__all__ = ["sichtbar"]

_TABELLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(32) if c not in (9, 10)}
_TABELLE[13] = "␍"
_TABELLE[0x7F] = "␡"
_TABELLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_TABELLE.update({c: "\ufffd" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_ERSETZEN = str.maketrans(_TABELLE)


def sichtbar(text: str) -> str:
    """``text`` ohne Zeichen, die ein Terminal steuern (als sichtbare Ersatzzeichen)."""
    if text.isprintable():  # der übliche Fall: schnell und unverändert
        return text
    return text.translate(_ERSETZEN)

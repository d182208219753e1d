"""Fehler in Regeldateien (leichtgewichtig: ohne YAML und pydantic importierbar)."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["RegelFehler", "RegelnUngueltig"]


class RegelFehler(NamedTuple):
    """Ein Fehler mit Ort: Datei, Zeile (1-basiert) und Feld."""

    datei: str
    zeile: int | None
    feld: str
    meldung: str

    def __str__(self) -> str:
        ort = f"{self.datei}:{self.zeile}" if self.zeile else self.datei
        feld = f" {self.feld}:" if self.feld else ""
        return f"{ort}:{feld} {self.meldung}"


class RegelnUngueltig(Exception):
    """Eine oder mehrere Regeldateien sind fehlerhaft."""

    def __init__(self, fehler: list[RegelFehler]) -> None:
        self.fehler = fehler
        super().__init__("\n".join(str(f) for f in fehler))

"""Quellen der Regeln: Fundstellen in den Dokumenten und Helfer zum Lesen des Kompilats."""

from __future__ import annotations

from typing import Any, NamedTuple

from ozg_foerder.eingaben.werte import datum_aus, decimal_aus

__all__ = ["Quelle", "datum_aus", "decimal_aus", "quellen_aus", "quellen_text"]


class Quelle(NamedTuple):
    dokument: str
    abschnitt: str
    zitat: str | None = None
    anmerkung: str | None = None
    abgeleitet: bool = False  # erschlossen, nicht so in der Quelle

    def kurz(self) -> str:
        trenner = ", " if self.dokument.endswith("Folien") else " "
        return f"{self.dokument}{trenner}{self.abschnitt}" + (
            " (abgeleitet)" if self.abgeleitet else ""
        )


def quellen_aus(verweis: Any, benannt: dict[str, Quelle]) -> tuple[Quelle, ...]:
    if verweis is None:
        return ()
    liste = verweis if isinstance(verweis, list) else [verweis]
    return tuple(benannt[v] if isinstance(v, str) else Quelle(**v) for v in liste)


def quellen_text(quellen: tuple[Quelle, ...]) -> str:
    """Kurzzitate, jedes nur einmal: "HMdIS-Folien, TOP 4; Handreichung Ziff. 4"."""
    return "; ".join(dict.fromkeys(q.kurz() for q in quellen))

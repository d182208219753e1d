"""Wo die mitgelieferten Regeln und Daten liegen: im installierten Paket oder im Checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["daten_verzeichnis", "mitgeliefert"]

_PAKET = Path(__file__).resolve().parent.parent


def mitgeliefert(name: str) -> Path:
    """Im installierten Paket liegen rules/ und data/ im Paket, im Checkout daneben."""
    im_paket = _PAKET / name
    if im_paket.is_dir():
        return im_paket
    return _PAKET.parent.parent / name


def daten_verzeichnis() -> Path:
    return mitgeliefert("data")

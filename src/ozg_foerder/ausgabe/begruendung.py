"""„Begründung / noch offen“: in einem Satz, warum ein Ergebnis nicht förderfähig oder offen ist.

Für Listen (Batch-Spalte je Programm): die nicht erfüllten Voraussetzungen mit Grenze und
Angabe und die offenen mit der Spalte, in der die Angabe fehlt – in denselben Worten, die
``ozg-foerder check`` zeigt (:func:`~ozg_foerder.ausgabe.text.voraussetzung_text`). In einem Verbund
steht dabei, wenn der Grund nicht in dieser Zeile, sondern bei einem Partner liegt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ozg_foerder.ausgabe.text import STATUS_TEXT, angabe, voraussetzung_anfang
from ozg_foerder.engine.auswertung import Ergebnis
from ozg_foerder.engine.bedingungen import NICHT_ERFUELLT, OFFEN, KriteriumErgebnis

__all__ = [
    "begruendung",
    "begruendung_satz",
    "begruendung_teile",
    "eintrag",
    "eintrag_rest",
]


def _eigener_status(k: KriteriumErgebnis, e: Ergebnis) -> str | None:
    try:
        return k.kriterium.bedingung.pruefe(e.ns)
    except Exception:  # pragma: no cover - eine Bedingung, die ohne Verbund nicht prüfbar ist
        return None


def eintrag(
    k: KriteriumErgebnis,
    e: Ergebnis,
    spalten: Mapping[str, str] | None,
    verbund: str | None = None,
    partner: Mapping[str, str] | None = None,
) -> str:
    """Eine nicht erfüllte oder offene Voraussetzung in Worten (ein Teil der Begründung).

    Ohne Verbund hängt der Text nur an der Voraussetzung, ihrem Status und den Werten, die ihre
    Bedingung liest (``bedingung.namen()``) – Listen merken ihn sich danach. Er ist
    :func:`~ozg_foerder.ausgabe.text.voraussetzung_anfang` (ohne Werte, einmal je
    Voraussetzung zu bilden) und :func:`eintrag_rest`.
    """
    return voraussetzung_anfang(k, e.programm) + eintrag_rest(k, e, spalten, verbund, partner)


def eintrag_rest(
    k: KriteriumErgebnis,
    e: Ergebnis,
    spalten: Mapping[str, str] | None,
    verbund: str | None = None,
    partner: Mapping[str, str] | None = None,
) -> str:
    """Der Teil von :func:`eintrag`, der an den Werten hängt: die Angabe, dazu die Spalte, in
    der sie fehlt, und im Verbund, wo der Grund liegt."""
    text = angabe(k, e, praefix=True)
    name = k.kriterium.bedingung.wert
    eigen = _eigener_status(k, e) if verbund is not None else k.status
    if eigen == OFFEN and name in e.programm.eingaben and e.ns.get(name) is None:
        spalte = (spalten or {}).get(name, name)
        text += f" (Spalte {spalte})"
    if verbund is not None and eigen is not None and eigen != k.status:
        wo = (partner or {}).get(k.kriterium.id)
        wo = f"bei {wo}" if wo else "bei einem anderen Partner"
        text += (
            f" – in dieser Zeile {STATUS_TEXT[eigen]}, {STATUS_TEXT[k.status]} {wo} "
            f"des Verbunds „{verbund}“"
        )
    return text


def begruendung_teile(
    e: Ergebnis,
    *,
    spalten: Mapping[str, str] | None = None,
    verbund: str | None = None,
    partner: Mapping[str, str] | None = None,
    fehlerzeilen: Iterable[int] = (),
) -> tuple[list[str], list[str]]:
    """(nicht erfüllt, noch offen) als Texte je Voraussetzung.

    ``spalten``: Eingabe → Spaltenname in der Liste (Standard: der Name der Eingabe);
    ``verbund``: Name des Verbunds der Zeile; ``partner``: Kriterium → welcher Partner es
    verfehlt (wenn bekannt); ``fehlerzeilen``: nicht lesbare Zeilen des Verbunds.
    """
    nicht = [
        eintrag(k, e, spalten, verbund, partner) for k in e.kriterien if k.status == NICHT_ERFUELLT
    ]
    offen = [eintrag(k, e, spalten, verbund, partner) for k in e.kriterien if k.status == OFFEN]
    zeilen = list(fehlerzeilen)
    if zeilen and verbund is not None:
        offen.append(
            f"Verbund „{verbund}“: Zeile {', '.join(str(z) for z in zeilen)} nicht lesbar, "
            "ihre Voraussetzungen daher offen"
        )
    return nicht, offen


def begruendung(
    e: Ergebnis,
    *,
    spalten: Mapping[str, str] | None = None,
    verbund: str | None = None,
    partner: Mapping[str, str] | None = None,
    fehlerzeilen: Iterable[int] = (),
) -> str:
    """``Nicht erfüllt: …; …. Noch offen: ….`` – leer, wenn alles erfüllt ist."""
    nicht, offen = begruendung_teile(
        e, spalten=spalten, verbund=verbund, partner=partner, fehlerzeilen=fehlerzeilen
    )
    return begruendung_satz(nicht, offen)


def begruendung_satz(nicht: list[str], offen: list[str]) -> str:
    """Die Teile (:func:`eintrag`) als ``Nicht erfüllt: …; …. Noch offen: ….``."""
    teile = []
    if nicht:
        teile.append("Nicht erfüllt: " + "; ".join(nicht) + ".")
    if offen:
        teile.append("Noch offen: " + "; ".join(offen) + ".")
    return " ".join(teile)

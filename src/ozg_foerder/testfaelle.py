"""Die Testfälle der Regeldateien ausführen (für pytest und ``ozg-foerder regeln pruefen``).

Jede Regeldatei trägt unter ``testfaelle`` Beispiele: Eingaben und Stichtag → erwartetes
Ergebnis, Betrag (auf den Cent), Status einzelner Kriterien, Werte, Module, Hinweise oder ein
erwarteter Eingabefehler. Ändert jemand eine Zahl in den Regeln, zeigen die Testfälle sofort,
welche Antworten sich dadurch ändern.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ozg_foerder.api import lies_eingaben
from ozg_foerder.ausgabe.text import hinweise
from ozg_foerder.eingaben.definition import json_wert
from ozg_foerder.eingaben.werte import CENT, EingabeFehler
from ozg_foerder.engine.auswertung import werte_aus
from ozg_foerder.engine.programm import Programm
from ozg_foerder.regeln.katalog import lade_regeldateien

__all__ = ["Bericht", "Fall", "alle_faelle", "pruefe_fall", "pruefe_verzeichnis"]


@dataclass(frozen=True)
class Fall:
    programm: str
    name: str
    testfall: Any  # regeln.Testfall
    kompilat: dict[str, Any]

    @property
    def kennung(self) -> str:
        return f"{self.programm}: {self.name}"


def alle_faelle(verzeichnis: Path) -> list[Fall]:
    return [
        Fall(regeln.id, t.name, t, kompilat)
        for regeln, kompilat in lade_regeldateien(verzeichnis)
        for t in regeln.testfaelle
    ]


@dataclass
class Bericht:
    """Was ``regeln pruefen`` über ein Regelverzeichnis sagt (Sätze für den Regelautor)."""

    fehler: list[str]
    hinweise: list[str]
    programme: int
    faelle: int


def pruefe_verzeichnis(verzeichnis: Path) -> Bericht:
    """Prüft ein Regelverzeichnis vollständig: Regeldateien (wirft
    :class:`~ozg_foerder.regeln.fehler.RegelnUngueltig`), Testfälle mit Zeile, Programme ohne
    Testfälle und jedes Zitat gegen seine Quelldokumente (``quellen/index.yaml``)."""
    from ozg_foerder.regeln.dokumente import INDEX, lade_dokumente, pruefe_zitate
    from ozg_foerder.regeln.laden import zeilen_finder

    geladen = lade_regeldateien(verzeichnis)
    dokumente, index_fehler = lade_dokumente(verzeichnis)
    fehler = [str(f) for f in index_fehler]
    hinweise = []
    faelle = 0
    zitate = False
    for regeln, kompilat in geladen:
        datei = verzeichnis / f"{regeln.id}.yaml"
        zeile_von = zeilen_finder(datei)
        programm = Programm(kompilat)
        if not regeln.testfaelle:
            fehler.append(
                f"{datei}: Programm „{regeln.id}“ hat keine Testfälle (Abschnitt testfaelle)."
            )
        for i, t in enumerate(regeln.testfaelle):
            faelle += 1
            zeile, _ = zeile_von(("testfaelle", i))
            for abweichung in pruefe_fall(Fall(regeln.id, t.name, t, kompilat), programm):
                fehler.append(f"{datei}:{zeile}: Testfall „{t.name}“: {abweichung}")
        zitate = zitate or any(q.zitat for q in regeln.quellen.values())
        if dokumente is not None:
            fehler += [str(f) for f in pruefe_zitate(regeln, datei, dokumente, zeile_von)]
    if dokumente is None and zitate:
        hinweise.append(
            f"Zitate nicht geprüft: {verzeichnis / INDEX} fehlt (die Quelldokumente als Text "
            "neben den Regeln, mit Titel, Stand und Adresse)."
        )
    return Bericht(fehler, hinweise, len(geladen), faelle)


def _betrag(wert: Decimal | None) -> str | None:
    return None if wert is None else f"{wert.quantize(CENT):f}"


def pruefe_fall(fall: Fall, programm: Programm | None = None) -> list[str]:
    """Abweichungen des Falls von seiner Erwartung (leer = bestanden)."""
    p = programm or Programm(fall.kompilat)
    t = fall.testfall
    soll = t.erwartet
    try:
        werte, zusatz = lies_eingaben(p, t.eingaben)
        e = werte_aus(p, werte, t.stichtag)
        e.weitere_hinweise.extend(zusatz)
    except EingabeFehler as fehler:
        if soll.fehler == fehler.feld:
            return []
        return [f"unerwarteter Eingabefehler: {fehler.meldung()}"]
    if soll.fehler:
        return [f"erwartet: Eingabefehler in '{soll.fehler}', bekommen: {e.ergebnis}"]
    abweichungen = []
    if soll.ergebnis and e.ergebnis != soll.ergebnis:
        abweichungen.append(f"ergebnis: erwartet {soll.ergebnis}, bekommen {e.ergebnis}")
    if soll.betrag is not None and _betrag(e.betrag) != _betrag(soll.betrag):
        abweichungen.append(
            f"betrag: erwartet {_betrag(soll.betrag)}, bekommen {_betrag(e.betrag)}"
        )
    if soll.betrag_null and e.betrag is not None:
        abweichungen.append(f"betrag: erwartet null, bekommen {_betrag(e.betrag)}")
    stati = {k.kriterium.id: k.status for k in e.kriterien}
    for kid, status in soll.kriterien.items():
        if stati.get(kid) != status:
            abweichungen.append(f"kriterium {kid}: erwartet {status}, bekommen {stati.get(kid)}")
    for name, wert in soll.werte.items():
        ist = json_wert(p.typ(name), e.ns.get(name))
        if ist is not None and not isinstance(ist, str):
            ist = str(ist)
        if ist != wert:
            abweichungen.append(f"wert {name}: erwartet {wert}, bekommen {ist}")
    module = {m.modul.nr: m.status for m in e.module}
    for nr, status in soll.module.items():
        if module.get(nr) != status:
            abweichungen.append(f"modul {nr}: erwartet {status}, bekommen {module.get(nr)}")
    texte = hinweise(e)
    for teil in soll.hinweis_enthaelt:
        if not any(teil in h for h in texte):
            abweichungen.append(f"kein Hinweis enthält „{teil}“")
    for teil in soll.hinweis_fehlt:
        if any(teil in h for h in texte):
            abweichungen.append(f"ein Hinweis enthält „{teil}“, erwartet keiner")
    angebote = {a.id: status for a, status, _ in e.angebote}
    for aid, status in soll.angebote.items():
        if angebote.get(aid) != status:
            abweichungen.append(f"angebot {aid}: erwartet {status}, bekommen {angebote.get(aid)}")
    return abweichungen

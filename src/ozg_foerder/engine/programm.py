"""Ein Förderprogramm aus dem Kompilat seiner Regeldatei, fertig zur Auswertung."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from ozg_foerder.eingaben.definition import EingabeDef, formatiere_wert
from ozg_foerder.engine.bedingungen import (
    ERFUELLT,
    NICHT_ERFUELLT,
    OFFEN,
    AusschlussWennJa,
    Bedingung,
    Kriterium,
    KriteriumErgebnis,
    Zeitraum,
    bedingung,
    zeitraum_text,
)
from ozg_foerder.engine.formeln import FORMELN, WERT_ARGUMENTE, WERT_TYP, Formel, WertDef
from ozg_foerder.engine.quellen import Quelle, datum_aus, quellen_aus


class Finanzierung(NamedTuple):
    traeger: str
    von: date | None
    bis: date | None


class AngebotDef(NamedTuple):
    id: str
    text: str
    leistung: str
    kosten: str
    finanzierung: tuple[Finanzierung, ...]
    hinweis: str | None
    quellen: tuple[Quelle, ...]

    def status(self, stichtag: date) -> tuple[str, Finanzierung | None]:
        """("aktiv" | "beendet" | "beginnt", zuständige Finanzierung)."""
        for f in self.finanzierung:
            if (f.von is None or f.von <= stichtag) and (f.bis is None or stichtag <= f.bis):
                return "aktiv", f
        kuenftig = [f for f in self.finanzierung if f.von is not None and f.von > stichtag]
        if kuenftig:
            return "beginnt", min(kuenftig, key=lambda f: f.von)
        return "beendet", max(self.finanzierung, key=lambda f: f.bis or date.max)


class Termin(NamedTuple):
    id: str
    text: str
    von: date | None
    bis: date | None
    quellen: tuple[Quelle, ...]


class HinweisDef(NamedTuple):
    text: str
    wenn: Bedingung | None
    quellen: tuple[Quelle, ...]
    platzhalter: tuple[str, ...]
    bei: frozenset[str] | None


class Checkliste(NamedTuple):
    id: str
    titel: str
    punkte: tuple[tuple[str, str | None], ...]
    quellen: tuple[Quelle, ...]


class Budget(NamedTuple):
    text: str
    betrag: Decimal
    je: str
    quellen: tuple[Quelle, ...]


class Programm:
    """Ein Förderprogramm, fertig zur Auswertung (aus dem Kompilat einer Regeldatei)."""

    def __init__(self, d: dict[str, Any]) -> None:
        q = {name: Quelle(**v) for name, v in d.get("quellen", {}).items()}
        self.id: str = d["id"]
        self.name: str = d["name"]
        self.kurzname: str = d.get("kurzname") or self.id
        self.traeger: str = d["traeger"]
        self.zweck: str = d["zweck"]
        self.stand: date = date.fromisoformat(d["stand"])
        self.beispiel: str | None = d.get("beispiel")
        self.kontakt: tuple[dict[str, str], ...] = tuple(d["kontakt"])
        self.eingaben = {n: EingabeDef(n, e) for n, e in d.get("eingaben", {}).items()}
        g = d.get("gueltigkeit")
        self.gueltigkeit: tuple[date | None, date | None, str, tuple[Quelle, ...]] | None = None
        self.kriterien: list[Kriterium] = []
        if g is not None:
            von, bis = datum_aus(g.get("von")), datum_aus(g.get("bis"))
            quellen = quellen_aus(g.get("quelle"), q)
            self.gueltigkeit = (von, bis, g["text"], quellen)
            if von or bis:
                self.kriterien.append(
                    Kriterium(
                        "foerderzeitraum",
                        f"Stichtag im Förderzeitraum ({g['text']}: {zeitraum_text(von, bis)})",
                        Zeitraum({"von": g.get("von"), "bis": g.get("bis")}),
                        quellen,
                        None,
                    )
                )
        for k in d.get("kriterien", []):
            self.kriterien.append(
                Kriterium(
                    k["id"], k["text"], bedingung(k), quellen_aus(k["quelle"], q), k.get("grund")
                )
            )
        f = d.get("betrag")
        self.formel: Formel | None = (
            FORMELN[f["art"]](f, quellen_aus(f["quelle"], q)) if f is not None else None
        )
        self.werte = [
            WertDef(
                n,
                w["art"],
                w["text"],
                WERT_TYP[w["art"]],
                tuple(w[a] for a in WERT_ARGUMENTE[w["art"]]),
            )
            for n, w in d.get("werte", {}).items()
        ]
        self.hinweise = [
            HinweisDef(
                h["text"],
                bedingung(h["wenn"]) if h.get("wenn") else None,
                quellen_aus(h.get("quelle"), q),
                tuple(re.findall(r"\{([a-z][a-z0-9_]*)\}", h["text"])),
                frozenset(h["bei"]) if h.get("bei") else None,
            )
            for h in d.get("hinweise", [])
        ]
        self.module: tuple = ()
        self.kontingente: tuple = ()
        if d.get("module") or d.get("kontingente"):
            self._lade_kontingente(d, q)
        self.modul_eingabe: str | None = None
        for e in self.eingaben.values():
            if e.typ == "module":
                e.module = tuple(m.nr for m in self.module)
                self.modul_eingabe = e.name
        self.angebote = tuple(
            AngebotDef(
                a["id"],
                a["text"],
                a["leistung"],
                a["kosten"],
                tuple(
                    Finanzierung(f["traeger"], datum_aus(f.get("von")), datum_aus(f.get("bis")))
                    for f in a["finanzierung"]
                ),
                a.get("hinweis"),
                quellen_aus(a["quelle"], q),
            )
            for a in d.get("angebote", [])
        )
        self.termine = tuple(
            Termin(
                t["id"],
                t["text"],
                datum_aus(t.get("von")) or datum_aus(t.get("datum")),
                datum_aus(t.get("bis")) or datum_aus(t.get("datum")),
                quellen_aus(t["quelle"], q),
            )
            for t in d.get("termine", [])
        )
        self.checklisten = tuple(
            Checkliste(
                c["id"],
                c["titel"],
                tuple(
                    (p, None) if isinstance(p, str) else (p["text"], p.get("erlaeuterung"))
                    for p in c["punkte"]
                ),
                quellen_aus(c["quelle"], q),
            )
            for c in d.get("checklisten", [])
        )
        self.budget = tuple(
            Budget(b["text"], Decimal(b["betrag"]), b["je"], quellen_aus(b["quelle"], q))
            for b in d.get("budget", [])
        )
        batch = d.get("batch")
        self.batch_wenn: tuple[str, ...] = (
            tuple(batch["wenn"])
            if batch
            else tuple(n for n, e in self.eingaben.items() if e.erforderlich)
        )
        verbund = d.get("verbund")
        self.verbund_zaehlt: str | None = verbund.get("zaehlt") if verbund else None
        self.verbund: dict[str, Any] | None = verbund or None
        """Wie Zeilen mit gleichem ``verbund`` ein Vorhaben bilden (Regeldatei), sonst None."""
        self._typen: dict[str, str] = {n: e.typ for n, e in self.eingaben.items()}
        self._typen.update({"stichtag": "datum", "zuwendung": "betrag", "hoechstbetrag": "betrag"})
        self._typen.update({w.name: w.typ for w in self.werte})
        self._typen.update({"tage_verfuegbar": "tage", "angebote_aktiv": "anzahl"})
        self._texte = {n: e.text for n, e in self.eingaben.items()}
        self._texte.update({w.name: w.text for w in self.werte})
        self._texte.update(
            {
                "stichtag": "Stichtag",
                "zuwendung": "Zuwendung",
                "hoechstbetrag": "Höchstbetrag",
                "tage_verfuegbar": "verfügbare Beratungstage",
                "angebote_aktiv": "laufende Angebote",
            }
        )
        self._haengt_von_betrag = self._abhaengige_von_betrag()
        # Je Programm einmal statt je Auswertung (Batch: 100.000 Auswertungen je Datei).
        self._kriterium_ergebnisse = [
            (k, {s: KriteriumErgebnis(k, s) for s in (ERFUELLT, NICHT_ERFUELLT, OFFEN)})
            for k in self.kriterien
        ]
        self._kommune_eingaben = tuple(n for n, e in self.eingaben.items() if e.typ == "kommune")
        self._veraltet_ab = plus_ein_jahr(self.stand)

    def _lade_kontingente(self, d: dict[str, Any], q: dict[str, Quelle]) -> None:
        from ozg_foerder.engine.kontingente import KontingentDef, ModulDef

        self.module = tuple(
            ModulDef(
                m["nr"],
                m["titel"],
                Decimal(m["tage"]),
                Decimal(m["vor_ort"]),
                Decimal(m["ergebnisbesprechung"]),
                m["bereich"],
                m.get("voraussetzung"),
                tuple(m.get("inhalte", ())),
                m.get("ziel"),
                tuple(m.get("zielgruppe", ())),
                m.get("hinweis"),
                quellen_aus(m["quelle"], q),
            )
            for m in d.get("module", [])
        )
        self.kontingente = tuple(
            KontingentDef(
                k["id"],
                k["name"],
                tuple(k["module"]),
                datum_aus(k.get("von")),
                datum_aus(k.get("bis")),
                k["finanzierung"],
                k.get("setzt_voraus_modul"),
                quellen_aus(k["quelle"], q),
            )
            for k in d.get("kontingente", [])
        )

    # -- Hilfen für die Darstellung ----------------------------------------------------------

    @property
    def erforderlich(self) -> tuple[str, ...]:
        return tuple(n for n, e in self.eingaben.items() if e.erforderlich)

    def typ(self, name: str) -> str:
        return self._typen.get(name, "text")

    def benoetigte_eingaben(self) -> list[str]:
        """Eingaben, ohne die ein Kriterium offen bleibt oder der Betrag fehlt.

        Ausschlussgründe gehören nicht dazu: nicht angegeben heißt, sie liegen nicht vor.
        """
        namen = {
            k.bedingung.wert
            for k in self.kriterien
            if not isinstance(k.bedingung, AusschlussWennJa)
        }
        if self.formel is not None:
            namen.update(self.formel.eingaben)
        return [n for n in self.eingaben if n in namen]

    def bezeichnung(self, name: str) -> str:
        return self._texte.get(name, name)

    def formatiere(self, name: str, wert: Any) -> str:
        return formatiere_wert(self.typ(name), wert, self.eingaben.get(name))

    def _abhaengige_von_betrag(self) -> frozenset[str]:
        abhaengig = {"zuwendung"}
        for w in self.werte:
            if any(a in abhaengig for a in w.argumente):
                abhaengig.add(w.name)
        return frozenset(abhaengig - {"zuwendung"})


def plus_ein_jahr(tag: date) -> date:
    try:
        return tag.replace(year=tag.year + 1)
    except ValueError:  # 29. Februar
        return tag.replace(year=tag.year + 1, day=28) + timedelta(days=1)

"""Ein Förderprogramm aus dem Kompilat seiner Regeldatei, fertig zur Auswertung."""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from ozg_foerder.eingaben.definition import EingabeDef, formatiere_wert
from ozg_foerder.engine.bedingungen import (
    ERFUELLT,
    NICHT_ERFUELLT,
    OFFEN,
    Bedingung,
    BetragUnbekannt,
    Foerderzeitraum,
    Kriterium,
    KriteriumErgebnis,
    bedingung,
)
from ozg_foerder.engine.datiert import UNBEKANNT, datiert, loese_auf
from ozg_foerder.engine.formeln import WERT_ARGUMENTE, WERT_TYP, Formel, WertDef, formel
from ozg_foerder.engine.quellen import Quelle, quellen_aus

_GEMERKTE_WERTE = 1024
"""So viele Werte merkt sich eine Prüfung mit ihrem Status bzw. die Betragsregel mit dem Betrag."""

_PROBE = 1024
"""Ist das Gedächtnis einer Prüfung voll, prüft sie nach so vielen weiteren Fehlgriffen so oft
ohne Nachschlagen und zählt, wie oft es geholfen hätte (siehe :meth:`Programm._pruefschritt`)."""


def _datum(roh: Any, q: dict[str, Quelle]) -> Any:
    return datiert(roh, date.fromisoformat, q)


def _hat_stufen(knoten: Any) -> bool:
    """Enthält das Kompilat datierte Werte (Listen von {ab, wert})?"""
    if isinstance(knoten, dict):
        return any(_hat_stufen(v) for v in knoten.values())
    if isinstance(knoten, list):
        if knoten and isinstance(knoten[0], dict) and "ab" in knoten[0] and "wert" in knoten[0]:
            return True
        return any(_hat_stufen(v) for v in knoten)
    return False


def _mit(quellen: tuple[Quelle, ...], dazu: list[Quelle]) -> tuple[Quelle, ...]:
    """Quellen und die Quellen der am Stichtag geltenden Werte, jede einmal."""
    return tuple(dict.fromkeys((*quellen, *dazu)))


def _bekannt(wert: Any) -> Any:
    return None if wert is UNBEKANNT else wert


def _bekannte_phasen(a: Any) -> bool:
    return all(f.von is not UNBEKANNT and f.bis is not UNBEKANNT for f in a.finanzierung)


class Gueltigkeit(NamedTuple):
    von: date | None
    bis: date | None
    text: str
    quellen: tuple[Quelle, ...]


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
    """Ein Förderprogramm, fertig zur Auswertung (aus dem Kompilat einer Regeldatei).

    Datierte Werte bleiben hier Listen; :meth:`am` liefert die am Stichtag aufgelöste Kopie, mit
    der ausgewertet und dargestellt wird.
    """

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
        self.gueltigkeit: Gueltigkeit | None = None
        self.kriterien: list[Kriterium] = []
        if g is not None:
            von, bis = _datum(g.get("von"), q), _datum(g.get("bis"), q)
            quellen = quellen_aus(g.get("quelle"), q)
            self.gueltigkeit = Gueltigkeit(von, bis, g["text"], quellen)
            if von or bis:
                self.kriterien.append(
                    Kriterium(
                        "foerderzeitraum",
                        g["text"],
                        Foerderzeitraum(g, q),
                        quellen,
                        None,
                    )
                )
        for k in d.get("kriterien", []):
            self.kriterien.append(
                Kriterium(
                    k["id"], k["text"], bedingung(k, q), quellen_aus(k["quelle"], q), k.get("grund")
                )
            )
        f = d.get("betrag")
        self.formel: Formel | None = (
            formel(f, quellen_aus(f["quelle"], q), q) if f is not None else None
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
                bedingung(h["wenn"], q) if h.get("wenn") else None,
                quellen_aus(h.get("quelle"), q),
                tuple(n for n in re.findall(r"\{([a-z][a-z0-9_]*)\}", h["text"])),
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
                    Finanzierung(f["traeger"], _datum(f.get("von"), q), _datum(f.get("bis"), q))
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
                _datum(t.get("von") or t.get("datum"), q),
                _datum(t.get("bis") or t.get("datum"), q),
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
            Budget(
                b["text"], datiert(b["betrag"], Decimal, q), b["je"], quellen_aus(b["quelle"], q)
            )
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
        self._zahlen_einsetzen()
        self._haengt_von_betrag = self._abhaengige_von_betrag()
        self._bereite_auswertung_vor()
        self._kommune_eingaben = tuple(n for n, e in self.eingaben.items() if e.typ == "kommune")
        self._veraltet_ab = plus_ein_jahr(self.stand)
        self._datiert = _hat_stufen(d)
        self._am: dict[date, Programm] = {}

    def _bereite_auswertung_vor(self) -> None:
        """Was jede Auswertung braucht, einmal je Programm statt je Zeile (Batch: 100.000
        Auswertungen je Datei): die Prüfungen, ihre Ergebnisobjekte je Status, der leere
        Namensraum, das Gedächtnis für den Abschluss."""
        self._je_status = tuple(
            {s: KriteriumErgebnis(k, s) for s in (ERFUELLT, NICHT_ERFUELLT, OFFEN)}
            for k in self.kriterien
        )
        self._pruefplan = tuple(self._pruefschritt(k.bedingung) for k in self.kriterien)
        self._betrag = self._betragsschritt()
        self._schlicht = not (self.kontingente or self.angebote or self.werte) and (
            self.formel is None or self._betrag is not None
        )
        """Nur Betrag (gemerkt je Wert) und Prüfungen: der kurze Weg in werte_aus."""
        self._ns_leer: dict[str, Any] = dict.fromkeys(self.eingaben)
        self._abschluesse: dict[tuple[str, ...], tuple[str, tuple[KriteriumErgebnis, ...]]] = {}
        """Status aller Voraussetzungen → (Ergebnis, Tupel ihrer Ergebnisobjekte), gemerkt von
        :func:`~ozg_foerder.engine.auswertung.werte_aus`: dieselbe Folge kommt in einer Liste
        tausendfach vor. Das Tupel teilen sich alle Ergebnisse mit dieser Folge."""

    def _pruefschritt(self, b: Bedingung) -> tuple[dict[Any, str], str | None, Any]:
        """(gemerkte Status nach Wert, Name des Werts, Prüfung) für :func:`werte_aus`.

        Eine Bedingung hängt nur an den Werten, die sie liest (``namen()``), und an festen
        Zahlen. Liest sie einen einzigen Wert mit Hash, merkt sich die Prüfung ihr Ergebnis je
        Wert (begrenzt): in einer Liste kommen dieselben Werte tausendfach vor. Sonst bleibt das
        Gedächtnis leer und der Name ``None`` – dann wird jedes Mal geprüft.

        Wiederholen sich die Werte kaum (ein Anteil mit vielen Nachkommastellen), schaltet sich
        das Gedächtnis ab: Ist es voll und griff es danach :data:`_PROBE`-mal daneben, prüft
        der Schritt so oft ohne nachzuschlagen und zählt dabei, wie oft das Gedächtnis geholfen
        hätte – bei weniger als der Hälfte der Fragen bleibt es aus (sonst kostete das
        Nachschlagen mehr als die Prüfung: der Hash eines neu gelesenen Decimal ist teurer als
        ein Vergleich). Gezählt wird so nur, wenn ohnehin geprüft wird, nicht je Auswertung. Am
        Ergebnis ändert das nichts.
        """
        namen = b.namen()
        merk: dict[Any, str] = {}
        if len(namen) != 1 or self.typ(namen[0]) in ("liste", "module"):
            return merk, None, b.pruefe
        name, pruefe = namen[0], b.pruefe
        fehlgriffe = 0  # seit das Gedächtnis voll ist bzw. seit der letzten Probe
        gefragt = getroffen = 0  # in der Probe

        def setze(schritt: tuple[dict[Any, str], str | None, Any]) -> None:
            """Ersetzt diesen Schritt im Plan (werte_aus liest den Plan je Auswertung neu).

            Ohne Sperre: Ersetzen zwei Threads zugleich, gewinnt einer. Jeder Zustand prüft
            richtig (ein Status hängt nur am einen gelesenen Wert), es kostet höchstens Tempo."""
            self._pruefplan = tuple(
                schritt if s[0] is merk or s[2] is probe else s for s in self._pruefplan
            )

        def pruefe_und_merke(ns: dict[str, Any]) -> str:
            nonlocal fehlgriffe
            status = pruefe(ns)
            if len(merk) < _GEMERKTE_WERTE:
                merk[ns.get(name)] = status
                return status
            fehlgriffe += 1
            if fehlgriffe >= _PROBE:  # >=: zählen zwei Threads zugleich, bleibt es nicht hängen
                fehlgriffe = 0
                setze(({}, None, probe))
            return status

        def probe(ns: dict[str, Any]) -> str:
            nonlocal gefragt, getroffen
            gefragt += 1
            if ns.get(name) in merk:
                getroffen += 1
            if gefragt >= _PROBE:
                if 2 * getroffen >= gefragt:
                    setze((merk, name, pruefe_und_merke))  # hilft: wieder nachschlagen
                else:
                    setze(({}, None, pruefe))  # ab jetzt ohne Gedächtnis (für dieses Programm)
                    merk.clear()
                gefragt = getroffen = 0
            return pruefe(ns)

        return merk, name, pruefe_und_merke

    def _betragsschritt(self) -> Any:
        """Die Betragsregel für :func:`werte_aus`: liest sie einen einzigen Wert mit Hash und
        schreibt keine Zusatzwerte, merkt sie sich den Betrag je Wert (begrenzt) – gleiche
        Werte geben denselben Betrag, auf den Cent gerundet und damit gleich geschrieben."""
        f = self.formel
        if f is None or f.hat_zusatzwerte or len(f.eingaben) != 1:
            return None
        (name,) = f.eingaben
        if self.typ(name) in ("liste", "module"):
            return None
        berechne = f.berechne
        merk: dict[Any, Any] = {}

        def betrag(ns: dict[str, Any]) -> Any:
            wert = ns.get(name)
            ergebnis = merk.get(wert, merk)  # merk selbst: „nicht gemerkt“ (None ist ein Betrag)
            if ergebnis is merk:
                ergebnis = berechne(ns)
                if len(merk) < _GEMERKTE_WERTE:
                    merk[wert] = ergebnis
            return ergebnis

        return betrag

    # -- Zahlen der Regeln -------------------------------------------------------------------

    def zahlen(self) -> dict[str, tuple[str, Any]]:
        """Die Zahlen und Daten des Programms nach Pfad (``betrag.satz``, ``gueltigkeit.bis``,
        ``kriterien.<id>.grenze``, ``budget.jahr``), mit ihrem Typ – für Platzhalter in Texten
        und Grenzen ``{zahl: …}``. Im aufgelösten Programm (:meth:`am`) die geltenden Werte."""
        gefunden: dict[str, tuple[str, Any]] = {}
        if self.formel is not None:
            for name, wert in self.formel.zahlen().items():
                gefunden[f"betrag.{name}"] = (self.formel.ZAHLEN.get(name, "betrag"), wert)
        if self.gueltigkeit is not None:
            for feld in ("von", "bis"):
                if getattr(self.gueltigkeit, feld) is not None:
                    gefunden[f"gueltigkeit.{feld}"] = ("datum", getattr(self.gueltigkeit, feld))
        for k in self.kriterien:
            b = k.bedingung
            grenze = getattr(b, "grenze", None)
            if grenze is not None and not getattr(b, "zahl", None):
                gefunden[f"kriterien.{k.id}.grenze"] = (self.typ(b.wert), grenze)
            for feld in ("von", "bis"):
                wert = getattr(b, feld, None)
                if wert is not None:
                    gefunden[f"kriterien.{k.id}.{feld}"] = ("datum", wert)
        for budget in self.budget:
            gefunden.setdefault(f"budget.{budget.je}", ("betrag", budget.betrag))
        return gefunden

    def _zahlen_einsetzen(self) -> None:
        """Grenzen ``{zahl: gueltigkeit.bis}`` bekommen die Zahl der Regeln (auch datiert)."""
        zahlen = self.zahlen()

        def einsetzen(b: Bedingung | None) -> None:
            if b is None:
                return
            if getattr(b, "zahl", None):
                b.grenze = zahlen[b.zahl][1]  # type: ignore[attr-defined]
            for t in b.teile():
                einsetzen(t)

        for k in self.kriterien:
            einsetzen(k.bedingung)
        for h in self.hinweise:
            einsetzen(h.wenn)

    # -- Datierte Werte ----------------------------------------------------------------------

    def am(self, stichtag: date) -> Programm:
        """Das Programm mit den am ``stichtag`` geltenden Werten (ohne datierte Werte: es selbst).

        Die Quellen der geltenden Werte stehen danach bei ihrem Kriterium, ihrer Formel, ihrem
        Budget; eine Zahl der Betragsregel, die am Stichtag unbekannt ist, macht das Ergebnis
        offen (Kriterium ``betrag_am_stichtag``).
        """
        if not self._datiert:
            return self
        p = self._am.get(stichtag)
        if p is None:
            if len(self._am) > 64:
                self._am.clear()
            p = self._am[stichtag] = self._aufgeloest(stichtag)
        return p

    def _aufgeloest(self, tag: date) -> Programm:
        p = copy.copy(self)
        p._datiert = False
        p._am = {}
        kriterien = []
        for k in self.kriterien:
            q: list[Quelle] = []
            b = loese_auf(k.bedingung, tag, q)
            kriterien.append(k._replace(bedingung=b, quellen=_mit(k.quellen, q)))
        if self.formel is not None:
            q = []
            f = loese_auf(self.formel, tag, q)
            if f is not self.formel:
                f.quellen = _mit(f.quellen, q)
                f.pruefe_bekannt()
            if f.unbekannt:
                kriterien.append(
                    Kriterium(
                        "betrag_am_stichtag", p.name, BetragUnbekannt(f.unbekannt), f.quellen, None
                    )
                )
            p.formel = f
        p.kriterien = kriterien
        p.hinweise = [
            h._replace(wenn=loese_auf(h.wenn, tag)) if h.wenn else h for h in self.hinweise
        ]
        if self.gueltigkeit is not None:
            q = []
            g = loese_auf(self.gueltigkeit, tag, q)
            # Zur Anzeige (Fristen, Übersicht): ein unbekanntes Datum ist keins; ausgewertet
            # wird das Kriterium foerderzeitraum, und das bleibt dann offen.
            p.gueltigkeit = g._replace(
                von=_bekannt(g.von), bis=_bekannt(g.bis), quellen=_mit(g.quellen, q)
            )
        budget = []
        for b in self.budget:
            q = []
            neu = loese_auf(b, tag, q)
            if neu.betrag is not UNBEKANNT:
                budget.append(neu._replace(quellen=_mit(neu.quellen, q)))
        p.budget = tuple(budget)
        p.module = tuple(loese_auf(m, tag) for m in self.module)
        p.kontingente = tuple(loese_auf(k, tag) for k in self.kontingente)
        angebote = []
        for a in self.angebote:
            a = loese_auf(a, tag)
            # Eine Finanzierungsphase, deren Daten am Stichtag unbekannt sind, zählt nicht.
            phasen = tuple(
                f for f in a.finanzierung if f.von is not UNBEKANNT and f.bis is not UNBEKANNT
            )
            angebote.append(a._replace(finanzierung=phasen) if phasen else a)
        p.angebote = tuple(a for a in angebote if a.finanzierung and _bekannte_phasen(a))
        p.termine = tuple(
            t._replace(von=_bekannt(t.von), bis=_bekannt(t.bis))
            for t in (loese_auf(t, tag) for t in self.termine)
            if not (t.von is UNBEKANNT and t.bis is UNBEKANNT)
        )
        p._bereite_auswertung_vor()
        return p

    def _lade_kontingente(self, d: dict[str, Any], q: dict[str, Quelle]) -> None:
        from ozg_foerder.engine.kontingente import KontingentDef, ModulDef

        self.module = tuple(
            ModulDef(
                m["nr"],
                m["titel"],
                datiert(m["tage"], Decimal, q),
                datiert(m["vor_ort"], Decimal, q),
                datiert(m["ergebnisbesprechung"], Decimal, q),
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
                _datum(k.get("von"), q),
                _datum(k.get("bis"), q),
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

        Gezählt werden die Kriterien, die ohne jede Angabe offen sind. Ausschlussgründe gehören
        nicht dazu (nicht angegeben heißt, sie liegen nicht vor), ebensowenig Kriterien, die
        ohne die Angabe erfüllt sind (``eines: [fehlt: beginn, …]``).
        """
        leer: dict[str, Any] = dict.fromkeys(self.eingaben)
        namen = {
            n
            for k in self.kriterien
            if k.bedingung.pruefe(leer) == OFFEN
            for n in k.bedingung.namen()
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

"""Ergebnis als JSON für Programme: ein Dokument je Lauf, gestreamt (``ozg-foerder/batch/2``).

::

    {"format": "ozg-foerder/batch/2", "stichtag": "2022-03-14",
     "regeln": {"stand": "2022-03-14", "fingerabdruck": "…"},
     "programme": {"ikz": {"name", "kurzname", "regeln_stand", "betrag_regel", "kriterien": {…},
                           "texte": {…}, "kontakt", "haftung", …}},
     "quellen": {"ikz.folien_betrag": {"dokument", "abschnitt", "zitat", …}, …},
     "hinweise": [...],
     "zeilen": [
       {"zeile": 4, "kommune": "Wetzlar", "ergebnisse": {"ikz": {"ergebnis", "betrag",
        "rechenweg", "kriterien": {id: status}, "offen": [...], "nicht_erfuellt": [...],
        "eingaben", "hinweise": [Textschlüssel], "weitere_hinweise": [...],
        "verbund": {"name", "kommunen", "zeilen", "partner", "anteil", "ursachen",
                    "fehlerzeilen"},
        "quellen": [Quellenschlüssel]}}, "fehler": [...]},
       …],
     "zusammenfassung": {"ikz": {"foerderfaehig": n, "offen": n, "nicht_foerderfaehig": n,
                                 "fehler": n, "summe_foerderfaehig": "…", "summe_offen": "…"}},
     "gesamt": {"zeilen": n, "fehlerzeilen": n}}

``zeile`` ist die Zeilennummer der Eingabe, wie Excel sie zeigt (wie in den Fehlermeldungen).
Quellen und feste Texte (Kriterien, Regeln, Hinweise ohne Platzhalter) stehen einmal je Datei;
die Begründung in Worten steht in CSV, XLSX und Tabelle – hier die Daten dazu (``kriterien``,
``eingaben``, ``verbund.ursachen``: Kriterium → Zeile des Partners, der es verfehlt).
die Zeilen verweisen mit Schlüsseln darauf (``ikz.folien_betrag``: Programm und Name der Quelle
in der Regeldatei, eindeutig über alle Programme). Geld und Tage sind Dezimaltexte
(``"75000.00"``, ``"5.5"``), nie Gleitkommazahlen. Jede Zeile steht in einer eigenen Textzeile:
gültiges JSON, trotzdem mit ``grep`` lesbar. Mit ``--ausgabe`` erscheint die Datei erst, wenn sie
vollständig ist (:mod:`.zieldatei`); auf stdout fließt sie Zeile für Zeile.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from ozg_foerder.ausgabe.text import betrag_regel, haftung, kontakt_text
from ozg_foerder.ausgabe.worte import kriterium_text, rechenweg, setze_ein
from ozg_foerder.batch.auswertung import Auswertung, Zeilenergebnis
from ozg_foerder.batch.parallel import ausgabetexte
from ozg_foerder.batch.quelle import Fortschritt
from ozg_foerder.batch.zusammenfassung import Zusammenfassung
from ozg_foerder.eingaben.definition import json_wert
from ozg_foerder.engine.auswertung import FOERDERFAEHIG, NICHT_FOERDERFAEHIG, OFFEN, Ergebnis
from ozg_foerder.engine.bedingungen import ERFUELLT, NICHT_ERFUELLT
from ozg_foerder.engine.programm import Programm
from ozg_foerder.engine.quellen import Quelle

__all__ = ["FORMAT", "Quellenverzeichnis", "schreibe_json", "zeile_als_dict", "zeile_als_json"]

FORMAT = "ozg-foerder/batch/2"
GRENZE = 4096
"""So viele JSON-Texte merkt sich der Schreiber je Programm und Art (Speicher bleibt begrenzt)."""


def _quelle_json(q: Quelle) -> dict[str, str]:
    return {
        k: v
        for k, v in (
            ("dokument", q.dokument),
            ("abschnitt", q.abschnitt),
            ("zitat", q.zitat),
            ("anmerkung", q.anmerkung),
        )
        if v
    }


class Quellenverzeichnis:
    """Alle Quellen der ausgewerteten Programme, je einmal, mit eindeutigem Schlüssel.

    Der Schlüssel ist ``<programm>.<name>`` mit dem Namen der Quelle in der Regeldatei
    (``quellen:``); eine Quelle, die direkt an einer Stelle steht, heißt nach dieser Stelle
    (``ikz.kriterium.einsparung``). Gleiche Quellen eines Programms teilen einen Schlüssel.
    """

    def __init__(self, benannt: dict[str, dict[str, Any]] | None = None) -> None:
        self._benannt = benannt or {}
        self.quellen: dict[str, dict[str, str]] = {}
        self._schluessel: dict[tuple[str, Quelle], str] = {}

    def _namen(self, p: Programm) -> dict[Quelle, str]:
        namen: dict[Quelle, str] = {}
        for name, q in (self._benannt.get(p.id) or {}).items():
            try:
                namen.setdefault(Quelle(**q), name)
            except TypeError:  # pragma: no cover - ein Kompilat anderer Form
                continue
        return namen

    def erfasse(self, p: Programm) -> None:
        namen = self._namen(p)
        for stelle, quellen in _stellen(p):
            for q in quellen:
                if (p.id, q) in self._schluessel:
                    continue
                schluessel = f"{p.id}.{namen.get(q) or stelle}"
                basis, n = schluessel, 1
                while schluessel in self.quellen:
                    n += 1
                    schluessel = f"{basis}.{n}"
                self._schluessel[(p.id, q)] = schluessel
                self.quellen[schluessel] = _quelle_json(q)

    def schluessel(self, p: Programm, quellen: Iterable[Quelle]) -> list[str]:
        return list(dict.fromkeys(self._schluessel[(p.id, q)] for q in quellen))


def _stellen(p: Programm) -> list[tuple[str, tuple[Quelle, ...]]]:
    """Alle Stellen eines Programms, die Quellen tragen."""
    stellen: list[tuple[str, tuple[Quelle, ...]]] = []
    if p.formel is not None:
        stellen.append(("betrag", p.formel.quellen))
    stellen += [(f"kriterium.{k.id}", k.quellen) for k in p.kriterien]
    stellen += [(f"hinweis.{i}", h.quellen) for i, h in enumerate(p.hinweise, 1)]
    stellen += [(f"modul.{m.nr}", m.quellen) for m in p.module]
    stellen += [(f"kontingent.{k.id}", k.quellen) for k in p.kontingente]
    stellen += [(f"angebot.{a.id}", a.quellen) for a in p.angebote]
    stellen += [(f"checkliste.{c.id}", c.quellen) for c in p.checklisten]
    stellen += [(f"budget.{i}", b.quellen) for i, b in enumerate(p.budget, 1)]
    return stellen


class _Programmtexte:
    """Die festen Texte eines Programms (einmal je Datei) und was jede Zeile daraus braucht."""

    def __init__(self, p: Programm, verzeichnis: Quellenverzeichnis, stichtag: date) -> None:
        from ozg_foerder.ausgabe.text import anforderung
        from ozg_foerder.engine.bedingungen import KriteriumErgebnis

        self.p = p
        self.eingabe_typen = tuple((n, p.typ(n)) for n in p.eingaben)
        # Texte mit den am Stichtag geltenden Zahlen (datierte Werte, Platzhalter wie {je_einheit})
        am = p.am(stichtag)
        verzeichnis.erfasse(p)
        self.texte: dict[str, str] = {}
        self._hinweis: dict[int, str] = {}
        for i, (h, h_am) in enumerate(zip(p.hinweise, am.hinweise, strict=True), 1):
            if not h.platzhalter:
                schluessel = f"{p.id}.hinweis.{i}"
                self.texte[schluessel] = setze_ein(h_am.text, am)
                self._hinweis[id(h)] = self._hinweis[id(h_am)] = schluessel
        kriterien = {}
        for k in am.kriterien:
            eintrag: dict[str, Any] = {
                "text": kriterium_text(k),
                "anforderung": anforderung(KriteriumErgebnis(k, OFFEN), am),
                "quellen": verzeichnis.schluessel(p, k.quellen),
            }
            if k.grund:
                eintrag["grund"] = k.grund
            kriterien[k.id] = eintrag
        self.dict: dict[str, Any] = {
            "name": p.name,
            "kurzname": p.kurzname,
            "regeln_stand": p.stand.isoformat(),
            "kriterien": kriterien,
        }
        if p.formel is not None:
            self.dict["betrag_regel"] = betrag_regel(am)
            self.dict["betrag_quellen"] = verzeichnis.schluessel(p, p.formel.quellen)
        if self.texte:
            self.dict["texte"] = self.texte
        if p.checklisten:
            self.dict["checklisten"] = [
                {
                    "id": c.id,
                    "titel": c.titel,
                    "punkte": [t for t, _ in c.punkte],
                    "quellen": verzeichnis.schluessel(p, c.quellen),
                }
                for c in p.checklisten
            ]
        self.dict["kontakt"] = kontakt_text(p)
        self.dict["haftung"] = haftung(p)
        self._kriterium_quellen = {k.id: verzeichnis.schluessel(p, k.quellen) for k in p.kriterien}
        self._betrag_quellen = (
            verzeichnis.schluessel(p, p.formel.quellen) if p.formel is not None else []
        )
        # Für die Zeilen: was sich in einer Liste wiederholt, einmal als JSON-Text (begrenzt).
        self._feste_teile: dict[tuple[tuple[int, ...], bool], tuple[str, str, Any]] = {}
        self._nach_tupel: dict[tuple[int, bool], tuple[str, str, Any]] = {}
        self._rechenwege: dict[Any, str] = {}
        self._hinweise: dict[tuple[Any, ...], tuple[Programm, tuple[str, ...], tuple[str, ...]]]
        self._hinweise = {}
        self._hinweis_namen = tuple(
            dict.fromkeys(
                n
                for h in (*p.hinweise, *am.hinweise)
                for n in (*(h.wenn.namen() if h.wenn is not None else ()), *h.platzhalter)
            )
        )
        """Die Werte, die Bedingungen und Platzhalter der Hinweise lesen."""

    def feste_teile(self, e: Ergebnis) -> tuple[str, str]:
        """(``,"kriterien":{…}`` mit ``offen`` und ``nicht_erfuellt``, ``,"quellen":[…]}``) –
        sie hängen nur am Status jeder Voraussetzung und daran, ob es einen Betrag gibt. Die
        Voraussetzungen mit Status legt das Programm einmal an: ihre ``id``-Folge ist der
        Schlüssel (das gemerkte Ergebnis hält sie am Leben).

        Schneller noch: Das Programm teilt das Tupel der Voraussetzungen unter allen Ergebnissen
        mit derselben Folge der Status (``Programm._abschluesse``); dann findet seine ``id`` die
        Teile ohne die Folge zu bilden. Das Tupel ist mit gemerkt (am Leben, die ``id``
        eindeutig) und wird beim Treffer verglichen."""
        kriterien = e.kriterien
        schnell = (id(kriterien), e.betrag is None)
        teile = self._nach_tupel.get(schnell)
        if teile is not None and teile[2] is kriterien:
            return teile[0], teile[1]
        schluessel = (tuple(map(id, kriterien)), e.betrag is None)
        teile = self._feste_teile.get(schluessel)
        if teile is None:
            # die Voraussetzungen selbst gehören dazu: so bleiben sie am Leben, ihre ids eindeutig
            teile = (
                _glieder(_status(e)),
                ',"quellen":' + _dumps(self.quellen(e)) + "}",
                kriterien,
            )
            if len(self._feste_teile) < GRENZE:
                self._feste_teile[schluessel] = teile
        if len(self._nach_tupel) < GRENZE:
            self._nach_tupel[schnell] = (teile[0], teile[1], kriterien)
        return teile[0], teile[1]

    def rechenweg(self, e: Ergebnis) -> str:
        """Der Rechenweg als JSON-Text; gemerkt nach Betrag und Werten der Betragsregel (ohne
        Zusatzwerte, die sie selbst in den Namensraum schreibt)."""
        f = e.programm.formel
        assert f is not None
        if f.hat_zusatzwerte:
            return _dumps(rechenweg(f, e.ns))
        ns = e.ns
        schluessel = (e.betrag, *[_wert_schluessel(ns.get(n)) for n in f.eingaben])
        text = self._rechenwege.get(schluessel)
        if text is None:
            text = _dumps(rechenweg(f, ns))
            if len(self._rechenwege) < GRENZE:
                self._rechenwege[schluessel] = text
        return text

    def quellen(self, e: Ergebnis) -> list[str]:
        """Die Quellen, auf denen diese Antwort ruht: die der nicht erfüllten und offenen
        Voraussetzungen und, wenn es einen Betrag gibt, die der Betragsregel. Die Quellen
        aller Voraussetzungen stehen unter ``programme.<id>.kriterien``."""
        schluessel = [
            s
            for k in e.kriterien
            if k.status != ERFUELLT
            for s in self._kriterium_quellen[k.kriterium.id]
        ]
        if e.betrag is not None:
            schluessel += self._betrag_quellen
        return list(dict.fromkeys(schluessel))

    def hinweise(self, e: Ergebnis) -> tuple[list[str], list[str]]:
        """(Schlüssel fester Hinweise, Texte der Hinweise mit Werten dieser Zeile).

        Welche Hinweise zutreffen und wie ihre Texte lauten, hängt nur am Ergebnis und an den
        Werten, die ihre Bedingungen und Platzhalter lesen (:attr:`_hinweis_namen`): danach
        gemerkt (begrenzt), mit dem Programm, für das es galt."""
        try:
            schluessel = (e.ergebnis, *map(e.ns.get, self._hinweis_namen))
            gemerkt = self._hinweise.get(schluessel)
        except TypeError:  # ein Wert ohne Hash (eine Liste): ohne Zwischenspeicher
            schluessel, gemerkt = None, None
        if gemerkt is None or gemerkt[0] is not e.programm:
            feste, texte = self._hinweise_ohne_gedaechtnis(e)
            gemerkt = (e.programm, tuple(feste), tuple(texte))
            if schluessel is not None and len(self._hinweise) < GRENZE:
                self._hinweise[schluessel] = gemerkt
        texte = [*e.weitere_hinweise, *gemerkt[2]]
        if e.veraltet:
            from ozg_foerder.ausgabe.text import veraltet_hinweis

            texte.append(veraltet_hinweis([self.p.stand]))
        return list(gemerkt[1]), texte

    def _hinweise_ohne_gedaechtnis(self, e: Ergebnis) -> tuple[list[str], list[str]]:
        """Die zutreffenden Hinweise der Regeldatei: (Schlüssel der festen, Texte derer mit
        Platzhaltern) – ohne die weiteren Hinweise der Zeile und ohne „veraltet“."""
        schluessel: list[str] = []
        texte: list[str] = []
        for h in e.hinweise:
            s = self._hinweis.get(id(h))
            if s is not None:
                schluessel.append(s)
            else:
                texte.append(setze_ein(h.text, e.programm, e.ns))
        return schluessel, texte


def _status(e: Ergebnis) -> dict[str, Any]:
    """``kriterien`` (Kriterium → Status), dazu ``offen`` und ``nicht_erfuellt``, falls da."""
    objekt: dict[str, Any] = {"kriterien": {k.kriterium.id: k.status for k in e.kriterien}}
    offen = [k.kriterium.id for k in e.kriterien if k.status == OFFEN]
    nicht = [k.kriterium.id for k in e.kriterien if k.status == NICHT_ERFUELLT]
    if offen:
        objekt["offen"] = offen
    if nicht:
        objekt["nicht_erfuellt"] = nicht
    return objekt


def _ergebnis(
    z: Zeilenergebnis, e: Ergebnis, texte: _Programmtexte, nur_rest: bool = False
) -> dict[str, Any]:
    """Das Objekt eines Programms in einer Zeile; ``nur_rest``: ohne die Glieder, die
    :func:`_ergebnis_json` schon als Text hat (bis ``eingaben``, und ``quellen``)."""
    p = e.programm
    objekt: dict[str, Any] = {}
    if not nur_rest:
        objekt["ergebnis"] = e.ergebnis
        objekt["betrag"] = json_wert("betrag", e.betrag)
        if p.formel is not None and e.betrag is not None:
            objekt["rechenweg"] = rechenweg(p.formel, e.ns)
        objekt.update(_status(e))
        objekt["eingaben"] = {
            n: json_wert(p.typ(n), e.ns.get(n)) for n in p.eingaben if e.ns.get(n) is not None
        }
    if e.kommune is not None:
        objekt["ags"] = e.kommune.ags
    if p.werte:
        werte = {w.name: json_wert(w.typ, e.ns.get(w.name)) for w in p.werte}
        werte = {n: w for n, w in werte.items() if w is not None}
        if werte:
            objekt["werte"] = werte
    if e.verteilung is not None:
        objekt["tage_verfuegbar"] = json_wert("tage", e.tage_verfuegbar)
        objekt["module"] = {
            str(m.modul.nr): {
                "status": m.status,
                "kontingent": m.kontingent.id if m.kontingent else None,
            }
            for m in e.module
        }
    if e.angebote:
        objekt["angebote"] = {a.id: status for a, status, _ in e.angebote}
    schluessel, weitere = texte.hinweise(e)
    if schluessel:
        objekt["hinweise"] = schluessel
    if weitere:
        objekt["weitere_hinweise"] = weitere
    teil = z.verbund.get(p.id) if z.verbund else None
    if teil is not None:
        verbund: dict[str, Any] = {
            "name": teil.name,
            # die Zählgröße des Programms (IKZ: "kommunen")
            p.verbund_zaehlt or "anzahl": teil.kommunen,
            "zeilen": teil.zeilen,
            "partner": teil.partner,
            "anteil": json_wert("betrag", teil.anteil),
        }
        ursachen = getattr(teil, "ursachen", None)
        if ursachen:
            verbund["ursachen"] = dict(ursachen)
        if teil.fehlerzeilen:
            verbund["fehlerzeilen"] = list(teil.fehlerzeilen)
        objekt["verbund"] = verbund
    if not nur_rest:
        objekt["quellen"] = texte.quellen(e)
    return objekt


def _glieder(objekt: dict[str, Any]) -> str:
    """``,"a":…,"b":…`` – die Glieder eines Objekts, wie :func:`_dumps` sie schreibt (das
    Objekt ohne seine Klammern; leer: nichts)."""
    return "," + _dumps(objekt)[1:-1] if objekt else ""


def _wert_schluessel(wert: Any) -> Any:
    """Schlüssel für einen Wert, dessen Schreibweise zählt: ``Decimal("0.150")`` und
    ``Decimal("0.15")`` sind gleich, stehen im JSON aber verschieden."""
    return (wert.__class__, str(wert)) if wert.__class__ is Decimal else wert


def _ergebnis_json(z: Zeilenergebnis, e: Ergebnis, texte: _Programmtexte) -> str:
    """Dasselbe wie ``_dumps(_ergebnis(z, e, texte))``, Zeichen für Zeichen – nur schneller: was
    sich in einer Liste wiederholt (Status der Voraussetzungen, Quellen, Rechenweg), ist schon
    JSON-Text; der Vergleich steht in tests/test_batch_gedaechtnis.py."""
    p = e.programm
    vorn, hinten = texte.feste_teile(e)
    teile = [
        '{"ergebnis":',
        _zeichenkette(e.ergebnis),
        ',"betrag":',
        "null" if e.betrag is None else _zeichenkette(json_wert("betrag", e.betrag)),
    ]
    if p.formel is not None and e.betrag is not None:
        teile += [',"rechenweg":', texte.rechenweg(e)]
    teile.append(vorn)
    ns = e.ns
    teile += [
        ',"eingaben":',
        _dumps({n: json_wert(t, ns[n]) for n, t in texte.eingabe_typen if ns.get(n) is not None}),
    ]
    rest = _ergebnis(z, e, texte, nur_rest=True)
    if rest:
        teile.append(_glieder(rest))
    teile.append(hinten)
    return "".join(teile)


def zeile_als_json(z: Zeilenergebnis, texte: dict[str, _Programmtexte]) -> str:
    """``_dumps(zeile_als_dict(z, texte))``, schneller (:func:`_ergebnis_json`)."""
    ergebnisse = ",".join(
        _zeichenkette(pid) + ":" + _ergebnis_json(z, e, texte[pid])
        for pid, e in z.ergebnisse.items()
    )
    kommune = z.kommune_text
    # Texte ohne den Umweg über den Kodierer (dasselbe Zeichen für Zeichen)
    return (
        f'{{"zeile":{z.tabellenzeile},'
        f'"kommune":{"null" if kommune is None else _zeichenkette(kommune)},'
        f'"ergebnisse":{{{ergebnisse}}},"fehler":{_dumps(z.fehler) if z.fehler else "[]"}}}'
    )


def zeile_als_dict(z: Zeilenergebnis, texte: dict[str, _Programmtexte]) -> dict[str, Any]:
    return {
        "zeile": z.tabellenzeile,
        "kommune": z.kommune_text,
        "ergebnisse": {pid: _ergebnis(z, e, texte[pid]) for pid, e in z.ergebnisse.items()},
        "fehler": list(z.fehler),
    }


def zusammenfassung_als_dict(zf: Zusammenfassung) -> dict[str, Any]:
    ergebnis: dict[str, Any] = {}
    for pid, s in zf.programme.items():
        eintrag: dict[str, Any] = {
            "foerderfaehig": s.anzahl[FOERDERFAEHIG],
            "offen": s.anzahl[OFFEN],
            "nicht_foerderfaehig": s.anzahl[NICHT_FOERDERFAEHIG],
            "fehler": s.fehler,
        }
        if s.programm.formel is not None:
            eintrag["summe_foerderfaehig"] = json_wert("betrag", s.summe[FOERDERFAEHIG])
            eintrag["summe_offen"] = json_wert("betrag", s.summe[OFFEN])
        if s.verbuende:
            eintrag["verbuende"] = s.verbuende
        ergebnis[pid] = eintrag
    return ergebnis


def _benannte_quellen(auswertung: Auswertung) -> dict[str, dict[str, Any]]:
    katalog = getattr(auswertung, "katalog", None)
    if katalog is None:
        return {}
    return {
        ps.id: katalog.kompilat(ps.id).get("quellen", {})
        for ps in auswertung.programme
        if ps.id in katalog
    }


def _kopf(auswertung: Auswertung, texte: dict[str, _Programmtexte], v: Quellenverzeichnis) -> str:
    katalog = getattr(auswertung, "katalog", None)
    programme = [ps.programm for ps in auswertung.programme]
    regeln: dict[str, Any] = (
        katalog.regelsatz()
        if katalog
        else {"stand": max(p.stand for p in programme).isoformat(), "fingerabdruck": None}
    )
    teile = [
        ("format", FORMAT),
        ("stichtag", auswertung.stichtag.isoformat()),
        ("regeln", regeln),
        ("eingabe", getattr(auswertung, "eingabe", None)),
        ("optionen", getattr(auswertung, "optionen", None)),
        ("programme", {pid: t.dict for pid, t in texte.items()}),
        ("quellen", v.quellen),
        ("hinweise", list(auswertung.hinweise)),
    ]
    return "{" + ",\n".join(f"{json.dumps(k)}: {_dumps(w)}" for k, w in teile)


_KODIERER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _schneller_kodierer() -> Callable[[Any], str]:
    """Wie ``json.dumps(wert, ensure_ascii=False, separators=(",", ":"))``, Zeichen für Zeichen.

    ``JSONEncoder.encode`` baut für jedes Objekt und jede Liste einen neuen Kodierer in C (neun
    Argumente, rund eine Mikrosekunde) – je Zeile mehrmals. Hier entsteht er einmal, mit
    denselben Einstellungen wie in ``JSONEncoder.iterencode``; nur die Prüfung auf Zyklen
    entfällt (unsere Werte sind frisch gebaute Bäume aus Text, Zahlen, Listen und Objekten; ein
    Zyklus endete mit ``RecursionError`` statt ``ValueError``).
    """
    from json.encoder import c_make_encoder, encode_basestring

    if c_make_encoder is None:  # pragma: no cover - ein Python ohne das C-Modul _json
        return _KODIERER.encode
    kodiere = c_make_encoder(
        None,  # keine Zyklenprüfung
        _KODIERER.default,
        encode_basestring,  # ensure_ascii=False
        None,  # indent
        _KODIERER.key_separator,
        _KODIERER.item_separator,
        False,  # sort_keys
        False,  # skipkeys
        True,  # allow_nan
    )

    def dumps(wert: Any) -> str:
        return "".join(kodiere(wert, 0))

    return dumps


_dumps = _schneller_kodierer()
"""Wie ``json.dumps(wert, ensure_ascii=False, separators=(",", ":"))`` (je Zeile mehrere
Aufrufe)."""
_zeichenkette: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]
"""Ein Text als JSON (wie ``_dumps`` für einen Text, ohne Umweg)."""


def schreibe_json(
    auswertung: Auswertung,
    strom: TextIO,
    fortschritt: Callable[[str], Fortschritt | None] | None = None,
    prozesse: int | None = 1,
) -> None:
    """Schreibt das Dokument nach ``strom``: Kopf sofort, je Zeile eine Textzeile, am Ende die
    Zusammenfassung. ``prozesse``: siehe :func:`~ozg_foerder.batch.parallel.ausgabetexte`."""
    verzeichnis = Quellenverzeichnis(_benannte_quellen(auswertung))
    texte = {
        ps.id: _Programmtexte(ps.programm, verzeichnis, auswertung.stichtag)
        for ps in auswertung.programme
    }
    strom.write(_kopf(auswertung, texte, verzeichnis))
    strom.write(',\n"zeilen": [')
    erste = True

    def zeile_text(z: Zeilenergebnis) -> str:
        return ",\n" + zeile_als_json(z, texte)

    # Große Listen auf mehreren Kernen (:mod:`.parallel`): Texte je Zeile oder je Block, jeder
    # mit ",\n" davor – das erste wird zum Zeilenumbruch.
    for text in ausgabetexte(auswertung, zeile_text, fortschritt, prozesse, strom.flush):
        if text:
            strom.write("\n" + text[2:] if erste else text)
            erste = False
    strom.write("]" if erste else "\n]")
    zf = auswertung.zusammenfassung
    strom.write(',\n"zusammenfassung": ' + _dumps(zusammenfassung_als_dict(zf)))
    gesamt = {"zeilen": zf.zeilen, "fehlerzeilen": zf.fehlerzeilen}
    strom.write(',\n"gesamt": ' + _dumps(gesamt) + "}\n")

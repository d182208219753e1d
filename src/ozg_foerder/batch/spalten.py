"""Welche Spalte welche Eingabe ist – einmal je Datei aus der Kopfzeile bestimmt (GUIDE §2.1b).

Spaltennamen sind ``kommune``, ``kreis``, ``verbund`` und die Eingaben der Programme (die
Schlüssel von ``eingaben`` in den Regeldateien, ihre ``synonyme`` und ihr Text). Groß- und
Kleinschreibung, Leerzeichen, ``-``/``_`` und die Schreibweise der Umlaute (``ä``/``ae``) spielen
keine Rolle. Eine Einheit am Ende wird gelesen: ``Kosten (EUR)``, ``Kosten in €``,
``Laufzeit (Monate)``, ``Einsparung %``; passt sie nicht zur Eingabe (``Laufzeit (Monate)`` für
eine Laufzeit in Jahren), ist die Spalte nicht zugeordnet. Unter einer ``%``-Überschrift heißt
``18`` 18 %. ``--spalte kosten="Summe Projekt"`` ordnet eine Überschrift ausdrücklich zu.
Ergebnisspalten eines früheren Laufs (``ikz_ergebnis``, „IKZ Zuwendung“, ``fehler``) werden
als Ergebnisse erkannt, nie als Eingaben.

Ohne ``--programm`` steht ein Programm im Plan, wenn die Kopfzeile eine seiner *eigenen*
Spalten hat (Eingaben, die kein anderes Programm liest) oder wenn es nur eine Kommune braucht
(``batch.wenn`` nur aus Kommunen-Eingaben) und es eine Spalte ``kommune`` gibt. Fehlt einem
solchen Programm eine erforderliche Spalte, wird es nicht ausgewertet und in der
Zusammenfassung genannt. Ob eine *Zeile* ein Programm bekommt, entscheidet die Auswertung
(:mod:`.auswertung`) an den gefüllten eigenen Spalten.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.eingaben.definition import EingabeDef
from ozg_foerder.eingaben.werte import EingabeFehler
from ozg_foerder.engine.programm import Programm

__all__ = [
    "FEHLER_SPALTE",
    "KOMMUNE_SPALTE",
    "KREIS_SPALTE",
    "VERBUND_SPALTE",
    "Plan",
    "ProgrammSpalten",
    "Spaltenkatalog",
    "lies_zuordnung",
    "plane",
    "spaltenbuchstabe",
    "spaltenname",
]

KOMMUNE_SPALTE = "kommune"
VERBUND_SPALTE = "verbund"
KREIS_SPALTE = "kreis"
FEHLER_SPALTE = "fehler"
_BESONDERE = {
    KOMMUNE_SPALTE: (KOMMUNE_SPALTE, "gemeinde", "stadt_gemeinde", "gemeinde_stadt"),
    KREIS_SPALTE: (KREIS_SPALTE, "landkreis"),
    VERBUND_SPALTE: (VERBUND_SPALTE,),
}
_ERGEBNIS_WOERTER = ("fehler", "begruendung", "hinweis", "hinweise")

_UMLAUTE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def spaltenname(name: str) -> str:
    """Vergleichsform: ``" Laufzeit-Jahre "`` → ``"laufzeit_jahre"``, ``"Förderfähige Kosten"``
    → ``"foerderfaehige_kosten"``."""
    text = name.replace("\ufeff", "").casefold().translate(_UMLAUTE)
    for zeichen in "-_/.:":
        text = text.replace(zeichen, " ")
    return "_".join(text.split())


MAX_UEBERSCHRIFT = 200
"""Längere Überschriften werden nicht nach einer Einheit durchsucht (keine bekannte ist so lang)."""

# Einheit am Ende einer Überschrift: "(EUR)", "[€]", "in Monaten", "%"
_EINHEIT = re.compile(
    r"(?:\(\s*(?P<a>[^()]+?)\s*\)|\[\s*(?P<b>[^\[\]]+?)\s*\]|\s+in\s+(?P<c>\S+)|(?P<d>%|€))\s*$",
    re.IGNORECASE,
)
_EINHEITEN = {
    "eur": "eur",
    "euro": "eur",
    "€": "eur",
    "%": "prozent",
    "prozent": "prozent",
    "in %": "prozent",
    "monat": "monate",
    "monate": "monate",
    "monaten": "monate",
    "jahr": "jahre",
    "jahre": "jahre",
    "jahren": "jahre",
}
_EINHEIT_TEXT = {"eur": "Euro", "prozent": "Prozent", "monate": "Monate", "jahre": "Jahre"}


def _einheit_passt(e: EingabeDef, einheit: str) -> bool:
    if einheit == "eur":
        return e.typ == "betrag"
    if einheit == "prozent":
        return e.typ == "anteil"
    text = (e.einheit or "").casefold()
    return text in (("monate", "monat") if einheit == "monate" else ("jahre", "jahr"))


def spaltenbuchstabe(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (wie Excel die Spalten benennt)."""
    buchstaben = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        buchstaben = chr(65 + rest) + buchstaben
    return buchstaben


class Erkannt(NamedTuple):
    """Was eine Überschrift ist: ``art`` = eingabe | ergebnis | unbekannt."""

    art: str
    name: str | None = None
    einheit: str | None = None
    grund: str | None = None


class Spaltenkatalog:
    """Alle Spaltennamen aller Programme eines Katalogs: wer welche Eingabe liest, Synonyme."""

    def __init__(self, programme: list[Programm]) -> None:
        self.programme = {p.id: p for p in programme}
        self.leser: dict[str, set[str]] = {}
        """Eingabe → Programme, die sie lesen (Kommunen-Eingaben nicht)."""
        self.eingaben: dict[str, EingabeDef] = {}
        self.schluessel: dict[str, str] = {}
        """Vergleichsform einer Überschrift → Name (Eingabe, kommune, kreis, verbund)."""
        texte: dict[str, set[str]] = {}
        for name, formen in _BESONDERE.items():
            for form in formen:
                self.schluessel[form] = name
        for p in programme:
            for name, e in p.eingaben.items():
                if e.typ == "kommune":
                    continue
                self.leser.setdefault(name, set()).add(p.id)
                self.eingaben.setdefault(name, e)
                self.schluessel.setdefault(spaltenname(name), name)
                for synonym in e.synonyme:
                    self.schluessel.setdefault(spaltenname(synonym), name)
                texte.setdefault(spaltenname(e.text), set()).add(name)
        for text, namen in texte.items():  # der Text einer Eingabe, wenn er eindeutig ist
            if len(namen) == 1 and text not in self.schluessel:
                self.schluessel[text] = next(iter(namen))
        praefixe = set()
        for p in programme:
            praefixe.add(spaltenname(p.id))
            if p.kurzname:
                praefixe.add(spaltenname(p.kurzname))
        self._praefixe = tuple(sorted(p + "_" for p in praefixe if p))

    def eigene(self, p: Programm) -> tuple[str, ...]:
        """Die Eingaben, die nur dieses Programm liest (sie schalten es in einer Zeile ein)."""
        return tuple(n for n in p.eingaben if self.leser.get(n) == {p.id})

    def bekannt(self) -> list[str]:
        return sorted({*self.leser, *_BESONDERE})

    def erkenne(self, ueberschrift: str) -> Erkannt:
        norm = spaltenname(ueberschrift)
        if not norm:
            return Erkannt("leer")
        ergebnis = norm.split("_", 1)[0] in _ERGEBNIS_WOERTER or norm.startswith(self._praefixe)
        if ergebnis and norm not in self.schluessel:
            return Erkannt("ergebnis")
        name = self.schluessel.get(norm)
        if name is not None:
            return Erkannt("eingabe", name)
        if len(ueberschrift) > MAX_UEBERSCHRIFT:  # vor dem regulären Ausdruck (sonst quadratisch)
            return Erkannt("unbekannt")
        m = _EINHEIT.search(ueberschrift)
        if m is None:
            return Erkannt("unbekannt")
        wort = next(g for g in m.groups() if g is not None).casefold()
        einheit = _EINHEITEN.get(wort)
        basis = spaltenname(ueberschrift[: m.start()])
        if not basis:
            return Erkannt("unbekannt")
        if einheit is None:  # eine Anmerkung statt einer Einheit: „Kommune (Name)“
            name = self.schluessel.get(basis) if m.group("a") or m.group("b") else None
            return Erkannt("eingabe", name) if name else Erkannt("unbekannt")
        andere = tuple(f"{basis}_{w}" for w in _EINHEIT_TEXT if w != einheit)
        for kandidat in (basis, f"{basis}_{einheit}", f"{basis}_{wort}", *andere):
            name = self.schluessel.get(kandidat)
            if name is None or name in _BESONDERE:
                continue
            e = self.eingaben[name]
            if _einheit_passt(e, einheit):
                return Erkannt("eingabe", name, einheit)
            return Erkannt(
                "unbekannt",
                grund=f"die Einheit {_EINHEIT_TEXT[einheit]} passt nicht zu {name} "
                f"({e.text}{', in ' + e.einheit if e.einheit else ''})",
            )
        return Erkannt("unbekannt")

    def ist_kopf(self, zellen: list[str]) -> bool:
        return any(self.erkenne(z).art == "eingabe" for z in zellen)

    def naechster(self, ueberschrift: str) -> str | None:
        if len(ueberschrift) > MAX_UEBERSCHRIFT:
            return None
        norm = spaltenname(ueberschrift)
        treffer = difflib.get_close_matches(norm, list(self.schluessel), n=1, cutoff=0.75)
        return self.schluessel[treffer[0]] if treffer else None


def lies_zuordnung(angaben: list[str] | None) -> dict[str, str]:
    """``--spalte kosten="Summe Projekt"`` → ``{"kosten": "Summe Projekt"}``.

    Wirft :class:`EingabeFehler` für eine Angabe ohne ``=``."""
    zuordnung: dict[str, str] = {}
    for roh in angaben or []:
        name, gleich, ueberschrift = roh.partition("=")
        name = spaltenname(name)
        ueberschrift = ueberschrift.strip().strip("\"'").strip()
        if not gleich or not name or not ueberschrift:
            raise EingabeFehler(
                "--spalte", roh, 'EINGABE="Überschrift", z. B. --spalte kosten="Summe Projekt"'
            )
        zuordnung[name] = ueberschrift
    return zuordnung


class Eingabespalte(NamedTuple):
    index: int
    name: str
    eingabe: EingabeDef
    prozent: bool = False
    """Überschrift mit ``%``: eine Zahl ohne Prozentzeichen ist in Prozent gemeint."""


class ProgrammSpalten:
    """Ein auszuwertendes Programm: seine Eingabespalten und seine Ergebnisspalten."""

    __slots__ = (
        "anteil",
        "betrag",
        "eigene",
        "eingaben",
        "erforderlich",
        "ergebnis",
        "explizit",
        "id",
        "kommune_eingaben",
        "nur_kommune",
        "praefix",
        "programm",
        "tage",
        "verbund",
        "verbund_zaehlt",
        "wenn",
    )

    def __init__(self, programm: Programm, explizit: bool) -> None:
        self.programm = programm
        self.id: str = programm.id
        """Die ID des Programms (je Zeile gebraucht: ein Attribut, keine Eigenschaft)."""
        self.explizit = explizit
        self.praefix = programm.id.replace("-", "_")
        self.eingaben: tuple[Eingabespalte, ...] = ()
        self.kommune_eingaben: tuple[tuple[str, int], ...] = ()
        self.eigene: tuple[int, ...] = ()
        """Spalten der eigenen Eingaben: eine gefüllte schaltet das Programm in der Zeile ein."""
        self.nur_kommune = False
        """Braucht nur eine Kommune: kommt in jeder Zeile, die eine nennt."""
        self.verbund: dict[str, Any] | None = None
        """Die Verbund-Regel der Regeldatei, wenn die Datei eine Spalte verbund hat."""
        self.verbund_zaehlt: str | None = None
        self.wenn: tuple[str, ...] = programm.batch_wenn
        self.erforderlich: tuple[str, ...] = programm.erforderlich
        self.ergebnis = f"{self.praefix}_ergebnis"
        self.betrag = f"{self.praefix}_betrag" if programm.formel is not None else None
        self.tage = f"{self.praefix}_tage_verfuegbar" if programm.kontingente else None
        self.anteil: str | None = None

    @property
    def verbund_gegeben(self) -> tuple[str, ...]:
        """Eingaben, die im Verbund aus allen Partnerzeilen kommen (gezählt oder summiert)."""
        v = self.verbund
        if not v:
            return ()
        return tuple(n for n in (v.get("zaehlt"), v.get("summiert")) if n)

    def ausgabe_spalten(self) -> list[str]:
        return [s for s in (self.ergebnis, self.betrag, self.tage, self.anteil) if s]


class Plan(NamedTuple):
    kopf: list[str]
    """Die Kopfzeile der Eingabe, wie sie in der Datei steht."""
    kommune: int | None
    verbund: int | None
    programme: list[ProgrammSpalten]
    ausgabe_kopf: list[str]
    """Kopfzeile der Ausgabe: Eingabespalten, dann Ergebnisspalten und ``fehler``."""
    ziel: dict[str, int]
    """Ergebnisspalte → Position in der Ausgabezeile."""
    hinweise: list[str]
    """Hinweise zur Kopfzeile (Tippfehler in Spaltennamen, fehlende Spalten)."""
    kreis: int | None = None
    """Spalte ``kreis``: Landkreis, in dem der Name der Kommune gesucht wird."""
    nicht_auswertbar: tuple[str, ...] = ()
    """Je Programm, dem eine erforderliche Spalte fehlt, ein Satz für die Zusammenfassung."""


def _spalten_text(p: Programm, namen: tuple[str, ...]) -> str:
    teile = []
    for n in namen:
        text = n
        if p.verbund_zaehlt == n:
            text += f" (oder {VERBUND_SPALTE})"
        elif p.eingaben[n].typ == "kommune" and n != KOMMUNE_SPALTE:
            text += f" (oder {KOMMUNE_SPALTE})"
        teile.append(text)
    return ", ".join(teile)


def _zuordnen(
    kopf: list[str], katalog: Spaltenkatalog, zuordnung: Mapping[str, str]
) -> tuple[dict[str, int], set[int], set[int], list[tuple[int, str | None]]]:
    """(Name → Spalte, %-Spalten, Ergebnisspalten, nicht erkannte Spalten mit Grund)."""
    index: dict[str, int] = {}
    prozent: set[int] = set()
    ergebnis: set[int] = set()
    unbekannt: list[tuple[int, str | None]] = []
    ausdruecklich: dict[int, str] = {}
    for name, ueberschrift in zuordnung.items():
        if name not in katalog.eingaben and name not in _BESONDERE:
            aehnlich = difflib.get_close_matches(name, katalog.bekannt(), n=1)
            raise EingabeFehler(
                "--spalte",
                f"{name}={ueberschrift}",
                "eine Eingabe: " + ", ".join(katalog.bekannt()),
                grund=f"Meinten Sie „{aehnlich[0]}“?" if aehnlich else "",
            )
        gesucht = spaltenname(ueberschrift)
        treffer = [i for i, k in enumerate(kopf) if spaltenname(k) == gesucht and gesucht]
        if not treffer:
            raise DateiUnbrauchbar(
                f"--spalte {name}: Die Überschrift „{ueberschrift}“ steht nicht in der Kopfzeile. "
                "Vorhanden: " + ", ".join(f"„{k}“" for k in kopf if k),
                "Die Überschrift so angeben, wie sie in der Datei steht.",
            )
        ausdruecklich[treffer[0]] = name
    for i, ueberschrift in enumerate(kopf):
        if i in ausdruecklich:
            name = ausdruecklich[i]
            erkannt = katalog.erkenne(ueberschrift)
            einheit = erkannt.einheit if erkannt.name == name else None
            if einheit is None and ueberschrift.rstrip().endswith("%"):
                einheit = "prozent"
        else:
            erkannt = katalog.erkenne(ueberschrift)
            if erkannt.art == "ergebnis":
                ergebnis.add(i)
                continue
            if erkannt.art == "unbekannt":
                unbekannt.append((i, erkannt.grund))
                continue
            if erkannt.art != "eingabe":
                continue
            if erkannt.name in zuordnung:  # --spalte ordnet eine andere Spalte zu
                unbekannt.append((i, f"--spalte {erkannt.name} gilt für eine andere Spalte"))
                continue
            name, einheit = erkannt.name, erkannt.einheit  # type: ignore[assignment]
        if name in index:
            raise DateiUnbrauchbar(
                f"Die Spalte „{name}“ steht zweimal in der Kopfzeile (Spalten "
                f"{spaltenbuchstabe(index[name])} und {spaltenbuchstabe(i)}: "
                f"„{kopf[index[name]]}“, „{ueberschrift}“).",
                "Eine der beiden Spalten umbenennen oder löschen.",
            )
        index[name] = i
        if einheit == "prozent":
            prozent.add(i)
    return index, prozent, ergebnis, unbekannt


def plane(
    kopf: list[str],
    programme: list[Programm],
    explizit: bool,
    katalog: Spaltenkatalog | None = None,
    zuordnung: Mapping[str, str] | None = None,
) -> Plan:
    """Ordnet die Spalten den Eingaben zu.

    ``programme``: mit ``explizit`` genau die mit ``--programm`` gewählten, sonst alle des
    Katalogs. ``katalog``: die Spalten aller Programme (Standard: die von ``programme``).
    ``zuordnung``: ``--spalte``-Angaben. Wirft :class:`DateiUnbrauchbar`, wenn keine
    verwendbare Spalte da ist.
    """
    katalog = katalog or Spaltenkatalog(programme)
    index, prozent, ergebnis_spalten, unbekannt = _zuordnen(kopf, katalog, zuordnung or {})
    kommune = index.get(KOMMUNE_SPALTE)
    verbund = index.get(VERBUND_SPALTE)
    kreis = index.get(KREIS_SPALTE)

    def verfuegbar(n: str, p: Programm) -> bool:
        if n in index:
            return True
        v = p.verbund
        if verbund is not None and v and n in (v.get("zaehlt"), v.get("summiert")):
            return n == v.get("zaehlt")  # gezählt aus den Zeilen; summiert braucht die Spalte
        e = p.eingaben.get(n)
        return e is not None and e.typ == "kommune" and kommune is not None

    gewaehlt: list[ProgrammSpalten] = []
    nicht_auswertbar: list[str] = []
    for p in programme:
        fehlend = tuple(n for n in p.erforderlich if not verfuegbar(n, p))
        if explizit:
            if fehlend:
                raise DateiUnbrauchbar(
                    f"Für {p.id} fehlt in der Kopfzeile die Spalte {_spalten_text(p, fehlend)}."
                    + _naechste_text(fehlend[0], p, kopf, unbekannt),
                    f"Eine Spalte „{fehlend[0]}“ ergänzen oder mit --spalte {fehlend[0]}="
                    f'"Überschrift" zuordnen; alle Spalten zeigt: ozg-foerder vorlage '
                    f"--programm {p.id}",
                )
        else:
            eigene = [n for n in katalog.eigene(p) if n in index]
            nur_kommune = _nur_kommune(p)
            if not eigene and not (nur_kommune and kommune is not None):
                continue
            if fehlend:
                nicht_auswertbar.append(
                    f"{p.id} wird nicht ausgewertet: Es fehlt die Spalte "
                    f"{_spalten_text(p, fehlend)} ({p.eingaben[fehlend[0]].text})."
                    + _naechste_text(fehlend[0], p, kopf, unbekannt)
                )
                continue
        gewaehlt.append(_programm_spalten(p, explizit, index, prozent, kommune, verbund, katalog))

    if not gewaehlt:
        if nicht_auswertbar:
            raise DateiUnbrauchbar(" ".join(nicht_auswertbar), _HILFE_VORLAGE)
        raise DateiUnbrauchbar(_keine_spalte(kopf, programme, katalog), _HILFE_VORLAGE)

    hinweise = _hinweise(kopf, index, katalog, gewaehlt, unbekannt, verbund)
    hinweise.extend(nicht_auswertbar)
    ausgabe_kopf = list(kopf)
    eingabe_spalten = set(index.values())
    vorhanden = {spaltenname(k): i for i, k in enumerate(kopf) if i in ergebnis_spalten}
    ziel: dict[str, int] = {}
    for name in [s for ps in gewaehlt for s in ps.ausgabe_spalten()] + [FEHLER_SPALTE]:
        alt = vorhanden.get(spaltenname(name))
        if alt is not None and alt not in eingabe_spalten:
            ziel[name] = alt  # die Ausgabe eines früheren Laufs: Werte erneuern
        else:
            ziel[name] = len(ausgabe_kopf)
            ausgabe_kopf.append(name)
    return Plan(
        list(kopf),
        kommune,
        verbund,
        gewaehlt,
        ausgabe_kopf,
        ziel,
        hinweise,
        kreis,
        tuple(nicht_auswertbar),
    )


def _nur_kommune(p: Programm) -> bool:
    return bool(p.batch_wenn) and all(p.eingaben[n].typ == "kommune" for n in p.batch_wenn)


def _naechste_text(
    name: str, p: Programm, kopf: list[str], unbekannt: list[tuple[int, str | None]]
) -> str:
    """Die nicht erkannte Überschrift, die der fehlenden Eingabe am nächsten kommt."""
    if not unbekannt:
        return ""
    e = p.eingaben[name]
    formen = [spaltenname(f) for f in (name, e.text, *e.synonyme)]
    bestes, wert = None, 0.0
    for i, _ in unbekannt[:1000]:  # Vorschlag, keine Pflicht: begrenzt auch bei 16.384 Spalten
        if len(kopf[i]) > MAX_UEBERSCHRIFT:
            continue
        norm = spaltenname(kopf[i])
        for form in formen:
            r = difflib.SequenceMatcher(None, norm, form).ratio()
            if r > wert:
                bestes, wert = i, r
    if bestes is None:
        return ""
    ueberschrift = kopf[bestes]
    return (
        f" Nicht erkannt wurde die Spalte {spaltenbuchstabe(bestes)} „{ueberschrift}“; ist sie "
        f'gemeint: --spalte {name}="{ueberschrift}"'
    )


_HILFE_VORLAGE = (
    "Die erste Zeile braucht Spaltennamen wie in der Vorlage: ozg-foerder vorlage "
    "(oder ozg-foerder vorlage --programm ikz)."
)


def _programm_spalten(
    p: Programm,
    explizit: bool,
    index: dict[str, int],
    prozent: set[int],
    kommune: int | None,
    verbund: int | None,
    katalog: Spaltenkatalog,
) -> ProgrammSpalten:
    ps = ProgrammSpalten(p, explizit)
    eingaben = []
    kommune_eingaben = []
    for name, e in p.eingaben.items():
        if e.typ == "kommune":
            if kommune is not None:
                kommune_eingaben.append((name, kommune))
            continue
        i = index.get(name)
        if i is not None:
            eingaben.append(Eingabespalte(i, name, e, i in prozent))
    ps.eingaben = tuple(eingaben)
    ps.kommune_eingaben = tuple(kommune_eingaben)
    ps.eigene = tuple(index[n] for n in katalog.eigene(p) if n in index)
    ps.nur_kommune = _nur_kommune(p) and kommune is not None
    if p.verbund and verbund is not None:
        ps.verbund = p.verbund
        ps.verbund_zaehlt = p.verbund_zaehlt
        ps.anteil = f"{ps.praefix}_anteil"
    return ps


def _keine_spalte(kopf: list[str], programme: list[Programm], katalog: Spaltenkatalog) -> str:
    gefunden = ", ".join(f"„{k}“" for k in kopf if k) or "keine"
    brauchen = "; ".join(
        f"{p.id}: eine von {', '.join(katalog.eigene(p))}"
        for p in programme
        if katalog.eigene(p) and not _nur_kommune(p)
    )
    return (
        "Die Kopfzeile hat keine Spalte, mit der sich ein Programm auswerten lässt. "
        f"Gefunden: {gefunden}. Gebraucht wird je Programm: {brauchen}."
    )


def _hinweise(
    kopf: list[str],
    index: dict[str, int],
    katalog: Spaltenkatalog,
    gewaehlt: list[ProgrammSpalten],
    unbekannt: list[tuple[int, str | None]],
    verbund: int | None,
) -> list[str]:
    hinweise = []
    ohne_vorschlag = []
    for i, grund in unbekannt:
        name = kopf[i]
        aehnlich = katalog.naechster(name)
        if grund:
            hinweise.append(f"Spalte „{name}“ wird nicht ausgewertet: {grund}.")
        elif aehnlich and aehnlich not in index:
            hinweise.append(f"Spalte „{name}“ wird nicht ausgewertet – meinten Sie „{aehnlich}“?")
        else:
            ohne_vorschlag.append(f"„{name}“")
    if ohne_vorschlag:
        hinweise.append(
            "Nicht ausgewertet (keine Eingabe dieses Namens; die Spalten bleiben unverändert in "
            "der Ausgabe): " + ", ".join(ohne_vorschlag) + "."
        )
    for ps in gewaehlt:
        p = ps.programm
        gegeben = ps.verbund_gegeben if verbund is not None else ()
        fehlend = [
            n
            for n, e in p.eingaben.items()
            if n not in index and e.typ != "kommune" and n not in gegeben
        ]
        if fehlend:
            hinweise.append(
                f"{p.id}: keine Spalte für {', '.join(fehlend)} – in jeder Zeile „nicht angegeben“."
            )
    return hinweise


def pruefe_programme(ids: list[str], bekannt: list[str]) -> list[str]:
    """``--programm``-Werte (auch mit Komma getrennt) → Programm-IDs; unbekannte → Fehler."""
    from ozg_foerder.api import UnbekanntesProgramm

    ergebnis: list[str] = []
    for roh in ids:
        for teil in roh.split(","):
            pid = teil.strip().lower().replace("_", "-")
            if not pid:
                continue
            if pid not in bekannt:
                raise UnbekanntesProgramm(teil.strip(), bekannt)
            if pid not in ergebnis:
                ergebnis.append(pid)
    if ids and not ergebnis:
        raise EingabeFehler("--programm", ",".join(ids), ", ".join(bekannt))
    return ergebnis

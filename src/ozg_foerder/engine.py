"""Die Regel-Engine: ein Programm für Eingaben an einem Stichtag auswerten. Rein, ohne Ein-/Ausgabe.

:class:`Programm` entsteht aus dem Kompilat einer Regeldatei (einem JSON-Objekt, siehe
:mod:`ozg_foerder.katalog`); :func:`werte_aus` liefert ein :class:`Ergebnis` mit dem Status
jedes Kriteriums (``erfuellt``, ``nicht_erfuellt``, ``offen``), dem Betrag als ``Decimal``,
den Hinweisen und den Quellen. Texte für die Ausgabe entstehen erst beim Darstellen.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from .eingaben import (
    CENT,
    EingabeFehler,
    formatiere_anteil,
    formatiere_betrag,
    formatiere_datum,
    formatiere_tage,
    ist_leer,
    lies_anteil,
    lies_betrag,
    lies_datum,
    lies_ganzzahl,
    lies_ja_nein,
)

if TYPE_CHECKING:  # nur für Programme mit Beratungskontingenten geladen (Startzeit)
    from .kontingente import ModulStatus, Verteilung

__all__ = [
    "ERFUELLT",
    "FOERDERFAEHIG",
    "NICHT_ERFUELLT",
    "NICHT_FOERDERFAEHIG",
    "OFFEN",
    "Ergebnis",
    "Programm",
    "werte_aus",
]

ERFUELLT = "erfuellt"
NICHT_ERFUELLT = "nicht_erfuellt"
OFFEN = "offen"
FOERDERFAEHIG = "foerderfaehig"
NICHT_FOERDERFAEHIG = "nicht_foerderfaehig"


# ---------------------------------------------------------------------------------------------
# Quellen
# ---------------------------------------------------------------------------------------------


class Quelle(NamedTuple):
    dokument: str
    abschnitt: str
    zitat: str | None = None
    anmerkung: str | None = None

    def kurz(self) -> str:
        trenner = ", " if self.dokument.endswith("Folien") else " "
        return f"{self.dokument}{trenner}{self.abschnitt}"


def _quellen(verweis: Any, benannt: dict[str, Quelle]) -> tuple[Quelle, ...]:
    if verweis is None:
        return ()
    liste = verweis if isinstance(verweis, list) else [verweis]
    return tuple(benannt[v] if isinstance(v, str) else Quelle(**v) for v in liste)


def quellen_text(quellen: tuple[Quelle, ...]) -> str:
    """Kurzzitate, jedes nur einmal: "HMdIS-Folien, TOP 4; Handreichung Ziff. 4"."""
    return "; ".join(dict.fromkeys(q.kurz() for q in quellen))


def _datum(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _dec(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


# ---------------------------------------------------------------------------------------------
# Eingaben
# ---------------------------------------------------------------------------------------------

_UMLAUTE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalisiere(text: str) -> str:
    """Für Vergleiche: klein, Umlaute ausgeschrieben, ohne Leer- und Trennzeichen."""
    text = unicodedata.normalize("NFC", text).lower().translate(_UMLAUTE)
    return re.sub(r"[\s_\-/.,()]+", "", text)


_TRENNER = re.compile(r"[,;|]")


class Wahl(NamedTuple):
    id: str
    text: str
    option: str | None
    erlaeuterung: str | None


class EingabeDef:
    """Eine Eingabe eines Programms: Typ, Bereich, Texte und wie man sie schreibt."""

    __slots__ = (
        "_schluessel",
        "beispiel",
        "doppelte",
        "einheit",
        "einheit_einzahl",
        "erforderlich",
        "hilfe",
        "max",
        "min",
        "module",
        "name",
        "option",
        "option_nein",
        "text",
        "typ",
        "werte",
    )

    def __init__(self, name: str, d: dict[str, Any]) -> None:
        """Aus dem Kompilat einer Eingabe (siehe regeln.Eingabe)."""
        self.name = name
        self.typ: str = d["typ"]
        self.text: str = d["text"]
        self.hilfe: str = d["hilfe"]
        self.erforderlich: bool = d.get("erforderlich", False)
        self.option: str = d.get("option") or "--" + name.replace("_", "-")
        self.option_nein: str | None = d.get("option_nein")
        self.beispiel: str | None = d.get("beispiel")
        self.einheit: str | None = d.get("einheit")
        self.einheit_einzahl: str | None = d.get("einheit_einzahl")
        self.doppelte: str = d.get("doppelte", "ignorieren")
        umwandeln = {"betrag": _dec, "datum": _datum}.get(self.typ, lambda x: x)
        self.min: Any = umwandeln(d.get("min"))
        self.max: Any = umwandeln(d.get("max"))
        self.werte: dict[str, Wahl] = {}
        self._schluessel: dict[str, str] = {}
        for wid, w in d.get("werte", {}).items():
            self.werte[wid] = Wahl(wid, w["text"], w.get("option"), w.get("erlaeuterung"))
            for variante in (wid, w["text"], *w.get("aliase", ())):
                self._schluessel[normalisiere(variante)] = wid
        self.module: tuple[int, ...] = ()

    def lies(self, roh: Any) -> Any:
        """Rohwert → Wert im Typ der Eingabe; ``None`` für "nicht angegeben"."""
        n = self.name
        typ = self.typ
        if typ == "ganzzahl":
            wert = lies_ganzzahl(roh, n)
        elif typ == "betrag":
            wert = lies_betrag(roh, n)
        elif typ == "anteil":
            wert = lies_anteil(roh, n)
        elif typ == "datum":
            wert = lies_datum(roh, n)
        elif typ == "ja_nein":
            wert = lies_ja_nein(roh, n)
        elif typ == "auswahl":
            wert = None if ist_leer(roh) else self._wahl(roh)
        elif typ == "liste":
            wert = self._liste(roh)
        elif typ == "module":
            wert = self._module(roh)
        elif typ == "kommune":
            if ist_leer(roh):
                return None
            if not hasattr(roh, "ags"):
                raise TypeError("Kommunen werden vor der Auswertung im Verzeichnis aufgelöst.")
            return roh
        else:  # pragma: no cover - durch das Schema ausgeschlossen
            raise ValueError(typ)
        if wert is not None:
            self._pruefe_bereich(roh, wert)
        return wert

    def erlaubt(self) -> str:
        if self.typ in ("auswahl", "liste"):
            return ", ".join(w.text for w in self.werte.values())
        if self.typ == "module":
            return "Modulnummern " + ", ".join(map(str, self.module)) + ", z. B. 1,3"
        teile = {
            "ganzzahl": "eine ganze Zahl",
            "betrag": "ein Betrag in Euro",
            "anteil": "ein Anteil wie 0,18 oder 18 %",
            "datum": "ein Datum wie 14.03.2022",
            "ja_nein": "ja oder nein",
            "kommune": "Name oder AGS einer hessischen Kommune",
        }
        text = teile[self.typ]
        von, bis = (formatiere_wert(self.typ, g) for g in (self.min, self.max))
        if self.min is not None and self.max is not None:
            text += f" von {von} bis {bis}"
        elif self.min is not None:
            text += f" ab {von}"
        elif self.max is not None:
            text += f" bis {bis}"
        return text

    def _pruefe_bereich(self, roh: Any, wert: Any) -> None:
        if self.min is not None and wert < self.min:
            raise EingabeFehler(self.name, roh, self.erlaubt(), grund="Der Wert ist zu klein.")
        if self.max is not None and wert > self.max:
            raise EingabeFehler(self.name, roh, self.erlaubt(), grund="Der Wert ist zu groß.")

    def _wahl(self, roh: Any) -> str:
        wid = self._schluessel.get(normalisiere(str(roh)))
        if wid is None:
            raise EingabeFehler(self.name, roh, self.erlaubt())
        return wid

    def _teile(self, roh: Any) -> list[str]:
        if isinstance(roh, list | tuple | set | frozenset):
            teile = [str(t) for t in roh]
        elif isinstance(roh, float):  # Excel macht aus "1,3" die Zahl 1.3
            teile = [format(roh, ".15g").replace(".", ",")]
        else:
            teile = [str(roh)]
        return [s.strip() for t in teile for s in _TRENNER.split(t) if s.strip()]

    def _liste(self, roh: Any) -> tuple[str, ...] | None:
        if ist_leer(roh) or (isinstance(roh, list | tuple) and not roh):
            return None
        ids: list[str] = []
        for teil in self._teile(roh):
            wid = self._wahl(teil)
            if wid in ids:
                if self.doppelte == "fehler":
                    raise EingabeFehler(self.name, roh, self.erlaubt(), grund=f"„{teil}“ doppelt.")
                continue
            ids.append(wid)
        return tuple(ids)

    def _module(self, roh: Any) -> tuple[int, ...] | None:
        if ist_leer(roh) or (isinstance(roh, list | tuple) and not roh):
            return None
        if isinstance(roh, str) and roh.strip().lower() in ("keine", "keins", "-", "–"):
            return ()
        if isinstance(roh, int) and not isinstance(roh, bool):
            roh = str(roh)
        nummern: list[int] = []
        for teil in self._teile(roh):
            if not re.fullmatch(r"\d{1,3}", teil) or int(teil) not in self.module:
                raise EingabeFehler(
                    self.name,
                    roh,
                    self.erlaubt(),
                    grund=f"Ein Modul {teil} gibt es nicht."
                    if teil.isdigit()
                    else f"„{teil}“ ist keine Modulnummer.",
                )
            nr = int(teil)
            if nr in nummern:
                raise EingabeFehler(
                    self.name, roh, self.erlaubt(), grund=f"Modul {nr} steht doppelt."
                )
            nummern.append(nr)
        return tuple(nummern)

    def formatiere(self, wert: Any) -> str:
        return formatiere_wert(self.typ, wert, self)

    @property
    def werte_mit_schalter(self) -> bool:
        """Ein Schalterpaar statt eines Werts (--einzelvorhaben/--gemeinschaftsvorhaben)."""
        return bool(self.werte) and all(w.option for w in self.werte.values())

    @property
    def schalter(self) -> list[str]:
        """Die Optionen, mit denen man diese Eingabe angibt (Schalterpaare einzeln)."""
        wahlen = [w.option for w in self.werte.values() if w.option]
        if wahlen:
            return wahlen
        return [self.option, self.option_nein] if self.option_nein else [self.option]


def formatiere_wert(typ: str, wert: Any, eingabe: EingabeDef | None = None) -> str:
    """Ein Wert in deutscher Schreibweise für die Textausgabe."""
    if wert is None:
        return "–"
    if typ == "betrag":
        return formatiere_betrag(wert)
    if typ == "anteil":
        return formatiere_anteil(wert)
    if typ == "datum":
        return formatiere_datum(wert)
    if typ == "ja_nein":
        return "ja" if wert else "nein"
    if typ == "tage":
        return formatiere_tage(wert)
    if typ == "auswahl" and eingabe is not None:
        return eingabe.werte[wert].text
    if typ == "liste" and eingabe is not None:
        return ", ".join(eingabe.werte[w].text for w in wert) if wert else "keine"
    if typ == "module":
        return ", ".join(map(str, wert)) if wert else "keine"
    if typ == "kommune":
        return wert.anzeige
    if eingabe is not None and eingabe.einheit:
        einzahl = eingabe.einheit_einzahl
        return f"{wert} {einzahl if wert == 1 and einzahl else eingabe.einheit}"
    return str(wert)


def json_wert(typ: str, wert: Any) -> Any:
    """Ein Wert für die JSON-Ausgabe: Beträge als Text mit zwei Stellen, Daten ISO."""
    if wert is None:
        return None
    if typ == "betrag":
        return f"{wert.quantize(CENT):f}"
    if typ == "tage":
        return f"{wert:.1f}"
    if typ == "anteil":
        return format(wert, "f")
    if typ == "datum":
        return wert.isoformat()
    if typ in ("liste", "module"):
        return list(wert)
    if typ == "kommune":
        return wert.ags
    return wert


# ---------------------------------------------------------------------------------------------
# Bedingungen
# ---------------------------------------------------------------------------------------------


class Bedingung:
    """Eine Prüfung aus dem geschlossenen Vokabular; liefert erfuellt/nicht_erfuellt/offen."""

    art = ""
    __slots__ = ("wert",)

    def __init__(self, d: dict[str, Any]) -> None:
        self.wert: str = d["wert"]

    def pruefe(self, ns: dict[str, Any]) -> str:  # pragma: no cover - abstrakt
        raise NotImplementedError

    def grenze_text(self, programm: Programm) -> str:
        """Die Anforderung in Worten, z. B. 'mindestens 15 %'."""
        return ""


class _Vergleich(Bedingung):
    """Vergleich mit einer festen Grenze oder einem anderen Wert (``grenze: {wert: …}``)."""

    __slots__ = ("_erfuellt", "grenze", "inklusive", "verweis")
    # (inklusiv, exklusiv): der Vergleich, bei dem die Bedingung erfüllt ist
    _VERGLEICHE: tuple[Any, Any] = (None, None)

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__(d)
        g = d["grenze"]
        self.inklusive: bool = d.get("inklusive", True)
        self.verweis: str | None = None
        self.grenze: Any = None
        if isinstance(g, dict):
            self.verweis = g["wert"]
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(g)):
            self.grenze = date.fromisoformat(g)
        else:
            self.grenze = Decimal(g)
        self._erfuellt = self._VERGLEICHE[0 if self.inklusive else 1]

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        grenze = ns.get(self.verweis) if self.verweis else self.grenze
        if wert is None or grenze is None:
            return OFFEN
        return ERFUELLT if self._erfuellt(wert, grenze) else NICHT_ERFUELLT

    def grenze_text(self, programm: Programm) -> str:
        if self.verweis:
            return f"{self._wort()} {programm.bezeichnung(self.verweis)}"
        return f"{self._wort()} {programm.formatiere(self.wert, self.grenze)}"

    def _wort(self) -> str:  # pragma: no cover - abstrakt
        raise NotImplementedError


class Minimum(_Vergleich):
    art = "minimum"
    __slots__ = ()
    _VERGLEICHE = (operator.ge, operator.gt)

    def _wort(self) -> str:
        return "mindestens" if self.inklusive else "mehr als"


class Maximum(_Vergleich):
    art = "maximum"
    __slots__ = ()
    _VERGLEICHE = (operator.le, operator.lt)

    def _wort(self) -> str:
        return "höchstens" if self.inklusive else "weniger als"


class Gleich(Bedingung):
    art = "gleich"
    __slots__ = ("gleich",)

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__(d)
        self.gleich = d["gleich"]

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if str(wert) == str(self.gleich) else NICHT_ERFUELLT


class EineVon(Bedingung):
    art = "eine_von"
    __slots__ = ("werte",)

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__(d)
        self.werte = frozenset(d["werte"])

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if wert in self.werte else NICHT_ERFUELLT


class Zeitraum(Bedingung):
    art = "zeitraum"
    __slots__ = ("bis", "von")

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__({"wert": d.get("wert", "stichtag")})
        self.von = _datum(d.get("von"))
        self.bis = _datum(d.get("bis"))

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        if (self.von is not None and wert < self.von) or (self.bis is not None and wert > self.bis):
            return NICHT_ERFUELLT
        return ERFUELLT

    def grenze_text(self, programm: Programm) -> str:
        return zeitraum_text(self.von, self.bis)

    def abweichung(self, wert: date) -> str:
        if self.von is not None and wert < self.von:
            return f"beginnt erst am {formatiere_datum(self.von)}"
        if self.bis is not None and wert > self.bis:
            return f"endete am {formatiere_datum(self.bis)}"
        return ""


def zeitraum_text(von: date | None, bis: date | None) -> str:
    if von and bis:
        return f"{formatiere_datum(von)} – {formatiere_datum(bis)}"
    if von:
        return f"ab {formatiere_datum(von)}"
    if bis:
        return f"bis {formatiere_datum(bis)}"
    return "ohne Frist"


class MussJa(Bedingung):
    art = "muss_ja"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if wert else NICHT_ERFUELLT


class AusschlussWennJa(Bedingung):
    """Ausschlussgrund: nicht angegeben heißt, er liegt nicht vor (GUIDE §2.2)."""

    art = "ausschluss_wenn_ja"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        return NICHT_ERFUELLT if ns.get(self.wert) else ERFUELLT


class InDatensatz(Bedingung):
    art = "in_datensatz"
    __slots__ = ("ags", "datensatz")

    def __init__(self, d: dict[str, Any]) -> None:
        super().__init__(d)
        self.datensatz: str = d["datensatz"]
        self.ags = frozenset(d["_ags"])

    def pruefe(self, ns: dict[str, Any]) -> str:
        wert = ns.get(self.wert)
        if wert is None:
            return OFFEN
        return ERFUELLT if wert.ags in self.ags else NICHT_ERFUELLT


class Fehlt(Bedingung):
    art = "fehlt"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        return ERFUELLT if ns.get(self.wert) is None else NICHT_ERFUELLT


class Angegeben(Bedingung):
    art = "angegeben"
    __slots__ = ()

    def pruefe(self, ns: dict[str, Any]) -> str:
        return NICHT_ERFUELLT if ns.get(self.wert) is None else ERFUELLT


_BEDINGUNGEN: dict[str, type[Bedingung]] = {
    k.art: k
    for k in (Minimum, Maximum, Gleich, EineVon, Zeitraum, MussJa, AusschlussWennJa, InDatensatz)
}
_BEDINGUNGEN.update({"fehlt": Fehlt, "angegeben": Angegeben})


def bedingung(d: dict[str, Any]) -> Bedingung:
    return _BEDINGUNGEN[d["art"]](d)


class Kriterium(NamedTuple):
    id: str
    text: str
    bedingung: Bedingung
    quellen: tuple[Quelle, ...]
    grund: str | None


# ---------------------------------------------------------------------------------------------
# Betragsformeln
# ---------------------------------------------------------------------------------------------


class Formel:
    text: str
    quellen: tuple[Quelle, ...]
    eingaben: tuple[str, ...] = ()
    hat_zusatzwerte = False  # liefert zusatzwerte() weitere Namen (z. B. hoechstbetrag)?

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:  # pragma: no cover - abstrakt
        raise NotImplementedError

    def rechenweg(self, ns: dict[str, Any]) -> str:  # pragma: no cover
        raise NotImplementedError

    def hoechstmoeglich(self) -> Decimal | None:
        return None

    def zusatzwerte(self, ns: dict[str, Any]) -> dict[str, Any]:
        return {}


class ProEinheit(Formel):
    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...]) -> None:
        self.text = d["text"]
        self.quellen = quellen
        self.einheit: str = d["einheit"]
        self.einheit_text: str = d["einheit_text"]
        self.einheit_text_mehrzahl: str = d["einheit_text_mehrzahl"]
        self.je = Decimal(d["je_einheit"])
        self.hoechstens = _dec(d.get("hoechstens"))
        self.eingaben = (self.einheit,)

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:
        n = ns.get(self.einheit)
        if n is None:
            return None
        betrag = self.je * n
        if self.hoechstens is not None and betrag > self.hoechstens:
            betrag = self.hoechstens
        return betrag.quantize(CENT)

    def rechenweg(self, ns: dict[str, Any]) -> str:
        n = ns[self.einheit]
        einheit = self.einheit_text if n == 1 else self.einheit_text_mehrzahl
        text = f"{n} {einheit} × {formatiere_betrag(self.je)} = {formatiere_betrag(self.je * n)}"
        if self.hoechstens is not None and self.je * n > self.hoechstens:
            text += f", begrenzt auf höchstens {formatiere_betrag(self.hoechstens)}"
        return text

    def hoechstmoeglich(self) -> Decimal | None:
        return self.hoechstens


_RUNDUNG = {"abrunden": ROUND_DOWN, "kaufmaennisch": ROUND_HALF_UP, "aufrunden": ROUND_UP}
_RUNDUNG_TEXT = {
    "abrunden": "abgerundet",
    "kaufmaennisch": "kaufmännisch gerundet",
    "aufrunden": "aufgerundet",
}


class AnteilKosten(Formel):
    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...]) -> None:
        self.text = d["text"]
        self.quellen = quellen
        self.kosten: str = d["kosten"]
        self.satz = Decimal(d["satz"])
        self.hoechstens = _dec(d.get("hoechstens"))
        self.rundung: str = d.get("rundung", "kaufmaennisch")
        self.eingaben = (self.kosten,)

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:
        kosten = ns.get(self.kosten)
        if kosten is None:
            return None
        betrag = (kosten * self.satz).quantize(CENT, rounding=_RUNDUNG[self.rundung])
        if self.hoechstens is not None and betrag > self.hoechstens:
            betrag = self.hoechstens.quantize(CENT)
        return betrag

    def rechenweg(self, ns: dict[str, Any]) -> str:
        kosten = ns[self.kosten]
        roh = kosten * self.satz
        text = (
            f"{formatiere_anteil(self.satz)} von {formatiere_betrag(kosten)} = "
            f"{formatiere_betrag(roh.quantize(CENT, rounding=_RUNDUNG[self.rundung]))}"
            f" ({_RUNDUNG_TEXT[self.rundung]} auf den Cent)"
        )
        if self.hoechstens is not None and roh > self.hoechstens:
            text += f", begrenzt auf höchstens {formatiere_betrag(self.hoechstens)}"
        return text

    def hoechstmoeglich(self) -> Decimal | None:
        return self.hoechstens


class Hoechstbetrag(Formel):
    hat_zusatzwerte = True

    def __init__(self, d: dict[str, Any], quellen: tuple[Quelle, ...]) -> None:
        self.text = d["text"]
        self.quellen = quellen
        self.antrag: str | None = d.get("antrag")
        self.nach: str | None = d.get("nach")
        self.staffel = {k: Decimal(v) for k, v in d.get("staffel", {}).items()}
        self.ohne_angabe = Decimal(d["ohne_angabe"])
        self.eingaben = tuple(n for n in (self.nach,) if n)

    def _hoechst(self, ns: dict[str, Any]) -> Decimal:
        art = ns.get(self.nach) if self.nach else None
        return self.staffel[art] if art is not None else self.ohne_angabe

    def zusatzwerte(self, ns: dict[str, Any]) -> dict[str, Any]:
        return {"hoechstbetrag": self._hoechst(ns).quantize(CENT)}

    def berechne(self, ns: dict[str, Any]) -> Decimal | None:
        hoechst = self._hoechst(ns)
        antrag = ns.get(self.antrag) if self.antrag else None
        if antrag is None or antrag > hoechst:
            return hoechst.quantize(CENT)
        return antrag.quantize(CENT)

    def rechenweg(self, ns: dict[str, Any]) -> str:
        hoechst = self._hoechst(ns)
        antrag = ns.get(self.antrag) if self.antrag else None
        if antrag is None:
            return f"Höchstbetrag {formatiere_betrag(hoechst)} (kein beantragter Betrag angegeben)"
        if antrag > hoechst:
            return (
                f"beantragt {formatiere_betrag(antrag)}, begrenzt auf den Höchstbetrag "
                f"{formatiere_betrag(hoechst)}"
            )
        return f"beantragt {formatiere_betrag(antrag)} (Höchstbetrag {formatiere_betrag(hoechst)})"

    def hoechstmoeglich(self) -> Decimal | None:
        return max([self.ohne_angabe, *self.staffel.values()])


_FORMELN = {
    "pro_einheit": ProEinheit,
    "anteil_kosten": AnteilKosten,
    "hoechstbetrag": Hoechstbetrag,
}


# ---------------------------------------------------------------------------------------------
# Abgeleitete Werte
# ---------------------------------------------------------------------------------------------


class WertDef(NamedTuple):
    name: str
    art: str
    text: str
    typ: str
    argumente: tuple[str, ...]

    def berechne(self, ns: dict[str, Any]) -> Any:
        werte = [ns.get(a) for a in self.argumente]
        if any(w is None for w in werte):  # nicht angegeben bleibt nicht angegeben
            return None
        if self.art == "differenz":
            return (werte[0] - werte[1]).quantize(CENT)
        if self.art == "anzahl":
            return len(werte[0])
        # plus_monate: Beginn plus Laufzeit in Kalendermonaten
        from dateutil.relativedelta import relativedelta

        return werte[0] + relativedelta(months=werte[1])


_WERT_TYP = {"differenz": "betrag", "plus_monate": "datum", "anzahl": "anzahl"}
_WERT_ARGUMENTE = {
    "differenz": ("von", "minus"),
    "plus_monate": ("datum", "monate"),
    "anzahl": ("liste",),
}


# ---------------------------------------------------------------------------------------------
# Angebote (Leistungen ohne Antrag) und Termine
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Programm
# ---------------------------------------------------------------------------------------------


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
            von, bis = _datum(g.get("von")), _datum(g.get("bis"))
            quellen = _quellen(g.get("quelle"), q)
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
                    k["id"], k["text"], bedingung(k), _quellen(k["quelle"], q), k.get("grund")
                )
            )
        f = d.get("betrag")
        self.formel: Formel | None = (
            _FORMELN[f["art"]](f, _quellen(f["quelle"], q)) if f is not None else None
        )
        self.werte = [
            WertDef(
                n,
                w["art"],
                w["text"],
                _WERT_TYP[w["art"]],
                tuple(w[a] for a in _WERT_ARGUMENTE[w["art"]]),
            )
            for n, w in d.get("werte", {}).items()
        ]
        self.hinweise = [
            HinweisDef(
                h["text"],
                bedingung(h["wenn"]) if h.get("wenn") else None,
                _quellen(h.get("quelle"), q),
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
                    Finanzierung(f["traeger"], _datum(f.get("von")), _datum(f.get("bis")))
                    for f in a["finanzierung"]
                ),
                a.get("hinweis"),
                _quellen(a["quelle"], q),
            )
            for a in d.get("angebote", [])
        )
        self.termine = tuple(
            Termin(
                t["id"],
                t["text"],
                _datum(t.get("von")) or _datum(t.get("datum")),
                _datum(t.get("bis")) or _datum(t.get("datum")),
                _quellen(t["quelle"], q),
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
                _quellen(c["quelle"], q),
            )
            for c in d.get("checklisten", [])
        )
        self.budget = tuple(
            Budget(b["text"], Decimal(b["betrag"]), b["je"], _quellen(b["quelle"], q))
            for b in d.get("budget", [])
        )
        batch = d.get("batch")
        self.batch_wenn: tuple[str, ...] = (
            tuple(batch["wenn"])
            if batch
            else tuple(n for n, e in self.eingaben.items() if e.erforderlich)
        )
        verbund = d.get("verbund")
        self.verbund_zaehlt: str | None = verbund["zaehlt"] if verbund else None
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
        self._veraltet_ab = _plus_ein_jahr(self.stand)

    def _lade_kontingente(self, d: dict[str, Any], q: dict[str, Quelle]) -> None:
        from .kontingente import KontingentDef, ModulDef

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
                _quellen(m["quelle"], q),
            )
            for m in d.get("module", [])
        )
        self.kontingente = tuple(
            KontingentDef(
                k["id"],
                k["name"],
                tuple(k["module"]),
                _datum(k.get("von")),
                _datum(k.get("bis")),
                k["finanzierung"],
                k.get("setzt_voraus_modul"),
                _quellen(k["quelle"], q),
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


# ---------------------------------------------------------------------------------------------
# Ergebnis
# ---------------------------------------------------------------------------------------------


class KriteriumErgebnis(NamedTuple):
    kriterium: Kriterium
    status: str


class Ergebnis:
    """Das Ergebnis einer Auswertung. Texte entstehen erst in :mod:`ozg_foerder.ausgabe`."""

    __slots__ = (
        "_hinweise",
        "angebote",
        "betrag",
        "ergebnis",
        "kommune",
        "kriterien",
        "ns",
        "programm",
        "stichtag",
        "veraltet",
        "verteilung",
        "weitere_hinweise",
    )

    def __init__(
        self,
        programm: Programm,
        stichtag: date,
        ergebnis: str,
        betrag: Decimal | None,
        kriterien: list[KriteriumErgebnis],
        ns: dict[str, Any],
        verteilung: Verteilung | None = None,
        angebote: tuple[tuple[AngebotDef, str, Finanzierung | None], ...] = (),
        veraltet: bool = False,
        kommune: Any = None,
    ) -> None:
        self.programm = programm
        self.stichtag = stichtag
        self.ergebnis = ergebnis
        self.betrag = betrag
        self.kriterien = kriterien
        self.ns = ns
        self._hinweise: list[HinweisDef] | None = None
        self.verteilung = verteilung
        self.angebote = angebote
        self.veraltet = veraltet
        self.kommune = kommune
        self.weitere_hinweise: list[str] = []

    @property
    def hinweise(self) -> list[HinweisDef]:
        """Die zutreffenden Hinweise der Regeldatei (erst beim Lesen bestimmt: Batch braucht
        sie für CSV nicht)."""
        if self._hinweise is None:
            self._hinweise = _hinweise(self.programm, self.ergebnis, self.ns)
        return self._hinweise

    @property
    def offen(self) -> list[KriteriumErgebnis]:
        return [k for k in self.kriterien if k.status == OFFEN]

    @property
    def module(self) -> tuple[ModulStatus, ...]:
        return self.verteilung.module if self.verteilung else ()

    @property
    def tage_verfuegbar(self) -> Decimal | None:
        return self.verteilung.tage_verfuegbar if self.verteilung else None

    def wert(self, name: str) -> Any:
        return self.ns.get(name)


def werte_aus(programm: Programm, eingaben: dict[str, Any], stichtag: date) -> Ergebnis:
    """Wertet ``programm`` für bereits gelesene ``eingaben`` am ``stichtag`` aus.

    Fehlende Eingaben sind ``None`` ("nicht angegeben"). Die Funktion ist rein: gleiche
    Eingaben und gleicher Stichtag geben das gleiche Ergebnis.
    """
    ns: dict[str, Any] = dict.fromkeys(programm.eingaben)
    ns.update(eingaben)
    ns["stichtag"] = stichtag

    verteilung = None
    if programm.kontingente:
        from .kontingente import verteile

        genutzt = ns.get(programm.modul_eingabe or "") or ()
        verteilung = verteile(
            programm.module, programm.kontingente, genutzt, stichtag, programm.modul_eingabe or ""
        )
        ns["tage_verfuegbar"] = verteilung.tage_verfuegbar

    angebote: tuple[tuple[AngebotDef, str, Finanzierung | None], ...] = ()
    if programm.angebote:
        angebote = tuple((a, *a.status(stichtag)) for a in programm.angebote)
        ns["angebote_aktiv"] = sum(1 for _, s, _ in angebote if s == "aktiv")

    formel = programm.formel
    if formel is not None:
        if formel.hat_zusatzwerte:
            ns.update(formel.zusatzwerte(ns))
        ns["zuwendung"] = formel.berechne(ns)
    for w in programm.werte:
        ns[w.name] = w.berechne(ns)

    kriterien = [
        je_status[k.bedingung.pruefe(ns)] for k, je_status in programm._kriterium_ergebnisse
    ]
    return schliesse_ab(programm, stichtag, ns, kriterien, verteilung, angebote)


def schliesse_ab(
    programm: Programm,
    stichtag: date,
    ns: dict[str, Any],
    kriterien: list[KriteriumErgebnis],
    verteilung: Verteilung | None = None,
    angebote: tuple[tuple[AngebotDef, str, Finanzierung | None], ...] = (),
) -> Ergebnis:
    """Ergebnis, Betrag und Hinweise aus dem Status der Kriterien (GUIDE §2.2).

    Der zweite Teil von :func:`werte_aus`, eigenständig aufrufbar für Auswertungen, die den
    Status von Kriterien zusammenfassen (Batch: Voraussetzungen aller Partner eines Verbunds).
    Verändert ``ns``.
    """
    stati = {k.status for k in kriterien}
    if NICHT_ERFUELLT in stati:
        ergebnis = NICHT_FOERDERFAEHIG
    elif OFFEN in stati:
        ergebnis = OFFEN
    else:
        ergebnis = FOERDERFAEHIG

    betrag = ns.get("zuwendung")
    if ergebnis == NICHT_FOERDERFAEHIG and betrag is not None:
        # Keine Zuwendung: Betrag und daraus abgeleitete Werte (Eigenanteil) entfallen. Der
        # berechnete Wert bleibt im Namensraum, damit die Erklärung zeigt, woran es scheiterte.
        betrag = None
        ohne = {**ns, "zuwendung": None}
        for w in programm.werte:
            if w.name in programm._haengt_von_betrag:
                ns[w.name] = ohne[w.name] = w.berechne(ohne)

    veraltet = stichtag > programm._veraltet_ab
    kommune = next((ns[n] for n in programm._kommune_eingaben if ns.get(n)), None)
    return Ergebnis(
        programm,
        stichtag,
        ergebnis,
        betrag,
        kriterien,
        ns,
        verteilung,
        angebote,
        veraltet,
        kommune,
    )


def _hinweise(programm: Programm, ergebnis: str, ns: dict[str, Any]) -> list[HinweisDef]:
    """Die Hinweise, deren Bedingungen am Ergebnis zutreffen und deren Werte bekannt sind."""
    return [
        h
        for h in programm.hinweise
        if (h.bei is None or ergebnis in h.bei)
        and (h.wenn is None or h.wenn.pruefe(ns) == ERFUELLT)
        and all(ns.get(p) is not None for p in h.platzhalter)
    ]


def _plus_ein_jahr(tag: date) -> date:
    try:
        return tag.replace(year=tag.year + 1)
    except ValueError:  # 29. Februar
        return tag.replace(year=tag.year + 1, day=28) + timedelta(days=1)

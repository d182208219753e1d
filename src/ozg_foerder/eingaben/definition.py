"""Eine Eingabe eines Programms: Typ, Bereich, Wahlen; lesen und deutsch darstellen."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from ozg_foerder.eingaben.werte import (
    CENT,
    EingabeFehler,
    datum_aus,
    decimal_aus,
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

_UMLAUTE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalisiere(text: str) -> str:
    """Für Vergleiche: klein, Umlaute ausgeschrieben, ohne Leer- und Trennzeichen."""
    text = unicodedata.normalize("NFC", text).lower().translate(_UMLAUTE)
    return re.sub(r"[\s_\-/.,()]+", "", text)


_TRENNER = re.compile(r"[,;|]")

_EINFACHE_LESER = {
    "ganzzahl": lies_ganzzahl,
    "betrag": lies_betrag,
    "anteil": lies_anteil,
    "datum": lies_datum,
    "ja_nein": lies_ja_nein,
}
"""Typen, die :meth:`EingabeDef.lies` ohne Weiteres mit einer Funktion liest (ohne Bereich)."""


class Wahl(NamedTuple):
    id: str
    text: str
    option: str | None
    erlaeuterung: str | None


def standard_option(name: str) -> str:
    """Die Option einer Eingabe ohne eigene Angabe: laufzeit_jahre → --laufzeit-jahre."""
    return "--" + name.replace("_", "-")


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
        "synonyme",
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
        self.option: str = d.get("option") or standard_option(name)
        self.option_nein: str | None = d.get("option_nein")
        self.beispiel: str | None = d.get("beispiel")
        self.einheit: str | None = d.get("einheit")
        self.einheit_einzahl: str | None = d.get("einheit_einzahl")
        self.doppelte: str = d.get("doppelte", "ignorieren")
        self.synonyme: tuple[str, ...] = tuple(d.get("synonyme", ()))
        umwandeln = {"betrag": decimal_aus, "datum": datum_aus}.get(self.typ, lambda x: x)
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

    def leser(self) -> Any:
        """:meth:`lies` für viele Zellen: Typ und Bereich schon einmal nachgesehen statt je
        Zelle (ohne Bereich und bei einfachem Typ dieselbe Funktion wie in :meth:`lies`)."""
        lese = _EINFACHE_LESER.get(self.typ)
        if lese is None or self.min is not None or self.max is not None:
            return self.lies
        name = self.name

        def lies(roh: Any) -> Any:
            return lese(roh, name)

        return lies

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

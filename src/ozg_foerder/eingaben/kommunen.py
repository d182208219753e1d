"""Das Verzeichnis der hessischen Kommunen: Suche nach Name oder AGS, Vorschläge, Mehrdeutigkeiten.

421 Städte und Gemeinden (fünf davon kreisfrei) und 21 Landkreise, aus ``data/kommunen.csv``.
Ein bloßer Name meint die Stadt oder Gemeinde (GUIDE §2.1a); ein Landkreis heißt
``Landkreis X``, ``LK X``, ``Kreis X``, mit seinem vollen Namen (``Wetteraukreis``) oder seinem
Schlüssel. Heißt ein Landkreis wie die Stadt, sagt das Ergebnis, dass es ihn gibt.
"""

from __future__ import annotations

import csv
import difflib
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ozg_foerder.eingaben.definition import normalisiere
from ozg_foerder.eingaben.werte import EingabeFehler

__all__ = ["Kommune", "KommuneUnbekannt", "Verzeichnis", "verzeichnis"]


class Kommune(NamedTuple):
    ags: str
    name: str
    name_amtlich: str
    art: str  # "Stadt" | "Gemeinde" | "kreisfreie Stadt" | "Landkreis"
    kreis: str  # Landkreis einer kreisangehörigen Gemeinde, sonst ""
    regierungsbezirk: str

    @property
    def anzeige(self) -> str:
        if self.art == "Landkreis":
            return f"{self.name} (AGS {self.ags})"
        ort = f", {self.kreis}" if self.kreis else ""
        return f"{self.name} ({self.art}{ort}, AGS {self.ags})"

    def als_dict(self) -> dict[str, str]:
        return self._asdict()


class KommuneUnbekannt(EingabeFehler):
    """Unbekannter oder mehrdeutiger Name; nennt Vorschläge bzw. alle Treffer."""

    def __init__(
        self,
        feld: str,
        wert: object,
        vorschlaege: list[Kommune],
        mehrdeutig: bool,
        grund: str | None = None,
    ):
        self.vorschlaege = vorschlaege
        self.mehrdeutig = mehrdeutig
        liste = "; ".join(k.anzeige for k in vorschlaege)
        if grund is not None:
            erlaubt = "Name oder AGS einer hessischen Kommune; Landkreise als „Landkreis X“"
        elif mehrdeutig:
            grund = f"Der Name ist mehrdeutig: {liste}."
            erlaubt = "der genaue Name oder die AGS, z. B. " + " oder ".join(
                f"„{k.name}“" for k in vorschlaege[:2]
            )
        else:
            grund = "Diese Kommune gibt es in Hessen nicht." + (
                f" Meinten Sie: {liste}?" if vorschlaege else ""
            )
            erlaubt = "Name oder AGS einer hessischen Kommune (Liste: ozg-foerder kommunen)"
        super().__init__(feld, wert, erlaubt, grund=grund)


# Der längste amtliche Name einer hessischen Kommune hat weniger als 60 Zeichen.
MAX_NAME_LAENGE = 100

_PRAEFIX_LANDKREIS = re.compile(r"^(landkreis|lk|kreis|lkr)\.?\s+", re.IGNORECASE)
_PRAEFIX_GEMEINDE = re.compile(r"^(stadt|gemeinde)\s+", re.IGNORECASE)
_ZUSATZ = re.compile(r"\s+(\(|am |an der |a\. ?d\. |v\. ?d\. |vor der |i\. |im ).*$")


def _kreis_basis(name: str) -> str:
    """Ohne 'Landkreis'/'kreis': 'Landkreis Gießen' → 'Gießen', 'Lahn-Dill-Kreis' → 'Lahn-Dill'."""
    if name.startswith("Landkreis "):
        return name.removeprefix("Landkreis ")
    return re.sub(r"-?[Kk]reis$", "", name)


class Verzeichnis:
    def __init__(self, kommunen: list[Kommune]) -> None:
        self.kommunen = kommunen
        self.nach_ags = {k.ags: k for k in kommunen}
        self._name: dict[str, Kommune] = {}
        self._kurz: dict[str, list[Kommune]] = {}
        self._kreis: dict[str, Kommune] = {}
        self._kreis_basis: dict[str, Kommune] = {}
        for k in kommunen:
            if k.art == "Landkreis":
                basis = normalisiere(_kreis_basis(k.name))
                self._kreis_basis[basis] = k
                for form in (k.name, "landkreis" + basis, "kreis" + basis, basis + "kreis"):
                    self._kreis[normalisiere(form)] = k
                continue
            for form in (k.name, k.name_amtlich):
                self._name[normalisiere(form)] = k
            kurz = _ZUSATZ.sub("", k.name)
            if kurz != k.name:
                self._kurz.setdefault(normalisiere(kurz), []).append(k)

    def suche(
        self, roh: object, feld: str = "kommune", vorschlaege: bool = True
    ) -> tuple[Kommune, list[str]]:
        """Findet eine Kommune; dazu Hinweise (etwa: "es gibt auch den Landkreis").

        ``vorschlaege=False``: für einen unbekannten Namen keine ähnlichen suchen (die Suche
        kostet je Name etwa eine Millisekunde; ein Batch-Lauf begrenzt so ihre Zahl)."""
        text = str(roh).strip()
        if not text:
            raise EingabeFehler(feld, roh, "Name oder AGS einer hessischen Kommune")
        if len(text) > MAX_NAME_LAENGE:
            # vor jedem regulären Ausdruck und jeder Ähnlichkeitssuche: sonst quadratische Zeit
            raise EingabeFehler(
                feld,
                roh,
                "Name oder AGS einer hessischen Kommune",
                grund=f"Der Name ist zu lang (höchstens {MAX_NAME_LAENGE} Zeichen).",
            )
        if isinstance(roh, float) and roh.is_integer():
            text = str(int(roh))
        ziffern = text.replace(" ", "")
        if ziffern.isdigit():
            return self._nach_schluessel(ziffern, roh, feld), []
        landkreis = _PRAEFIX_LANDKREIS.match(text)
        if landkreis:
            schluessel = normalisiere(text[landkreis.end() :])
            treffer = self._kreis_basis.get(schluessel) or self._kreis.get(schluessel)
            if treffer is None:
                raise KommuneUnbekannt(
                    feld,
                    roh,
                    (self._vorschlaege(text, nur_kreise=True) if vorschlaege else []),
                    False,
                )
            return treffer, []
        schluessel = normalisiere(_PRAEFIX_GEMEINDE.sub("", text))
        treffer = self._name.get(schluessel) or self._name.get(normalisiere(text))
        if treffer is None:
            # "Marburg an der Lahn", "Limburg (Lahn)": ohne Zusatz wie beim üblichen Namen
            ohne_zusatz = normalisiere(_ZUSATZ.sub("", _PRAEFIX_GEMEINDE.sub("", text)))
            treffer = self._name.get(ohne_zusatz)
            kurz = [] if treffer else self._kurz.get(schluessel) or self._kurz.get(ohne_zusatz, [])
            if len(kurz) > 1:
                raise KommuneUnbekannt(feld, roh, kurz, True)
            treffer = treffer or (kurz[0] if kurz else self._kreis.get(normalisiere(text)))
        if treffer is None:
            landkreis = self._kreis_basis.get(schluessel)
            if landkreis is not None:  # "Marburg-Biedenkopf", "Vogelsberg"
                raise KommuneUnbekannt(
                    feld,
                    roh,
                    [landkreis],
                    False,
                    grund=f"„{text}“ ist keine Stadt oder Gemeinde, sondern der Name eines "
                    f"Landkreises. Gemeint ist wohl: „{landkreis.name}“ (AGS {landkreis.ags}).",
                )
            raise KommuneUnbekannt(feld, roh, self._vorschlaege(text) if vorschlaege else [], False)
        hinweise = []
        kreis = self._kreis_basis.get(schluessel)
        ausdruecklich = _PRAEFIX_GEMEINDE.match(text)  # "Stadt Kassel" meint sicher die Stadt
        if kreis is not None and treffer.art != "Landkreis" and not ausdruecklich:
            hinweise.append(
                f"„{text}“ ist als {treffer.art} {treffer.name} gelesen. Es gibt auch den "
                f"{kreis.name}; für ihn „{kreis.name}“ oder die AGS {kreis.ags} angeben."
            )
        return treffer, hinweise

    def suche_kreis(self, roh: str, feld: str = "kreis") -> Kommune:
        """Einen Landkreis finden: 'Gießen', 'LK Gießen', 'Wetteraukreis' oder 06531."""
        text = roh.strip()
        if text.replace(" ", "").isdigit():
            treffer = self._nach_schluessel(text.replace(" ", "")[:5], roh, feld)
        else:
            schluessel = normalisiere(_PRAEFIX_LANDKREIS.sub("", text))
            treffer = self._kreis_basis.get(schluessel) or self._kreis.get(schluessel)
            if treffer is None and self._name.get(schluessel, None) is not None:
                treffer = self._name[schluessel]  # eine Stadt: unten genau benannt
            if treffer is None:
                raise KommuneUnbekannt(feld, roh, self._vorschlaege(text, nur_kreise=True), False)
        if treffer.art != "Landkreis":
            raise EingabeFehler(
                feld,
                roh,
                "ein Landkreis, z. B. 'Gießen' oder 'LK Fulda'",
                grund=f"{treffer.name} ist eine {treffer.art}"
                + (f" im {treffer.kreis}" if treffer.kreis else "")
                + ", kein Landkreis.",
            )
        return treffer

    def _nach_schluessel(self, ziffern: str, roh: object, feld: str) -> Kommune:
        # Excel verliert die führende Null: 6411000 statt 06411000, 6531 statt 06531.
        if len(ziffern) in (7, 4):
            ziffern = "0" + ziffern
        if len(ziffern) == 5:
            ziffern += "000"
        treffer = self.nach_ags.get(ziffern)
        if treffer is None:
            raise EingabeFehler(
                feld,
                roh,
                "ein Amtlicher Gemeindeschlüssel (8 Ziffern, z. B. 06411000) oder ein "
                "Kreisschlüssel (5 Ziffern, z. B. 06531) einer hessischen Kommune",
                grund="Diesen Schlüssel gibt es in Hessen nicht.",
            )
        return treffer

    def _vorschlaege(self, text: str, nur_kreise: bool = False) -> list[Kommune]:
        """Die ähnlichsten Namen (Gemeinden und Landkreise), beste zuerst."""
        basis = normalisiere(_PRAEFIX_LANDKREIS.sub("", text))
        kandidaten: list[tuple[str, Kommune]] = list(self._kreis_basis.items())
        if not nur_kreise:
            kandidaten += list(self._name.items())
            kandidaten += [(kurz, k) for kurz, liste in self._kurz.items() for k in liste]
        bewertet = []
        vergleich = difflib.SequenceMatcher(None, b=basis)  # b einmal vorbereitet
        for name, kommune in kandidaten:
            vergleich.set_seq1(name)
            # die schnellen Obergrenzen zuerst: die meisten Namen scheiden dort aus
            if vergleich.real_quick_ratio() < 0.7 or vergleich.quick_ratio() < 0.7:
                continue
            aehnlich = vergleich.ratio()
            if aehnlich >= 0.7:
                bewertet.append((-aehnlich, kommune.art == "Landkreis", kommune.ags, kommune))
        ergebnis: list[Kommune] = []
        for *_, kommune in sorted(bewertet, key=lambda t: t[:3]):
            if kommune not in ergebnis:
                ergebnis.append(kommune)
        return ergebnis[:5]

    def aehnliche(self, suche: str, kreis: Kommune | None = None) -> list[Kommune]:
        """Die ähnlichsten Namen zu ``suche`` (wie die Vorschläge zu ``--kommune``)."""
        if not suche.strip() or len(suche) > MAX_NAME_LAENGE:
            return []
        treffer = self._vorschlaege(suche)
        if kreis is not None:
            treffer = [k for k in treffer if k.kreis == kreis.name or k is kreis]
        return treffer

    def filtere(self, suche: str | None = None, kreis: Kommune | None = None) -> list[Kommune]:
        ergebnis = self.kommunen
        if kreis is not None:
            ergebnis = [k for k in ergebnis if k.kreis == kreis.name or k is kreis]
        if suche:
            s = normalisiere(suche)
            ergebnis = [
                k
                for k in ergebnis
                if s in normalisiere(k.name_amtlich) or s in normalisiere(k.name) or s in k.ags
            ]
        return ergebnis


def lies_verzeichnis(pfad: Path) -> Verzeichnis:
    with pfad.open(encoding="utf-8", newline="") as datei:
        return Verzeichnis([Kommune(**zeile) for zeile in csv.DictReader(datei)])


@cache
def verzeichnis(pfad: Path | None = None) -> Verzeichnis:
    from ozg_foerder.eingaben.pfade import daten_verzeichnis

    return lies_verzeichnis(pfad or daten_verzeichnis() / "kommunen.csv")

"""Gemeinsame Vorhaben: Zeilen mit gleichem Wert in der Spalte ``verbund`` (GUIDE §2.1c).

Ob und wie ein Programm Verbünde bildet, steht in seiner Regeldatei (``verbund``), nicht hier:

* ``art: kooperation`` (IKZ, ``zaehlt: kommunen``): Die Zahl der Partner ist die Zahl der
  Zeilen, in denen das Programm zur Anwendung kommt; steht sie ausdrücklich in der Zähl-Spalte,
  gilt diese Angabe (in allen Zeilen gleich, nicht kleiner als die Zeilenzahl). Die Zuwendung
  wird zu gleichen Teilen auf die Partner verteilt.
* ``art: vorhaben`` (Starke Heimat, ``summiert: kosten``): Die Kosten des Vorhabens sind die
  Summe der Partnerzeilen; Quote, Deckel und Mindestzuwendung gelten einmal. Die Eingaben unter
  ``gleich`` müssen übereinstimmen. Die Zuwendung wird anteilig nach den Kosten verteilt.

In beiden Fällen wird jede Voraussetzung über alle Partner zusammengefasst: nicht erfüllt, wenn
ein Partner sie nicht erfüllt; sonst offen, wenn einer sie offen lässt – und der Partner wird
genannt. Anteile werden nach dem Verfahren des größten Rests auf den Cent verteilt, so dass sie
genau die Zuwendung ergeben. Hat eine Partnerzeile einen Fehler für das Programm, wird der
Verbund nicht ausgewertet (seine Zeilen sagen warum) und zählt in keiner Summe.

Dafür wird die Datei vorab gelesen – erst um die Partner zu erfassen, dann um ihre
Voraussetzungen zusammenzufassen (die hängen von Partnerzahl bzw. Kostensumme ab). Im Speicher
steht je Verbund ein kleiner Eintrag (je Partner eine Zeilennummer und ein Betrag), nie eine Zeile.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

from ozg_foerder.batch.quelle_basis import zelltext
from ozg_foerder.eingaben.werte import CENT
from ozg_foerder.engine.auswertung import Ergebnis, schliesse_ab
from ozg_foerder.engine.bedingungen import ERFUELLT, NICHT_ERFUELLT, OFFEN, KriteriumErgebnis

__all__ = [
    "KOOPERATION",
    "VORHABEN",
    "Verbund",
    "VerbundTeil",
    "anteil",
    "anteile",
    "kombiniere",
    "verbund_schluessel",
]

KOOPERATION = "kooperation"
VORHABEN = "vorhaben"
_LEER: Mapping[str, Any] = MappingProxyType({})
_KEINE: tuple[()] = ()
_NULL = Decimal(0)
_RANG = {ERFUELLT: 0, OFFEN: 1, NICHT_ERFUELLT: 2}
_MAX_NAMEN = 5
# Stellen in einem Eintrag von Verbund.stand
_KRITERIUM, _STATUS, _ZEILE, _ANZAHL, _NAMEN = 0, 1, 2, 3, 4


class _Stand(list):  # type: ignore[type-arg]
    """Kriterium → Eintrag ``(Kriterium, schlechtester Status über die Partner, Zeile des
    ersten Partners mit ihm, Zahl der Partner mit ihm, die ersten fünf davon beim Namen …)``.

    Eine Liste statt eines Wörterbuchs: ein Verbund verfehlt kaum mehr als zwei oder drei
    Voraussetzungen, und eine Liste mit Zehntausenden Verbünden spart so je Verbund ein paar
    hundert Bytes. Die Einträge sind Tupel, die beim Ändern ersetzt werden: Eine Liste hielte
    beim Anhängen Platz für weitere frei (je Eintrag bis zu 60 Bytes mehr)."""

    __slots__ = ()

    def get(self, kriterium: str) -> tuple[Any, ...] | None:
        for eintrag in self:
            if eintrag[_KRITERIUM] == kriterium:
                return eintrag  # type: ignore[no-any-return]
        return None

    def setze(self, eintrag: tuple[Any, ...]) -> None:
        for i, alt in enumerate(self):
            if alt[_KRITERIUM] == eintrag[_KRITERIUM]:
                self[i] = eintrag
                return
        self.append(eintrag)


_KEIN_STAND = _Stand()  # noch kein Partner erfasst (geteilt, nie verändert)


def verbund_schluessel(roh: Any) -> str:
    """Vergleichsform eines Verbundnamens: ohne Rand- und doppelte Leerzeichen, Groß = klein."""
    if roh is None:
        return ""
    return " ".join(zelltext(roh).split()).casefold()


class VerbundTeil(NamedTuple):
    """Was eine Zeile über ihren Verbund wissen muss."""

    name: str
    kommunen: int
    """Zahl der Partner (IKZ: die gezählten Kommunen)."""
    anteil: Decimal | None
    partner: int  # 1 = erste Zeile des Verbunds
    erster: bool  # diese Zeile zählt den Verbund in der Zusammenfassung
    zeilen: int
    fehlerzeilen: tuple[int, ...]
    ursachen: Mapping[str, int] = MappingProxyType({})
    """Kriterium → Tabellenzeile des ersten Partners, der es verfehlt oder offen lässt."""
    art: str = KOOPERATION
    summe: Decimal | None = None
    """vorhaben: die summierten Kosten des Vorhabens."""
    gruende: tuple[str, ...] = ()
    """Voraussetzungen, die ein Partner nicht erfüllt oder offen lässt – mit dem Partner."""
    verursacher: Mapping[str, str] = MappingProxyType({})
    """Kriterium → die Partner, die es nicht erfüllen oder offen lassen (für die Begründung)."""


def _namen_text(stand: tuple[Any, ...]) -> str:
    """Höchstens fünf Partner beim Namen, dann die Zahl der übrigen (``stand``: ein Eintrag
    von ``Verbund.stand``)."""
    anzahl, namen = stand[_ANZAHL], stand[_NAMEN:]
    return ", ".join(namen) + (f" und {anzahl - _MAX_NAMEN} weitere" if anzahl > _MAX_NAMEN else "")


def _vergleich(wert: Any) -> Any:
    """Listen ohne Reihenfolge vergleichen (Handlungsfelder)."""
    return frozenset(wert) if isinstance(wert, list | tuple | set) else wert


def _wert_text(wert: Any) -> str:
    if isinstance(wert, list | tuple | set | frozenset):
        return ", ".join(sorted(str(w) for w in wert)) or "leer"
    return "leer" if wert is None else str(wert)


class Verbund:
    """Ein Verbund eines Programms: erfasst, geschlossen, Voraussetzungen zusammengefasst."""

    __slots__ = (
        "_anteile",
        "art",
        "explizit",
        "fehler",
        "gewichte",
        "gezaehlt",
        "gleich",
        "kommunen",
        "naechster",
        "name",
        "partner",
        "stand",
        "summe",
        "zeilen",
    )

    def __init__(self, name: str, art: str = KOOPERATION) -> None:
        self.name = name
        self.art = art
        self.zeilen = 0
        self.explizit: tuple[int, ...] = ()  # ausdrückliche Partnerzahlen (meist keine)
        self.kommunen = 0
        self.fehler: str | None = None
        # Eine Liste kann Zehntausende Verbünde haben: leere Sammlungen teilen sich alle
        # Einträge (_LEER) und entstehen erst beim ersten Eintrag.
        self.stand = _KEIN_STAND
        """Die Kriterien, die ein Partner verfehlt oder offen lässt (:class:`_Stand`)."""
        self.gezaehlt = False
        self.naechster = 0
        self.partner: dict[str, int] = _LEER  # type: ignore[assignment]
        """Kommune → erste Zeile, um Doppelte zu finden (bis :meth:`schliesse`)."""
        self.gewichte: list[Decimal] = _KEINE  # type: ignore[assignment]
        """vorhaben: Kosten je Partner in Zeilenfolge."""
        self.summe = _NULL
        self.gleich: dict[str, tuple[Any, int, str]] = _LEER  # type: ignore[assignment]
        """Eingabe → (Wert, Zeile, Partner): die Angaben, die bei allen Partnern gleich sein
        müssen – wo sie stehen; eine leere Zelle widerspricht nicht, sie übernimmt die Angabe
        der anderen."""
        self._anteile: list[Decimal] | None = None

    # -- erster Durchgang: Partner erfassen --------------------------------------------------

    def partner_text(self, kommune: str, nr: int) -> str:
        return f"{kommune} (Zeile {nr})" if kommune else f"Zeile {nr}"

    def zaehle(
        self,
        nr: int,
        kommune: str,
        explizit: int | None = None,
        gewicht: Decimal | None = None,
        gleich: dict[str, Any] | None = None,
    ) -> None:
        """Eine Partnerzeile: ihre Kommune, ihre Angabe in der Zähl-Spalte, ihre Kosten."""
        self.zeilen += 1
        # ``kommune`` ist der Name aus dem Kommunenverzeichnis (eindeutig, wie auch immer er in
        # der Zelle geschrieben war): er selbst ist der Schlüssel, ohne zweiten Text je Partner
        schluessel = kommune
        if schluessel:
            if self.partner is _LEER:
                self.partner = {}
            if schluessel in self.partner and self.fehler is None:
                self.fehler = (
                    f"Verbund „{self.name}“: {kommune} steht mehrfach darin (Zeilen "
                    f"{self.partner[schluessel]} und {nr}); jede Kommune ist nur einmal Partner. "
                    "Die doppelte Zeile löschen oder den Verbund korrigieren."
                )
            self.partner.setdefault(schluessel, nr)
        if explizit is not None and explizit not in self.explizit:
            self.explizit += (explizit,)
        if gewicht is not None:
            if self.gewichte is _KEINE:
                self.gewichte = []
            self.gewichte.append(gewicht)
            self.summe += gewicht
        for name, wert in (gleich or {}).items():
            if wert is None:
                continue
            bisher = self.gleich.get(name)
            if bisher is None:
                if self.gleich is _LEER:
                    self.gleich = {}
                self.gleich[name] = (wert, nr, kommune)
            elif _vergleich(bisher[0]) != _vergleich(wert) and self.fehler is None:
                self.fehler = (
                    f"Verbund „{self.name}“: {name} ist bei den Partnern verschieden – "
                    f"{self.partner_text(bisher[2], bisher[1])}: {_wert_text(bisher[0])}, "
                    f"{self.partner_text(kommune, nr)}: {_wert_text(wert)}. In einem gemeinsamen "
                    "Vorhaben muss das übereinstimmen."
                )

    def ergaenze(self, werte: dict[str, Any]) -> None:
        """Angaben des Vorhabens, die diese Partnerzeile offen lässt, aus den anderen Zeilen."""
        for name, (wert, _, _) in self.gleich.items():
            if werte.get(name) is None:
                werte[name] = wert

    def partnerfehler(self, nr: int, kommune: str, grund: str) -> None:
        """Eine Partnerzeile mit Fehler: der Verbund wird nicht ausgewertet."""
        self.zeilen += 1
        if self.fehler is None:
            self.fehler = (
                f"Verbund „{self.name}“ wird nicht ausgewertet und in keiner Summe gezählt: "
                f"Partner {self.partner_text(kommune, nr)} hat einen Fehler ({grund})"
            )

    def schliesse(self, zaehlt: str | None) -> None:
        """Nach dem Erfassen: Partnerzahl festlegen oder den Widerspruch benennen."""
        self.partner = _LEER  # type: ignore[assignment]  # nicht mehr gebraucht
        if self.fehler is not None:
            return
        if len(self.explizit) > 1:
            werte = ", ".join(str(w) for w in sorted(self.explizit))
            self.fehler = (
                f"Verbund „{self.name}“: widersprüchliche Angaben in der Spalte {zaehlt} "
                f"({werte}); in allen Zeilen eines Verbunds muss dieselbe Zahl stehen oder "
                "die Zelle leer sein."
            )
        elif self.explizit:
            (self.kommunen,) = self.explizit
            if self.kommunen < self.zeilen:
                self.fehler = (
                    f"Verbund „{self.name}“ hat {self.zeilen} Zeilen, aber {zaehlt} = "
                    f"{self.kommunen}; jede Zeile ist ein Partner. {zaehlt} leer lassen oder "
                    "korrigieren."
                )
        else:
            self.kommunen = self.zeilen

    # -- zweiter Durchgang: Voraussetzungen zusammenfassen -----------------------------------

    def erfasse(self, ergebnis: Ergebnis, partner: str, zeile: int = 0) -> None:
        """Die Voraussetzungen eines Partners einrechnen."""
        if self.stand is _KEIN_STAND:  # ab jetzt heißt ein fehlendes Kriterium: alle erfüllen es
            self.stand = _Stand()
        for k in ergebnis.kriterien:
            if k.status == ERFUELLT:  # ändert nichts: erfüllt ist, was kein Partner verfehlt
                continue
            kid = k.kriterium.id
            bisher = self.stand.get(kid)
            if bisher is None or _RANG[k.status] > _RANG[bisher[_STATUS]]:
                # nicht erfüllt geht vor offen: nur diese Partner nennen
                self.stand.setze((kid, k.status, zeile, 1, partner))
            elif k.status == bisher[_STATUS]:
                namen = bisher[_NAMEN:]
                if len(namen) < _MAX_NAMEN:
                    namen += (partner,)
                self.stand.setze((*bisher[:_ANZAHL], bisher[_ANZAHL] + 1, *namen))

    # -- Auswertung: je Partnerzeile ---------------------------------------------------------

    def gruende(self, e: Ergebnis) -> tuple[str, ...]:
        """Je nicht erfüllter oder offener Voraussetzung: welcher Partner."""
        texte = []
        for k in e.kriterien:
            stand = self.stand.get(k.kriterium.id)
            if stand is None or k.status == ERFUELLT:
                continue
            wie = "nicht erfüllt" if k.status == NICHT_ERFUELLT else "offen"
            liste = _namen_text(stand)
            texte.append(f"{k.kriterium.text}: {wie} bei {liste}")
        return tuple(texte)

    def teil(self, e: Ergebnis) -> VerbundTeil:
        """Der nächste Partner (in Zeilenfolge) mit seinem Anteil an der Zuwendung."""
        i = self.naechster
        self.naechster += 1
        erster = False
        if not self.gezaehlt:
            self.gezaehlt = erster = True
        betrag = e.betrag
        if self._anteile is None and betrag is not None:
            gewichte = self.gewichte if self.art == VORHABEN else [Decimal(1)] * self.kommunen
            self._anteile = anteile(betrag, gewichte)
        wert = None
        if betrag is not None and self._anteile is not None and i < len(self._anteile):
            wert = self._anteile[i]
        return VerbundTeil(
            self.name,
            self.kommunen,
            wert,
            i + 1,
            erster,
            self.zeilen,
            (),
            {eintrag[_KRITERIUM]: eintrag[_ZEILE] for eintrag in self.stand},
            self.art,
            self.summe if self.art == VORHABEN else None,
            self.gruende(e),
            {eintrag[_KRITERIUM]: _namen_text(eintrag) for eintrag in self.stand},
        )


def anteile(betrag: Decimal, gewichte: list[Decimal]) -> list[Decimal]:
    """``betrag`` anteilig nach ``gewichte`` auf den Cent, größter Rest: Die Anteile ergeben
    genau ``betrag``; bei gleichem Rest bekommt der frühere Partner den Cent.

    >>> anteile(Decimal("2500000.00"), [Decimal(1000000), Decimal(2000000)])
    [Decimal('833333.33'), Decimal('1666666.67')]
    """
    cent = int(betrag.quantize(CENT) * 100)
    gesamt = sum(gewichte)
    if not gewichte:
        return []
    if gesamt <= 0:
        gewichte = [Decimal(1)] * len(gewichte)
        gesamt = Decimal(len(gewichte))
    teile = []
    reste = []
    for i, g in enumerate(gewichte):
        ganz, rest = divmod(cent * g, gesamt)
        teile.append(int(ganz))
        reste.append((-rest, i))
    fehlt = cent - sum(teile)
    for _, i in sorted(reste)[:fehlt]:
        teile[i] += 1
    return [(Decimal(t) / 100).quantize(CENT) for t in teile]


def anteil(betrag: Decimal | None, partner: int, index: int) -> Decimal | None:
    """Anteil des Partners ``index`` (ab 0) bei gleichen Teilen; Restcents an die ersten."""
    if betrag is None or partner < 1:
        return None
    return anteile(betrag, [Decimal(1)] * partner)[index]


def kombiniere(e: Ergebnis, stand: _Stand) -> Ergebnis:
    """Das Ergebnis einer Zeile mit den zusammengefassten Voraussetzungen des Verbunds
    (``Verbund.stand``: nur die nicht von allen erfüllten; noch kein Partner erfasst: leer)."""
    kriterien = []
    geaendert = False
    erfasst = stand is not _KEIN_STAND
    for k in e.kriterien:
        if erfasst:
            s = stand.get(k.kriterium.id)
            status = ERFUELLT if s is None else s[_STATUS]
        else:
            status = k.status
        if status != k.status:
            geaendert = True
            k = KriteriumErgebnis(k.kriterium, status)
        kriterien.append(k)
    if not geaendert:
        return e
    neu = schliesse_ab(e.programm, e.stichtag, dict(e.ns), kriterien, e.verteilung, e.angebote)
    neu.weitere_hinweise.extend(e.weitere_hinweise)
    return neu


def verbund_hinweis(teil: VerbundTeil, betrag_text: str | None, anteil_text: str | None) -> str:
    """Der Hinweis zu einer Verbundzeile (JSON, Text)."""
    if teil.art == VORHABEN:
        text = (
            f"Gemeinsames Vorhaben „{teil.name}“ mit {teil.kommunen} Partnern ({teil.zeilen} "
            "Zeilen in der Liste): Die Kosten sind die Summe der Partner"
            + (f" ({_betrag(teil.summe)})" if teil.summe is not None else "")
            + "; Quote, Höchstbetrag und Mindestzuwendung gelten einmal für das Vorhaben."
        )
    else:
        text = (
            f"Verbund „{teil.name}“ mit {teil.kommunen} Kommunen ({teil.zeilen} Zeilen in der "
            "Liste): Die Voraussetzungen sind über alle Partner zusammengefasst – nicht erfüllt, "
            "wenn ein Partner sie nicht erfüllt, offen, wenn einer sie offen lässt."
        )
    if teil.gruende:
        text += " " + "; ".join(teil.gruende) + "."
    if betrag_text is not None and anteil_text is not None:
        wie = "anteilig nach Kosten" if teil.art == VORHABEN else "zu gleichen Teilen"
        text += (
            f" Zuwendung des Verbunds {betrag_text}; Anteil dieser Kommune {anteil_text} "
            f"(Partner {teil.partner} von {teil.kommunen}, {wie})."
        )
    return text


def _betrag(wert: Decimal) -> str:
    from ozg_foerder.eingaben.werte import formatiere_betrag

    return formatiere_betrag(wert)

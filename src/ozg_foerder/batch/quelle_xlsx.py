"""Excel-Arbeitsmappen (.xlsx) lesen: gestreamt, schnell, mit Schutz vor ZIP-Bomben.

Bevor irgendetwas das Archiv entpackt, prüfen wir die Größen seiner Bestandteile: Eine
präparierte Datei, die sich beim Entpacken auf Gigabytes aufbläht, wird abgelehnt, ohne sie zu
entpacken. Zellen kommen mit ihrem Excel-Typ (Zahl als ``float``/``int``, Datum als
``datetime``); ``EingabeDef.lies`` versteht sie (0,15 als Gleitkommazahl ist genau 15 %).

Gelesen wird auf zwei Wegen mit demselben Ergebnis:

* schnell: :mod:`.xlsx_mappe` (Gerüst, Texte, Formate; expat ohne DTD) und :mod:`.xlsx_blatt`
  (Zeilen, gestreamt) – für alles, was Excel, LibreOffice und openpyxl schreiben;
* openpyxl im ``read_only``-Modus (XML über defusedxml), sobald der schnelle Weg eine Stelle
  nicht sicher versteht (``Unverstanden``) – auch mitten im Blatt: dann liest openpyxl ab der
  Zeile weiter, an der der schnelle Weg aufgab. Beschädigte Dateien landen so immer bei
  openpyxl und bekommen dieselben Meldungen wie bisher.
"""

from __future__ import annotations

import re
import warnings
import weakref
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

from ozg_foerder.batch.fehler import DateiUnbrauchbar
from ozg_foerder.batch.quelle_basis import FormelOhneWert, Fortschritt, Quelle, kopf_finden
from ozg_foerder.batch.xlsx_blatt import Blatt
from ozg_foerder.batch.xlsx_mappe import Mappe, Unverstanden, XmlAbgelehnt, lies_mappe

__all__ = ["GRENZEN", "XlsxQuelle", "pruefe_archiv"]

GRENZEN = {
    "mitglieder": 10_000,
    "gesamt": 4 * 1024**3,  # entpackt, alle Teile zusammen
    "nebenteil": 64 * 1024**2,  # z. B. sharedStrings.xml, das ganz in den Speicher gelesen wird
    "verhaeltnis": 200,  # Kompressionsverhältnis eines Teils ab 1 MB
}
_HILFE_EXCEL = (
    "Die Datei in Excel öffnen und erneut als „Excel-Arbeitsmappe (*.xlsx)“ oder "
    "„CSV UTF-8 (durch Trennzeichen getrennt)“ speichern."
)


def _unlesbar(pfad: Path, fehler: BaseException, wo: str = "") -> DateiUnbrauchbar:
    """Meldung für eine Arbeitsmappe, die sich nicht lesen lässt – mit dem eigentlichen Grund.

    Eine DTD lehnt der schnelle Weg ab (:class:`XmlAbgelehnt`), Entitäten lehnt im Rückfall
    defusedxml ab (Entity-Bomben, externe Entitäten); openpyxl verpackt diese Fehler. Das sagt
    die Meldung dann auch so.
    """
    kette: list[BaseException] = []
    aktuell: BaseException | None = fehler
    while aktuell is not None and aktuell not in kette:
        kette.append(aktuell)
        aktuell = aktuell.__cause__ or aktuell.__context__
    if any(
        isinstance(f, XmlAbgelehnt) or type(f).__module__.startswith("defusedxml") for f in kette
    ):
        return DateiUnbrauchbar(
            f"{pfad}{wo} wird aus Sicherheitsgründen nicht gelesen: Die Arbeitsmappe enthält "
            "XML-Entitäten oder eine DTD (so etwas schreibt Excel nicht; die Datei ist "
            "vermutlich präpariert).",
            "Die Daten in einer frisch in Excel angelegten Arbeitsmappe oder als CSV speichern.",
        )
    if "xls file format" in str(fehler):  # openpyxl: Endung .xls
        return DateiUnbrauchbar(
            f"{pfad}{wo} hat die Endung .xls (altes Excel-Format), das nicht gelesen wird.",
            _HILFE_EXCEL,
        )
    return DateiUnbrauchbar(
        f"{pfad}{wo} ist keine lesbare Excel-Arbeitsmappe (beschädigt oder unvollständig).",
        _HILFE_EXCEL,
    )


def pruefe_archiv(pfad: Path) -> None:
    """Prüft das ZIP-Archiv einer Arbeitsmappe, ohne es zu entpacken."""
    try:
        with zipfile.ZipFile(pfad) as archiv:
            teile = archiv.infolist()
            namen = {t.filename for t in teile}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DateiUnbrauchbar(
            f"{pfad} sieht aus wie eine Excel-Arbeitsmappe, ist aber beschädigt (kein lesbares "
            "ZIP-Archiv).",
            _HILFE_EXCEL,
        ) from None
    if "xl/workbook.xml" not in namen:
        if "content.xml" in namen and "mimetype" in namen:
            art = "eine OpenDocument-Tabelle (.ods)"
            hilfe = "In LibreOffice „Speichern unter“ → „Excel 2007-365 (.xlsx)“ oder CSV wählen."
        elif "word/document.xml" in namen:
            art = "ein Word-Dokument"
            hilfe = "Eine Tabelle als .xlsx oder CSV angeben."
        else:
            art = "ein ZIP-Archiv, aber keine Excel-Arbeitsmappe"
            hilfe = "Eine Tabelle als .xlsx oder CSV angeben."
        raise DateiUnbrauchbar(f"{pfad} ist {art}.", hilfe)
    bombe = DateiUnbrauchbar(
        f"{pfad} wird abgelehnt: Die Arbeitsmappe würde sich beim Entpacken ungewöhnlich stark "
        "aufblähen (Schutz vor präparierten Dateien, „ZIP-Bombe“).",
        "Ist die Datei echt, sie als CSV speichern und die CSV-Datei auswerten.",
    )
    if len(teile) > GRENZEN["mitglieder"]:
        raise bombe
    gesamt = 0
    for teil in teile:
        gesamt += teil.file_size
        if gesamt > GRENZEN["gesamt"]:
            raise bombe
        ist_blatt = teil.filename.startswith("xl/worksheets/")
        if not ist_blatt and teil.file_size > GRENZEN["nebenteil"]:
            raise bombe
        if teil.file_size > 1024**2 and teil.file_size > GRENZEN["verhaeltnis"] * max(
            teil.compress_size, 1
        ):
            raise bombe


_FORMEL_OHNE_WERT = re.compile(
    rb"(?:</(?:\w{1,20}:)?f>|<(?:\w{1,20}:)?f\b[^<>]{0,500}/>)\s{0,100}"
    rb"(?:<(?:\w{1,20}:)?v\s{0,20}/>|<(?:\w{1,20}:)?v>\s{0,100}</(?:\w{1,20}:)?v>)?\s{0,100}"
    rb"</(?:\w{1,20}:)?c>"
)


def formeln_ohne_wert(pfad: Path) -> bool:
    """Hat ein Tabellenblatt eine Formelzelle ohne gespeichertes Ergebnis (``<f>`` ohne ``<v>``)?

    Liest die Blätter einmal in Stücken (linear, ohne sie zu parsen); nur dann lohnt der zweite
    Durchgang mit den Formeln."""
    stueck = 1024 * 1024
    try:
        with zipfile.ZipFile(pfad) as archiv:
            for teil in archiv.infolist():
                if not teil.filename.startswith("xl/worksheets/"):
                    continue
                with archiv.open(teil) as daten:
                    rest = b""
                    while True:
                        neu = daten.read(stueck)
                        if not neu:
                            break
                        text = rest + neu
                        if _FORMEL_OHNE_WERT.search(text):
                            return True
                        rest = text[-700:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return False  # die eigentliche Meldung kommt beim Öffnen mit openpyxl
    return False


def _vorhandene_zeilen(blatt: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Die Zeilen, die im Blatt stehen, mit ihrer Nummer – ohne die Lücken dazwischen.

    openpyxls ``iter_rows`` füllt Lücken mit leeren Zeilen auf: Eine präparierte Datei mit
    ``<row r="2000000000">`` liefe dann Milliarden leerer Zeilen ab. Hier werden nur die
    Zeilen gelesen, die es gibt (über openpyxls Parser, wie ``iter_rows`` selbst)."""
    try:
        from openpyxl.worksheet._reader import WorkSheetParser

        quelle = blatt._get_source
        zeile = blatt._get_row
        mappe = blatt.parent
        strings = blatt._shared_strings
    except (ImportError, AttributeError):  # pragma: no cover - andere openpyxl-Version
        blatt.reset_dimensions()
        yield from enumerate(blatt.iter_rows(values_only=True), start=1)
        return
    with quelle() as daten:
        parser = WorkSheetParser(
            daten,
            strings,
            data_only=mappe.data_only,
            epoch=mappe.epoch,
            date_formats=mappe._date_formats,
            timedelta_formats=mappe._timedelta_formats,
        )
        for nr, zellen in parser.parse():
            yield nr, zeile(zellen, 1, None, values_only=True)


def _formeln_einsetzen(zellen: list[Any], formeln: tuple[Any, ...], nr: int) -> None:
    from openpyxl.utils import get_column_letter

    for i, wert in enumerate(zellen):
        if wert is not None or i >= len(formeln):
            continue
        formel = formeln[i]
        formel = getattr(formel, "text", formel)  # ArrayFormula
        if isinstance(formel, str) and formel.startswith("="):
            zellen[i] = FormelOhneWert(formel, f"{get_column_letter(i + 1)}{nr}")


_NICHT_SCHNELL = (Unverstanden, zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError)
"""Was den schnellen Weg aufgeben lässt: openpyxl liest dann und meldet, was es meldet."""


class _SchnelleMappe:
    """Das Gerüst einer Arbeitsmappe (:class:`Mappe`) samt geöffnetem Archiv."""

    def __init__(self, pfad: Path) -> None:
        self._datei = pfad.open("rb")
        try:
            self.archiv = zipfile.ZipFile(self._datei)
            self.mappe: Mappe = lies_mappe(self.archiv)
        except BaseException:
            self._datei.close()
            raise

    def blatt(self, name: str) -> Blatt:
        teil = next(t for n, _, t in self.mappe.blaetter if n == name)
        return Blatt(self.archiv, teil, self.mappe)

    def close(self) -> None:
        """Wie bei :class:`_MitDatei`: offen bis zum Ende der Quelle."""

    def schliessen(self) -> None:
        try:
            self.archiv.close()
        finally:
            self._datei.close()


class _MitDatei:
    """Eine Arbeitsmappe samt der Datei, aus der sie liest: ``close()`` schließt beides."""

    def __init__(self, mappe: Any, datei: Any) -> None:
        self._mappe = mappe
        self._datei = datei

    def __getattr__(self, name: str) -> Any:
        return getattr(self._mappe, name)

    def __getitem__(self, name: str) -> Any:
        return self._mappe[name]

    def close(self) -> None:
        """Für die Durchgänge ein Nichts: die Mappe bleibt offen (siehe XlsxQuelle._mappe)."""

    def schliessen(self) -> None:
        try:
            self._mappe.close()
        finally:
            self._datei.close()


class XlsxQuelle(Quelle):
    art = "xlsx"

    def __init__(
        self,
        pfad: Path,
        groesse: int,
        blatt: str | None,
        ist_kopf: Callable[[list[str]], bool] | None = None,
    ) -> None:
        self.pfad = pfad
        self.groesse = groesse
        self.hinweise: list[str] = []
        self._offen: dict[bool, _SchnelleMappe | _MitDatei] = {}
        self._schnell = True
        """Noch auf dem schnellen Weg? (Aus, sobald er einmal aufgab – für immer.)"""
        self._formeln: bool | None = None
        pruefe_archiv(pfad)
        if pfad.suffix.lower() not in (".xlsx", ".xlsm"):
            self.hinweise.append(
                f"{pfad.name} ist dem Inhalt nach eine Excel-Arbeitsmappe (trotz der Endung "
                f"„{pfad.suffix or 'ohne'}“) und wird als solche gelesen."
            )
        self.blatt = self._blattname(blatt)
        with closing(self.zeilen_ab(1, None)) as zeilen:
            self.kopf_zeile, self.kopf = kopf_finden(zeilen, pfad, ist_kopf)

    def _mappe(self, werte: bool = True) -> Any:
        """Die Arbeitsmappe; ``werte=False``: Formeln statt ihrer gespeicherten Ergebnisse.

        Einmal geladen und offen gehalten, solange die Quelle lebt: Beim Laden wird die ganze
        Tabelle der Texte (sharedStrings.xml) gelesen – bei einer großen Mappe kostete jeder
        Durchgang (Blattname, Kopfzeile, Verbünde, Auswertung, Formate) sonst erneut Zeit."""
        mappe = self._offen.get(werte)
        if mappe is None:
            mappe = self._offen[werte] = self._lade(werte)
            weakref.finalize(self, mappe.schliessen)
        return mappe

    def _lade(self, werte: bool) -> _SchnelleMappe | _MitDatei:
        """Schnell (:class:`_SchnelleMappe`), wenn möglich; sonst openpyxl."""
        if werte and self._schnell:
            try:
                return _SchnelleMappe(self.pfad)
            except XmlAbgelehnt as fehler:
                raise _unlesbar(self.pfad, fehler) from None
            except _NICHT_SCHNELL:
                self._schnell = False
        return self._lade_openpyxl(werte)

    def _nicht_mehr_schnell(self) -> None:
        """Der schnelle Weg gab auf: ab jetzt liest openpyxl (laufende Durchgänge lesen zu
        Ende; die schnelle Mappe schließt sich mit der Quelle)."""
        self._schnell = False
        if isinstance(self._offen.get(True), _SchnelleMappe):
            del self._offen[True]

    def _lade_openpyxl(self, werte: bool) -> _MitDatei:
        import openpyxl

        # Als geöffnete Datei, nicht als Pfad: openpyxl prüft sonst die Endung, und eine
        # Arbeitsmappe mit der Endung .csv ist trotzdem eine Arbeitsmappe (erkannt am Inhalt).
        datei = self.pfad.open("rb")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mappe = openpyxl.load_workbook(
                    datei, read_only=True, data_only=werte, keep_links=False
                )
        except Exception as fehler:  # openpyxl wirft je nach Schaden Verschiedenes
            datei.close()
            raise _unlesbar(self.pfad, fehler) from None
        except BaseException:
            datei.close()
            raise
        return _MitDatei(mappe, datei)

    def _blattname(self, blatt: str | None) -> str:
        """Das Blatt mit ``--blatt``; ohne Angabe das, das Excel beim Öffnen zeigt (das aktive,
        wenn es sichtbar ist, sonst das erste sichtbare) – nie ein ausgeblendetes."""
        mappe = self._mappe()
        if isinstance(mappe, _SchnelleMappe):
            namen = [n for n, _, _ in mappe.mappe.blaetter]
            sichtbar = [n for n, zustand, _ in mappe.mappe.blaetter if zustand == "visible"]
            aktiv_name = mappe.mappe.aktiv if mappe.mappe.aktiv in sichtbar else None
        else:
            try:
                namen = [b.title for b in mappe.worksheets]
                sichtbar = [b.title for b in mappe.worksheets if b.sheet_state == "visible"]
                try:
                    aktiv = mappe.active
                except Exception:  # eine kaputte Ansicht: dann das erste sichtbare
                    aktiv = None
                aktiv_name = aktiv.title if aktiv is not None and aktiv.title in sichtbar else None
            finally:
                mappe.close()
        if not namen:
            raise DateiUnbrauchbar(f"{self.pfad} enthält kein Tabellenblatt.", _HILFE_EXCEL)
        if blatt is None:
            gewaehlt = aktiv_name or (sichtbar or namen)[0]
            if len(namen) > 1:
                andere = [n for n in namen if n != gewaehlt]
                versteckt = [n for n in andere if n not in sichtbar]
                weitere = ", ".join(
                    f"„{n}“" + (" (ausgeblendet)" if n in versteckt else "") for n in andere
                )
                self.hinweise.append(
                    f"Gelesen wird das Tabellenblatt „{gewaehlt}“ (weitere: {weitere}); ein "
                    "anderes wählt --blatt NAME."
                )
            return gewaehlt
        if blatt in namen:
            return blatt
        gesucht = blatt.strip().casefold()
        for name in namen:
            if name.strip().casefold() == gesucht:
                return name
        raise DateiUnbrauchbar(
            f"Ein Tabellenblatt „{blatt}“ gibt es in {self.pfad} nicht. Vorhanden: "
            + ", ".join(f"„{n}“" for n in namen),
            f'--blatt mit einem dieser Namen angeben, z. B. --blatt "{namen[0]}".',
        )

    def zeilen_ab(
        self, erste: int, fortschritt: Fortschritt | None
    ) -> Iterator[tuple[int, list[Any]]]:
        mappe = self._mappe()
        gelesen = 0
        if isinstance(mappe, _SchnelleMappe):
            blatt = mappe.blatt(self.blatt)
            nr = 0
            try:
                for nr, werte, _ in blatt.zeilen():
                    gelesen += 1
                    if fortschritt is not None and gelesen % 2000 == 0:
                        gesamt = blatt.hoechste_zeile
                        fortschritt(min(nr, gesamt or nr), gesamt)
                    if nr >= erste:
                        yield nr, werte
            except XmlAbgelehnt as fehler:
                wo = f", Tabellenblatt „{self.blatt}“ ab Zeile {nr + 1},"
                raise _unlesbar(self.pfad, fehler, wo) from None
            except _NICHT_SCHNELL:
                self._nicht_mehr_schnell()
            else:
                if fortschritt is not None:
                    fortschritt(blatt.hoechste_zeile or 0, blatt.hoechste_zeile)
                return
        # openpyxl liest (weiter): die Zeilen, die der schnelle Weg schon lieferte, übergehen
        yield from self._zeilen_openpyxl(erste, fortschritt, gelesen)

    def _zeilen_openpyxl(
        self, erste: int, fortschritt: Fortschritt | None, uebergehen: int
    ) -> Iterator[tuple[int, list[Any]]]:
        if self._formeln is None:
            self._formeln = formeln_ohne_wert(self.pfad)
        mappe = self._mappe()
        formeln_mappe = self._mappe(werte=False) if self._formeln else None
        try:
            blatt = mappe[self.blatt]
            gesamt = blatt.max_row if fortschritt is not None else None
            zeilen = _vorhandene_zeilen(blatt)
            formeln: Iterator[tuple[int, Any]] | None = None
            if formeln_mappe is not None:  # im Gleichschritt: die Formel hinter leeren Zellen
                formeln = _vorhandene_zeilen(formeln_mappe[self.blatt])
            nr = 0
            gelesen = 0
            while True:
                try:
                    nr, zellen = next(zeilen)
                    formel_zeile = next(formeln, None) if formeln is not None else None
                except StopIteration:
                    break
                except Exception as fehler:  # kaputtes XML mitten im Blatt
                    wo = f", Tabellenblatt „{self.blatt}“ ab Zeile {nr + 1},"
                    raise _unlesbar(self.pfad, fehler, wo) from None
                gelesen += 1
                if gelesen <= uebergehen:
                    continue
                if fortschritt is not None and gelesen % 2000 == 0:
                    fortschritt(min(nr, gesamt or nr), gesamt)
                if nr >= erste:
                    liste = list(zellen)
                    if formel_zeile is not None and formel_zeile[0] == nr:
                        _formeln_einsetzen(liste, formel_zeile[1], nr)
                    yield nr, liste
            if fortschritt is not None:
                fortschritt(gesamt or 0, gesamt)
        finally:
            mappe.close()
            if formeln_mappe is not None:
                formeln_mappe.close()

    def zeilen(self, fortschritt: Fortschritt | None = None) -> Iterator[tuple[int, list[Any]]]:
        return self.zeilen_ab(self.kopf_zeile + 1, fortschritt)

    def spaltenformate(self, zeilen: int = 200) -> dict[int, str]:
        """Das Zahlenformat je Spalte (Index ab 0), wie die ersten ``zeilen`` Datenzeilen es
        zeigen: ``0%``, ``dd.mm.yyyy``, ``#,##0.00 "€"`` … – damit die Ausgabe die Zellen des
        Benutzers so zeigt, wie er sie geschrieben hat. Spalten ohne eigenes Format fehlen."""
        from collections import Counter

        zaehler: dict[int, Counter[str]] = {}
        erste = self.kopf_zeile + 1
        mappe = self._mappe()
        if isinstance(mappe, _SchnelleMappe):
            formate = mappe.mappe.formate
            # wie openpyxls iter_rows(min_row=…): Lücken zählen mit, Zeilen darunter nicht
            naechste = erste
            try:
                for nr, werte, stile in mappe.blatt(self.blatt).zeilen(stile=True):
                    if nr >= erste + zeilen:
                        break
                    if nr < naechste:
                        continue
                    naechste = nr + 1
                    for i, wert in enumerate(werte):
                        if wert is None or isinstance(wert, str):
                            continue
                        if stile is None or stile[i] >= len(formate):
                            return {}  # openpyxl: ein Stil, den es nicht gibt
                        format = formate[stile[i]] or "General"
                        if format != "General":
                            zaehler.setdefault(i, Counter())[format] += 1
                return {i: c.most_common(1)[0][0] for i, c in zaehler.items()}
            except XmlAbgelehnt:
                return {}
            except _NICHT_SCHNELL:
                self._nicht_mehr_schnell()
                zaehler.clear()
                mappe = self._mappe()
        try:
            blatt = mappe[self.blatt]
            blatt.reset_dimensions()
            for nr, zellen in enumerate(blatt.iter_rows(min_row=erste), start=erste):
                if nr >= erste + zeilen:
                    break
                for i, zelle in enumerate(zellen):
                    if getattr(zelle, "value", None) is None or isinstance(zelle.value, str):
                        continue
                    format = getattr(zelle, "number_format", None) or "General"
                    if format != "General":
                        zaehler.setdefault(i, Counter())[format] += 1
        except Exception:  # ein Format ist nur Darstellung: lieber ohne als gar nicht
            return {}
        finally:
            mappe.close()
        return {i: c.most_common(1)[0][0] for i, c in zaehler.items()}

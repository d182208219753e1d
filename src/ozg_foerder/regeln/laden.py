"""Regeldateien laden: sicheres YAML mit Zeilennummern, pydantic-Prüfung, deutsche Meldungen.

Jeder Fehler nennt Datei, Zeile und Feld (:class:`~ozg_foerder.regelfehler.RegelFehler`).
Python-Tags (``!!python/…``), eigene Tags, Anker und Aliase werden abgelehnt, nie ausgeführt.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ozg_foerder.regeln.bezuege import Pfad, pruefe_bezuege
from ozg_foerder.regeln.fehler import RegelFehler, RegelnUngueltig
from ozg_foerder.regeln.schema import Regeldatei

__all__ = ["lade_regeldatei", "lies_datensatz_ags", "zeilen_finder"]

# ---------------------------------------------------------------------------------------------
# Fehler
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Sicheres YAML mit Zeilennummern
# ---------------------------------------------------------------------------------------------


class _Lader(yaml.SafeLoader):
    """SafeLoader, der Kommazahlen als Decimal liest (nie als binäres float)."""


def _decimal(loader: _Lader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except ArithmeticError:
        raise yaml.constructor.ConstructorError(
            None, None, f"keine Zahl: {text}", node.start_mark
        ) from None


_Lader.add_constructor("tag:yaml.org,2002:float", _decimal)

_ERLAUBTE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


class _YamlFehler(Exception):
    def __init__(self, zeile: int | None, meldung: str) -> None:
        self.zeile = zeile
        self.meldung = meldung


HOECHSTE_TIEFE = 64
"""So tief dürfen Listen und Zuordnungen in einer Regeldatei verschachtelt sein."""
_HOECHSTE_ZIFFERN = 100  # Ziffern einer ganzen Zahl (Python liest bis 4.300, dann ValueError)


HOECHSTENS_KNOTEN = 50_000
"""So viele YAML-Knoten (Werte, Listen, Zuordnungen) darf eine Regeldatei haben; die größte
mitgelieferte hat unter 2.000. Eine präparierte Liste mit einer Million Einträgen kostete sonst
beim Aufbau Minuten und Gigabytes, obwohl die Datei klein ist."""


def _pruefe_tiefe(text: str) -> None:
    """Vor dem Aufbau der Knoten (in PyYAML rekursiv): Tiefe und Zahl über die Ereignisse zählen."""
    tiefe = 0
    knoten = 0
    try:
        for ereignis in yaml.parse(text, Loader=_Lader):
            knoten += 1
            if knoten > HOECHSTENS_KNOTEN:
                raise _YamlFehler(
                    ereignis.start_mark.line + 1,
                    f"zu viele Einträge (mehr als {HOECHSTENS_KNOTEN:_} Werte, Listen und "
                    "Zuordnungen; eine Regeldatei hat wenige Tausend).".replace("_", "."),
                )
            if isinstance(ereignis, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                tiefe += 1
                if tiefe > HOECHSTE_TIEFE:
                    raise _YamlFehler(
                        ereignis.start_mark.line + 1,
                        f"zu tief verschachtelt (mehr als {HOECHSTE_TIEFE} Ebenen aus Listen und "
                        "Zuordnungen).",
                    )
            elif isinstance(ereignis, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                tiefe -= 1
    except yaml.YAMLError:
        return  # die Meldung mit Zeile kommt beim eigentlichen Lesen


def _lies_yaml(text: str) -> tuple[Any, dict[Pfad, int]]:
    """Liest YAML sicher und merkt sich zu jedem Pfad die Zeile (1-basiert)."""
    if "\x00" in text:
        zeile = text.count("\n", 0, text.index("\x00")) + 1
        raise _YamlFehler(zeile, "Die Datei enthält ein Nullbyte (\\0); Regeldateien sind Text.")
    _pruefe_tiefe(text)
    lader = None
    try:
        lader = _Lader(text)  # prüft schon die Zeichen (ReaderError)
        knoten = lader.get_single_node()
        if knoten is None:
            raise _YamlFehler(1, "Die Datei ist leer.")
        zeilen: dict[Pfad, int] = {}
        _pruefe_knoten(knoten, (), zeilen, set())
        daten = lader.construct_document(knoten)
    except yaml.MarkedYAMLError as fehler:
        marke = fehler.problem_mark or fehler.context_mark
        zeile = marke.line + 1 if marke else None
        raise _YamlFehler(zeile, _yaml_meldung(fehler)) from None
    except yaml.reader.ReaderError as fehler:  # ein Steuerzeichen, das YAML nicht erlaubt
        zeile = text.count("\n", 0, fehler.position) + 1
        raise _YamlFehler(
            zeile,
            f"unzulässiges Zeichen U+{fehler.character:04X} (Steuerzeichen); Regeldateien "
            "enthalten nur Text.",
        ) from None
    except yaml.YAMLError as fehler:
        raise _YamlFehler(None, f"kein gültiges YAML ({type(fehler).__name__})") from None
    except (ValueError, OverflowError, ArithmeticError):  # sollte _pruefe_knoten abfangen
        raise _YamlFehler(None, "ein Wert lässt sich nicht lesen (Zahl oder Datum).") from None
    except RecursionError:
        raise _YamlFehler(None, "zu tief verschachtelt.") from None
    finally:
        if lader is not None:
            lader.dispose()
    return daten, zeilen


def lies_yaml_sicher(text: str) -> Any:
    """YAML wie eine Regeldatei lesen (sicher, Tiefe und Zahl der Knoten begrenzt).

    Wirft ``ValueError(zeile, meldung)`` mit einer deutschen Meldung."""
    try:
        daten, _ = _lies_yaml(text)
    except _YamlFehler as fehler:
        raise ValueError(fehler.zeile, fehler.meldung) from None
    return daten


def _yaml_meldung(fehler: yaml.MarkedYAMLError) -> str:
    problem = fehler.problem or ""
    tag = re.search(r"tag '([^']+)'", problem)
    if tag or "constructor" in problem:
        name = tag.group(1) if tag else problem
        name = name.replace("tag:yaml.org,2002:", "!!")
        return (
            f"unzulässiger YAML-Tag {name}: Regeldateien enthalten nur Daten "
            "(Texte, Zahlen, Daten, Listen, Zuordnungen), keine Python-Objekte."
        )
    return f"kein gültiges YAML: {_yaml_deutsch(problem or fehler.context or '')}"


# Die häufigen Meldungen von PyYAML auf Deutsch (nie Englisch an Regelautoren).
_YAML_DEUTSCH = [
    (r"expected the node content", "ein Wert fehlt (Liste oder Klammer nicht geschlossen?)"),
    (r"found another document", "mehr als ein Dokument (---) in der Datei"),
    (
        r"mapping values are not allowed",
        "ein Doppelpunkt an unerwarteter Stelle (Text mit „:“ "
        "in Anführungszeichen setzen, Einrückung prüfen)",
    ),
    (r"could not find expected ':'", "ein „:“ fehlt (Schlüssel: Wert)"),
    (r"did not find expected key", "die Einrückung passt nicht (ein Schlüssel erwartet)"),
    (
        r"did not find expected '-' indicator",
        "die Einrückung passt nicht (ein Listeneintrag „-“ erwartet)",
    ),
    (
        r"expected ',' or '\]'",
        "eine Liste in [ ] ist nicht richtig geschlossen („,“ oder „]“ erwartet)",
    ),
    (
        r"expected ',' or '\}'",
        "eine Zuordnung in { } ist nicht richtig geschlossen („,“ oder „}“ erwartet)",
    ),
    (r"found character '\\t'", "ein Tabulator; YAML rückt nur mit Leerzeichen ein"),
    (
        r"found unexpected end of stream",
        "die Datei endet mitten in einem Wert (Anführungszeichen oder Klammer nicht geschlossen?)",
    ),
    (r"found unknown escape character", "unbekannte Escape-Folge mit \\ in Anführungszeichen"),
    (
        r"found duplicate anchor|found undefined alias|found undefined tag handle",
        "Anker, Aliase oder Tags, die Regeldateien nicht kennen",
    ),
    (r"expected <block end>", "die Einrückung passt nicht"),
    (r"expected a single document", "mehr als ein Dokument (---) in der Datei"),
    (
        r"cannot start any token",
        "ein Zeichen, mit dem kein Wert beginnen kann (in Anführungszeichen setzen)",
    ),
]


def _yaml_deutsch(problem: str) -> str:
    for muster, text in _YAML_DEUTSCH:
        if re.search(muster, problem):
            return text + "."
    return "Syntaxfehler (Einrückung, Doppelpunkte und Anführungszeichen prüfen)."


def _pruefe_knoten(knoten: yaml.Node, pfad: Pfad, zeilen: dict[Pfad, int], gesehen: set) -> None:
    if id(knoten) in gesehen:
        raise _YamlFehler(
            knoten.start_mark.line + 1,
            "Anker und Aliase (&, *) sind in Regeldateien nicht erlaubt.",
        )
    gesehen.add(id(knoten))
    if knoten.tag not in _ERLAUBTE_TAGS:
        name = knoten.tag.replace("tag:yaml.org,2002:", "!!")
        raise _YamlFehler(
            knoten.start_mark.line + 1,
            f"unzulässiger YAML-Tag {name}: Regeldateien enthalten nur Daten, keine Objekte.",
        )
    zeilen.setdefault(pfad, knoten.start_mark.line + 1)
    if isinstance(knoten, yaml.ScalarNode):
        _pruefe_skalar(knoten)
    if isinstance(knoten, yaml.MappingNode):
        schluessel_gesehen: set[Any] = set()
        for schluessel, wert in knoten.value:
            if not isinstance(schluessel, yaml.ScalarNode):
                raise _YamlFehler(schluessel.start_mark.line + 1, "Schlüssel müssen Texte sein.")
            if schluessel.tag == "tag:yaml.org,2002:merge":
                raise _YamlFehler(schluessel.start_mark.line + 1, "'<<' ist nicht erlaubt.")
            name: Any = schluessel.value
            if schluessel.tag == "tag:yaml.org,2002:int":
                if not re.fullmatch(r"[0-9]{1,18}", name):
                    raise _YamlFehler(
                        schluessel.start_mark.line + 1,
                        f"Schlüssel „{name[:40]}“ liest YAML als Zahl oder Uhrzeit; als Text in "
                        f'Anführungszeichen schreiben: "{name[:40]}".',
                    )
                name = int(name)
            elif schluessel.tag in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"):
                raise _YamlFehler(
                    schluessel.start_mark.line + 1,
                    f"Schlüssel „{name[:40]}“ liest YAML als Zahl oder Datum; als Text in "
                    f'Anführungszeichen schreiben: "{name[:40]}".',
                )
            if name in schluessel_gesehen:
                raise _YamlFehler(
                    schluessel.start_mark.line + 1, f"Schlüssel '{name}' steht doppelt."
                )
            schluessel_gesehen.add(name)
            zeilen[(*pfad, name)] = schluessel.start_mark.line + 1  # Zeile des Schlüssels
            _pruefe_knoten(wert, (*pfad, name), zeilen, gesehen)
    elif isinstance(knoten, yaml.SequenceNode):
        for index, wert in enumerate(knoten.value):
            _pruefe_knoten(wert, (*pfad, index), zeilen, gesehen)


_DATUM = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _pruefe_skalar(knoten: yaml.ScalarNode) -> None:
    """Zahlen und Daten, die PyYAML nicht bauen kann (Ziffernketten, 30. Februar), mit Zeile."""
    zeile = knoten.start_mark.line + 1
    wert = knoten.value
    if knoten.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        if sum(z.isdigit() for z in wert) > _HOECHSTE_ZIFFERN:
            raise _YamlFehler(
                zeile, f"Zahl mit mehr als {_HOECHSTE_ZIFFERN} Ziffern (so große gibt es nicht)."
            )
        if knoten.tag.endswith("int") and ":" in wert:  # YAML 1.1: 1:20 ist 80 (Sexagesimal)
            raise _YamlFehler(
                zeile,
                f"„{wert[:40]}“ liest YAML als Zahl zur Basis 60; als Text in "
                f'Anführungszeichen schreiben: "{wert[:40]}".',
            )
    elif knoten.tag == "tag:yaml.org,2002:timestamp":
        treffer = _DATUM.match(wert)
        if treffer is None:
            return
        jahr, monat, tag = (int(t) for t in treffer.groups())
        from datetime import date

        try:
            date(jahr, monat, tag)
        except ValueError:
            raise _YamlFehler(zeile, f"Das Datum {wert[:40]} gibt es nicht.") from None
        if not 1900 <= jahr <= 2999:
            raise _YamlFehler(zeile, f"Datum {wert[:40]}: erlaubt sind die Jahre 1900 bis 2999.")


def _zeile(zeilen: dict[Pfad, int], loc: Pfad, typ: str = "") -> tuple[int | None, str]:
    """Zeile und lesbarer Feldname zu einem pydantic-'loc'.

    Ein 'loc' enthält neben Schlüsseln und Indizes auch Namen von Union-Varianten; gezählt wird
    nur, was es in der Datei gibt. Fehlt ein Pflichtfeld, gehört sein Name zum Feldnamen und die
    Zeile ist die des umgebenden Eintrags.
    """
    gefunden: Pfad = ()
    for teil in loc:
        if (*gefunden, teil) in zeilen:
            gefunden = (*gefunden, teil)
    teile = list(gefunden)
    if typ == "missing" and loc and isinstance(loc[-1], str) and loc[-1] not in gefunden[-1:]:
        teile.append(loc[-1])
    feld = "".join(f"[{t}]" if isinstance(t, int) else f".{t}" for t in teile).lstrip(".")
    return zeilen.get(gefunden, 1), feld


_MELDUNGEN = {
    "missing": "Pflichtfeld fehlt.",
    "extra_forbidden": "unbekanntes Feld (Tippfehler?).",
    "string_type": "Text erwartet.",
    "string_too_short": "darf nicht leer sein.",
    "string_too_long": "höchstens {max_length} Zeichen.",
    "date_from_datetime_parsing": "Datum im Format JJJJ-MM-TT erwartet.",
    "float_parsing": "Zahl erwartet.",
    "float_type": "Zahl erwartet.",
    "finite_number": "endliche Zahl erwartet.",
    "enum": "ungültiger Wert, erlaubt: {expected}.",
    "json_invalid": "kein gültiger Wert.",
    "dict_type_invalid": "Zuordnung (Schlüssel: Wert) erwartet.",
    "int_parsing": "ganze Zahl erwartet.",
    "int_type": "ganze Zahl erwartet.",
    "int_from_float": "ganze Zahl erwartet.",
    "decimal_parsing": "Zahl erwartet.",
    "decimal_type": "Zahl erwartet.",
    "decimal_max_places": "höchstens {decimal_places} Nachkommastellen.",
    "decimal_max_digits": "höchstens {max_digits} Stellen.",
    "date_parsing": "Datum im Format JJJJ-MM-TT erwartet.",
    "date_type": "Datum im Format JJJJ-MM-TT erwartet.",
    "date_from_datetime_inexact": "Datum ohne Uhrzeit erwartet.",
    "bool_parsing": "true oder false erwartet.",
    "bool_type": "true oder false erwartet.",
    "list_type": "Liste erwartet.",
    "dict_type": "Zuordnung (Schlüssel: Wert) erwartet.",
    "model_type": "Zuordnung (Schlüssel: Wert) erwartet.",
    "model_attributes_type": "Zuordnung (Schlüssel: Wert) erwartet.",
    "too_short": "zu wenige Einträge (mindestens {min_length}).",
    "too_long": "zu viele Einträge (höchstens {max_length}).",
    "less_than": "muss kleiner als {lt} sein.",
    "decimal_whole_digits": "höchstens {whole_digits} Stellen vor dem Komma.",
    "int_parsing_size": "Zahl zu groß.",
    "string_unicode": "Text erwartet.",
    "date_future": "Datum erwartet.",
    "date_past": "Datum erwartet.",
    "greater_than_equal": "muss mindestens {ge} sein.",
    "greater_than": "muss größer als {gt} sein.",
    "less_than_equal": "darf höchstens {le} sein.",
    "literal_error": "ungültiger Wert, erlaubt: {expected}.",
    "union_tag_invalid": "unbekannte Art {tag}, erlaubt: {expected_tags}.",
    "union_tag_not_found": "Angabe '{discriminator}' fehlt.",
}


# Schreibweisen in Worten statt als regulärer Ausdruck (Regelautoren lesen Sätze, keine Muster).
_MUSTER = {
    r"^[a-z][a-z0-9_]*$": "Schreibweise nicht erlaubt: Kleinbuchstaben, Ziffern und _, am Anfang "
    "ein Buchstabe (z. B. laufzeit_jahre).",
    r"^[a-z][a-z0-9-]*$": "Schreibweise nicht erlaubt: Kleinbuchstaben, Ziffern und -, am Anfang "
    "ein Buchstabe (z. B. starke-heimat).",
    r"^--[a-z][a-z0-9-]*$": "Schreibweise nicht erlaubt: eine Option wie --laufzeit-jahre "
    "(zwei Striche, dann Kleinbuchstaben, Ziffern und -).",
    r"^[A-Za-z0-9_]+$": "Schreibweise nicht erlaubt: Buchstaben, Ziffern und _ (z. B. K1).",
    r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$": "Schreibweise nicht erlaubt: ein Pfad wie "
    "gueltigkeit.bis oder betrag.hoechstens.",
}


def _deutsch(fehler: dict[str, Any]) -> str:
    """Die Meldung auf Deutsch; nie Englisch von pydantic, nie ein regulärer Ausdruck."""
    typ = fehler["type"]
    ctx = dict(fehler.get("ctx") or {})
    if typ in ("value_error", "assertion_error"):
        # eigene Prüfungen der Modelle melden schon deutsch: ohne pydantics Vorspann
        grund = ctx.get("error")
        return str(grund) if grund is not None else "ungültiger Wert."
    if typ == "string_pattern_mismatch":
        return _MUSTER.get(str(ctx.get("pattern", "")), "Schreibweise nicht erlaubt.")
    vorlage = _MELDUNGEN.get(typ)
    if vorlage is None:  # nie englische Meldungen von pydantic: der Fehlertyp reicht
        return f"ungültiger Wert ({typ})."
    try:
        return vorlage.format(**ctx)
    except (KeyError, IndexError):
        return vorlage


# ---------------------------------------------------------------------------------------------
# Laden und Prüfen
# ---------------------------------------------------------------------------------------------


def lade_regeldatei(pfad: Path, daten_verzeichnis: Path | None = None) -> Regeldatei:
    """Liest und prüft eine Regeldatei. Wirft :class:`RegelnUngueltig` mit Datei, Zeile, Feld."""
    name = str(pfad)
    try:
        text = pfad.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RegelnUngueltig([RegelFehler(name, None, "", "Datei ist nicht UTF-8.")]) from None
    except OSError as fehler:
        raise RegelnUngueltig(
            [RegelFehler(name, None, "", f"nicht lesbar ({fehler.strerror})")]
        ) from None
    try:
        daten, zeilen = _lies_yaml(text)
    except _YamlFehler as fehler:
        raise RegelnUngueltig([RegelFehler(name, fehler.zeile, "", fehler.meldung)]) from None
    if not isinstance(daten, dict):
        raise RegelnUngueltig([RegelFehler(name, 1, "", "Zuordnung (Schlüssel: Wert) erwartet.")])
    try:
        regeln = Regeldatei.model_validate(daten)
    except ValidationError as fehler:
        liste = []
        for f in fehler.errors():
            zeile, feld = _zeile(zeilen, tuple(f["loc"]), f["type"])
            liste.append(RegelFehler(name, zeile, feld, _deutsch(f)))
        raise RegelnUngueltig(_eindeutig(liste)) from None
    fehler_liste = [
        RegelFehler(name, *_zeile(zeilen, loc), meldung)
        for loc, meldung in pruefe_bezuege(regeln, daten_verzeichnis, pfad.parent)
    ]
    erwarteter_name = pfad.stem
    if regeln.id != erwarteter_name:
        zeile, _ = _zeile(zeilen, ("id",))
        fehler_liste.append(
            RegelFehler(
                name, zeile, "id", f"'{regeln.id}' passt nicht zum Dateinamen '{pfad.name}'."
            )
        )
    if fehler_liste:
        raise RegelnUngueltig(fehler_liste)
    return regeln


def zeilen_finder(pfad: Path):
    """Für eine (gültige) Regeldatei: Pfad in der Datei → (Zeile, lesbarer Feldname)."""
    _, zeilen = _lies_yaml(pfad.read_text(encoding="utf-8"))
    return lambda loc: _zeile(zeilen, tuple(loc))


def _eindeutig(liste: list[RegelFehler]) -> list[RegelFehler]:
    gesehen: set[tuple] = set()
    ergebnis = []
    for f in liste:
        schluessel = (f.zeile, f.feld)
        if schluessel not in gesehen:
            gesehen.add(schluessel)
            ergebnis.append(f)
    return ergebnis


def lies_datensatz_ags(pfad: Path) -> list[str]:
    """Die AGS-Spalte eines Datensatzes (z. B. data/modellkommunen.csv).

    Wirft :class:`RegelnUngueltig` mit Datei, Zeile und Feld, wenn die Datei nicht lesbar ist oder
    die Spalte ``ags`` fehlt."""
    name = str(pfad)
    zeile_nr = 1
    try:
        with pfad.open(encoding="utf-8", newline="") as datei:
            leser = csv.DictReader(datei)
            kopf = leser.fieldnames or []
            if "ags" not in kopf:
                vorhanden = ", ".join(k[:40] for k in kopf[:10]) or "keine"
                raise RegelnUngueltig(
                    [
                        RegelFehler(
                            name,
                            1,
                            "ags",
                            f"Die Kopfzeile braucht eine Spalte ags (durch Komma getrennt); "
                            f"vorhanden: {vorhanden}.",
                        )
                    ]
                )
            ags = []
            for zeile in leser:
                zeile_nr = leser.line_num
                wert = zeile.get("ags")
                ags.append(wert.strip() if isinstance(wert, str) else "")
            return ags
    except UnicodeDecodeError:
        raise RegelnUngueltig(
            [RegelFehler(name, zeile_nr + 1, "", "Datei ist nicht UTF-8.")]
        ) from None
    except csv.Error as fehler:
        raise RegelnUngueltig(
            [RegelFehler(name, zeile_nr + 1, "", f"keine lesbare CSV-Datei ({fehler}).")]
        ) from None
    except OSError as fehler:
        raise RegelnUngueltig(
            [RegelFehler(name, None, "", f"nicht lesbar ({fehler.strerror}).")]
        ) from None

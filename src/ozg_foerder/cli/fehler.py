"""Aufruffehler (unbekannte Option, fehlender Wert, unbekannter Befehl) auf Deutsch.

Typer bzw. Click melden solche Fehler auf Englisch; die Kommandozeile fängt sie ab und sagt
auf Deutsch, was falsch ist und wo die Hilfe steht. Unterschieden wird nach dem Typ der
Ausnahme und ihren Attributen (Option, Parameter, Kontext), nie nach ihrem englischen Text.
Fehler, die Click nur als allgemeinen ``UsageError`` kennt, werfen die Klassen in
:mod:`ozg_foerder.cli.basis` mit eigenem Typ (unbekannter Befehl, überzählige Angabe, …).
"""

from __future__ import annotations

from typing import Any

from typer._click import exceptions as _ausnahmen

from ozg_foerder.cli.basis import (
    BefehlFehlt,
    UeberzaehligeAngabe,
    UnbekannterBefehl,
    WidersprechendeSchalter,
)


def ist_hilfe_ohne_befehl(fehler: Exception) -> bool:
    """Aufruf ohne Befehl (``ozg-foerder``, ``ozg-foerder check``): Typer hat die Hilfe gezeigt."""
    return isinstance(fehler, _ausnahmen.NoArgsIsHelpError)


def _hilfe(fehler: Any) -> str:
    ctx = getattr(fehler, "ctx", None)
    return f"{ctx.command_path if ctx is not None else 'ozg-foerder'} --help"


def _optionsname(param: Any) -> str:
    if param is None:
        return "?"
    namen = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return namen[0] if namen else getattr(param, "name", "?")


def _parameter_zur_option(ctx: Any, option: str) -> Any:
    if ctx is None:
        return None
    for param in ctx.command.params:
        if option in (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())):
            return param
    return None


def _meinten_sie(name: str, bekannt: list[str]) -> str:
    import difflib

    vorschlag = difflib.get_close_matches(name, bekannt, n=1)
    return f" Meinten Sie „{vorschlag[0]}“?" if vorschlag else ""


def _erster_satz(text: str) -> str:
    satz = " ".join((text or "").split())
    for ende in (". ", "? "):
        if ende in satz:
            satz = satz.split(ende)[0] + ende.strip()
    return satz.rstrip(".")


def _unbekannte_option(fehler: Any, hilfe: str) -> tuple[str, str]:
    """Eine unbekannte Option, mit dem, was die ähnlichen Optionen bedeuten; ``--kommune`` an
    einem Befehl ohne Kommune: wo eine Kommune hingehört."""
    ctx = fehler.ctx
    text = f"Unbekannte Option {fehler.option_name}."
    vorschlaege = []  # (Option, was sie bedeutet: der erste Satz ihrer Hilfe)
    import difflib

    moeglich = sorted(fehler.possibilities or ())
    beste = difflib.get_close_matches(fehler.option_name, moeglich, n=1, cutoff=0) or moeglich
    for name in beste[:1]:  # der ähnlichste Name
        param = _parameter_zur_option(ctx, name)
        vorschlaege.append((name, _erster_satz(getattr(param, "help", "") or "")))
    als_argument = ctx is not None and any(
        getattr(p, "param_type_name", "") == "argument"
        and "KOMMUNE" in (p.metavar or p.name or "").upper()
        for p in ctx.command.params
    )
    if fehler.option_name == "--kommune" and als_argument:
        text += f" Die Kommune ist hier das erste Argument: {ctx.command_path} KOMMUNE …"
    elif fehler.option_name == "--kommune" and ctx is not None:
        text += f" {ctx.command_path} fragt nach keiner einzelnen Kommune."
        text += "".join(f" {n} heißt: {b}." if b else "" for n, b in vorschlaege)
        text += " Alle Programme für eine Kommune zeigt: ozg-foerder uebersicht KOMMUNE."
    elif vorschlaege:
        text += " Meinten Sie " + " oder ".join(f"{n} ({b})" if b else n for n, b in vorschlaege)
        text += "?"
    return text, hilfe


def betroffene_option(fehler: Any) -> str | None:
    """Die Option, um die es im Aufruffehler geht (für ``fehler.feld`` im JSON)."""
    name = getattr(fehler, "option_name", None)
    if name:
        return name
    param = getattr(fehler, "param", None)
    return _optionsname(param) if param is not None else None


def uebersetze_usage_fehler(fehler: Exception) -> tuple[str, str]:
    """(deutsche Meldung, Hilfe-Aufruf) zu einem Click-Fehler."""
    hilfe = _hilfe(fehler)
    if isinstance(fehler, UnbekannterBefehl):
        vorschlag = _meinten_sie(fehler.name, fehler.bekannt)
        return f"Unbekannter Befehl „{fehler.name}“.{vorschlag}", hilfe
    if isinstance(fehler, UeberzaehligeAngabe):
        angaben = " ".join(fehler.angaben)
        return f"Überzählige Angabe „{angaben}“ (Optionen beginnen mit --).", hilfe
    if isinstance(fehler, BefehlFehlt):
        return "Es fehlt ein Befehl.", hilfe
    if isinstance(fehler, WidersprechendeSchalter):
        return f"{fehler.ja} und {fehler.nein} widersprechen sich; bitte nur einen angeben.", hilfe
    if isinstance(fehler, _ausnahmen.NoSuchOption):
        return _unbekannte_option(fehler, hilfe)
    if isinstance(fehler, _ausnahmen.MissingParameter):
        if getattr(fehler.param, "param_type_name", "") == "argument":
            return f"Argument {(getattr(fehler.param, 'name', '') or '').upper()} fehlt.", hilfe
        return f"Angabe {_optionsname(fehler.param)} fehlt.", hilfe
    if isinstance(fehler, _ausnahmen.BadOptionUsage):
        # Click wirft sie für eine Option ohne ihren Wert und für einen Schalter mit Wert
        option = fehler.option_name
        param = _parameter_zur_option(fehler.ctx, option)
        if param is not None and getattr(param, "is_flag", False):
            return (
                f"{option} ist ein Schalter und nimmt keinen Wert: für ja nur {option} angeben, "
                "für nein den verneinenden Schalter (siehe Hilfe).",
                hilfe,
            )
        if param is not None:
            return f"Die Option {option} braucht einen Wert.", hilfe
        return f"Option {option} falsch verwendet: {fehler.message}", hilfe
    if isinstance(fehler, _ausnahmen.BadParameter):
        return f"Ungültiger Wert für {_optionsname(fehler.param)}: {fehler.message}", hilfe
    if isinstance(fehler, _ausnahmen.UsageError):
        return f"Aufruf ungültig: {fehler.message}", hilfe
    if isinstance(fehler, _ausnahmen.FileError):
        return f"Datei {fehler.ui_filename} nicht lesbar.", hilfe
    return f"{fehler}", hilfe

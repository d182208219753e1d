"""Aufrufwerte ohne pydantic übernehmen: Text bleibt Text, ein Schalter ein Wahrheitswert.

Typer (hier 0.29) baut beim Aufruf für jeden Parameter des Befehls einen pydantic-``TypeAdapter``
– für ``batch`` gut 20 Stück, und dafür wird pydantic erst importiert: zusammen etwa 0,13 s, die
Hälfte des Starts, bei jedem Aufruf. Unsere Parameter sind aber nur Text (``str``), Schalter
(``bool``) und Listen von Text; was darin steht, liest der Eingabeweg selbst (deutsche Zahlen,
Daten, ja/nein). Für diese Werte tut der Adapter nichts außer sie durchzureichen.

:func:`ohne_pydantic` gibt jedem solchen Parameter eines Befehls eine Umwandlung, die genau das
direkt tut. Alles andere – ein Wert eines anderen Typs, ein Parameter anderen Typs – geht
unverändert durch Typers eigene Umwandlung. Ältere Typer-Versionen ohne diese Schicht bleiben
unberührt (dann gibt es das Attribut nicht).
"""

from __future__ import annotations

from typing import Any, get_args, get_origin


def _typ(annotation: Any) -> type | None:
    """``str``, ``bool`` oder ``list`` (für ``list[str]``); sonst ``None``."""
    if annotation is str or annotation is bool:
        return annotation
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return list
    return None


class _Durchreichen:
    """Typers Umwandlung eines Parameters, für die häufigen Werte ohne pydantic."""

    __slots__ = ("_typer", "beschreibung", "typ")

    def __init__(self, typ: type, beschreibung: Any) -> None:
        self.typ = typ
        self.beschreibung = beschreibung
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        mehrfach = param.multiple or param.nargs == -1
        if value is None:
            return () if mehrfach else None  # wie typer._coercion.RuntimeParam.coerce
        typ = self.typ
        if typ is list:
            if value.__class__ in (tuple, list) and all(v.__class__ is str for v in value):
                return list(value)
        elif value.__class__ is typ and not mehrfach:
            return value
        return self._voll().coerce(value, param=param, ctx=ctx)

    def _voll(self) -> Any:
        """Typers eigene Umwandlung (mit pydantic), nur für ungewöhnliche Werte gebaut."""
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self.beschreibung)
        return self._typer


def ohne_pydantic(befehl: Any, ctx: Any) -> None:
    """Gibt den Parametern von ``befehl`` (samt der Hilfe-Option) mit Text-, Schalter- oder
    Textlisten-Typ die direkte Umwandlung (einmal je Parameter; danach nichts mehr zu tun).
    Ein Parameter mit eigenem ``parser=`` bleibt bei Typer (der Adapter ruft den Parser auf)."""
    for param in befehl.get_params(ctx):
        if getattr(param, "_runtime_param", False) is not None:
            continue  # schon umgestellt, schon von Typer gebaut oder ein Typer ohne diese Schicht
        beschreibung = getattr(param, "type_descriptor", None)
        typ = _typ(getattr(beschreibung, "annotation", None))
        info = getattr(beschreibung, "parameter_info", None)
        if (
            typ is not None
            and getattr(beschreibung, "file_annotation", None) is None
            and getattr(info, "parser", None) is None
        ):
            param._runtime_param = _Durchreichen(typ, beschreibung)

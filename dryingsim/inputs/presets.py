"""Presets written by people (instrument settings, measured metadata): one TOML table, units parsed once,
every key checked.

Scraper presets, TGA methods and the metadata of measured profiles are flat tables whose numeric
fields carry units (``"0.3 um"``, ``"250 degC"``). :func:`read_table` checks the keys (an unknown
or misspelled key is an error that suggests the closest one), converts each value to SI with pint
and checks its range, raising :class:`~dryingsim.errors.InputError` that names the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from dryingsim.errors import InputError
from dryingsim.inputs.rules import Rule, check_value
from dryingsim.inputs.tables import check_table
from dryingsim.inputs.toml import read_toml
from dryingsim.inputs.units import to_si

T = TypeVar("T")


def si_value(value: object, field: str, kind: str) -> float:
    """A number already in SI passes unchanged; text such as ``"70 um"`` is converted with its unit."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return to_si(value, field, kind, InputError)


def read_table(data: Any, path: str, rules: Mapping[str, Rule], text: Sequence[str] = (),
               required: Sequence[str] = (), nested: Sequence[str] = ()) -> dict[str, Any]:
    """Check one table: only the keys of ``rules``, ``text`` and ``nested``, all ``required``; numbers to SI.

    Returns the text fields unchanged and the numeric fields as SI floats (counts as ints);
    ``nested`` keys are allowed but left to the caller.
    """
    check_table(data, path, required=required, allowed=(*text, *rules, *nested), error=InputError)
    values: dict[str, Any] = {}
    for key in text:
        if key in data:
            if not isinstance(data[key], str):
                raise InputError(f"{path}.{key}", data[key], "text")
            values[key] = data[key]
    for key, rule in rules.items():
        if key in data:
            field = f"{path}.{key}"
            value = data[key] if rule.kind == "integer" else to_si(data[key], field, rule.kind, InputError)
            check_value(value, field, rule, InputError)
            values[key] = value
    return values


def preset_from_toml(path: Path, table: str, presets: Mapping[str, T], default_base: str, rules: Mapping[str, Rule],
                     text: Sequence[str] = (), nested: Sequence[str] = ()) -> tuple[T, dict[str, Any], dict[str, Any]]:
    """A user preset: a file with one ``[table]`` naming a ``base`` preset and the fields it changes.

    Returns the base preset, the changed fields in SI (with ``name`` defaulting to the file's stem and
    ``source`` to a note of what changed) and the raw table (for the ``nested`` keys).
    """
    data = read_toml(path)
    if set(data) != {table}:
        extra = sorted(set(data) - {table}) or [f"(no [{table}] table)"]
        raise InputError(str(path), extra[0], f"one table [{table}]")
    field = f"{path}: {table}"
    values = read_table(data[table], field, rules, text=("name", "base", "source", *text), nested=nested)
    base = values.pop("base", default_base)
    if base not in presets:
        raise InputError(f"{field}.base", base, ", ".join(presets))
    values.setdefault("name", path.stem)
    values.setdefault("source", f"user preset {path} on base {base}, changing {sorted(values)}; base values: "
                                f"{getattr(presets[base], 'source', '')}")
    return presets[base], values, data[table]

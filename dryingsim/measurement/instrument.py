"""The contract of a virtual instrument: how its settings are written, loaded, checked and recorded.

The scraper (:data:`~dryingsim.measurement.scraper.SCRAPER`) and the TGA
(:data:`~dryingsim.measurement.tga.TGA`) follow it; the next instruments (EDX, cross-section imaging,
X-ray tomography) should too. An instrument module ``x`` has

1. a frozen settings dataclass in SI units, with a ``name`` and a ``source``;
2. ``RULES``: every numeric field -> :class:`~dryingsim.inputs.rules.Rule` (kind of unit, allowed range);
3. ``PRESETS``: built-in settings by name; every value is sourced in ``source`` or marked
   ``"assumed: <why>"``;
4. an :class:`Instrument` entry naming these, its TOML table and its consistency check;
5. ``load_x(name | path | settings) -> settings``, through :func:`load_settings`: a user preset is a
   TOML file with one ``[<table>]`` naming a ``base`` preset and the fields it changes, with units,
   read by the shared :func:`dryingsim.inputs.presets.preset_from_toml`;
6. ``x(profile, preset, replicates, seed) -> xarray.Dataset`` with dims (``layer`` or ``position``,
   ``replicate``, ``component``), all draws from ``numpy.random.default_rng(seed)``, and the attributes
   of :func:`sample_provenance` (what was measured) and :func:`settings_provenance` (with which settings
   and seed). An instrument that measures another's output (the TGA, the scraper's layers) takes that
   Dataset and its replicates instead of a profile: its attributes carry the sample provenance on.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import xarray as xr

from dryingsim._version import __version__
from dryingsim.errors import InputError
from dryingsim.inputs.presets import preset_from_toml, si_value
from dryingsim.inputs.rules import Rule, check_value
from dryingsim.measurement.profile import provenance

S = TypeVar("S")

AUTO = "auto"
"""The preset name an instrument with :attr:`Instrument.auto` resolves from the sample."""


@dataclass(frozen=True)
class Instrument(Generic[S]):
    """One virtual instrument's settings: their class, rules and presets, and how a user preset is read.

    table : TOML table of a user preset; prefix of field names in messages and of the attributes
    settings_name : what one set of settings is called: messages say ``"<table> <settings_name>"`` and the
        attribute ``<table>_<settings_name>`` holds them (``"scraper protocol"``, ``scraper_protocol``)
    settings_class : the frozen settings dataclass
    rules, presets : ``RULES`` and ``PRESETS`` of the instrument module
    default_base : the preset a user preset starts from when it names no ``base``
    check : relations between fields that single ranges cannot check; raises InputError
    text : text fields besides ``name``, ``base`` and ``source``
    nested : readers of the fields that are lists, ``(value, field) -> value``
    auto : picks the preset for the name ``"auto"`` from the sample (or ``None``), if the instrument has one
    """

    table: str
    settings_name: str
    settings_class: type[S]
    rules: Mapping[str, Rule]
    presets: Mapping[str, S]
    default_base: str
    check: Callable[[S], None]
    text: tuple[str, ...] = ()
    nested: Mapping[str, Callable[[Any, str], Any]] = field(default_factory=dict)
    auto: Callable[[xr.Dataset | None], str] | None = None


def preset_names(instrument: Instrument[Any]) -> tuple[str, ...]:
    """The names :func:`load_settings` takes for ``instrument`` (``"auto"`` first if it has it), e.g. for help
    texts."""
    return ((AUTO,) if instrument.auto is not None else ()) + tuple(instrument.presets)


def load_settings(instrument: Instrument[S], settings: S | str | Path, *, sample: xr.Dataset | None = None,
                  **changes: Any) -> S:
    """Settings from a preset name (``"auto"``: chosen from ``sample``), a user-preset TOML file or as given,
    with ``changes`` (fields in SI or as text with units; ``None`` unsets an optional field), checked.

    Raises
    ------
    InputError : unknown name, unreadable or invalid TOML, an unknown key, a value out of range, fields
        that contradict each other
    """
    if isinstance(settings, instrument.settings_class):
        chosen = settings
    elif settings == AUTO and instrument.auto is not None:
        chosen = instrument.presets[instrument.auto(sample)]
    elif isinstance(settings, str) and settings in instrument.presets:
        chosen = instrument.presets[settings]
    elif str(settings).endswith(".toml"):
        chosen = _from_toml(instrument, Path(settings))
    else:
        raise InputError(f"{instrument.table} {instrument.settings_name}", settings,
                         f"a preset ({', '.join(preset_names(instrument))}) or a .toml file")
    if changes:
        chosen = dataclasses.replace(chosen, **{key: _change(instrument, key, value) for key, value in changes.items()})
    instrument.check(chosen)
    return chosen


def sample_provenance(sample: xr.Dataset) -> dict[str, Any]:
    """Attributes of what was measured: the run's provenance (:func:`~dryingsim.measurement.profile.provenance`),
    the version of dryingsim that measures, and the calendering, if any."""
    calendering = {"calendering": sample.attrs["calendering"]} if "calendering" in sample.attrs else {}
    return {**provenance(sample), "measurement_dryingsim_version": __version__, **calendering}


def settings_provenance(instrument: Instrument[S], settings: S,
                        seed: int | np.random.Generator | None) -> dict[str, str]:
    """Attributes of how it was measured: the settings as JSON (``<table>_<settings_name>``) and the seed
    (``<table>_seed``)."""
    return {
        f"{instrument.table}_{instrument.settings_name}": json.dumps(dataclasses.asdict(settings), indent=1),
        f"{instrument.table}_seed": "numpy Generator" if isinstance(seed, np.random.Generator) else str(seed),
    }


def _from_toml(instrument: Instrument[S], path: Path) -> S:
    """A user preset: the ``[table]``'s ``base`` preset with the fields it changes."""
    base, values, table = preset_from_toml(path, instrument.table, instrument.presets, instrument.default_base,
                                           instrument.rules, text=instrument.text, nested=tuple(instrument.nested))
    for key, read in instrument.nested.items():
        if key in table:
            values[key] = read(table[key], f"{path}: {instrument.table}.{key}")
    return dataclasses.replace(base, **values)


def _change(instrument: Instrument[Any], key: str, value: Any) -> Any:
    """One changed field, read and checked as in a user preset (numbers may be SI already)."""
    field_name = f"{instrument.table}.{key}"
    if key in instrument.nested:
        return None if value is None else instrument.nested[key](value, field_name)
    if key not in instrument.rules:
        raise InputError(field_name, value, "one of: " + ", ".join([*instrument.rules, *instrument.nested]))
    rule = instrument.rules[key]
    si = value if value is None or rule.kind == "integer" else si_value(value, field_name, rule.kind)
    check_value(si, field_name, rule, InputError)
    return si

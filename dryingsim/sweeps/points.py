"""From a sweep point to its scenario: the parameter values written into the base scenario file's tables.

Values go in where the user would type them (the parsed TOML of the base file), so every scenario check
of :func:`dryingsim.scenario.scenario_from_dict` runs on them and an impossible value names its field.
Three edits keep a scenario consistent, as a process engineer means them:

* a component's ``mass_fraction`` takes its share from the other components of its layer, in
  proportion to theirs (so "binder 6 wt %" keeps the other components' ratios);
* ``wet_thickness`` replaces a layer's ``areal_loading`` and the other way round;
* ``drying.rate`` (a constant rate) replaces a rate ``schedule``.
"""

from __future__ import annotations

import copy
import difflib
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from dryingsim.errors import DryingsimError, ScenarioError, SweepError
from dryingsim.scenario import Scenario, scenario_from_dict, scenario_to_toml
from dryingsim.scenario.units import to_si
from dryingsim.sweeps.spec import Parameter, Sweep

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")


def _steps(path: str) -> list[str | int]:
    """``layers[0].components[3].mass_fraction`` -> ``["layers", 0, "components", 3, "mass_fraction"]``."""
    out: list[str | int] = []
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if match is None:
            raise SweepError("parameters[*].path", path, "a dotted path such as layers[0].components[3].mass_fraction")
        out.append(match.group(1))
        if match.group(2) is not None:
            out.append(int(match.group(2)))
    return out


def _leaf_paths(table: Any, prefix: str = "") -> Iterator[str]:
    """Dotted paths of every number or number-with-unit text in parsed TOML."""
    if isinstance(table, dict):
        for key, value in table.items():
            yield from _leaf_paths(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(table, list):
        for i, value in enumerate(table):
            yield from _leaf_paths(value, f"{prefix}[{i}]")
    elif isinstance(table, (int, float, str)) and not isinstance(table, bool):
        yield prefix


class ScenarioFactory:
    """Builds the scenario of each point of a sweep from its base scenario file."""

    def __init__(self, sweep: Sweep) -> None:
        try:
            self.base = tomllib.loads(sweep.base.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SweepError("base", str(sweep.base), "a readable scenario TOML file", reason=str(exc)) from exc
        self.base_scenario = scenario_from_dict(self.base)
        self.parameters = sweep.parameters
        canonical = tomllib.loads(scenario_to_toml(self.base_scenario))
        known = set(_leaf_paths(self.base)) | set(_leaf_paths(canonical))
        for i in range(len(self.base["layers"])):
            known |= {f"layers[{i}].wet_thickness", f"layers[{i}].areal_loading"}
        if not any(key in self.base["drying"] for key in ("zones", "web_speed")):
            known.add("drying.rate")
        for i, p in enumerate(sweep.parameters):
            _steps(p.path)
            if p.path not in known or p.path.endswith((".name", ".material")) or p.path in ("name", "solvent"):
                close = difflib.get_close_matches(p.path, sorted(known), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "not a numeric field of the base scenario"
                raise SweepError(f"parameters[{i}].path", p.path, "a numeric field of the base scenario", reason=hint)

    def scenario(self, values: Sequence[float], index: int) -> Scenario:
        """The checked scenario of one point, named ``<base name>#<index>``.

        Raises
        ------
        ScenarioError : a value is impossible (the message names the field, the value and the range)
        """
        data = copy.deepcopy(self.base)
        for p, value in zip(self.parameters, values, strict=True):
            _set(data, p, value)
        data["name"] = f"{self.base.get('name', 'scenario')}#{index}"
        return scenario_from_dict(data)

    def scenario_or_error(self, values: Sequence[float], index: int) -> Scenario | DryingsimError:
        """:meth:`scenario`, or the error that makes the point impossible."""
        try:
            return self.scenario(values, index)
        except DryingsimError as error:
            return error


def _text(value: float, p: Parameter) -> object:
    """The SI value as the scenario file takes it: a count, a plain number, or '<number> <SI unit>'."""
    if p.integer:
        return int(value)
    return float(value) if p.units == "1" else f"{float(value)!r} {p.units}"


def _set(data: dict, p: Parameter, value: float) -> None:
    """Write one parameter's value into the parsed scenario file, with the consistency edits above."""
    steps = _steps(p.path)
    table: Any = data
    for step in steps[:-1]:
        if isinstance(table, dict) and step not in table:
            table[step] = {}
        table = table[step]
    key = steps[-1]
    table[key] = _text(value, p)
    if key == "wet_thickness":
        table.pop("areal_loading", None)
    elif key == "areal_loading":
        table.pop("wet_thickness", None)
    elif p.path == "drying.rate":
        table.pop("schedule", None)
    elif key == "mass_fraction" and "components" in steps:
        if not 0.0 < value < 1.0:
            raise ScenarioError(p.path, value, "(0, 1): the other components of the layer take the rest")
        _rebalance(table, steps, data, float(value))


def _rebalance(component: dict, steps: list, data: dict, fraction: float) -> None:
    """Scale the layer's other mass fractions so that all sum to 1, keeping their ratios."""
    layer = data
    for step in steps[:steps.index("components")]:
        layer = layer[step]
    others = [c for c in layer["components"] if c is not component]
    given = [to_si(c["mass_fraction"], "mass_fraction", "fraction") for c in others]
    scale = (1.0 - fraction) / sum(given) if sum(given) > 0.0 else 0.0
    for c, share in zip(others, given, strict=True):
        c["mass_fraction"] = share * scale

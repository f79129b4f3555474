"""Scenario fields addressed by dotted path, as sweeps and fits vary them: values written into the base
scenario file's tables.

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
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dryingsim.errors import DryingsimError, InputError, ScenarioError
from dryingsim.inputs.toml import parse_toml, read_toml
from dryingsim.inputs.units import KINDS, UREG, to_si
from dryingsim.scenario.load import scenario_from_dict, scenario_to_toml
from dryingsim.scenario.schema import Numerics, PhysicsParameters, Rheology, Scenario
from dryingsim.scenario.validate import RULES


@dataclass(frozen=True)
class Parameter:
    """One varied numeric field of a scenario (a sweep's or a fit's).

    name : short name (a sweep store's coordinate)
    path : dotted path in the scenario file, e.g. ``drying.rate`` or ``layers[0].components[3].mass_fraction``
    units : SI unit of the values ("1": dimensionless)
    values : explicit values [SI] (grid, table), or empty
    bounds : (low, high) [SI] of a range (grid with ``steps``, latin hypercube, Sobol), or empty
    steps : points of a range on a grid
    scale : "linear" or "log": how a range is spanned
    integer : values are counts (e.g. ``numerics.cells``)
    """

    name: str
    path: str
    units: str
    values: tuple[float, ...] = ()
    bounds: tuple[float, ...] = ()
    steps: int = 0
    scale: str = "linear"
    integer: bool = False

    def from_unit(self, u: Any) -> Any:
        """Map numbers in [0, 1] onto the range (linearly or logarithmically)."""
        low, high = self.bounds
        if self.scale == "log":
            return low * (high / low) ** u
        return low + (high - low) * u

    def to_unit(self, value: float) -> float:
        """The inverse of :meth:`from_unit`: where ``value`` lies in the range, as a number in [0, 1]."""
        low, high = self.bounds
        if self.scale == "log":
            return float(math.log(value / low) / math.log(high / low))
        return float((value - low) / (high - low))


def parse_quantity(value: object, field: str, error: type[InputError] = ScenarioError) -> tuple[float | int, str]:
    """A number (dimensionless) or '<number> <unit>' -> (SI magnitude, SI unit text), rounded to 15 digits
    like :func:`dryingsim.inputs.units.to_si`; ``error`` is raised on bad input, naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise error(field, value, "a number or '<number> <unit>', e.g. '1.5 g/m^2/s'")
    if not isinstance(value, str):
        if isinstance(value, float) and not math.isfinite(value):
            raise error(field, value, "a finite number")
        return value, "1"
    try:
        quantity = UREG.Quantity(value.replace("wt%", "wt_percent")).to_base_units()
    except Exception as exc:  # pint raises many kinds (undefined unit, syntax)
        raise error(field, value, "a number or '<number> <unit>', e.g. '1.5 g/m^2/s'", reason=str(exc)) from exc
    magnitude = float(f"{float(quantity.magnitude):.15g}")
    if not math.isfinite(magnitude):
        raise error(field, value, "a finite number")
    return magnitude, (f"{quantity.units:~C}" or "1")


_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")


def _steps(path: str, error: type[InputError] = ScenarioError, field: str = "path") -> list[str | int]:
    """``layers[0].components[3].mass_fraction`` -> ``["layers", 0, "components", 3, "mass_fraction"]``."""
    out: list[str | int] = []
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if match is None:
            raise error(field, path, "a dotted path such as layers[0].components[3].mass_fraction")
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


class ScenarioEditor:
    """Builds scenarios from a base scenario's tables with the values of some :class:`Parameter` s.

    ``error`` and ``field`` (formatted with the parameter's index ``i``) name a bad parameter path in the
    caller's terms (a sweep file's ``parameters[0].path``, a fit's ``parameters``).
    """

    def __init__(self, base: dict, parameters: Sequence[Parameter], error: type[InputError] = ScenarioError,
                 field: str = "parameters[{i}].path") -> None:
        self.base = base
        self.base_scenario = scenario_from_dict(base)
        self.parameters = tuple(parameters)
        self.canonical = parse_toml(scenario_to_toml(self.base_scenario), "base scenario")
        """The base scenario with every field spelled out, in SI (``scenario_to_toml``)."""
        known = set(_leaf_paths(base)) | set(_leaf_paths(self.canonical))
        for i in range(len(base["layers"])):
            known |= {f"layers[{i}].wet_thickness", f"layers[{i}].areal_loading"}
        for table, kind in (("physics", PhysicsParameters), ("rheology", Rheology), ("numerics", Numerics)):
            known |= {f"{table}.{key}" for key in RULES[kind]}  # optional fields the file may leave out
        if not any(key in base["drying"] for key in ("zones", "web_speed")):
            known.add("drying.rate")
        for i, p in enumerate(self.parameters):
            _steps(p.path, error, field.format(i=i))
            if p.path not in known or p.path.endswith((".name", ".material")) or p.path in ("name", "solvent"):
                close = difflib.get_close_matches(p.path, sorted(known), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "not a numeric field of the base scenario"
                raise error(field.format(i=i), p.path, "a numeric field of the base scenario", reason=hint)
            units = self.field_units(p.path)
            try:
                dimension = _dimension(p.units)
            except Exception as exc:  # pint raises many kinds (undefined unit, scaling factor, syntax)
                raise error(field.format(i=i), p.units, "a unit pint knows, e.g. 'm^2/s'", reason=str(exc)) from None
            if units is not None and _dimension(units) != dimension:
                given = "plain numbers" if p.units == "1" else f"values in {p.units}"
                raise error(field.format(i=i), p.path, f"values of the field's dimension ({units})",
                            reason=f"{given} for a field in {units}: no point could run")

    def field_units(self, path: str) -> str | None:
        """The SI unit of the field at ``path`` (``"1"``: dimensionless), or None if the base does not tell."""
        table: Any = self.canonical
        for step in _steps(path):
            try:
                table = table[step]
            except (KeyError, IndexError, TypeError):
                table = None
                break
        if isinstance(table, str):
            return parse_quantity(table, path)[1]
        if isinstance(table, (int, float)) and not isinstance(table, bool):
            return "1"
        last = path.rsplit(".", 1)[-1]
        if last in _REPLACING:
            return KINDS[_REPLACING[last]].si_unit
        head, _, key = path.partition(".")
        for name, kind in (("physics", PhysicsParameters), ("rheology", Rheology), ("numerics", Numerics)):
            if head == name and key in RULES[kind]:
                rule = RULES[kind][key]
                return (KINDS[rule.kind].si_unit or "1") if rule.kind in KINDS else "1"
        return None

    @classmethod
    def from_file(cls, path: Path, parameters: Sequence[Parameter], **naming: Any) -> ScenarioEditor:
        """From a scenario TOML file, its tables as the user wrote them."""
        error = naming.get("error", ScenarioError)
        return cls(read_toml(path, error, field="base"), parameters, **naming)

    @classmethod
    def from_scenario(cls, scenario: Scenario, parameters: Sequence[Parameter], **naming: Any) -> ScenarioEditor:
        """From a scenario, as :func:`~dryingsim.scenario.scenario_to_toml` writes it (every field, SI)."""
        return cls(parse_toml(scenario_to_toml(scenario), "scenario"), parameters, **naming)

    def scenario(self, values: Sequence[float], name: str) -> Scenario:
        """The checked scenario with the parameters at ``values`` [SI], named ``name``.

        Raises
        ------
        ScenarioError : a value is impossible (the message names the field, the value and the range)
        """
        data = copy.deepcopy(self.base)
        for p, value in zip(self.parameters, values, strict=True):
            _set(data, p, value)
        data["name"] = name
        return scenario_from_dict(data)

    def value(self, path: str) -> float | None:
        """The base scenario's own value at ``path`` [SI], or None if it leaves the field to a default."""
        table: Any = self.canonical
        for step in _steps(path):
            try:
                table = table[step]
            except (KeyError, IndexError, TypeError):
                return None
        return float(parse_quantity(table, path)[0])

    def scenario_or_error(self, values: Sequence[float], name: str) -> Scenario | DryingsimError:
        """:meth:`scenario`, or the error that makes it impossible."""
        try:
            return self.scenario(values, name)
        except DryingsimError as error:
            return error


_REPLACING = {"wet_thickness": "length", "areal_loading": "mass_per_area", "rate": "mass_flux"}
"""Kinds of the fields an edit may write in place of another (see the module docstring)."""


def _dimension(units: str) -> object:
    """The dimensionality of an SI unit text (``"1"``: dimensionless)."""
    return UREG.parse_units("" if units == "1" else units).dimensionality


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

"""Scenario files: TOML with units -> validated :class:`~dryingsim.scenario.schema.Scenario` in SI, and back.

The format is described in ``docs/user-guide/scenario-format.md``. Units are parsed here, once
(:func:`dryingsim.inputs.units.to_si`); unknown keys at any level are errors that suggest the
closest allowed key; ranges are checked by :func:`dryingsim.scenario.validate.check_scenario`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import tomli_w

from dryingsim.errors import ScenarioError
from dryingsim.inputs.rules import Rule
from dryingsim.inputs.tables import check_table, join_path
from dryingsim.inputs.toml import read_toml
from dryingsim.inputs.units import si_text, to_si
from dryingsim.scenario.schema import (
    Component,
    Dryer,
    DryerZone,
    DryingSchedule,
    Foil,
    Layer,
    Numerics,
    PhysicsParameters,
    Rheology,
    Scenario,
    SizeDistribution,
    SlotNozzles,
)
from dryingsim.scenario.validate import RULES, check_scenario

PERCENTILES = ("d10", "d50", "d90")
SIZE_CLASSES = ("diameters", "volume_fractions")




def read_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a TOML scenario file and return the scenario in SI units with every field checked (ranges,
    units, keys); :func:`dryingsim.load_scenario` also checks what needs the materials and the dryer.

    Parameters
    ----------
    path : the ``.toml`` file

    Raises
    ------
    ScenarioError
        Field ``"<file>"`` if the file cannot be read or is not valid TOML (the message gives the
        parser's line and column); otherwise the offending field's dotted path.
    """
    return scenario_from_dict(read_toml(path, ScenarioError, field="<file>"))


def scenario_from_dict(data: Mapping[str, Any]) -> Scenario:
    """Build the validated scenario from the parsed TOML tables (values with units, as in the file).

    Raises
    ------
    ScenarioError
        A key is unknown or missing, a unit is wrong, or a value is out of range.
    """
    top = _read(Scenario, data, "", required=("name", "solvent", "rheology", "layers", "drying"),
                text=("name", "solvent", "description"),
                nested=("references", "rheology", "layers", "drying", "physics", "numerics"))
    layers = _array(data["layers"], "layers")
    scenario = Scenario(
        **top,
        layers=tuple(_layer(layer, f"layers[{i}]") for i, layer in enumerate(layers)),
        rheology=Rheology(**_read(Rheology, data["rheology"], "rheology", required=("liquid_viscosity",))),
        drying=_drying(data["drying"], "drying"),
        physics=PhysicsParameters(**_read(PhysicsParameters, data.get("physics", {}), "physics")),
        numerics=Numerics(**_read(Numerics, data.get("numerics", {}), "numerics")),
        references=tuple(_array(data.get("references", []), "references")),
    )
    check_scenario(scenario)
    return scenario


def scenario_to_toml(scenario: Scenario) -> str:
    """Write a scenario as TOML: SI values with explicit units, every field spelled out.

    ``scenario_from_dict(parse_toml(scenario_to_toml(s), 'scenario')) == s`` holds exactly (floats are
    written with ``repr``). A constant drying rate is written as a one-point ``schedule``.
    """
    check_scenario(scenario)
    document = {
        "name": scenario.name,
        "description": scenario.description,
        "references": list(scenario.references),
        "solvent": scenario.solvent,
        "rheology": _scalars_to_toml(scenario.rheology),
        "layers": [_layer_to_toml(layer) for layer in scenario.layers],
        "drying": _drying_to_toml(scenario.drying),
        "physics": _scalars_to_toml(scenario.physics),
        "numerics": _scalars_to_toml(scenario.numerics),
    }
    return tomli_w.dumps(document)


def _layer(data: Any, path: str) -> Layer:
    """One ``[[layers]]`` table."""
    values = _read(Layer, data, path, required=("name", "solids_content", "components"),
                   text=("name",), nested=("components",))
    components = _array(data["components"], f"{path}.components")
    return Layer(**values, components=tuple(
        _component(component, f"{path}.components[{j}]") for j, component in enumerate(components)))


def _component(data: Any, path: str) -> Component:
    """One ``[[layers.components]]`` table; ``name`` defaults to ``material``."""
    values = _read(Component, data, path, required=("material", "mass_fraction"),
                   text=("name", "material"), nested=("size",))
    values.setdefault("name", values["material"])
    size = _size(data["size"], f"{path}.size") if "size" in data else None
    return Component(**values, size=size)


def _size(data: Any, path: str) -> SizeDistribution:
    """``{d10, d50, d90}`` -> percentiles (empty volume_fractions), or explicit classes."""
    if isinstance(data, dict) and not any(key in data for key in SIZE_CLASSES):
        check_table(data, path, required=PERCENTILES, allowed=PERCENTILES)
        return SizeDistribution(tuple(to_si(data[key], f"{path}.{key}", "length") for key in PERCENTILES), ())
    check_table(data, path, required=SIZE_CLASSES, allowed=SIZE_CLASSES)
    diameters = _array(data["diameters"], f"{path}.diameters")
    fractions = _array(data["volume_fractions"], f"{path}.volume_fractions")
    return SizeDistribution(
        tuple(to_si(d, f"{path}.diameters[{i}]", "length") for i, d in enumerate(diameters)),
        tuple(to_si(v, f"{path}.volume_fractions[{i}]", "fraction") for i, v in enumerate(fractions)),
    )


DRYER_KEYS = ("web_speed", "zones", "foil")
SCHEDULE_KEYS = ("schedule", "rate")


def _drying(data: Any, path: str) -> DryingSchedule | Dryer:
    """``[drying]``: a rate schedule, or a dryer (``web_speed``, ``zones``, ``foil``)."""
    if isinstance(data, dict) and any(key in data for key in DRYER_KEYS):
        mixed = [key for key in (*SCHEDULE_KEYS, "temperature", "interpolation") if key in data]
        if mixed:
            raise ScenarioError(f"{path}.{mixed[0]}", data[mixed[0]], "a rate schedule or a dryer, not both",
                                reason="a dryer sets the rate and the film temperature itself")
        return _dryer(data, path)
    return _schedule(data, path)


def _dryer(data: dict, path: str) -> Dryer:
    """``[drying]`` as a dryer: web speed, ``[[drying.zones]]``, ``foil`` and optional ``nozzles``."""
    values = _read(Dryer, data, path, required=DRYER_KEYS, nested=("zones", "foil", "nozzles"))
    foil = Foil(**_read(Foil, data["foil"], f"{path}.foil", required=("material", "thickness"),
                        text=("material",)))
    nozzles = None
    if "nozzles" in data:
        nozzles = SlotNozzles(**_read(SlotNozzles, data["nozzles"], f"{path}.nozzles",
                                      required=("slot_width", "pitch", "distance")))
    zones = tuple(DryerZone(**_read(DryerZone, zone, f"{path}.zones[{i}]", required=("length", "air_temperature"),
                                    text=("name",)))
                  for i, zone in enumerate(_array(data["zones"], f"{path}.zones")))
    return Dryer(**values, zones=zones, foil=foil, nozzles=nozzles)


def _schedule(data: Any, path: str) -> DryingSchedule:
    """``[drying]`` as a rate schedule: ``schedule`` of ``{time, rate}`` points, or one constant ``rate``."""
    values = _read(DryingSchedule, data, path, text=("interpolation",), nested=("schedule", "rate"))
    if ("schedule" in data) == ("rate" in data):
        given = [key for key in ("schedule", "rate") if key in data]
        raise ScenarioError(f"{path}.schedule", given, "exactly one of 'schedule' or 'rate' (constant)")
    if "rate" in data:
        rate = to_si(data["rate"], f"{path}.rate", "mass_flux")
        return DryingSchedule(times=(0.0,), rates=(rate,), **values)
    points = [_schedule_point(point, f"{path}.schedule[{i}]")
              for i, point in enumerate(_array(data["schedule"], f"{path}.schedule"))]
    return DryingSchedule(times=tuple(t for t, _ in points), rates=tuple(r for _, r in points), **values)


def _schedule_point(data: Any, path: str) -> tuple[float, float]:
    """One ``{time, rate}`` point of the schedule, in SI."""
    check_table(data, path, required=("time", "rate"), allowed=("time", "rate"))
    return to_si(data["time"], f"{path}.time", "time"), to_si(data["rate"], f"{path}.rate", "mass_flux")


def _read(cls: type, data: Any, path: str, required: Sequence[str] = (),
          text: Sequence[str] = (), nested: Sequence[str] = ()) -> dict[str, object]:
    """Check the keys of one table and return its text fields and its scalar fields in SI.

    The scalar keys are those of ``RULES[cls]``; ``nested`` keys are allowed but left to the caller.
    """
    rules = RULES.get(cls, {})
    check_table(data, path, required=required, allowed=(*text, *rules, *nested))
    values: dict[str, object] = {key: data[key] for key in text if key in data}
    for key, rule in rules.items():
        if key in data:
            values[key] = _to_si(data[key], join_path(path, key), rule)
    return values


def _to_si(value: object, field: str, rule: Rule) -> object:
    """Counts pass unchanged (their type is checked later); everything else goes through pint."""
    return value if rule.kind == "integer" else to_si(value, field, rule.kind)


def _scalars_to_toml(obj: object) -> dict[str, object]:
    """The ``RULES`` fields of ``obj`` as TOML values with SI units; unset (``None``) fields are left out."""
    values = {}
    for key, rule in RULES[type(obj)].items():
        value = getattr(obj, key)
        if value is not None:
            values[key] = int(value) if rule.kind == "integer" else si_text(value, rule.kind)
    return values


def _drying_to_toml(drying: DryingSchedule | Dryer) -> dict[str, object]:
    """``[drying]``: the schedule as ``{time, rate}`` points, or the dryer with its zones."""
    if isinstance(drying, Dryer):
        out = {**_scalars_to_toml(drying), "foil": {"material": drying.foil.material,
                                                    **_scalars_to_toml(drying.foil)}}
        if drying.nozzles is not None:
            out["nozzles"] = _scalars_to_toml(drying.nozzles)
        out["zones"] = [{"name": zone.name, **_scalars_to_toml(zone)} for zone in drying.zones]
        return out
    return {"interpolation": drying.interpolation, **_scalars_to_toml(drying),
            "schedule": [{"time": si_text(t, "time"), "rate": si_text(r, "mass_flux")}
                         for t, r in zip(drying.times, drying.rates, strict=True)]}


def _layer_to_toml(layer: Layer) -> dict[str, object]:
    """One ``[[layers]]`` table."""
    return {"name": layer.name, **_scalars_to_toml(layer),
            "components": [_component_to_toml(component) for component in layer.components]}


def _component_to_toml(component: Component) -> dict[str, object]:
    """One ``[[layers.components]]`` table, with its size distribution if set."""
    values = {"name": component.name, "material": component.material, **_scalars_to_toml(component)}
    if component.size is not None:
        values["size"] = _size_to_toml(component.size)
    return values


def _size_to_toml(size: SizeDistribution) -> dict[str, object]:
    """``{d10, d50, d90}`` for percentiles (empty volume_fractions), else the explicit classes."""
    diameters = [si_text(d, "length") for d in size.diameters]
    if not size.volume_fractions:
        return dict(zip(PERCENTILES, diameters, strict=True))
    return {"diameters": diameters, "volume_fractions": [float(v) for v in size.volume_fractions]}


def _array(value: object, path: str) -> list:
    """``value`` must be a TOML array."""
    if not isinstance(value, list):
        raise ScenarioError(path, value, "an array [...]")
    return value



"""Range and consistency checks of a :class:`~dryingsim.scenario.schema.Scenario` in SI units.

:func:`check_scenario` runs on every scenario, loaded from TOML or built in Python. The scalar
fields are checked against :data:`RULES`, one table that also tells the loader and the TOML writer
which kind of unit each field takes. Material names are not checked here
(:mod:`dryingsim.materials` does that).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

from dryingsim.errors import ScenarioError
from dryingsim.inputs.rules import Rule, check_value, open_closed, positive
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

SUM_TOLERANCE = 1e-4
"""Mass and volume fractions must sum to 1 within this absolute tolerance."""

INTERPOLATIONS = ("previous", "linear")

T = TypeVar("T")


RULES: dict[type, dict[str, Rule]] = {
    Layer: {
        "wet_thickness": Rule("length", 0.0, 5e-3, low_open=True, optional=True),
        "areal_loading": Rule("mass_per_area", 0.0, 1.0, low_open=True, optional=True),
        "solids_content": Rule("fraction", 0.0, 1.0, low_open=True, high_open=True),
    },
    Component: {"mass_fraction": open_closed("fraction", 0.0, 1.0)},
    Rheology: {
        "liquid_viscosity": Rule("viscosity", 1e-4, 1e3),
        "yield_stress": Rule("pressure", 0.0, 1e4),
        "compressive_yield_stress": Rule("pressure", 0.0, 1e6, optional=True),
        "compressive_yield_exponent": Rule("dimensionless", 1.0, 20.0),
    },
    DryingSchedule: {"temperature": Rule("temperature", 273.15, 473.15)},
    Dryer: {
        "web_speed": Rule("speed", 0.0, 5.0, low_open=True),
        "coating_temperature": Rule("temperature", 273.15, 373.15),
        "air_pressure": Rule("pressure", 5e4, 2e5),
    },
    DryerZone: {
        "length": Rule("length", 0.0, 100.0, low_open=True),
        "air_temperature": Rule("temperature", 273.15, 473.15),
        "heat_transfer_top": Rule("heat_transfer_coefficient", 0.0, 1000.0, low_open=True, optional=True),
        "heat_transfer_bottom": Rule("heat_transfer_coefficient", 0.0, 1000.0, optional=True),
        "nozzle_velocity_top": Rule("speed", 0.0, 100.0, low_open=True, optional=True),
        "nozzle_velocity_bottom": Rule("speed", 0.0, 100.0, optional=True),
        "air_solvent_content": Rule("humidity_ratio", 0.0, 0.5),
    },
    Foil: {"thickness": Rule("length", 0.0, 1e-3, low_open=True)},
    SlotNozzles: {
        "slot_width": Rule("length", 0.0, 0.05, low_open=True),
        "pitch": Rule("length", 0.0, 1.0, low_open=True),
        "distance": Rule("length", 0.0, 1.0, low_open=True),
    },
    PhysicsParameters: {
        "max_packing": open_closed("fraction", 0.3, 0.74),
        "richardson_zaki_exponent": Rule("dimensionless", 1.0, 10.0),
        "critical_yield_number": open_closed("dimensionless", 0.0, 10.0),
        "latex_bound_fraction": Rule("fraction", 0.0, 1.0),
        "binder_diffusivity": Rule("diffusivity", 0.0, 1e-7, low_open=True, optional=True),
        "binder_gel_concentration": Rule("mass_concentration", 0.0, 2000.0, low_open=True, optional=True),
        "capillary_pressure_scale": open_closed("dimensionless", 0.0, 100.0),
        "brooks_corey_lambda": open_closed("dimensionless", 0.1, 10.0),
        "front_saturation": open_closed("fraction", 0.0, 0.5),
        "residual_saturation": Rule("fraction", 0.0, 0.5),
        "latex_attachment": Rule("fraction", 0.0, 1.0),
        "binder_adsorption": Rule("length", 0.0, 1e-3),
    },
    Numerics: {
        "cells": Rule("integer", 10, 5000),
        "max_time_step": positive("time"),
        "initial_time_step": positive("time"),
        "max_change_per_step": open_closed("fraction", 0.0, 0.5),
        "picard_tolerance": open_closed("dimensionless", 0.0, 1e-2),
        "max_sweeps": Rule("integer", 1, 200),
        "consolidation_tolerance": open_closed("fraction", 0.0, 0.1),
        "end_solvent_fraction": open_closed("fraction", 0.0, 0.1),
        "size_classes": Rule("integer", 1, 20),
        "output_times": Rule("integer", 2, 100_000),
        "max_steps": Rule("integer", 10),
    },
}
"""Scalar fields of each schema class: their kind of unit and allowed interval (SI)."""

DIAMETER = open_closed("length", 0.0, 1e-3)
VOLUME_FRACTION = open_closed("fraction", 0.0, 1.0)
SCHEDULE_TIME = Rule("time", 0.0)
SCHEDULE_RATE = Rule("mass_flux", 0.0, 0.1)


def check_scenario(scenario: Scenario) -> None:
    """Check every field of a scenario against its allowed range and the fields against each other.

    Parameters
    ----------
    scenario : the scenario, in SI units

    Raises
    ------
    ScenarioError
        Naming the first offending field (dotted path, e.g. ``layers[0].wet_thickness``),
        its value and what is allowed.
    """
    _check_type(scenario, Scenario, "<scenario>")
    _check_text(scenario.name, "name")
    _check_text(scenario.solvent, "solvent")
    _check_type(scenario.description, str, "description")
    for i, reference in enumerate(_check_tuple(scenario.references, "references")):
        _check_type(reference, str, f"references[{i}]")
    layers = _check_tuple(scenario.layers, "layers", minimum=1)
    for i, layer in enumerate(layers):
        _check_layer(layer, f"layers[{i}]")
    _check_unique([layer.name for layer in layers], "layers", "layer")
    _check_materials_agree(layers)
    _check_fields(_check_type(scenario.rheology, Rheology, "rheology"), "rheology")
    if isinstance(scenario.drying, Dryer):
        _check_dryer(scenario.drying, "drying")
    else:
        _check_drying(_check_type(scenario.drying, DryingSchedule, "drying"), "drying")
    _check_fields(_check_type(scenario.physics, PhysicsParameters, "physics"), "physics")
    _check_numerics(_check_type(scenario.numerics, Numerics, "numerics"), "numerics")


def _check_layer(layer: Layer, path: str) -> None:
    """One layer: name, exactly one of thickness/loading, ranges, components summing to 1."""
    _check_type(layer, Layer, path)
    _check_text(layer.name, f"{path}.name")
    given = {"wet_thickness": layer.wet_thickness, "areal_loading": layer.areal_loading}
    if sum(value is not None for value in given.values()) != 1:
        raise ScenarioError(path, given, "exactly one of wet_thickness, areal_loading")
    _check_fields(layer, path)
    components = _check_tuple(layer.components, f"{path}.components", minimum=1)
    for j, component in enumerate(components):
        _check_component(component, f"{path}.components[{j}]")
    _check_unique([c.name for c in components], f"{path}.components", "component")
    _check_sum([c.mass_fraction for c in components], f"{path}.components[*].mass_fraction")


def _check_component(component: Component, path: str) -> None:
    """One component: name, material key, mass fraction and size distribution."""
    _check_type(component, Component, path)
    _check_text(component.name, f"{path}.name")
    _check_text(component.material, f"{path}.material")
    _check_fields(component, path)
    if component.size is not None:
        _check_size(_check_type(component.size, SizeDistribution, f"{path}.size"), f"{path}.size")


def _check_size(size: SizeDistribution, path: str) -> None:
    """Diameters positive; either D10 <= D50 <= D90 (no fractions) or classes with fractions summing to 1."""
    diameters = _check_tuple(size.diameters, f"{path}.diameters", minimum=1)
    fractions = _check_tuple(size.volume_fractions, f"{path}.volume_fractions")
    for i, diameter in enumerate(diameters):
        check_value(diameter, f"{path}.diameters[{i}]", DIAMETER)
    if not fractions:
        if len(diameters) != 3 or not diameters[0] <= diameters[1] <= diameters[2]:
            allowed = "three diameters d10 <= d50 <= d90 (empty volume_fractions marks percentiles)"
            raise ScenarioError(f"{path}.diameters", diameters, allowed)
        return
    if len(fractions) != len(diameters):
        allowed = f"one volume fraction per diameter ({len(diameters)})"
        raise ScenarioError(f"{path}.volume_fractions", fractions, allowed)
    for i, fraction in enumerate(fractions):
        check_value(fraction, f"{path}.volume_fractions[{i}]", VOLUME_FRACTION)
    _check_sum(fractions, f"{path}.volume_fractions")


def _check_drying(drying: DryingSchedule, path: str) -> None:
    """Schedule starts at t = 0, times strictly increase, rates in range and not all zero."""
    _check_fields(drying, path)
    if drying.interpolation not in INTERPOLATIONS:
        raise ScenarioError(f"{path}.interpolation", drying.interpolation, " or ".join(INTERPOLATIONS))
    times = _check_tuple(drying.times, f"{path}.times", minimum=1)
    rates = _check_tuple(drying.rates, f"{path}.rates", minimum=1)
    if len(rates) != len(times):
        raise ScenarioError(f"{path}.rates", rates, f"one rate per time ({len(times)})")
    for i, (time, rate) in enumerate(zip(times, rates, strict=True)):
        check_value(time, f"{path}.times[{i}]", SCHEDULE_TIME)
        check_value(rate, f"{path}.rates[{i}]", SCHEDULE_RATE)
    if times[0] != 0:
        raise ScenarioError(f"{path}.times[0]", times[0], "0 s (the schedule starts at t = 0)")
    for i in range(1, len(times)):
        if times[i] <= times[i - 1]:
            allowed = f"strictly increasing times: more than times[{i - 1}] = {times[i - 1]!r} s"
            raise ScenarioError(f"{path}.times[{i}]", times[i], allowed)
    if not any(rate > 0 for rate in rates):
        raise ScenarioError(f"{path}.rates", rates, "at least one rate > 0 kg/m^2/s")


def _check_dryer(dryer: Dryer, path: str) -> None:
    """Web speed, foil and every zone in range; each zone heats the top, by coefficient or nozzles."""
    _check_fields(dryer, path)
    foil = _check_type(dryer.foil, Foil, f"{path}.foil")
    _check_text(foil.material, f"{path}.foil.material")
    _check_fields(foil, f"{path}.foil")
    if dryer.nozzles is not None:
        _check_fields(_check_type(dryer.nozzles, SlotNozzles, f"{path}.nozzles"), f"{path}.nozzles")
    zones = _check_tuple(dryer.zones, f"{path}.zones", minimum=1)
    for i, zone in enumerate(zones):
        _check_zone(_check_type(zone, DryerZone, f"{path}.zones[{i}]"), f"{path}.zones[{i}]", dryer.nozzles)


def _check_zone(zone: DryerZone, path: str, nozzles: SlotNozzles | None) -> None:
    """A zone: fields in range; per side at most one of coefficient and nozzle velocity, the top one required."""
    _check_type(zone.name, str, f"{path}.name")
    _check_fields(zone, path)
    for side in ("top", "bottom"):
        given = {f"heat_transfer_{side}": getattr(zone, f"heat_transfer_{side}"),
                 f"nozzle_velocity_{side}": getattr(zone, f"nozzle_velocity_{side}")}
        count = sum(value is not None for value in given.values())
        if count > 1 or (side == "top" and count == 0):
            allowed = ("exactly one of " if side == "top" else "at most one of ") + ", ".join(given)
            reason = "the top must be heated: the solvent leaves there" if count == 0 else "both given"
            raise ScenarioError(f"{path}.heat_transfer_{side}", given, allowed, reason=reason)
        if given[f"nozzle_velocity_{side}"] is not None and nozzles is None:
            raise ScenarioError(f"{path}.nozzle_velocity_{side}", given[f"nozzle_velocity_{side}"],
                                "a heat_transfer_" + side + " coefficient, or drying.nozzles geometry",
                                reason="a nozzle velocity needs the slot-nozzle geometry of the dryer")


def _check_numerics(numerics: Numerics, path: str) -> None:
    """Numerical settings in range, and the first step no longer than the largest."""
    _check_fields(numerics, path)
    if numerics.initial_time_step > numerics.max_time_step:
        allowed = f"at most max_time_step = {numerics.max_time_step!r} s"
        raise ScenarioError(f"{path}.initial_time_step", numerics.initial_time_step, allowed)


def _check_materials_agree(layers: Sequence[Layer]) -> None:
    """A component name used in several layers must name the same material everywhere."""
    first: dict[str, tuple[str, str]] = {}
    for i, layer in enumerate(layers):
        for j, component in enumerate(layer.components):
            material, where = first.setdefault(component.name, (component.material, f"layers[{i}]"))
            if component.material != material:
                allowed = f"'{material}', as for component '{component.name}' in {where}"
                field = f"layers[{i}].components[{j}].material"
                raise ScenarioError(field, component.material, allowed, reason="same name, other material")


def _check_fields(obj: object, path: str) -> None:
    """Check the scalar fields of ``obj`` listed in :data:`RULES`."""
    for name, rule in RULES[type(obj)].items():
        check_value(getattr(obj, name), f"{path}.{name}", rule)


def _check_sum(fractions: Sequence[float], field: str) -> None:
    """Fractions must sum to 1 within :data:`SUM_TOLERANCE`; the message gives the sum in %."""
    total = math.fsum(fractions)
    if not abs(total - 1.0) <= SUM_TOLERANCE:
        allowed = f"fractions summing to 100 % (within {100 * SUM_TOLERANCE:g} %)"
        raise ScenarioError(field, tuple(fractions), allowed, reason=f"they sum to {100 * total:.6g} %")


def _check_unique(names: Sequence[str], field: str, what: str) -> None:
    """No name may appear twice in one list."""
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ScenarioError(field, duplicates, f"distinct {what} names", reason="duplicate names")


def _check_text(value: object, field: str) -> None:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(field, value, "a non-empty string")


def _check_type(value: object, cls: type[T], field: str) -> T:
    """``value`` must be a ``cls``; returns it for chaining."""
    if not isinstance(value, cls):
        raise ScenarioError(field, value, f"a {cls.__name__}", reason=f"got a {type(value).__name__}")
    return value


def _check_tuple(value: object, field: str, minimum: int = 0) -> tuple:
    """A tuple (the scenario is immutable) with at least ``minimum`` items."""
    if not isinstance(value, tuple):
        allowed = "a tuple (the scenario is immutable)"
        raise ScenarioError(field, value, allowed, reason=f"got a {type(value).__name__}")
    if len(value) < minimum:
        raise ScenarioError(field, value, f"at least {minimum} item(s)")
    return value

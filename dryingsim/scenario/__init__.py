"""Scenarios: a TOML file with units becomes a validated, immutable :class:`Scenario` in SI units.

The complete check (materials, packing, dryer) is :func:`dryingsim.load_scenario`; :func:`read_scenario`
checks the fields alone.
"""

from dryingsim.scenario.load import read_scenario, scenario_from_dict, scenario_to_toml
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
from dryingsim.scenario.validate import check_scenario

__all__ = [
    "Component",
    "Dryer",
    "DryerZone",
    "DryingSchedule",
    "Foil",
    "Layer",
    "Numerics",
    "PhysicsParameters",
    "Rheology",
    "Scenario",
    "SizeDistribution",
    "SlotNozzles",
    "check_scenario",
    "read_scenario",
    "scenario_from_dict",
    "scenario_to_toml",
]

"""Scenarios: a TOML file with units becomes a validated, immutable :class:`Scenario` in SI units.

>>> from dryingsim.scenario import load_scenario
>>> scenario = load_scenario("scenarios/anode-medium.toml")  # doctest: +SKIP
"""

from dryingsim.scenario.load import load_scenario, scenario_from_dict, scenario_to_toml
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
    "load_scenario",
    "scenario_from_dict",
    "scenario_to_toml",
]

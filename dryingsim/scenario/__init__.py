"""Scenarios: a TOML file with units becomes a validated, immutable :class:`Scenario` in SI units.

>>> from dryingsim.scenario import load_scenario
>>> scenario = load_scenario("examples/anode.toml")  # doctest: +SKIP
"""

from dryingsim.scenario.load import load_scenario, scenario_from_dict, scenario_to_toml
from dryingsim.scenario.schema import (
    Component,
    DryingSchedule,
    Layer,
    Numerics,
    PhysicsParameters,
    Rheology,
    Scenario,
    SizeDistribution,
)
from dryingsim.scenario.validate import check_scenario

__all__ = [
    "Component",
    "DryingSchedule",
    "Layer",
    "Numerics",
    "PhysicsParameters",
    "Rheology",
    "Scenario",
    "SizeDistribution",
    "check_scenario",
    "load_scenario",
    "scenario_from_dict",
    "scenario_to_toml",
]

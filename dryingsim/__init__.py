"""dryingsim: through-thickness simulation of battery-electrode drying.

    scenario = dryingsim.load_scenario("scenarios/anode-medium.toml")
    result = dryingsim.simulate(scenario)          # xarray.Dataset
    dryingsim.metrics(result)["binder_top_bottom_ratio"]
"""

from __future__ import annotations

from pathlib import Path

from dryingsim._version import __version__
from dryingsim.errors import DryingsimError, ScenarioError, SolverError
from dryingsim.materials.formulation import describe_formulation
from dryingsim.results.io import load_result, save_result
from dryingsim.results.metrics import metrics
from dryingsim.scenario import Scenario, scenario_from_dict
from dryingsim.scenario import load_scenario as _read_scenario
from dryingsim.simulation import simulate


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario TOML file and check it completely (fields, units, materials, packing)."""
    scenario = _read_scenario(path)
    describe_formulation(scenario)
    return scenario


__all__ = [
    "DryingsimError", "Scenario", "ScenarioError", "SolverError", "__version__", "load_result", "load_scenario",
    "metrics", "save_result", "scenario_from_dict", "simulate",
]

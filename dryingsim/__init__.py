"""dryingsim: through-thickness simulation of battery-electrode drying.

    scenario = dryingsim.load_scenario("scenarios/anode-medium.toml")
    result = dryingsim.simulate(scenario)          # xarray.Dataset (engine: dryingsim.engines.ENGINES)
    results = dryingsim.simulate_many([scenario, other])  # a batch as arrays
    dryingsim.metrics(result)["binder_top_bottom_ratio"]
    layers = dryingsim.tga(dryingsim.scrape(result, "leps2000", seed=1, step="10 um"), seed=2)

The public names are imported on first use (PEP 562), so ``import dryingsim`` and the command
line's ``--help`` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from dryingsim._version import __version__
from dryingsim.errors import DryingsimError, InputError, ScenarioError, SolverError, SweepError

_LAZY = {
    "Scenario": "dryingsim.scenario",
    "load_scenario": "dryingsim.model",
    "scenario_from_dict": "dryingsim.scenario",
    "simulate": "dryingsim.simulation",
    "simulate_many": "dryingsim.simulation",
    "metrics": "dryingsim.results.metrics",
    "save_result": "dryingsim.results.io",
    "load_result": "dryingsim.results.io",
    "calender": "dryingsim.measurement",
    "scrape": "dryingsim.measurement",
    "tga": "dryingsim.measurement",
    "compare": "dryingsim.measurement",
    "read_measured": "dryingsim.measurement",
    "dryer_report": "dryingsim.results.dryer_report",
    "load_sweep": "dryingsim.sweeps",
    "calibrate": "dryingsim.calibration",
    "predict": "dryingsim.calibration",
    "run_sweep": "dryingsim.sweeps",
    "sensitivity": "dryingsim.sweeps",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dryingsim' has no attribute {name!r}")


__all__ = [
    "DryingsimError", "InputError", "Scenario", "ScenarioError", "SolverError", "SweepError", "__version__",
    "calibrate", "calender", "compare", "dryer_report",
    "load_result", "load_scenario", "load_sweep", "metrics", "predict", "read_measured", "run_sweep", "save_result",
    "scenario_from_dict", "scrape", "sensitivity", "simulate", "simulate_many", "tga",
]

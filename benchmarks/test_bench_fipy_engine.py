"""pytest-benchmark of the FiPy engine (run: python -m pytest benchmarks --benchmark-only).

The full default scenario is not benchmarked yet: its FiPy run is too slow to repeat (see the
issue note); this measures the first 6 s of the verification anode, 30 cells, through the packing front.
"""

from __future__ import annotations

from dryingsim.engines import DryingProblem, run_engine
from dryingsim.scenario import scenario_from_dict

ANODE = {
    "name": "bench-anode", "solvent": "water",
    "rheology": {"liquid_viscosity": "0.1 Pa*s", "yield_stress": "5 Pa"},
    "layers": [{"name": "anode", "wet_thickness": "150 um", "solids_content": "45 %",
                "components": [
                    {"name": "graphite", "material": "graphite", "mass_fraction": "94 %"},
                    {"name": "carbon_black", "material": "carbon_black", "mass_fraction": "1.5 %"},
                    {"name": "sbr", "material": "sbr", "mass_fraction": "3 %"},
                    {"name": "cmc", "material": "cmc", "mass_fraction": "1.5 %"}]}],
    "drying": {"rate": "1.5 g/m^2/s"},
    "numerics": {"cells": 30},
}


def test_fipy_stage1_first_six_seconds(benchmark):
    """Wall time of 6 s of shrinkage with the packing front forming; extra_info has the step count."""
    problem = DryingProblem.from_scenario(scenario_from_dict(ANODE))
    record = benchmark.pedantic(run_engine, args=(problem, "fipy"), kwargs={"until": 6.0}, rounds=3, iterations=1)
    benchmark.extra_info["time_steps"] = record.steps
    benchmark.extra_info["rejected_steps"] = record.rejected_steps

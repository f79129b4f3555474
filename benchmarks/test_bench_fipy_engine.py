"""pytest-benchmark of the FiPy engine (run: python -m pytest benchmarks --benchmark-only).

The full default scenario is not benchmarked yet: its FiPy run is too slow to repeat (see the
issue note); this measures the first 6 s of the verification anode (tests/data), 30 cells, through
the start of evaporation and the forming packing front.
"""

from __future__ import annotations

from pathlib import Path

from dryingsim.engines import DryingProblem, run_engine
from dryingsim.scenario import load_scenario

VERIFICATION_ANODE = Path(__file__).parents[1] / "tests" / "data" / "verification-anode.toml"


def test_fipy_stage1_first_six_seconds(benchmark):
    """Wall time of 6 s of the verification anode; extra_info has the step counts."""
    problem = DryingProblem.from_scenario(load_scenario(VERIFICATION_ANODE))
    record = benchmark.pedantic(run_engine, args=(problem, "fipy"), kwargs={"until": 6.0}, rounds=3, iterations=1)
    benchmark.extra_info["time_steps"] = record.steps
    benchmark.extra_info["rejected_steps"] = record.rejected_steps

"""pytest-benchmark of the FiPy engine on the default scenario (run: python -m pytest benchmarks).

One round of the whole default scenario (scenarios/anode-medium.toml, 100 cells, until dry);
``extra_info`` records the accepted and rejected time steps and the peak resident memory.
The verification anode (tests/data, 30 cells) is timed too, as a quick regression check.
"""

from __future__ import annotations

import resource
from pathlib import Path

from dryingsim.engines import run_engine
from dryingsim.model import DryingProblem, load_scenario

ROOT = Path(__file__).parents[1]
DEFAULT_SCENARIO = ROOT / "scenarios" / "anode-medium.toml"
VERIFICATION_ANODE = ROOT / "tests" / "data" / "verification-anode.toml"


def _bench(benchmark, scenario: Path, rounds: int) -> None:
    problem = DryingProblem.from_scenario(load_scenario(scenario))
    record = benchmark.pedantic(run_engine, args=(problem, "fipy"), rounds=rounds, iterations=1)
    benchmark.extra_info["time_steps"] = record.steps
    benchmark.extra_info["rejected_steps"] = record.rejected_steps
    benchmark.extra_info["drying_time_s"] = record.drying_time
    benchmark.extra_info["peak_rss_MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_fipy_default_scenario_until_dry(benchmark):
    """Wall time of the default scenario from coating to dry film."""
    _bench(benchmark, DEFAULT_SCENARIO, rounds=1)


def test_fipy_verification_anode_until_dry(benchmark):
    """Wall time of the 30-cell verification anode from coating to dry film."""
    _bench(benchmark, VERIFICATION_ANODE, rounds=3)

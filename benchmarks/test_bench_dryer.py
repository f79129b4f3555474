"""pytest-benchmark of the dryer model (run: python -m pytest benchmarks).

The whole anode-dryer scenario (100 cells, until dry) against the default scenario of
test_bench_fipy_engine.py shows what the film-temperature coupling costs; the implicit-Euler
film-temperature solve of one step is timed on its own.
"""

from __future__ import annotations

import resource
from pathlib import Path

from dryingsim.engines import run_engine
from dryingsim.model import DryingProblem, load_scenario

DRYER_SCENARIO = Path(__file__).parents[1] / "scenarios" / "anode-dryer.toml"


def test_fipy_anode_dryer_until_dry(benchmark):
    """Wall time of anode-dryer from coating to dry film (three zones, film temperature each step)."""
    problem = DryingProblem.from_scenario(load_scenario(DRYER_SCENARIO))
    record = benchmark.pedantic(run_engine, args=(problem, "fipy"), rounds=1, iterations=1)
    benchmark.extra_info["time_steps"] = record.steps
    benchmark.extra_info["rejected_steps"] = record.rejected_steps
    benchmark.extra_info["drying_time_s"] = record.drying_time
    benchmark.extra_info["peak_rss_MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_film_temperature_step(benchmark):
    """One implicit-Euler step of the film energy balance (a bracketed scalar root)."""
    dryer = DryingProblem.from_scenario(load_scenario(DRYER_SCENARIO)).conditions
    temperature = benchmark(dryer.film_temperature, 10.0, 0.5, 300.0, 600.0)
    assert 298.0 < temperature < 333.15

"""pytest-benchmark of the fast engine against the FiPy reference, of a batch, and of the cost per cell count.

Run: ``python -m pytest benchmarks/test_bench_fast_engine.py``. ``extra_info`` records what issue 5 asks
for: time steps, scenarios per second of a 256-scenario batch, peak memory (tracemalloc: numpy's arrays
are traced) and the exponent of a power-law fit of the cost against the number of cells.
"""

from __future__ import annotations

import resource
import tracemalloc
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import dryingsim
from dryingsim.engines import DryingProblem, run_engine
from dryingsim.simulation import BATCH_SIZE

DEFAULT_SCENARIO = Path(__file__).parents[1] / "scenarios" / "anode-medium.toml"
CELL_COUNTS = (50, 100, 200, 400, 800)
_cost_per_cells: dict[int, float] = {}


def _default(cells: int = 100):
    scenario = dryingsim.load_scenario(DEFAULT_SCENARIO)
    return replace(scenario, numerics=replace(scenario.numerics, cells=cells))


@pytest.mark.parametrize("engine", ["fipy", "fast"])
def test_default_scenario_with_each_engine(benchmark, engine):
    """One run of the default scenario (100 cells, until dry) with each engine, side by side."""
    problem = DryingProblem.from_scenario(_default())
    record = benchmark.pedantic(run_engine, args=(problem, engine), rounds=1, iterations=1)
    benchmark.extra_info.update(time_steps=record.steps, rejected_steps=record.rejected_steps,
                                drying_time_s=record.drying_time)


@pytest.mark.parametrize("batch_size", [BATCH_SIZE, 256])
def test_batch_of_256_default_scenarios(benchmark, batch_size):
    """256 variants of the default scenario (drying rate 1.2-1.8 g/m2/s, wet thickness +-20 %) through
    simulate_many, in batches of the default size and all 256 in one march."""
    base = _default()
    rng = np.random.default_rng(5)
    scenarios = []
    for rate, scale in zip(rng.uniform(1.2e-3, 1.8e-3, 256), rng.uniform(0.8, 1.2, 256), strict=True):
        layers = tuple(replace(layer, areal_loading=layer.areal_loading * scale) for layer in base.layers)
        scenarios.append(replace(base, drying=replace(base.drying, rates=(rate,)), layers=layers))

    def run():
        tracemalloc.start()
        results = dryingsim.simulate_many(scenarios, engine="fast", batch_size=batch_size)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return results, peak

    results, peak = benchmark.pedantic(run, rounds=1, iterations=1)
    seconds = benchmark.stats.stats.mean
    failed = [r for r in results if not hasattr(r, "attrs")]
    benchmark.extra_info.update(scenarios=len(scenarios), failed=len(failed),
                                scenarios_per_second=len(scenarios) / seconds,
                                peak_traced_MiB=peak / 2**20,
                                peak_rss_MiB=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    assert not failed


@pytest.mark.parametrize("cells", CELL_COUNTS)
def test_fast_engine_cost_against_cells(benchmark, cells):
    """The default scenario at 50-800 cells; the last one fits cost ~ cells^k and records k."""
    problem = DryingProblem.from_scenario(_default(cells))
    record = benchmark.pedantic(run_engine, args=(problem, "fast"), rounds=1, iterations=1)
    _cost_per_cells[cells] = benchmark.stats.stats.mean
    benchmark.extra_info.update(time_steps=record.steps, rejected_steps=record.rejected_steps)
    if len(_cost_per_cells) == len(CELL_COUNTS):
        exponent = np.polyfit(np.log(list(_cost_per_cells)), np.log(list(_cost_per_cells.values())), 1)[0]
        benchmark.extra_info["fitted_exponent"] = float(exponent)

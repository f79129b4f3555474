"""pytest-benchmark of the fast engine against the FiPy reference, of a batch, and of the cost per cell count.

Run: ``python -m pytest benchmarks/test_bench_fast_engine.py``. ``extra_info`` records what issue 5 asks
for: time steps, scenarios per second of 256 scenarios, their peak resident memory (measured in a fresh
process) and the exponent of a power-law fit of the cost against the number of cells.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import dryingsim
from dryingsim.engines import run_engine
from dryingsim.model import DryingProblem
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


BATCH_RUN = """
import json, resource, sys, time
from dataclasses import replace
import numpy as np
import dryingsim
base = dryingsim.load_scenario(sys.argv[1])
rng = np.random.default_rng(5)
scenarios = [replace(base, drying=replace(base.drying, rates=(rate,)),
                     layers=tuple(replace(layer, areal_loading=layer.areal_loading * scale) for layer in base.layers))
             for rate, scale in zip(rng.uniform(1.2e-3, 1.8e-3, 256), rng.uniform(0.8, 1.2, 256))]
start = time.perf_counter()
results = dryingsim.simulate_many(scenarios, engine="fast", batch_size=int(sys.argv[2]))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "failed": sum(not hasattr(r, "attrs") for r in results),
                  "peak_rss_MiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@pytest.mark.parametrize("batch_size", [BATCH_SIZE, 256])
def test_batch_of_256_default_scenarios(benchmark, batch_size):
    """256 variants of the default scenario (drying rate 1.2-1.8 g/m2/s, areal loading +-20 %) through
    simulate_many, in batches of the default size and all 256 in one march. Each runs in a fresh Python
    process, so that its peak resident memory (the whole process: interpreter, libraries, arrays, results)
    is its own; the rate counts simulate_many alone."""
    def run():
        done = subprocess.run([sys.executable, "-c", BATCH_RUN, str(DEFAULT_SCENARIO), str(batch_size)],
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    figures = benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info.update(scenarios=256, batch_size=batch_size, failed=figures["failed"],
                                scenarios_per_second=256 / figures["seconds"],
                                peak_rss_MiB=figures["peak_rss_MiB"])
    assert figures["failed"] == 0


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

"""pytest-benchmark of a fit: 2 parameters to 2 measured profiles of the default anode (100 cells).

Run: ``python -m pytest benchmarks/test_bench_calibration.py``. The 'measured' profiles are virtual lab
measurements of the default anode dried at 1 and 3 g/m2/s with known parameter values; issue 8 asks that
such a fit finish in under 60 s on this machine (2 cores: the model runs of each batch are shared by two
worker processes, the default). ``extra_info`` records the model runs, the result, the model's numerical
noise and whether the known values lie inside the 95 % intervals.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import dryingsim
from dryingsim.calibration import calibrate
from dryingsim.calibration.fit import _parameters
from dryingsim.measurement import virtual_lab_measurement
from dryingsim.scenario.edit import ScenarioEditor

DEFAULT_SCENARIO = Path(__file__).parents[1] / "scenarios" / "anode-medium.toml"
BOUNDS = {"physics.binder_diffusivity": ("1e-11 m^2/s", "1e-9 m^2/s"), "physics.latex_bound_fraction": (0.0, 0.9)}


def test_fit_of_two_parameters_to_two_profiles(benchmark):
    base = dryingsim.load_scenario(DEFAULT_SCENARIO)
    scenarios = [replace(base, drying=replace(base.drying, rates=(rate,))) for rate in (1e-3, 3e-3)]
    truth = (1e-10, 0.3)
    truths = dryingsim.simulate_many([ScenarioEditor.from_scenario(s, _parameters(BOUNDS)).scenario(truth, "truth")
                                      for s in scenarios])
    measured = [virtual_lab_measurement(result, seed=k) for k, result in enumerate(truths)]
    fit = benchmark.pedantic(calibrate, args=(scenarios, measured, BOUNDS), rounds=1, iterations=1)
    benchmark.extra_info.update(model_runs=fit.evaluations, points=fit.points, chi_square=fit.chi_square,
                                model_noise=fit.model_noise, values=[float(v) for v in fit.values],
                                intervals=[[float(a), float(b)] for a, b in fit.intervals],
                                truth_inside=[bool(low <= known <= high)
                                              for known, (low, high) in zip(truth, fit.intervals, strict=True)])

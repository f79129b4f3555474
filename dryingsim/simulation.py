"""The whole pipeline in one short function: scenario -> problem -> engine -> result Dataset."""

from __future__ import annotations

import xarray as xr

from dryingsim.engines import DryingProblem, run_engine
from dryingsim.errors import ScenarioError
from dryingsim.results.dataset import build_result
from dryingsim.results.metrics import metrics, metrics_as_attrs
from dryingsim.scenario import Scenario, check_scenario


def simulate(scenario: Scenario, engine: str = "fipy", progress: bool = False) -> xr.Dataset:
    """Simulate the drying of ``scenario`` and return the result Dataset.

    Every input check (field ranges, materials, packing) runs before any compute. The result
    carries the scenario, the package version, the material sources and the migration metrics
    (``metric_*`` attributes; see :func:`dryingsim.metrics`).

    Raises
    ------
    ScenarioError : bad input, naming the field, the value and the allowed range
    SolverError : the time integration failed; says at what time and why
    """
    check_scenario(scenario)
    problem = DryingProblem.from_scenario(scenario)
    if not problem.conditions.is_dryer and scenario.drying.rates[-1] <= 0.0:
        raise ScenarioError("drying.schedule", scenario.drying.rates[-1],
                            "a last rate above 0 kg m-2 s-1", reason="the film would never dry")
    if progress:
        from tqdm import tqdm

        with tqdm(total=100, desc=scenario.name, unit="% solvent", bar_format="{l_bar}{bar}| {elapsed}") as bar:
            def report(fraction: float) -> None:
                bar.update(round(100 * min(fraction, 1.0), 1) - bar.n)

            record = run_engine(problem, engine, report)
    else:
        record = run_engine(problem, engine)
    result = build_result(problem, record, engine)
    result.attrs.update(metrics_as_attrs(metrics(result)))
    return result

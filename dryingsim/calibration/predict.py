"""Predictions that carry the fit's uncertainty: a band, not a line.

The fitted parameters are drawn from the normal distribution of the fit in its fitted scale u (best
point and covariance of :class:`~dryingsim.calibration.fit.FitResult`, clipped to the bounds), the
engineer's changes (a new drying rate, say) are applied to every draw, and all draws run as one batch.
The band of any output is the 2.5-97.5 percentile range over the draws (95 %); draw 0 is the best fit
itself, the central prediction.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import xarray as xr

from dryingsim._version import __version__
from dryingsim.calibration.fit import FitResult, uncertainty_path
from dryingsim.engines import DEFAULT_ENGINE
from dryingsim.errors import DryingsimError, InputError
from dryingsim.inputs.arguments import check_count, check_seed
from dryingsim.inputs.toml import read_toml
from dryingsim.model import load_scenario
from dryingsim.results.metrics import (
    ACTIVE_ROLES,
    METRIC_PREFIX,
    binder_components,
    components_with_role,
    metric_units,
)
from dryingsim.scenario import Scenario, scenario_to_toml
from dryingsim.scenario.edit import Parameter, ScenarioEditor, parse_quantity
from dryingsim.simulation import simulate_many

BAND = (2.5, 97.5)
"""Percentiles of the draws that bound the prediction band [%]."""


def _fitted(fitted: FitResult | str | Path) -> tuple[Scenario, tuple[Parameter, ...], np.ndarray, np.ndarray]:
    """The fitted scenario, its fitted parameters, and their best point and covariance in u."""
    if isinstance(fitted, FitResult):
        return fitted.scenario, fitted.parameters, fitted.unit_values, fitted.unit_covariance
    path = Path(fitted)
    scenario = load_scenario(path)
    source = uncertainty_path(path)
    if not source.is_file():
        raise InputError(str(source), "missing", f"the fit's uncertainty file next to {path.name}, as "
                         "'dryingsim calibrate -o' writes it")
    parameters, best, covariance = _read_uncertainty(source)
    return scenario, parameters, best, covariance


def _read_uncertainty(source: Path) -> tuple[tuple[Parameter, ...], np.ndarray, np.ndarray]:
    """The fitted parameters and their best point and covariance in u from a ``.fit.toml``, every entry
    checked: a damaged file is named with what is wrong, never a numpy error."""
    table = read_toml(source)
    expected = "a fit uncertainty file as dryingsim calibrate writes it"

    def bad(what: str, value: object) -> InputError:
        return InputError(f"{source}: {what}", value, expected)

    entries = table.get("parameters")
    if not isinstance(entries, list) or not entries or not all(isinstance(p, dict) for p in entries):
        raise bad("parameters", entries)
    parameters = []
    for i, p in enumerate(entries):
        path, units, low, high, scale = (p.get(key) for key in ("path", "units", "low", "high", "scale"))
        numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) and np.isfinite(x) for x in (low, high))
        if not (isinstance(path, str) and isinstance(units, str) and numbers and low < high  # type: ignore[operator]
                and scale in ("linear", "log") and (scale == "linear" or low > 0)):  # type: ignore[operator]
            raise bad(f"parameters[{i}]", p)
        parameters.append(Parameter(path, path, units, bounds=(float(low), float(high)), scale=scale))
    unit = table.get("unit")
    n = len(parameters)
    try:
        best = np.array(unit["best"], dtype=float)  # type: ignore[index]
        covariance = np.array(unit["covariance"], dtype=float)  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        raise bad("unit", unit) from None
    if best.shape != (n,) or covariance.shape != (n, n) or not (np.all(np.isfinite(best))
                                                              and np.all(np.isfinite(covariance))):
        raise bad("unit", unit)
    if not np.allclose(covariance, covariance.T) or np.linalg.eigvalsh(covariance).min() < -1e-12:
        raise bad("unit.covariance", covariance.tolist())
    return tuple(parameters), best, covariance


def _changes(changes: Mapping[str, object] | None) -> tuple[tuple[Parameter, ...], list[float]]:
    """``{"drying.rate": "3 g/m^2/s"}`` -> parameters and their values [SI]."""
    parameters, values = [], []
    for path, value in (changes or {}).items():
        number, units = parse_quantity(value, f"changes['{path}']", InputError)
        parameters.append(Parameter(path, path, units))
        values.append(float(number))
    return tuple(parameters), values


def predict(fitted: FitResult | str | Path, changes: Mapping[str, object] | None = None, *, samples: int = 64,
            seed: int = 0, engine: str = DEFAULT_ENGINE, workers: int | None = None) -> xr.Dataset:
    """Predict the dry binder profile and the metrics of a fitted scenario with its uncertainty band.

    Parameters
    ----------
    fitted : a :class:`FitResult`, or a fitted scenario file written by ``dryingsim calibrate -o``
        (its ``<stem>.fit.toml`` next to it holds the uncertainty)
    changes : ``{"dotted.path": value}`` applied to every draw, values as '<number> <unit>' texts or
        numbers in SI (the addressing of sweep files)
    samples : draws of the fitted parameters (draw 0 is the best fit)
    seed, engine, workers : random seed of the draws; engine; processes sharing the runs (default: the cores)

    Returns
    -------
    xarray.Dataset
        ``binder_mass_fraction`` (sample, depth) [%] on the central run's depth, its ``_low``,
        ``_median`` and ``_high`` over the draws; every scalar metric per sample with its band; the
        drawn parameter values. Attributes: the central scenario, the changes, the fit's parameters,
        the material sources and the package version.

    Raises
    ------
    InputError : a missing uncertainty file, a change path that is not a numeric field, fewer than 2 samples
    DryingsimError : the central (best-fit) run failed
    """
    check_count(samples, "samples", 2)
    check_seed(seed)
    check_count(workers, "workers", none=True)
    scenario, fitted_parameters, best, covariance = _fitted(fitted)
    changed, changed_values = _changes(changes)
    clash = {p.path for p in fitted_parameters} & {p.path for p in changed}
    if clash:
        raise InputError("changes", sorted(clash), "fields that were not fitted (a fitted field comes from the fit)")
    editor = ScenarioEditor.from_scenario(scenario, fitted_parameters + changed, error=InputError,
                                          field="changes[{i}]")
    draws = np.random.default_rng(seed).multivariate_normal(best, covariance, size=samples - 1, method="eigh")
    units = np.clip(np.vstack([best, draws]), 0.0, 1.0)
    values = np.array([[p.from_unit(x) for p, x in zip(fitted_parameters, u, strict=True)] for u in units])
    scenarios = [editor.scenario([*row, *changed_values], f"{scenario.name}-" + (f"draw{k}" if k else "predicted"))
                 for k, row in enumerate(values)]
    results = simulate_many(scenarios, engine=engine, workers=workers)
    if isinstance(results[0], DryingsimError):
        raise DryingsimError(f"the best-fit scenario failed with the changes {dict(changes or {})}: {results[0]}")
    kept = [k for k, r in enumerate(results) if not isinstance(r, DryingsimError)]
    return _band(results, kept, values, fitted_parameters, scenarios[0], dict(changes or {}))


def _band(results: list, kept: list[int], values: np.ndarray, parameters: tuple[Parameter, ...],
          central: Scenario, changes: dict) -> xr.Dataset:
    """The draws that ran, their binder profiles and metrics, and the percentile band of each."""
    reference = results[0]
    depth = reference["depth"].values
    profiles = []
    for k in kept:
        result = results[k]
        binder = result["dry_mass_fraction"].sel(component=binder_components(result)).sum("component").values
        profiles.append(np.interp(depth / depth[-1], result["depth"].values / result["depth"].values[-1], binder))
    profiles = np.array(profiles)
    pct = {"units": "percent"}
    data = {"binder_mass_fraction": (("sample", "depth"), profiles,
                                     {**pct, "long_name": "dry binder mass fraction of each draw"})}
    for name, values_of, text in (("low", BAND[0], f"{BAND[0]} % percentile"), ("median", 50.0, "median"),
                                  ("high", BAND[1], f"{BAND[1]} % percentile")):
        data[f"binder_mass_fraction_{name}"] = ("depth", np.percentile(profiles, values_of, axis=0),
                                                {**pct, "long_name": f"{text} of the dry binder mass fraction"})
    active = components_with_role(reference, ACTIVE_ROLES)
    for key, units in metric_units(active).items():
        per_sample = np.array([float(results[k].attrs[key]) for k in kept])
        name = key.removeprefix(METRIC_PREFIX)
        data[key] = ("sample", per_sample, {"units": units, "long_name": f"{name} of each draw"})
        for end, q in zip(("low", "high"), BAND, strict=True):
            data[f"{key}_{end}"] = ((), np.percentile(per_sample, q), {"units": units,
                                                                      "long_name": f"{name}, {q} % percentile"})
    for j, p in enumerate(parameters):
        data[f"parameter_{j}"] = ("sample", values[kept, j], {"units": p.units, "long_name": f"drawn {p.path}"})
    return xr.Dataset(
        data_vars=data,
        coords={"depth": ("depth", depth, {"units": "m", "long_name": "depth below the dry surface (central run)"}),
                "sample": ("sample", np.array(kept), {"long_name": "draw of the fitted parameters (0: best fit)"})},
        attrs={"title": f"prediction with uncertainty: {central.name}", "scenario": scenario_to_toml(central),
               "changes": repr(changes), "fitted_parameters": ", ".join(p.path for p in parameters),
               "draws": len(results), "draws_failed": len(results) - len(kept),
               "band": f"{BAND[0]}-{BAND[1]} percentiles of the draws",
               "material_sources": reference.attrs.get("material_sources", ""), "dryingsim_version": __version__},
    )

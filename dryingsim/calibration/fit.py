r"""Fitting poorly known scenario fields to measured binder profiles (design/physics.md section 9).

Every measured profile is compared like for like: the model's dry coating goes through the virtual
scraper and TGA at the measured layers (:func:`dryingsim.compare`, ``replicates`` Monte Carlo runs with
one fixed seed, so that the comparison is a smooth function of the parameters: common random numbers).
For measured layer :math:`i` of value :math:`y_i` and standard deviation :math:`s_i`, and virtual
measurements of mean :math:`\mu_i(\theta)` and standard deviation :math:`\sigma_i(\theta)`, the fit
minimises

.. math::  \chi^2(\theta) = r^T r, \qquad r = L^{-1} (y - \mu(\theta)), \qquad
           L L^T = \mathrm{diag}(s_i^2) + C(\theta)

with :math:`C` the covariance of the virtual measurements between layers (its diagonal the
:math:`\sigma_i^2` of :func:`dryingsim.compare`; neighbouring layers share a cut and so its error),
over all profiles at once, by bounded trust-region least squares (``scipy.optimize.least_squares``,
Branch, Coleman & Li 1999). Parameters are fitted in :math:`u \in [0, 1]`, mapped onto their bounds
linearly, or logarithmically when the bounds span a factor 10 or more. The Jacobian is a forward
difference whose points run as one batch on the fast engine. The covariance of :math:`u` at the best
fit is :math:`(J^T J)^{-1}` (the residuals are already scaled by their standard deviations; Press et
al. 2007, Numerical Recipes, section 15.5), multiplied by the reduced chi-square when that exceeds 1
(the scatter is then larger than the stated uncertainties; as lmfit's ``scale_covar``); 95 % intervals
are :math:`u \pm 1.96\,\sigma_u`, mapped back onto each parameter's scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xarray as xr
from scipy.optimize import least_squares

from dryingsim.errors import DryingsimError, InputError
from dryingsim.measurement.compare import compare
from dryingsim.measurement.measured import read_measured
from dryingsim.scenario import Scenario, scenario_to_toml
from dryingsim.scenario.edit import Parameter, ScenarioEditor, parse_quantity
from dryingsim.simulation import simulate_many

Z_95 = 1.959963984540054
"""Two-sided 95 % quantile of the normal distribution."""
FD_STEP = 2e-2
"""Forward-difference step in the unit parameter u [-]: 1e-3 is below the noise of the adaptive step
sequence at 100 cells (a 0.5 % change of the diffusivity moved the top/bottom ratio by +-1 %), 2e-2 is not."""
UNDETERMINED = 0.5
"""A parameter whose standard deviation in u exceeds this (its 95 % interval is wider than ~2 x its bounds)
is reported as not determined by the data."""


@dataclass(frozen=True)
class FitResult:
    """The best fit, its uncertainty and what it was fitted to.

    values : best value of each parameter [SI]; intervals : (parameter, 2) 95 % intervals [SI]
    correlation : correlation matrix of the parameters (in the fitted scale u)
    chi_square, points, dof : sum of squared scaled residuals, measured layers, points - parameters
    undetermined : parameters the data do not determine (see :data:`UNDETERMINED`)
    scenarios : the fitted scenarios, one per measured profile; comparisons : their comparisons
    """

    parameters: tuple[Parameter, ...]
    values: np.ndarray
    intervals: np.ndarray
    correlation: np.ndarray
    chi_square: float
    points: int
    dof: int
    undetermined: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    comparisons: tuple[xr.Dataset, ...]
    evaluations: int
    messages: tuple[str, ...] = field(default=())

    def table(self) -> str:
        """A readable table of the fit."""
        lines = [f"{'parameter':<36} {'best':>11} {'95 % interval':>27}  units"]
        for p, value, (low, high) in zip(self.parameters, self.values, self.intervals, strict=True):
            flag = "  (not determined by the data)" if p.path in self.undetermined else ""
            lines.append(f"{p.path:<36} {value:>11.4g} {low:>12.4g} .. {high:<12.4g}  {p.units}{flag}")
        lines.append(f"chi-square {self.chi_square:.4g} for {self.points} points, {self.dof} degrees of freedom "
                     f"(reduced {self.chi_square / max(self.dof, 1):.3g}); {self.evaluations} model runs")
        if len(self.parameters) > 1:
            lines.append("correlation: " + "; ".join(
                f"{a.path} ~ {b.path} {self.correlation[i, j]:+.2f}" for i, a in enumerate(self.parameters)
                for j, b in enumerate(self.parameters) if j > i))
        return "\n".join(lines + list(self.messages))

    def write_scenario(self, path: str | Path, index: int = 0) -> None:
        """Write the fitted scenario ``index`` as a TOML file that runs as it is."""
        Path(path).write_text(scenario_to_toml(self.scenarios[index]), encoding="utf-8")


def _parameters(bounds: Mapping[str, Sequence[object]]) -> tuple[Parameter, ...]:
    """``{"physics.binder_diffusivity": ("1e-10 m^2/s", "1e-9 m^2/s")}`` -> parameters on their scale."""
    if not bounds:
        raise InputError("parameters", dict(bounds), "at least one {'dotted.path': (low, high)}")
    out = []
    for path, pair in bounds.items():
        field_name = f"parameters['{path}']"
        if isinstance(pair, (str, bytes)) or len(pair) != 2:
            raise InputError(field_name, pair, "(low, high), numbers or '<number> <unit>' texts")
        (low, units), (high, other) = (parse_quantity(v, field_name, InputError) for v in pair)
        if units != other or not low < high:
            raise InputError(field_name, tuple(pair), "(low, high) of one unit with low < high")
        scale = "log" if low > 0.0 and high / low >= 10.0 else "linear"
        out.append(Parameter(path, path, units, bounds=(float(low), float(high)), scale=scale))
    return tuple(out)


def _whitened(comparison: xr.Dataset) -> np.ndarray:
    """Residuals scaled by their combined covariance: L^-1 (y - mu), L L^T = diag(s^2) + C_virtual.

    Neighbouring scraped layers share a cut, so a depth error moves both: the virtual measurements'
    covariance between layers carries that, and a fit that ignored it would count correlated scatter
    as independent evidence."""
    covariance = np.diag(comparison["measured_std"].values ** 2) + comparison["predicted_covariance"].values
    lower = np.linalg.cholesky(covariance + np.eye(len(covariance)) * 1e-12 * np.trace(covariance))
    return np.linalg.solve(lower, comparison["residual"].values)


def _to_unit(p: Parameter, value: float) -> float:
    low, high = p.bounds
    return float(np.log(value / low) / np.log(high / low)) if p.scale == "log" else (value - low) / (high - low)


def _own_value(editor: ScenarioEditor, p: Parameter) -> float | None:
    """The base scenario's own value of ``p`` [SI], if the scenario file spells it out."""
    table: object = editor.canonical
    for step in p.path.replace("[", ".").replace("]", "").split("."):
        try:
            table = table[int(step)] if step.isdigit() else table[step]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return float(parse_quantity(table, p.path, InputError)[0])


class _Model:
    """Residuals of every measured profile for parameter points in u, evaluated as one batch."""

    def __init__(self, editors: Sequence[ScenarioEditor], measured: Sequence[xr.Dataset], replicates: int,
                 seed: int, engine: str) -> None:
        self.editors, self.measured = editors, measured
        self.replicates, self.seed, self.engine = replicates, seed, engine
        self.parameters = editors[0].parameters
        self.cache: dict[tuple[float, ...], tuple[np.ndarray, list]] = {}
        self.evaluations = 0

    def values(self, u: np.ndarray) -> np.ndarray:
        return np.array([p.from_unit(x) for p, x in zip(self.parameters, u, strict=True)])

    def evaluate(self, points: Sequence[np.ndarray]) -> list[tuple[np.ndarray, list]]:
        """(scaled residuals, comparisons) at each point in u; one simulate_many call for those not cached."""
        new = [tuple(map(float, u)) for u in points if tuple(map(float, u)) not in self.cache]
        new = list(dict.fromkeys(new))
        scenarios = [editor.scenario(self.values(np.array(u)), f"{editor.base_scenario.name}-fit")
                     for u in new for editor in self.editors]
        results = simulate_many(scenarios, engine=self.engine) if scenarios else []
        self.evaluations += len(scenarios)
        for k, u in enumerate(new):
            residuals, comparisons = [], []
            for j, measured in enumerate(self.measured):
                result = results[k * len(self.editors) + j]
                if isinstance(result, DryingsimError):
                    at = dict(zip([p.path for p in self.parameters], self.values(np.array(u)), strict=True))
                    raise DryingsimError(f"the model failed at {at}: {result}")
                comparison = compare(result, measured, replicates=self.replicates, seed=self.seed)
                residuals.append(_whitened(comparison))
                comparisons.append(comparison)
            self.cache[u] = (np.concatenate(residuals), comparisons)
        return [self.cache[tuple(map(float, u))] for u in points]


def calibrate(scenarios: Scenario | Sequence[Scenario], measured: xr.Dataset | str | Path | Sequence,
              parameters: Mapping[str, Sequence[object]], *, replicates: int = 100, seed: int = 0,
              engine: str = "fast", max_iterations: int = 30) -> FitResult:
    """Fit scenario fields shared by several measured profiles (one scenario per profile).

    Parameters
    ----------
    scenarios : the scenario of each measured profile (the same slurry dried differently, for instance)
    measured : measured profiles (:func:`dryingsim.read_measured` Datasets or CSV paths), one per scenario
    parameters : ``{"dotted.path": (low, high)}``, bounds as numbers or '<number> <unit>' texts; the
        addressing of sweep files (docs/user-guide/sweeps.md)
    replicates, seed : Monte Carlo runs of the virtual scraper + TGA per comparison, and their fixed seed
    max_iterations : least-squares iterations (each one batch of model runs)

    Raises
    ------
    InputError : bad bounds, a path that is not a numeric field, bounds that exclude a scenario's own
        value, as many measured profiles as scenarios not given, measured depths past the coating
    """
    scenarios = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    measured = [measured] if isinstance(measured, (xr.Dataset, str, Path)) else list(measured)
    if len(scenarios) != len(measured) or not scenarios:
        raise InputError("measured", f"{len(measured)} profiles", f"one per scenario ({len(scenarios)})")
    measured = [read_measured(m) if isinstance(m, (str, Path)) else m for m in measured]
    params = _parameters(parameters)
    editors = [ScenarioEditor.from_scenario(s, params, error=InputError, field="parameters[{i}]")
               for s in scenarios]
    start = []
    for p in params:
        own = [v for v in (_own_value(e, p) for e in editors) if v is not None]
        for value in own:
            if not p.bounds[0] <= value <= p.bounds[1]:
                raise InputError(f"parameters['{p.path}']", p.bounds,
                                 f"bounds around the scenario's own value {value:.6g} {p.units}")
        start.append(_to_unit(p, own[0]) if own else 0.5)
    model = _Model(editors, measured, replicates, seed, engine)

    def residuals(u: np.ndarray) -> np.ndarray:
        return model.evaluate([u])[0][0]

    def jacobian(u: np.ndarray) -> np.ndarray:
        steps = [np.where(np.arange(len(u)) == j, FD_STEP if u[j] + FD_STEP <= 1.0 else -FD_STEP, 0.0)
                 for j in range(len(u))]
        base, *shifted = model.evaluate([u] + [u + h for h in steps])
        return np.column_stack([(r - base[0]) / h[j]
                                for j, ((r, _), h) in enumerate(zip(shifted, steps, strict=True))])

    fit = least_squares(residuals, np.clip(start, 0.0, 1.0), jac=jacobian, bounds=(0.0, 1.0), method="trf",
                        max_nfev=max_iterations)
    u = fit.x
    r, comparisons = model.evaluate([u])[0]
    j = jacobian(u)
    reduced = float(r @ r) / max(r.size - len(params), 1)
    covariance = np.linalg.pinv(j.T @ j) * max(reduced, 1.0)
    sd = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    correlation = covariance / np.outer(np.where(sd > 0, sd, 1.0), np.where(sd > 0, sd, 1.0))
    values = model.values(u)
    intervals = np.array([[p.from_unit(x - Z_95 * s), p.from_unit(x + Z_95 * s)]
                          for p, x, s in zip(params, u, sd, strict=True)])
    undetermined = tuple(p.path for p, s in zip(params, sd, strict=True) if not s < UNDETERMINED)
    messages = tuple(f"warning: the data do not determine {path}: its 95 % interval is wider than its bounds"
                     for path in undetermined)
    fitted = tuple(e.scenario(values, f"{e.base_scenario.name}-fitted") for e in editors)
    return FitResult(parameters=params, values=values, intervals=intervals, correlation=correlation,
                     chi_square=float(r @ r), points=int(r.size), dof=int(r.size - len(params)),
                     undetermined=undetermined, scenarios=fitted, comparisons=tuple(comparisons),
                     evaluations=model.evaluations, messages=messages)

r"""Fitting poorly known scenario fields to measured binder profiles (docs/user-guide/calibration.md, section 4).

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
over all profiles at once. Parameters are fitted in :math:`u \in [0, 1]`, mapped onto their bounds
linearly, or logarithmically when the bounds span a factor 10 or more.

The model is a noisy function of its parameters: adaptive time steps and a drying front crossing cells
make the dry profile jump by up to ~1 % between nearby parameter values (measured at 100 cells: a 0.5 %
change of the binder diffusivity moved the top/bottom ratio by +-1 %, not monotonically), so gradient
methods with small difference steps stall. The fit therefore

1. runs the scenario's own point and a Latin hypercube over the bounds as one batch and starts from the
   best of them (the chi-square valley is narrow and the model flat far from it);
2. refines by implicit filtering (Kelley 2011, Implicit Filtering, SIAM): Gauss-Newton steps from a
   linear model of the residuals regressed on a stencil of half-width h (and every earlier point
   within h), h shrinking from :data:`START_WIDTH` to :data:`MIN_WIDTH`; each stencil is one batch,
   shared among worker processes.

The covariance of :math:`u` is :math:`(J^T J)^{-1}` of the stencil's Jacobian (residuals already scaled;
Press et al. 2007, Numerical Recipes, section 15.5), multiplied by the reduced chi-square when that
exceeds 1 (as lmfit's ``scale_covar``), plus :math:`h^2/3` for the resolution of the final stencil; the
95 % intervals are :math:`u \pm 1.96\,\sigma_u`, mapped back onto each parameter's scale. The stencil's
scatter about its linear model is reported as the model's numerical noise.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import tomli_w
import xarray as xr
from scipy.optimize import lsq_linear
from scipy.stats import qmc

from dryingsim._version import __version__
from dryingsim.engines import DEFAULT_ENGINE
from dryingsim.errors import DryingsimError, InputError
from dryingsim.inputs.arguments import check_count, check_seed
from dryingsim.measurement.compare import compare
from dryingsim.measurement.measured import read_measured
from dryingsim.measurement.profile import dry_profile
from dryingsim.scenario import Scenario, scenario_to_toml
from dryingsim.scenario.edit import Parameter, ScenarioEditor, parse_quantity
from dryingsim.simulation import simulate_many

Z_95 = 1.959963984540054
"""Two-sided 95 % quantile of the normal distribution."""
START_POINTS_PER_PARAMETER = 5
"""Latin-hypercube points per fitted parameter (at least 10) of the global start: one batch over the whole
bounds, from whose best point the local fit starts. The chi-square valley is narrow (at 100 cells a 2 %
change of the binder diffusivity raises it ten-fold) and flat far from it, where no gradient points back."""
START_WIDTH = 0.06
"""Half-width in u of the first local stencil."""
MIN_WIDTH = 0.02
"""Smallest stencil half-width in u. The model's noise (adaptive step sequence, a front crossing cells)
decorrelates over ~0.005 in u (measured at 100 cells), and at 0.01 the fit random-walked on it (the
latex fraction moved by 0.01-0.02 per accepted step at unchanged chi-square)."""
SHRINK = 3.0
"""Factor by which the stencil narrows."""
TRUST = 4.0
"""A local step moves each u by at most this many stencil half-widths."""
ACCEPT = 0.25
"""A step is taken when the smoothed chi-square falls by at least this share of the fall the linear model
predicted (the ratio test of trust-region methods; Nocedal & Wright 2006, Numerical Optimization,
algorithm 4.1): noise alone rarely gives that."""
SEARCH_RANGES: dict[str, tuple[str, str]] = {
    "physics.binder_diffusivity": ("1e-12 m^2/s", "1e-9 m^2/s"),
    "physics.latex_bound_fraction": ("0", "0.95"),
    "physics.max_packing": ("0.5", "0.7"),
    "physics.capillary_pressure_scale": ("0.3", "3"),
    "physics.critical_yield_number": ("0.01", "1"),
}
"""Bounds a ``--fit PATH`` without bounds searches: assumed, wide on purpose (not measured values); the
packing range spans random loose to beyond random close packing of spheres (~0.55-0.64)."""
UNDETERMINED = 0.5
"""A parameter whose standard deviation in u exceeds this (its 95 % interval is wider than ~2 x its bounds)
is reported as not determined by the data."""


@dataclass(frozen=True)
class FitResult:
    """The best fit, its uncertainty and what it was fitted to.

    values : best value of each parameter [SI]; intervals : (parameter, 2) 95 % intervals [SI], clipped to
        the bounds
    correlation : correlation matrix of the parameters (in the fitted scale u)
    chi_square, points, dof : sum of squared scaled residuals, measured layers, points - parameters
    undetermined : parameters the data do not determine (see :data:`UNDETERMINED`)
    unit_values, unit_covariance : the best point and its covariance in the fitted scale u (what
        :func:`dryingsim.predict` samples)
    model_noise : the model's rms scatter about its local trend, in measurement standard deviations
    scenario : the first scenario given, as given (without any measured file's [conditions]), with the
        fitted values: what :meth:`write_scenario` writes and :func:`dryingsim.predict` starts from
    scenarios : the fitted scenarios, one per measured profile; comparisons : their comparisons with the
        measured profiles; profiles : their dry coating profiles (:func:`dryingsim.measurement.dry_profile`)
    """

    parameters: tuple[Parameter, ...]
    scenario: Scenario
    values: np.ndarray
    intervals: np.ndarray
    correlation: np.ndarray
    chi_square: float
    points: int
    dof: int
    undetermined: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    comparisons: tuple[xr.Dataset, ...]
    profiles: tuple[xr.Dataset, ...]
    evaluations: int
    unit_values: np.ndarray
    unit_covariance: np.ndarray
    model_noise: float = 0.0
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
        return "\n".join(lines + self.residual_diagnostics() + list(self.messages))

    def residual_diagnostics(self) -> list[str]:
        """Per profile: its share of chi-square (diagonal), the largest standardised residual and where, and
        how many layers lie beyond 2 standard deviations (about 1 in 20 should)."""
        lines = []
        for k, (comparison, scenario) in enumerate(zip(self.comparisons, self.scenarios, strict=True), start=1):
            sd = np.sqrt(comparison["measured_std"].values ** 2 + comparison["predicted_std"].values ** 2)
            z = comparison["residual"].values / sd
            worst = int(np.argmax(np.abs(z)))
            top, bottom = (float(comparison[name].values[worst]) * 1e6 for name in ("top_depth", "bottom_depth"))
            lines.append(f"profile {k} ({scenario.name}): chi-square {float(z @ z):.3g} for {z.size} layers "
                         "(each layer alone, without the correlation of shared cuts); "
                         f"largest residual {z[worst]:+.2f} sd at {top:.0f}-{bottom:.0f} um; "
                         f"{int(np.sum(np.abs(z) > 2))} beyond 2 sd")
        return lines

    def write_scenario(self, path: str | Path) -> Path:
        """Write the fitted :attr:`scenario` as a TOML file that runs as it is, and next to it
        (``<stem>.fit.toml``) the fit's parameters and uncertainty, which :func:`dryingsim.predict` reads.
        Returns the path of the uncertainty file."""
        path = Path(path)
        path.write_text(scenario_to_toml(self.scenario), encoding="utf-8")
        uncertainty = uncertainty_path(path)
        table = {
            "scenario": path.name,
            "dryingsim_version": __version__,
            "chi_square": self.chi_square, "points": self.points, "dof": self.dof,
            "model_noise": self.model_noise,
            "measured": [str(c.attrs.get("title", "")) for c in self.comparisons],
            "parameters": [{"path": p.path, "units": p.units, "low": p.bounds[0], "high": p.bounds[1],
                            "scale": p.scale, "best": float(v), "interval_95": [float(a), float(b)]}
                           for p, v, (a, b) in zip(self.parameters, self.values, self.intervals, strict=True)],
            "unit": {"best": self.unit_values.tolist(), "covariance": self.unit_covariance.tolist()},
        }
        uncertainty.write_text("# the fit behind " + path.name + ": dryingsim calibrate; read by dryingsim predict\n"
                               + tomli_w.dumps(table), encoding="utf-8")
        return uncertainty


def uncertainty_path(scenario_path: str | Path) -> Path:
    """Where a fitted scenario's uncertainty is kept: ``fitted.toml`` -> ``fitted.fit.toml``."""
    scenario_path = Path(scenario_path)
    return scenario_path.with_name(scenario_path.stem + ".fit.toml")


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


def _under_conditions(scenario: Scenario, measured: xr.Dataset) -> Scenario:
    """The scenario with the measured profile's ``[conditions]`` applied (a sample dried at another rate)."""
    conditions = json.loads(measured.attrs.get("conditions", "{}"))
    if not conditions:
        return scenario
    where = measured.attrs.get("csv_file", measured.attrs.get("title", "measured profile"))
    parameters, values = [], []
    for path, value in conditions.items():
        number, units = parse_quantity(value, f"{where} conditions['{path}']", InputError)
        parameters.append(Parameter(path, path, units))
        values.append(float(number))
    editor = ScenarioEditor.from_scenario(scenario, parameters, error=InputError, field=f"{where} conditions[{{i}}]")
    return editor.scenario(values, f"{scenario.name}-{Path(str(where)).stem}")


def _check_bounds(editors: Sequence[ScenarioEditor], parameters: Sequence[Parameter], start: np.ndarray) -> None:
    """Every parameter at each of its bounds (the others at the start) makes a valid scenario: a missing
    unit or a bound outside a field's allowed range is named before any model run."""
    for i, p in enumerate(parameters):
        for bound in p.bounds:
            values = [q.from_unit(x) for q, x in zip(parameters, start, strict=True)]
            values[i] = bound
            for editor in editors:
                problem = editor.scenario_or_error(values, "bounds-check")
                if isinstance(problem, DryingsimError):
                    raise InputError(f"parameters['{p.path}']", p.bounds, "bounds with the field's unit, inside "
                                     "its allowed range", reason=f"at {bound:g}: {problem}")


def bounds_from_options(options: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Every ``--fit`` option as ``{path: (low, high)}``; a path given twice is an error, not a silent choice."""
    bounds: dict[str, tuple[str, str]] = {}
    for option in options:
        path, pair = bounds_from_text(option)
        if path in bounds:
            raise InputError("--fit", option, "each path once", reason=f"{path} is already fitted with bounds "
                             f"{bounds[path][0]}..{bounds[path][1]}")
        bounds[path] = pair
    return bounds


def bounds_from_text(option: str) -> tuple[str, tuple[str, str]]:
    """``"physics.binder_diffusivity=1e-11..1e-9 m^2/s"`` -> (path, (low, high)); a path alone takes its
    :data:`SEARCH_RANGES` entry. A unit written once, after the high bound, applies to both."""
    path, has_bounds, text = (part.strip() for part in option.partition("="))
    if not has_bounds:
        if path not in SEARCH_RANGES:
            raise InputError("--fit", option, "PATH=LOW..HIGH (e.g. physics.binder_diffusivity=1e-11..1e-9 m^2/s), "
                             "or a path alone for one of: " + ", ".join(SEARCH_RANGES))
        return path, SEARCH_RANGES[path]
    low, dots, high = (part.strip() for part in text.partition(".."))
    if not dots or not low or not high:
        raise InputError("--fit", option, "PATH=LOW..HIGH, e.g. physics.binder_diffusivity=1e-11..1e-9 m^2/s")
    unit = high.split(maxsplit=1)[1] if len(high.split(maxsplit=1)) == 2 else ""
    if unit and len(low.split(maxsplit=1)) == 1:
        low = f"{low} {unit}"
    return path, (low, high)


def _journal_lines(journal: Path) -> list[dict]:
    """The journal's JSON lines ([] if there is none); a line cut short by an interruption is skipped.

    Raises
    ------
    InputError : the file is not a fit journal (not UTF-8 text, or its first line is not a fit's fingerprint)
    """
    if not journal.exists():
        return []
    try:
        text = journal.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("journal", str(journal), "a fit journal written by dryingsim calibrate, or a new path",
                         reason=str(exc)) from None
    lines = []
    for line in text.splitlines():
        try:
            lines.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    if text.strip() and not (lines and isinstance(lines[0], dict) and isinstance(lines[0].get("fit"), str)):
        raise InputError("journal", str(journal), "a fit journal written by dryingsim calibrate, or a new path",
                         reason="its first line is not a fit's fingerprint")
    return [line for line in lines if isinstance(line, dict)]


def _whitened(comparison: xr.Dataset) -> np.ndarray:
    """Residuals scaled by their combined covariance: L^-1 (y - mu), L L^T = diag(s^2) + C_virtual.

    Neighbouring scraped layers share a cut, so a depth error moves both: the virtual measurements'
    covariance between layers carries that, and a fit that ignored it would count correlated scatter
    as independent evidence."""
    covariance = np.diag(comparison["measured_std"].values ** 2) + comparison["predicted_covariance"].values
    lower = np.linalg.cholesky(covariance + np.eye(len(covariance)) * 1e-12 * np.trace(covariance))
    return np.linalg.solve(lower, comparison["residual"].values)


class _Model:
    """Whitened residuals of every measured profile at points in u, each new set of points one batch.

    Every evaluated point is kept, and appended to the ``journal`` file if one is given: a fit rerun with
    the same journal replays the points it holds without running the model, so an interrupted fit
    resumes where it stopped. The journal's first line fingerprints the fit (scenarios, measured profiles,
    bounds, replicates, seed, engine); a journal of another fit is an error."""

    def __init__(self, editors: Sequence[ScenarioEditor], measured: Sequence[xr.Dataset], replicates: int,
                 seed: int, engine: str, journal: Path | None = None, workers: int | None = 1) -> None:
        self.editors, self.measured, self.workers = editors, measured, workers
        self.replicates, self.seed, self.engine = replicates, seed, engine
        self.parameters = editors[0].parameters
        self.cache: dict[tuple[float, ...], np.ndarray] = {}
        self.asked: dict[tuple[float, ...], None] = {}
        """The points this fit has asked for, in order: a resumed fit asks for the same ones, whatever else
        its journal holds, so that it takes the same path."""
        self.compared: dict[tuple[float, ...], list[xr.Dataset]] = {}
        self.profiles: dict[tuple[float, ...], list[xr.Dataset]] = {}
        self.evaluations = 0
        self.journal = journal
        if journal is not None:
            self._open_journal(journal)

    def _fingerprint(self) -> str:
        fit = {"scenarios": [scenario_to_toml(e.base_scenario) for e in self.editors],
               "measured": [{k: v for k, v in m.to_dict(data="list").items() if k != "attrs"}
                            | {"attrs": {k: v for k, v in m.attrs.items() if k != "csv_file"}}
                            for m in self.measured],
               "parameters": [(p.path, p.bounds, p.scale) for p in self.parameters],
               "replicates": self.replicates, "seed": self.seed, "engine": self.engine}
        return hashlib.sha256(json.dumps(fit, sort_keys=True, default=str).encode()).hexdigest()

    def _open_journal(self, journal: Path) -> None:
        """Start the journal, or resume it. A journal that holds no model run yet (a fit stopped before its
        first batch ended) is started again: there is nothing in it to lose."""
        fingerprint = self._fingerprint()
        lines = _journal_lines(journal)
        if len(lines) <= 1:
            journal.write_text(json.dumps({"fit": fingerprint}) + "\n", encoding="utf-8")
            return
        if lines[0] != {"fit": fingerprint}:
            raise InputError("journal", str(journal), "the journal of this same fit (the same scenarios, "
                             "measured values and metadata, parameters and bounds, replicates, seed and engine); "
                             "remove it or name another file")
        for entry in lines[1:]:
            try:
                self.cache[tuple(float(x) for x in entry["u"])] = np.array(entry["residuals"], dtype=float)
            except (KeyError, TypeError, ValueError):  # a line cut short by the interruption
                continue

    def values(self, u: np.ndarray) -> np.ndarray:
        return np.array([p.from_unit(x) for p, x in zip(self.parameters, u, strict=True)])

    def evaluate(self, points: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The whitened residuals at each point in u; one simulate_many call for the points not yet known."""
        keys = [tuple(map(float, u)) for u in points]
        self.asked.update(dict.fromkeys(keys))
        self._run([k for k in dict.fromkeys(keys) if k not in self.cache])
        return [self.cache[k] for k in keys]

    def comparisons(self, u: np.ndarray) -> tuple[list[xr.Dataset], list[xr.Dataset]]:
        """The comparison with each measured profile at u and the dry profiles compared (rerun if u came
        from the journal)."""
        key = tuple(map(float, u))
        if key not in self.compared:
            self._run([key])
        return self.compared[key], self.profiles[key]

    def best(self) -> tuple[np.ndarray, float]:
        """The evaluated point of lowest chi-square, and that chi-square."""
        key = min(self.cache, key=lambda k: float(self.cache[k] @ self.cache[k]))
        return self.values(np.array(key)), float(self.cache[key] @ self.cache[key])

    def _run(self, keys: list[tuple[float, ...]]) -> None:
        scenarios = [editor.scenario(self.values(np.array(u)), f"{editor.base_scenario.name}-fit")
                     for u in keys for editor in self.editors]
        results = simulate_many(scenarios, engine=self.engine, workers=self.workers)
        self.evaluations += len(scenarios)
        lines = []
        for k, u in enumerate(keys):
            comparisons = []
            for j, measured in enumerate(self.measured):
                result = results[k * len(self.editors) + j]
                if isinstance(result, DryingsimError):
                    at = dict(zip([p.path for p in self.parameters], self.values(np.array(u)), strict=True))
                    raise DryingsimError(f"the model failed at {at}: {result}")
                try:
                    comparisons.append(compare(result, measured, replicates=self.replicates, seed=self.seed))
                except InputError as error:
                    where = measured.attrs.get("csv_file", measured.attrs.get("title", f"profile {j + 1}"))
                    raise InputError(f"{where}: {error.field}", error.value, error.allowed,
                                     reason=error.reason) from None
            self.compared[u] = comparisons
            self.profiles[u] = [dry_profile(results[k * len(self.editors) + j]) for j in range(len(self.editors))]
            self.cache[u] = np.concatenate([_whitened(c) for c in comparisons])
            lines.append(json.dumps({"u": list(u), "residuals": self.cache[u].tolist()}))
        if self.journal is not None and lines:
            with self.journal.open("a", encoding="utf-8") as journal:
                journal.write("\n".join(lines) + "\n")


def _global_start(model: _Model, own: np.ndarray, seed: int) -> np.ndarray:
    """The best of the scenario's own point and a Latin hypercube over the bounds, run as one batch."""
    count = max(10, START_POINTS_PER_PARAMETER * len(own))
    points = [own, *qmc.LatinHypercube(d=len(own), seed=seed).random(count)]
    chi_square = [float(r @ r) for r in model.evaluate(points)]
    return points[int(np.argmin(chi_square))]


@dataclass(frozen=True)
class _Stencil:
    """The residuals about ``centre`` as a linear model regressed on 2k + 1 points of half-width ``width``:
    smoothed residuals at the centre, their Jacobian (m, k) and the model's rms scatter about that line
    (its numerical noise, in measurement standard deviations)."""

    centre: np.ndarray
    width: float
    residuals: np.ndarray
    jacobian: np.ndarray
    noise: float

    @property
    def chi_square(self) -> float:
        return float(self.residuals @ self.residuals)


def _stencil(model: _Model, centre: np.ndarray, width: float) -> _Stencil:
    """Regress the residuals on a linear model about ``centre``: the centre and centre +- width along each
    u (reflected inside [0, 1]) are run, and every point the fit asked for so far within ``width`` of the centre
    joins the regression, so the longer the fit dwells somewhere, the smoother its picture there."""
    points = [centre]
    for j in range(len(centre)):
        for sign in (1.0, -1.0):
            x = centre[j] + sign * width
            point = centre.copy()
            point[j] = x if 0.0 <= x <= 1.0 else float(np.clip(centre[j] - 2.0 * sign * width, 0.0, 1.0))
            points.append(point)
    model.evaluate(points)
    near = [np.array(u) for u in model.asked if np.max(np.abs(np.array(u) - centre)) <= width * (1.0 + 1e-9)]
    values = np.array(model.evaluate(near))
    design = np.column_stack([np.ones(len(near)), np.array(near) - centre])
    coefficients = np.linalg.lstsq(design, values, rcond=None)[0]
    scatter = values - design @ coefficients
    dof = scatter.size - coefficients.size
    return _Stencil(centre, width, coefficients[0], coefficients[1:].T,
                    float(np.sqrt(np.sum(scatter**2) / dof)) if dof > 0 else 0.0)


def _implicit_filtering(model: _Model, start: np.ndarray, max_iterations: int) -> _Stencil:
    """Gauss-Newton on stencil regressions whose width shrinks from START_WIDTH to MIN_WIDTH.

    Implicit filtering (Kelley 2011, Implicit Filtering, SIAM, ch. 2-3), the method for objectives that
    a simulation makes noisy: the derivatives come from a stencil wider than the noise, the step from the
    smoothed residuals (bounded least squares, scipy.optimize.lsq_linear), and the stencil shrinks when
    the step stays inside it or fails the ratio test (:data:`ACCEPT`)."""
    fit = _stencil(model, start, START_WIDTH)
    for _ in range(max_iterations):
        u, h = fit.centre, fit.width
        step = lsq_linear(fit.jacobian, -fit.residuals,
                          bounds=(np.maximum(-u, -TRUST * h), np.minimum(1.0 - u, TRUST * h))).x
        predicted = fit.chi_square - float(np.sum((fit.residuals + fit.jacobian @ step) ** 2))
        trial = _stencil(model, u + step, h) if np.max(np.abs(step)) > 0.5 * h else None
        if trial is not None and fit.chi_square - trial.chi_square >= ACCEPT * predicted:
            fit = trial
        elif h > MIN_WIDTH:
            fit = _stencil(model, u, max(h / SHRINK, MIN_WIDTH))
        else:
            break
    return fit


def calibrate(scenarios: Scenario | Sequence[Scenario], measured: xr.Dataset | str | Path | Sequence,
              parameters: Mapping[str, Sequence[object]], *, replicates: int = 100, seed: int = 0,
              engine: str = DEFAULT_ENGINE, max_iterations: int = 30, journal: str | Path | None = None,
              workers: int | None = None) -> FitResult:
    """Fit scenario fields shared by several measured profiles (one scenario per profile).

    Parameters
    ----------
    scenarios : the scenario of each measured profile (the same slurry dried differently, for instance),
        or one scenario for all, each measured file's ``[conditions]`` applied to it
    measured : measured profiles (:func:`dryingsim.read_measured` Datasets or CSV paths), one per scenario
    parameters : ``{"dotted.path": (low, high)}``, bounds as numbers or '<number> <unit>' texts; the
        addressing of sweep files (docs/user-guide/sweeps.md)
    replicates, seed : Monte Carlo runs of the virtual scraper + TGA per comparison, and their fixed seed
    max_iterations : local iterations (each one batch of model runs)
    workers : processes the model runs of each batch are shared among (default: the cores)
    journal : a file that keeps every model evaluation as it is made; rerunning the same fit with it
        resumes an interrupted fit without repeating finished runs

    Raises
    ------
    InputError : bad bounds, a path that is not a numeric field, bounds that exclude a scenario's own
        value, as many measured profiles as scenarios not given, measured depths past the coating,
        a journal of another fit
    FitInterruptedError : on Ctrl-C; it names the best point so far and the journal to resume from
    """
    check_count(replicates, "replicates", 2)
    check_seed(seed)
    check_count(workers, "workers", none=True)
    check_count(max_iterations, "max_iterations", 0)
    scenarios = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    measured = [measured] if isinstance(measured, (xr.Dataset, str, Path)) else list(measured)
    if len(scenarios) == 1:
        scenarios *= len(measured)
    if len(scenarios) != len(measured) or not scenarios:
        raise InputError("measured", f"{len(measured)} profiles", f"one per scenario ({len(scenarios)}), or any "
                         "number for one scenario")
    measured = [read_measured(m) if isinstance(m, (str, Path)) else m for m in measured]
    given = scenarios[0]
    scenarios = [_under_conditions(s, m) for s, m in zip(scenarios, measured, strict=True)]
    params = _parameters(parameters)
    editors = [ScenarioEditor.from_scenario(s, params, error=InputError, field="parameters[{i}]")
               for s in scenarios]
    start = []
    for p in params:
        own = [v for v in (e.value(p.path) for e in editors) if v is not None]
        for value in own:
            if not p.bounds[0] <= value <= p.bounds[1]:
                raise InputError(f"parameters['{p.path}']", p.bounds,
                                 f"bounds around the scenario's own value {value:.6g} {p.units}")
        start.append(p.to_unit(own[0]) if own else 0.5)
    _check_bounds(editors, params, np.clip(start, 0.0, 1.0))
    model = _Model(editors, measured, replicates, seed, engine, None if journal is None else Path(journal), workers)
    try:
        fit = _implicit_filtering(model, _global_start(model, np.clip(start, 0.0, 1.0), seed), max_iterations)
    except KeyboardInterrupt as stop:
        raise FitInterruptedError(model, params) from stop
    comparisons, profiles = model.comparisons(fit.centre)
    u, j = fit.centre, fit.jacobian
    dof = int(fit.residuals.size - len(params))
    # the Jacobian covariance, scaled by the reduced chi-square when the scatter exceeds the stated
    # uncertainties, plus the fit's resolution: the best point is located to within the final stencil
    # (uniform over +-width, variance width^2 / 3; Kelley 2011), which the model's noise does not let narrow
    # a parameter the residuals do not move has no information: the regularised inverse gives it a variance
    # ~1e12 larger than the others', which the undetermined test and the clipped intervals then show
    information = j.T @ j
    information += np.eye(len(params)) * 1e-12 * max(float(np.trace(information)), 1e-300)
    covariance = (np.linalg.inv(information) * max(fit.chi_square / max(dof, 1), 1.0)
                  + np.eye(len(params)) * fit.width**2 / 3.0)
    sd = np.sqrt(np.diag(covariance))
    correlation = covariance / np.outer(sd, sd)
    values = model.values(u)
    intervals = np.array([[p.from_unit(max(x - Z_95 * s, 0.0)), p.from_unit(min(x + Z_95 * s, 1.0))]
                          for p, x, s in zip(params, u, sd, strict=True)])
    undetermined = tuple(p.path for p, s in zip(params, sd, strict=True) if not s < UNDETERMINED)
    messages = [f"warning: the data do not determine {path}: its 95 % interval would span about twice its bounds"
                for path in undetermined]
    if fit.noise > 0.5:
        messages.append(f"note: the model's own numerical noise about its trend is {fit.noise:.2g} measurement "
                        "standard deviations per layer; the intervals include it through the chi-square")
    fitted = tuple(e.scenario(values, f"{e.base_scenario.name}-fitted") for e in editors)
    base = ScenarioEditor.from_scenario(given, params, error=InputError).scenario(values, f"{given.name}-fitted")
    return FitResult(parameters=params, scenario=base, values=values, intervals=intervals, correlation=correlation,
                     chi_square=fit.chi_square, points=int(fit.residuals.size), dof=dof,
                     undetermined=undetermined, scenarios=fitted, comparisons=tuple(comparisons),
                     profiles=tuple(profiles),
                     evaluations=model.evaluations, unit_values=u, unit_covariance=covariance,
                     model_noise=fit.noise, messages=tuple(messages))


class FitInterruptedError(DryingsimError):
    """A fit stopped by the user: the message gives the best point evaluated so far and how to resume."""

    def __init__(self, model: _Model, parameters: Sequence[Parameter]) -> None:
        if model.cache:
            values, chi_square = model.best()
            best = ", ".join(f"{p.path} = {v:.4g} {p.units}" for p, v in zip(parameters, values, strict=True))
            where = f"best point so far: {best} (chi-square {chi_square:.4g})"
        else:
            where = "no model run had finished"
        resume = (f"; rerun with journal {model.journal} to resume" if model.journal is not None
                  else "; give a journal to be able to resume")
        super().__init__(f"fit interrupted after {model.evaluations} model runs; {where}{resume}")

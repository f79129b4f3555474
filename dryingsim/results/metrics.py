"""Migration metrics of a drying result: binder enrichment, settling gradient, mass balance.

Every function here is a pure function of the result Dataset (see ``dryingsim.results``): dims
``time``, ``xi``, ``component``, ``depth``. The metrics are those of docs/theory/model.md, section 10; the
settling gradient is the quantity of Etiemble et al. (2017), Table 1.

References
----------
Etiemble, Besnard, Bonnin, Adrien, Douillard, Tran-Van, Gautier, Badot, Maire & Lestriez (2017),
"Multiscale morphological characterization of process induced heterogeneities in blended positive
electrodes for lithium-ion batteries", J. Mater. Sci. 52, 3576-3596, Table 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypedDict

import numpy as np
import xarray as xr

from dryingsim.errors import DryingsimError, InputError
from dryingsim.inputs.arguments import require_variables

BINDER_ROLES: tuple[str, ...] = ("latex", "dissolved_polymer")
"""Component roles counted as binder."""

ACTIVE_ROLES: tuple[str, ...] = ("active",)
"""Component roles whose settling gradient is reported."""

EDGE_FRACTION = 0.1
"""Share of the dry thickness in the top and in the bottom window [-] (docs/theory/model.md, section 10)."""

RESULT_VARIABLES = ("thickness", "nominal_mass_fraction", "dry_mass_fraction", "dry_volume_fraction", "depth",
                    "depth_cell_width", "component_role", "component_density", "volume_fraction", "xi",
                    "solvent_mass", "evaporated_solvent")
"""What :func:`metrics` reads of a result."""
METRIC_PREFIX = "metric_"

METRIC_UNITS: dict[str, str] = {
    "drying_time_s": "s", "dry_thickness_m": "m", "binder_top_bottom_ratio": "1", "binder_top_wt_pct": "percent",
    "binder_bottom_wt_pct": "percent", "binder_nominal_wt_pct": "percent", "binder_top_excess_kg_per_m2": "kg m-2",
    "surface_enrichment": "1",
    "foil_depletion": "1", "settling_gradient_pct_per_um": "percent um-1", "mass_balance_error": "1",
}
"""Units of each metric (see :func:`metrics`)."""


class Metrics(TypedDict):
    """The migration metrics of one result; see :func:`metrics` for the definitions."""

    drying_time_s: float
    dry_thickness_m: float
    binder_top_bottom_ratio: float
    binder_top_wt_pct: float
    binder_bottom_wt_pct: float
    binder_nominal_wt_pct: float
    binder_top_excess_kg_per_m2: float
    surface_enrichment: float
    foil_depletion: float
    settling_gradient_pct_per_um: dict[str, float]
    mass_balance_error: float


def metrics(result: xr.Dataset) -> Metrics:
    r"""Migration metrics of a drying result.

    Definitions (docs/theory/model.md, section 10), with :math:`T` the dry thickness and depth measured from
    the dry surface:

    - ``drying_time_s`` [s]: the result's ``drying_time`` attribute.
    - ``dry_thickness_m`` [m]: ``thickness`` at the last time.
    - ``binder_top_wt_pct``, ``binder_bottom_wt_pct`` [%]: dry-basis wt % of binder (components of
      role ``latex`` or ``dissolved_polymer``) averaged over depths :math:`[0, 0.1T]` and
      :math:`[0.9T, T]`, weighted by dry mass, cells counted by their fractional overlap with the
      window (:func:`binder_wt_pct`).
    - ``binder_nominal_wt_pct`` [%]: binder wt % of the formulation (``nominal_mass_fraction``).
    - ``binder_top_excess_kg_per_m2`` [kg m-2]: binder mass per area in the top window beyond what the
      nominal composition puts there (:func:`binder_excess`): a surface skin thinner than a cell, or than
      the window, is counted whole, so it converges under grid refinement.
    - ``binder_top_bottom_ratio`` = top / bottom; ``surface_enrichment`` = top / nominal;
      ``foil_depletion`` = bottom / nominal [-].
    - ``settling_gradient_pct_per_um`` [% um-1]: per active component, the least-squares slope of
      its dry volume fraction in % against height above the foil in um over the bulk, the central
      80 % of the dry thickness (:func:`settling_gradient`); negative = enriched near the foil,
      as in Etiemble et al. (2017), Table 1 (about -0.05 to -0.1 % um-1 for NMC, 0 for LFP).
    - ``mass_balance_error`` [-]: :func:`mass_balance_error`.

    Ratios with a zero denominator are ``inf`` (or ``nan`` for 0/0).

    Parameters
    ----------
    result : the result Dataset of :func:`dryingsim.simulate`

    Returns
    -------
    Metrics
        A dict of floats, plus one dict of floats (component -> slope) for the settling gradient.

    References
    ----------
    Etiemble et al. (2017), J. Mater. Sci. 52, 3576, Table 1.
    """
    require_variables(result, RESULT_VARIABLES, "metrics' result", "a result Dataset of dryingsim.simulate")
    if "drying_time" not in result.attrs:
        raise InputError("metrics' result", "a Dataset without the attribute drying_time",
                         "a result Dataset of dryingsim.simulate")
    thickness = dry_thickness(result)
    top = binder_wt_pct(result, 0.0, EDGE_FRACTION * thickness)
    bottom = binder_wt_pct(result, (1.0 - EDGE_FRACTION) * thickness, thickness)
    nominal = float(result["nominal_mass_fraction"].sel(component=binder_components(result)).sum())
    return Metrics(
        drying_time_s=float(result.attrs["drying_time"]),
        dry_thickness_m=float(result["thickness"].isel(time=-1)),
        binder_top_bottom_ratio=_ratio(top, bottom),
        binder_top_wt_pct=top,
        binder_bottom_wt_pct=bottom,
        binder_nominal_wt_pct=nominal,
        binder_top_excess_kg_per_m2=binder_excess(result, 0.0, EDGE_FRACTION * thickness, nominal),
        surface_enrichment=_ratio(top, nominal),
        foil_depletion=_ratio(bottom, nominal),
        settling_gradient_pct_per_um={
            name: settling_gradient(result, name) for name in components_with_role(result, ACTIVE_ROLES)
        },
        mass_balance_error=mass_balance_error(result),
    )


def metrics_as_attrs(values: Mapping[str, float | Mapping[str, float]]) -> dict[str, float]:
    """Flatten metrics to netCDF-storable attributes.

    ``{"dry_thickness_m": x, "settling_gradient_pct_per_um": {"NMC": s}}`` becomes
    ``{"metric_dry_thickness_m": x, "metric_settling_gradient_pct_per_um_NMC": s}``.

    Parameters
    ----------
    values : the output of :func:`metrics`

    Returns
    -------
    dict[str, float]
    """
    flat: dict[str, float] = {}
    for key, value in values.items():
        if isinstance(value, Mapping):
            flat.update({f"{METRIC_PREFIX}{key}_{sub}": float(v) for sub, v in value.items()})
        else:
            flat[f"{METRIC_PREFIX}{key}"] = float(value)
    return flat


def metric_units(active_components: Iterable[str]) -> dict[str, str]:
    """The flat names :func:`metrics_as_attrs` gives (one settling gradient per active component) and their units."""
    flat: dict[str, str] = {}
    for key, units in METRIC_UNITS.items():
        if key == "settling_gradient_pct_per_um":
            flat.update({f"{METRIC_PREFIX}{key}_{name}": units for name in active_components})
        else:
            flat[f"{METRIC_PREFIX}{key}"] = units
    return flat


def components_with_role(result: xr.Dataset, roles: Iterable[str]) -> list[str]:
    """Names of the components whose ``component_role`` is one of ``roles``."""
    mask = np.isin(result["component_role"].values.astype(str), list(roles))
    return [str(name) for name in result["component"].values[mask]]


def binder_components(result: xr.Dataset) -> list[str]:
    """Names of the binder components (roles ``latex`` and ``dissolved_polymer``) of a result, a dry profile or
    scraped layers."""
    return components_with_role(result, BINDER_ROLES)


def dry_thickness(result: xr.Dataset) -> float:
    """Thickness of the dry depth profile [m] (of a result or of a dry, maybe calendered, profile): the sum of
    ``depth_cell_width``."""
    return float(result["depth_cell_width"].sum())


def binder_wt_pct(result: xr.Dataset, depth_top: float, depth_bottom: float,
                  components: Iterable[str] | None = None) -> float:
    r"""Dry-basis binder wt % averaged over a depth window [%].

    .. math:: w_b = \frac{\sum_i o_i \rho_i w_{b,i}}{\sum_i o_i \rho_i}, \qquad
              \rho_i = \sum_c \rho_c \phi_{c,i}

    with :math:`o_i` the length of dry cell :math:`i` inside the window, :math:`\rho_i` its dry
    mass per coating volume and :math:`w_{b,i}` its binder wt % (sum of ``dry_mass_fraction`` over
    binder components).

    Parameters
    ----------
    result : the result Dataset
    depth_top, depth_bottom : window limits, depth below the dry surface [m]
    components : the components counted (default: every binder component), e.g. ``["cmc"]``

    Returns
    -------
    float
        ``nan`` if the window holds no dry mass.
    """
    chosen = binder_components(result) if components is None else list(components)
    binder = result["dry_mass_fraction"].sel(component=chosen).sum("component")
    weight = _overlap(depth_faces(result), depth_top, depth_bottom) * _dry_mass_density(result)
    return _ratio(float(np.sum(weight * binder.values)), float(np.sum(weight)))


def binder_excess(result: xr.Dataset, depth_top: float, depth_bottom: float, nominal_wt_pct: float) -> float:
    r"""Binder mass per area in a depth window beyond the nominal composition [kg m-2].

    .. math:: \Gamma_b = \sum_i o_i \rho_i \frac{w_{b,i} - \bar w_b}{100}

    with :math:`o_i` the length of dry cell :math:`i` inside the window, :math:`\rho_i` its dry mass per
    coating volume, :math:`w_{b,i}` its binder wt % and :math:`\bar w_b` the nominal binder wt %: the surface
    excess of binder (Gibbs' construction), positive where binder has gathered. A layer of binder-rich
    coating of any thickness inside the window counts by its mass, not by the cells it spans.
    """
    binder = result["dry_mass_fraction"].sel(component=binder_components(result)).sum("component").values
    weight = _overlap(depth_faces(result), depth_top, depth_bottom) * _dry_mass_density(result)
    return float(np.sum(weight * (binder - nominal_wt_pct)) / 100.0)


def settling_gradient(result: xr.Dataset, component: str) -> float:
    """Settling gradient of one component over the bulk of the dry coating [% um-1].

    ``result`` may also be a dry coating profile (:mod:`dryingsim.measurement.profile`), a calendered
    one for instance, whose ``volume_fraction`` is then used.

    Least-squares slope of the dry volume fraction (in %) against height above the foil (in um)
    of the dry cell centres, each cell weighted by its overlap with the bulk, the central 80 % of
    the dry thickness. Negative means the component is enriched near the foil.

    Parameters
    ----------
    result : the result Dataset
    component : component name

    Returns
    -------
    float
        ``nan`` if fewer than two cells lie in the bulk.

    References
    ----------
    Etiemble et al. (2017), J. Mater. Sci. 52, 3576, Table 1 ("Slope", vol % um-1, bulk fit).
    """
    thickness = dry_thickness(result)
    weight = _overlap(depth_faces(result), EDGE_FRACTION * thickness, (1 - EDGE_FRACTION) * thickness)
    height_um = (thickness - result["depth"].values) * 1e6
    fraction = result["dry_volume_fraction"] if "dry_volume_fraction" in result else result["volume_fraction"]
    percent = 100.0 * fraction.sel(component=component).values
    return _weighted_slope(height_um, percent, weight)


def mass_balance_error(result: xr.Dataset) -> float:
    r"""Largest relative drift over the run of any conserved amount [-].

    For each component the amount per area :math:`\sum_j \phi_{c,j}(t) H(t) \Delta\xi_j`; for the
    solvent ``solvent_mass + evaporated_solvent``. The error is the largest
    :math:`|q(t) - q(t_0)| / q(t_0)` over time and over these quantities (docs/theory/model.md, section 11:
    it should be round-off).
    """
    dxi = xr.DataArray(np.diff(faces_from_centres(result["xi"].values)), dims="xi")
    amount = (result["volume_fraction"] * result["thickness"] * dxi).sum("xi").transpose("time", ...)
    solvent = result["solvent_mass"] + result["evaporated_solvent"]
    return max(_max_relative_drift(amount.values), _max_relative_drift(solvent.values))


def faces_from_centres(centres: np.ndarray, lower: float = 0.0) -> np.ndarray:
    """Faces of a 1-D finite-volume mesh from its cell centres (each centre midway between faces), e.g. the
    ``xi`` faces of a result.

    Parameters
    ----------
    centres : cell centres, ascending
    lower : position of the first face

    Returns
    -------
    numpy.ndarray
        ``len(centres) + 1`` faces.

    Raises
    ------
    DryingsimError
        If the centres are not the midpoints of any mesh starting at ``lower``.
    """
    faces = np.empty(len(centres) + 1)
    faces[0] = lower
    for i, centre in enumerate(centres):
        faces[i + 1] = 2.0 * centre - faces[i]
    if np.any(np.diff(faces) <= 0):
        raise DryingsimError(f"cell centres {centres!r} are not midpoints of a mesh starting at {lower}")
    return faces


def depth_faces(result: xr.Dataset) -> np.ndarray:
    """Depths of the dry cell faces below the surface [m], from 0 to the foil, from ``depth_cell_width``
    (of a result or of a dry profile)."""
    return np.concatenate([[0.0], np.cumsum(result["depth_cell_width"].values)])


def _dry_mass_density(result: xr.Dataset) -> np.ndarray:
    """Dry solid mass per coating volume of each dry cell [kg m-3]."""
    return (result["dry_volume_fraction"] * result["component_density"]).sum("component").values


def _overlap(faces: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """Length of each cell ``[faces[i], faces[i+1]]`` inside ``[lower, upper]``."""
    return np.clip(np.minimum(faces[1:], upper) - np.maximum(faces[:-1], lower), 0.0, None)


def _weighted_slope(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> float:
    """Weighted least-squares slope of ``y`` against ``x``; ``nan`` with fewer than two points."""
    if np.count_nonzero(weight > 0) < 2:
        return float("nan")
    dx = x - np.average(x, weights=weight)
    dy = y - np.average(y, weights=weight)
    return float(np.sum(weight * dx * dy) / np.sum(weight * dx * dx))


def _max_relative_drift(series: np.ndarray) -> float:
    """Largest ``|q(t) - q(t0)| / |q(t0)|`` along axis 0, over all columns; 0 if nothing changes."""
    series = np.asarray(series, dtype=float)
    change = np.max(np.abs(series - series[0]), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(change == 0, 0.0, change / np.abs(series[0]))
    return float(np.max(relative))


def _ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` as IEEE floats: ``inf`` or ``nan`` instead of an exception."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(numerator) / np.float64(denominator))

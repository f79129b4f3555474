r"""Calendering: compression of the dry coating to a target thickness, density or porosity.

The solids are incompressible, so calendering only closes pores. Cell :math:`i` (solid volume
per area :math:`s_i`, pore volume per area :math:`p_i`) loses the share :math:`r_i` of its pores,

.. math::  w_i' = s_i + (1 - r_i)\,p_i, \qquad r_i = \min(1,\ k\,g_i), \qquad
           \sum_i r_i p_i = H - H_c,

with :math:`k` solved for so that the coating reaches the target thickness :math:`H_c`. Uniform
calendering (the default) has :math:`g_i = 1`: every depth loses the same share of its pores.
With a ``surface_decay_length`` :math:`\lambda`, :math:`g_i = e^{-z_i/\lambda}` concentrates the
densification near the surface, where the roll acts, as the denser surface of a calendered LFP
electrode suggests (Etiemble et al. 2017, J. Mater. Sci. 52, 3576, Sec. 3.3.3 and 5: porosity 33.8 % at
the surface against 37 % in the bulk; docs/theory/measurement.md, section 2). The mass of every
component in every cell is unchanged, so the per-layer mass fractions are too; only depths are remapped.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy.optimize import brentq

from dryingsim.errors import InputError
from dryingsim.inputs.presets import si_value
from dryingsim.measurement.profile import dry_profile, make_profile
from dryingsim.results.metrics import depth_faces, dry_thickness


def calender(
    result_or_profile: xr.Dataset,
    *,
    thickness: float | str | None = None,
    density: float | str | None = None,
    porosity: float | str | None = None,
    surface_decay_length: float | str | None = None,
) -> xr.Dataset:
    """Compress the dry coating; return the calendered profile (see :mod:`dryingsim.measurement.profile`).

    Give exactly one target, in SI units or as text with units:

    Parameters
    ----------
    result_or_profile : a result of :func:`dryingsim.simulate` or a dry profile
    thickness : coating thickness after calendering, e.g. ``"70 um"``
    density : coating density (dry mass per coating volume), e.g. ``"1.55 g/cm^3"``
    porosity : mean porosity after calendering, e.g. ``"30 %"``
    surface_decay_length : ``None`` for uniform calendering, or the depth over which the
        densification decays from the surface, e.g. ``"20 um"``

    Returns
    -------
    xarray.Dataset
        The profile with the new cell widths, volume fractions and porosity; ``depth_before_calendering``
        keeps the old cell depths, and the attributes record the target.

    Raises
    ------
    InputError : no target or several, or a target the coating cannot reach (it would have to expand,
        or close more than its pores); the message gives the reachable range.
    """
    profile = dry_profile(result_or_profile)
    targets = {"thickness": thickness, "density": density, "porosity": porosity}
    given = {name: value for name, value in targets.items() if value is not None}
    if len(given) != 1:
        raise InputError("calender", sorted(given) or None, "exactly one of thickness, density, porosity")
    name, value = next(iter(given.items()))

    widths = profile["depth_cell_width"].values
    solid = (profile["volume_fraction"].transpose("depth", "component").values * widths[:, None]).sum(axis=1)
    pores = widths - solid
    height, solid_total = dry_thickness(profile), float(solid.sum())
    mass_total = float(profile["mass_per_area"].sum())
    target = _target_thickness(name, value, height, solid_total, mass_total)

    weights = np.ones_like(widths)
    decay = None
    if surface_decay_length is not None:
        decay = si_value(surface_decay_length, "calender.surface_decay_length", "length")
        if not decay > 0:
            raise InputError("calender.surface_decay_length", surface_decay_length, "a length > 0 m")
        centres = depth_faces(profile)[:-1] + 0.5 * widths
        weights = np.exp(-centres / decay)
    closed = _closed_pore_share(pores, weights, height - target)
    new_widths = solid + (1.0 - closed) * pores

    mass = profile["mass_per_area"].transpose("depth", "component").values
    rho = profile["component_density"].values
    out = make_profile(
        new_widths, mass / rho[None, :] / new_widths[:, None],
        profile["component"].values.tolist(), rho, profile["component_role"].values.tolist(),
        profile["component_material"].values.tolist(), attrs=dict(profile.attrs),
    )
    out["mass_per_area"].values = mass.copy()  # exactly the masses before (not rebuilt from fractions x widths)
    out = out.assign_coords(depth_before_calendering=(
        "depth", profile["depth"].values, {"units": "m", "long_name": "cell depth before calendering"}))
    for extra in set(profile.data_vars) - set(out.data_vars):
        out[extra] = profile[extra]
    out.attrs.update({
        "calendering": f"{name} target {value!r}: thickness {height:.6g} m -> {target:.6g} m, "
                       + ("uniform" if decay is None else f"surface decay length {decay:.6g} m"),
    })
    return out


def _target_thickness(name: str, value: float | str, height: float, solid: float, mass: float) -> float:
    """The coating thickness [m] a target asks for; checks that calendering can reach it."""
    field = f"calender.{name}"
    if name == "thickness":
        target = si_value(value, field, "length")
        allowed = f"({solid:.6g}, {height:.6g}] m: above the solid volume, at most the dry thickness"
    elif name == "density":
        rho = si_value(value, field, "density")
        target = mass / rho if rho > 0 else -1.0
        allowed = f"[{mass / height:.6g}, {mass / solid:.6g}) kg m-3: from the dry density to the solid density"
    else:
        eps = si_value(value, field, "fraction")
        target = solid / (1.0 - eps) if eps < 1 else -1.0
        allowed = f"(0, {1 - solid / height:.6g}]: above 0, at most the dry porosity"
    if not (solid < target <= height * (1 + 1e-12)):
        raise InputError(field, value, allowed)
    return min(target, height)


def _closed_pore_share(pores: np.ndarray, weights: np.ndarray, to_close: float) -> np.ndarray:
    """Share ``r_i = min(1, k g_i)`` of each cell's pores closed so that ``sum r_i p_i = to_close``."""
    if to_close <= 0.0:
        return np.zeros_like(pores)

    def excess(k: float) -> float:
        return float(np.sum(np.minimum(1.0, k * weights) * pores)) - to_close

    k = brentq(excess, 0.0, 1.0 / weights.min(), xtol=1e-15, rtol=1e-14)
    return np.minimum(1.0, k * weights)

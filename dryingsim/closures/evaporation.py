"""Evaporation: the drying-rate schedule, vapour density, and the falling rate once the front recedes into the pores."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

GAS_CONSTANT = 8.314462618  # [J mol-1 K-1], exact (BIPM SI Brochure, 9th ed.)


def scheduled_drying_rate(time: ArrayLike, times: ArrayLike, rates: ArrayLike,
                          interpolation: str = "previous") -> np.ndarray:
    """Evaporation mass flux E(t) of a rate schedule [kg m-2 s-1].

    ``"previous"`` holds each rate until the next schedule time (piecewise constant); ``"linear"``
    interpolates between schedule points; after the last point its rate holds. ``times`` and ``rates``
    are one schedule (K,), or one per scenario (batch, K) padded with infinite times, with ``time`` (batch,).
    """
    t = np.asarray(time, dtype=float)[..., np.newaxis]
    times, rates = np.asarray(times, dtype=float), np.asarray(rates, dtype=float)
    shape = np.broadcast_shapes(t.shape, times.shape)
    times, rates = np.broadcast_to(times, shape), np.broadcast_to(rates, shape)
    index = np.clip((times <= t).sum(axis=-1, keepdims=True) - 1, 0, shape[-1] - 1)
    rate = np.take_along_axis(rates, index, axis=-1)
    if interpolation == "linear":
        following = np.minimum(index + 1, shape[-1] - 1)
        t0, t1 = np.take_along_axis(times, index, axis=-1), np.take_along_axis(times, following, axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            weight = np.where(t1 > t0, np.clip((t - t0) / (t1 - t0), 0.0, 1.0), 0.0)
        rate = rate + weight * (np.take_along_axis(rates, following, axis=-1) - rate)
    return rate[..., 0]


def scheduled_evaporated_mass(t0: float, t1: float, times: Sequence[float], rates: Sequence[float],
                              interpolation: str = "previous") -> float:
    """Exact integral of :func:`scheduled_drying_rate` from t0 to t1 [kg m-2].

    Exact because the rate is piecewise constant or piecewise linear between the schedule times:
    the midpoint rule on each piece between breakpoints is exact for both.
    """
    nodes = np.unique(np.concatenate(([t0, t1], [s for s in times if t0 < s < t1])))
    midpoints = 0.5 * (nodes[1:] + nodes[:-1])
    return float(np.sum(scheduled_drying_rate(midpoints, times, rates, interpolation) * np.diff(nodes)))


def saturated_vapour_density(vapour_pressure: ArrayLike, molar_mass: float, temperature: float) -> np.ndarray:
    r"""Mass of vapour per volume of gas at saturation, :math:`\rho_v = p M / (R T)` [kg m-3] (ideal gas)."""
    return np.asarray(vapour_pressure) * molar_mass / (GAS_CONSTANT * temperature)


def receding_front_factor(gas_side_coefficient: ArrayLike, front_depth: ArrayLike, vapour_diffusivity: float,
                          dry_porosity: ArrayLike) -> np.ndarray:
    r"""Share of the wet-surface drying rate that reaches a front receded into the pores [-], eq. (4.7).

    The vapour crosses the dry top layer of depth :math:`\delta` by diffusion, in series with the
    gas-side transfer coefficient :math:`\beta` (m/s; a dryer's :math:`k_Y/\rho_a`, or for an
    imposed rate :math:`E_0/\rho_{v,sat}`, i.e. dry air far away):

    .. math:: \frac{E}{E_0} = \frac{1}{1 + \beta \delta / D_{v,eff}},
              \qquad D_{v,eff} = \varepsilon^{3/2} D_v

    References
    ----------
    Schlünder (2004), Drying Technol. 22, 1517 (series resistances of a receding front);
    Bruggeman (1935), Ann. Phys. 416, 636 (porous-medium factor).
    """
    effective = vapour_diffusivity * np.clip(np.asarray(dry_porosity, dtype=float), 0.0, 1.0) ** 1.5
    return 1.0 / (1.0 + np.asarray(gas_side_coefficient) * np.asarray(front_depth, dtype=float) / effective)


def front_wetness(saturation: ArrayLike, front_saturation: ArrayLike) -> np.ndarray:
    r"""How far a cell is from having let the evaporation front through it [-], eq. (4.6).

    .. math:: w = 1 - (1 - \min(S/S_f, 1))^2

    1 while the cell holds at least :math:`S_f` of its pores in liquid (the front is at its top),
    falling to 0 as the last liquid evaporates (the front at its bottom); C1 at :math:`S_f`, so the
    rate does not jump as the front enters a cell.
    """
    ratio = np.clip(np.asarray(saturation, dtype=float) / np.asarray(front_saturation, dtype=float), 0.0, 1.0)
    return 1.0 - (1.0 - ratio) ** 2

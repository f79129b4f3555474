"""Sedimentation of particles in a concentrated slurry, and its arrest by a yield stress."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

GRAVITY = 9.80665  # standard acceleration of gravity [m s-2], CGPM 1901 (exact by definition)


def hindered_settling_velocity(
    radius: ArrayLike,
    density_particle: ArrayLike,
    density_suspension: ArrayLike,
    viscosity_liquid: float,
    phi_solids: ArrayLike,
    exponent: float = 5.1,
) -> np.ndarray:
    r"""Settling velocity of one particle class in a concentrated slurry [m s-1] (negative: downwards).

    .. math:: u_p = -\frac{2 a^2 (\rho_p - \rho_{susp}) g}{9 \mu_l} (1 - \phi_s)^{n - 1}

    Parameters
    ----------
    radius : particle radius a [m]
    density_particle, density_suspension : [kg m-3]; buoyancy acts against the suspension
    viscosity_liquid : [Pa s]
    phi_solids : total solids volume fraction [-]
    exponent : Richardson-Zaki n [-]

    References
    ----------
    Richardson & Zaki (1954), Trans. Inst. Chem. Eng. 32, 35 (hindrance exponent 4.65-5.1).
    Masliyah (1979), Chem. Eng. Sci. 34, 1166; Lockett & Bassoon (1979), Powder Technol. 24, 1
    (polydisperse form with buoyancy against the suspension density).
    """
    a = np.asarray(radius, dtype=float)
    stokes = 2.0 * a**2 * (np.asarray(density_particle) - np.asarray(density_suspension)) * GRAVITY
    hindrance = np.clip(1.0 - np.asarray(phi_solids, dtype=float), 0.0, 1.0) ** (exponent - 1.0)
    return -stokes / (9.0 * viscosity_liquid) * hindrance


def yield_number(yield_stress: float, radius: ArrayLike, density_particle: ArrayLike,
                 density_liquid: float) -> np.ndarray:
    r"""Ratio of the slurry yield stress to the gravitational stress of a particle [-].

    .. math:: Y_p = \frac{\tau_y}{|\rho_p - \rho_l| \, g \, a_p}

    A sphere stays put in a yield-stress fluid when :math:`Y_p` exceeds a critical value
    (:func:`yield_arrest_factor`). Neutrally buoyant particles get an infinite yield number.

    References
    ----------
    Beris, Tsamopoulos, Armstrong & Brown (1985), J. Fluid Mech. 158, 219.
    """
    weight = np.abs(np.asarray(density_particle, dtype=float) - density_liquid) * GRAVITY * np.asarray(radius)
    with np.errstate(divide="ignore"):
        return np.where(weight > 0.0, yield_stress / np.where(weight > 0.0, weight, 1.0), np.inf)


def yield_arrest_factor(yield_number_: ArrayLike, critical: float = 0.096) -> np.ndarray:
    r"""Factor in [0, 1] on the settling velocity of a particle in a yield-stress slurry [-].

    .. math:: f = \max(0, 1 - Y/Y_c)^2

    It falls smoothly (zero slope at :math:`Y_c`) from free settling at :math:`Y = 0` to full
    arrest at :math:`Y \ge Y_c`.

    The critical value 0.096 = 2 x 0.048: Beris et al. (1985) computed that a sphere in a Bingham
    fluid does not move for :math:`\tau_y / (\Delta\rho\, g\, d) > 0.048` (diameter d), i.e.
    0.096 with the radius used here. The quadratic shape below :math:`Y_c` is *assumed* (a smooth
    stand-in for the extra drag of the yielded envelope).

    References
    ----------
    Beris, Tsamopoulos, Armstrong & Brown (1985), J. Fluid Mech. 158, 219.
    """
    ratio = np.asarray(yield_number_, dtype=float) / critical
    return np.clip(1.0 - ratio, 0.0, 1.0) ** 2

"""Brownian and collective diffusion of particles, and diffusion of solutes in the pore liquid."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike
from scipy.integrate import cumulative_trapezoid

BOLTZMANN = 1.380649e-23  # [J K-1], exact in the SI since 2019 (BIPM SI Brochure, 9th ed.)


def stokes_einstein_diffusivity(radius: ArrayLike, viscosity: float, temperature: float) -> np.ndarray:
    r"""Diffusion coefficient of a sphere at infinite dilution [m2 s-1].

    .. math:: D_0 = \frac{k_B T}{6 \pi \mu a}

    References
    ----------
    Einstein (1905), Ann. Phys. 17, 549.
    """
    return BOLTZMANN * temperature / (6.0 * np.pi * viscosity * np.asarray(radius, dtype=float))


def batchelor_sedimentation_hindrance(phi_solids: ArrayLike, exponent: float = 6.55) -> np.ndarray:
    r"""Hindrance of the collective mobility of a suspension, :math:`K(\phi)` [-].

    .. math:: K = (1 - \phi)^{6.55}

    References
    ----------
    Batchelor (1972), J. Fluid Mech. 52, 245 (first-order coefficient -6.55); the power form is the
    one used by Routh & Zimmerman (2004), Chem. Eng. Sci. 59, 2961.
    """
    return np.clip(1.0 - np.asarray(phi_solids, dtype=float), 0.0, 1.0) ** exponent


def compressibility_derivative(phi_solids: ArrayLike, max_packing: float,
                               floor: float = 1e-7) -> np.ndarray:
    r"""Osmotic compressibility factor :math:`\tilde Z = d(\phi Z)/d\phi` [-].

    With the compressibility :math:`Z = 1/(1 - \phi/\phi_m)` that diverges at maximum packing,

    .. math:: \tilde Z = \frac{1}{(1 - \phi/\phi_m)^2},

    so collective diffusion :math:`D_0 K \tilde Z` stops particles from packing past
    :math:`\phi_m`. The distance to packing is floored at ``floor`` (the factor is capped at
    ``floor**-2``) to keep the coefficient finite if an iterate touches :math:`\phi_m`.

    References
    ----------
    Routh & Zimmerman (2004), Chem. Eng. Sci. 59, 2961, eq. (5) and the form of Z they use.
    """
    gap = np.maximum(1.0 - np.asarray(phi_solids, dtype=float) / max_packing, floor)
    with np.errstate(divide="ignore"):
        return 1.0 / gap**2


@lru_cache(maxsize=16)
def _potential_table(max_packing: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`collective_potential` tabulated from 0 to within 1e-13 of packing, dense near packing."""
    gap = np.geomspace(0.5, 1e-13, 8000)
    phi = np.concatenate((np.linspace(0.0, 0.5 * max_packing, 800)[:-1], max_packing * (1.0 - gap)))
    integrand = batchelor_sedimentation_hindrance(phi) * compressibility_derivative(phi, max_packing, floor=0.0)
    return phi, cumulative_trapezoid(integrand, phi, initial=0.0)


def collective_potential(phi_solids: ArrayLike, max_packing: float) -> np.ndarray:
    r"""Kirchhoff potential of collective diffusion, :math:`\Pi(\phi) = \int_0^\phi K \tilde Z\, d\phi'` [-].

    The collective flux :math:`D_0 K \tilde Z\, \partial\phi/\partial z = D_0\, \partial \Pi / \partial z`
    is linear in :math:`\Pi`, which grows without bound as :math:`\phi \to \phi_m` (Kirchhoff 1894
    transformation; the same potential as the osmotic pressure of Routh & Zimmerman 2004, eq. 5).
    Tabulated by the trapezoidal rule on a grid geometric in the distance to packing.
    """
    table_phi, table_potential = _potential_table(max_packing)
    return np.interp(np.asarray(phi_solids, dtype=float), table_phi, table_potential)


def solids_fraction_from_potential(potential: ArrayLike, max_packing: float) -> np.ndarray:
    r"""Inverse of :func:`collective_potential`: :math:`\phi(\Pi)`, always below :math:`\phi_m` [-].

    Beyond the table the asymptote :math:`\Pi \approx \Pi_e + K(\phi_m)\,\phi_m (1/\delta - 1/\delta_e)`
    of :math:`\tilde Z = \delta^{-2}`, :math:`\delta = 1 - \phi/\phi_m`, continues it.
    """
    table_phi, table_potential = _potential_table(max_packing)
    potential = np.maximum(np.asarray(potential, dtype=float), 0.0)
    phi = np.interp(potential, table_potential, table_phi)
    gap_end = 1.0 - table_phi[-1] / max_packing
    scale = float(batchelor_sedimentation_hindrance(max_packing)) * max_packing
    tail = max_packing * (1.0 - scale / (potential - table_potential[-1] + scale / gap_end))
    return np.where(potential > table_potential[-1], tail, phi)


def bruggeman_tortuosity_factor(liquid_fraction: ArrayLike) -> np.ndarray:
    r"""Factor on a solute's diffusivity for diffusion through the pore liquid [-].

    .. math:: D_{eff} / D = \phi_l^{1/2}

    so that the flux per total area is :math:`\phi_l D_{eff}\, \partial c/\partial z =
    \phi_l^{3/2} D\, \partial c / \partial z` (Bruggeman exponent 1.5).

    References
    ----------
    Bruggeman (1935), Ann. Phys. 416, 636; Tjaden, Cooper, Brett, Kramer & Shearing (2016),
    Curr. Opin. Chem. Eng. 12, 44 (review of its use in electrodes).
    """
    return np.sqrt(np.clip(np.asarray(liquid_fraction, dtype=float), 0.0, 1.0))

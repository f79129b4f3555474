"""Brownian and collective diffusion of particles, and diffusion of solutes in the pore liquid."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike
from scipy import special
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


HINDRANCE_EXPONENT = 6.55
"""Exponent of :func:`batchelor_sedimentation_hindrance` used in the Kirchhoff potential [-]."""


@lru_cache(maxsize=16)
def _potential_tables(max_packing: float, exponent: float = 4.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The Kirchhoff potential's two parts tabulated from 0 to within 1e-13 of packing, dense near packing.

    Returns the grid :math:`\phi`, the Brownian part :math:`B = \int_0^\phi K \tilde Z\, d\phi'` (trapezoidal
    rule) and the unit network part :math:`N = \int_0^\phi K\, n \phi'^{n-1} d\phi'` on the same grid. With
    :math:`K = (1-\phi)^{b}` the latter is the incomplete beta function :math:`n\,\mathrm{B}(\phi; n, b + 1)`,
    evaluated exactly at the nodes.
    """
    if not exponent > 0.0:
        raise ValueError(f"compressive yield exponent must be positive, got {exponent}")
    gap = np.geomspace(0.5, 1e-13, 8000)
    phi = np.concatenate((np.linspace(0.0, 0.5 * max_packing, 800)[:-1], max_packing * (1.0 - gap)))
    integrand = batchelor_sedimentation_hindrance(phi) * compressibility_derivative(phi, max_packing, floor=0.0)
    brownian = cumulative_trapezoid(integrand, phi, initial=0.0)
    b = HINDRANCE_EXPONENT + 1.0
    network = exponent * special.beta(exponent, b) * special.betainc(exponent, b, phi)
    for table in (phi, brownian, network):
        table.setflags(write=False)
    return phi, brownian, network


def _network_array(network: ArrayLike) -> tuple[np.ndarray, float | None]:
    """``network`` as an array, and its single value when it is a scalar or all its entries are equal."""
    c = np.asarray(network, dtype=float)
    if c.size == 0:
        return c, 0.0
    first = float(c.flat[0])
    return c, (first if np.all(c == first) else None)


def _per_coefficient(function: Callable[[np.ndarray, float], np.ndarray], values: np.ndarray,
                     network: ArrayLike) -> np.ndarray:
    """``function(values, c)`` with the network coefficient ``network`` (scalar or broadcasting with ``values``):
    one call for a single coefficient, else one per distinct coefficient on its entries, so that every entry is
    what its coefficient alone gives, bit for bit (a batch of scenarios reproduces their single runs)."""
    c, single = _network_array(network)
    if single is not None:
        out = function(values, single)
        return np.broadcast_to(out, np.broadcast_shapes(values.shape, c.shape)).copy() if c.ndim else out
    values, c = np.broadcast_arrays(values, c)
    out = np.empty(values.shape)
    for coefficient in np.unique(c):
        rows = c == coefficient
        out[rows] = function(values[rows], float(coefficient))
    return out


def collective_potential(phi_solids: ArrayLike, max_packing: float, network: ArrayLike = 0.0,
                         exponent: float = 4.0) -> np.ndarray:
    r"""Kirchhoff potential of collective diffusion, :math:`\Pi(\phi) = \int_0^\phi K (\tilde Z + c\, n
    \phi'^{n-1})\, d\phi'` [-].

    The collective flux :math:`D_0 K (\tilde Z + \Lambda\, dP_y/d\phi)\, \partial\phi/\partial z =
    D_0\, \partial \Pi / \partial z` is linear in :math:`\Pi`, which grows without bound as
    :math:`\phi \to \phi_m` (Kirchhoff 1894 transformation; the Brownian part
    :math:`B = \int_0^\phi K \tilde Z` is the osmotic pressure of Routh & Zimmerman 2004, eq. 5). The
    particle network adds :math:`c N`, :math:`N = \int_0^\phi K n \phi'^{n-1}`, with the network coefficient
    :math:`c = \Lambda P_0/\phi_0^n` of :func:`dryingsim.closures.consolidation.network_coefficient`
    (compressive yield stress :math:`P_y = P_0 (\phi/\phi_0)^n`; Buscall & White 1987). Both parts are
    tabulated on a grid geometric in the distance to packing and interpolated linearly.

    Parameters
    ----------
    phi_solids : total solids fraction [-]
    max_packing : maximum packing fraction :math:`\phi_m` [-]
    network : network coefficient c [-], scalar or broadcasting with ``phi_solids`` (e.g. (batch, 1));
        0 is no network
    exponent : compressive yield exponent n [-]
    """
    phi = np.asarray(phi_solids, dtype=float)
    table_phi, brownian, unit_network = _potential_tables(max_packing, exponent)

    def potential(values: np.ndarray, coefficient: float) -> np.ndarray:
        table = brownian if coefficient == 0.0 else brownian + coefficient * unit_network
        return np.interp(values, table_phi, table)

    return _per_coefficient(potential, phi, network)


def collective_capacity(phi_solids: ArrayLike, max_packing: float, network: ArrayLike = 0.0,
                        exponent: float = 4.0) -> np.ndarray:
    r"""Capacity :math:`d\phi/d\Pi = 1/(K (\tilde Z + c\, n \phi^{n-1}))` of :func:`collective_potential` [-].

    Written :math:`\delta^2 / (K (1 + c\, n \phi^{n-1} \delta^2))`, :math:`\delta = 1 - \phi/\phi_m`, so it
    stays finite at packing, and floored at 1e-16: at a potential so large that :math:`\phi` rounds to
    :math:`\phi_m` the capacity must stay nonzero. With c = 0 it is :math:`\delta^2/K`, as before.
    """
    phi = np.asarray(phi_solids, dtype=float)
    gap = 1.0 - phi / max_packing
    hindrance = batchelor_sedimentation_hindrance(phi)
    c, single = _network_array(network)
    if single == 0.0:
        out = np.maximum(gap**2 / hindrance, 1e-16)
        return np.broadcast_to(out, np.broadcast_shapes(phi.shape, c.shape)).copy() if c.ndim else out
    slope = c * exponent * np.maximum(phi, 0.0) ** (exponent - 1.0)
    return np.maximum(gap**2 / (hindrance * (1.0 + slope * gap**2)), 1e-16)


def _continued(potential: np.ndarray, end_potential: ArrayLike, end_gap: float, max_packing: float) -> np.ndarray:
    r"""The potential's inverse beyond its table, where :math:`\Pi \approx \Pi_e + K(\phi_m)\,\phi_m
    (1/\delta - 1/\delta_e)`: the Brownian part's asymptote of :math:`\tilde Z = \delta^{-2}`,
    :math:`\delta = 1 - \phi/\phi_m`, shifted by the (bounded) network part at the table's end, which is in
    ``end_potential`` :math:`\Pi_e = B_e + c N_e`."""
    scale = float(batchelor_sedimentation_hindrance(max_packing)) * max_packing
    return max_packing * (1.0 - scale / (potential - end_potential + scale / end_gap))


def solids_fraction_from_potential(potential: ArrayLike, max_packing: float, network: ArrayLike = 0.0,
                                   exponent: float = 4.0) -> np.ndarray:
    r"""Inverse of :func:`collective_potential`: :math:`\phi(\Pi)`, always below :math:`\phi_m` [-].

    The exact inverse of the piecewise-linear table (monotone and continuous in :math:`\Pi`). With a single
    network coefficient it interpolates the table :math:`B + cN`; with one per entry, each distinct
    coefficient's table in turn. Beyond the table the asymptote :math:`\Pi \approx \Pi_e + K(\phi_m)\,\phi_m
    (1/\delta - 1/\delta_e)` of :math:`\tilde Z = \delta^{-2}`, :math:`\delta = 1 - \phi/\phi_m`, continues it
    (see :func:`_continued`).
    """
    table_phi, brownian, unit_network = _potential_tables(max_packing, exponent)
    potential = np.maximum(np.asarray(potential, dtype=float), 0.0)
    gap_end = 1.0 - table_phi[-1] / max_packing

    def inverse(values: np.ndarray, coefficient: float) -> np.ndarray:
        table_potential = brownian if coefficient == 0.0 else brownian + coefficient * unit_network
        phi = np.interp(values, table_potential, table_phi)
        tail = _continued(values, table_potential[-1], gap_end, max_packing)
        return np.where(values > table_potential[-1], tail, phi)

    return _per_coefficient(inverse, potential, network)


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

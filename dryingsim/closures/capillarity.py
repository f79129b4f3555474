"""Capillary flow of the liquid through the consolidated particle skeleton (stage 2)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def kozeny_carman_permeability(porosity: ArrayLike, particle_diameter: float) -> np.ndarray:
    r"""Permeability of a packed bed of spheres [m2].

    .. math:: k = \frac{d^2 \varepsilon^3}{180 (1 - \varepsilon)^2}

    d is the Sauter mean diameter of the skeleton.

    References
    ----------
    Carman (1937), Trans. Inst. Chem. Eng. 15, 150.
    """
    eps = np.asarray(porosity, dtype=float)
    return particle_diameter**2 * eps**3 / (180.0 * (1.0 - eps) ** 2)


def entry_capillary_pressure(porosity: ArrayLike, particle_diameter: float, surface_tension: float,
                             scale: float = 1.0) -> np.ndarray:
    r"""Capillary entry pressure of the pores [Pa], from the hydraulic radius of the bed.

    .. math:: p_b = s \frac{\gamma}{r_h}, \qquad r_h = \frac{\varepsilon d}{6 (1 - \varepsilon)}

    Perfect wetting (contact angle 0) is assumed; ``scale`` s is the calibration knob
    ``physics.capillary_pressure_scale``.

    References
    ----------
    Carman (1937), Trans. Inst. Chem. Eng. 15, 150 (hydraulic radius of a packed bed);
    Leverett (1941), Trans. AIME 142, 152 (scaling of capillary pressure with gamma / pore size).
    """
    eps = np.asarray(porosity, dtype=float)
    hydraulic_radius = eps * particle_diameter / (6.0 * (1.0 - eps))
    return scale * surface_tension / hydraulic_radius


def effective_saturation(saturation: ArrayLike, residual: float) -> np.ndarray:
    """Saturation above the residual, rescaled to [0, 1] [-]."""
    return np.clip((np.asarray(saturation, dtype=float) - residual) / (1.0 - residual), 0.0, 1.0)


def brooks_corey_capillary_pressure(saturation: ArrayLike, entry_pressure: ArrayLike, pore_index: float,
                                    residual: float, min_effective: float = 1e-6) -> np.ndarray:
    r"""Capillary pressure :math:`p_c = p_b S_e^{-1/\lambda}` [Pa].

    :math:`S_e` is floored at ``min_effective`` where :math:`p_c` would diverge; the liquid there
    does not flow anyway (:func:`brooks_corey_relative_permeability` is ~0).

    References
    ----------
    Brooks & Corey (1964), Hydraulic properties of porous media, Hydrology Paper 3, Colorado State Univ.
    """
    s_e = np.maximum(effective_saturation(saturation, residual), min_effective)
    return np.asarray(entry_pressure) * s_e ** (-1.0 / pore_index)


def brooks_corey_relative_permeability(saturation: ArrayLike, pore_index: float,
                                       residual: float) -> np.ndarray:
    r"""Relative permeability of the wetting liquid, :math:`k_r = S_e^{(2 + 3\lambda)/\lambda}` [-].

    References
    ----------
    Brooks & Corey (1964), Hydrology Paper 3 (Burdine form).
    """
    return effective_saturation(saturation, residual) ** ((2.0 + 3.0 * pore_index) / pore_index)


def capillary_diffusivity(saturation: ArrayLike, permeability: ArrayLike, entry_pressure: ArrayLike,
                          viscosity: float, pore_index: float, residual: float) -> np.ndarray:
    r"""Saturation diffusivity of capillary flow, :math:`D_S = k k_r |dp_c/dS| / \mu` [m2 s-1].

    With Brooks-Corey closures,

    .. math:: D_S = \frac{k p_b}{\mu \lambda (1 - S_r)} S_e^{(1 + 2\lambda)/\lambda},

    so the Darcy flux of liquid is :math:`q = -D_S\, \partial S / \partial z`.

    References
    ----------
    Brooks & Corey (1964), Hydrology Paper 3; Darcy (1856).
    """
    s_e = effective_saturation(saturation, residual)
    mobility = np.asarray(permeability) / viscosity
    prefactor = mobility * np.asarray(entry_pressure) / (pore_index * (1.0 - residual))
    return prefactor * s_e ** ((1.0 + 2.0 * pore_index) / pore_index)

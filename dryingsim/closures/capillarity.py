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


LIQUID_COMPRESSIBILITY = 4.5e-10
"""Isothermal compressibility of the pore liquid [Pa-1]: water at 25 degC, 4.525e-10 Pa-1 (Kell 1975,
J. Chem. Eng. Data 20, 97). Used for every solvent (organic liquids such as NMP are of the same order,
assumed): it only gives full cells a storage, changing their liquid content by under 1e-4."""


def brooks_corey_saturation(capillary_pressure: ArrayLike, entry_pressure: ArrayLike, pore_index: float,
                            compressibility: float = LIQUID_COMPRESSIBILITY) -> tuple[np.ndarray, np.ndarray]:
    r"""Liquid content of the pores at a capillary pressure, and its capacity :math:`-dS/dp_c` [-], [Pa-1].

    .. math:: S = (p_c / p_b)^{-\lambda} \;(p_c \ge p_b), \qquad S = 1 + \kappa (p_b - p_c) \;(p_c < p_b)

    the Brooks-Corey curve :math:`p_c = p_b S^{-1/\lambda}` inverted, with no residual saturation:
    the liquid left in a dried cell is removed by the receding evaporation front, which needs no
    cut-off here (its mobility :math:`k_r` vanishes as :math:`S \to 0`). Full pores store liquid
    only by its compressibility :math:`\kappa`, so a film whose pores are all full still has a
    well-posed pressure.

    References
    ----------
    Brooks & Corey (1964), Hydraulic properties of porous media, Hydrology Paper 3, Colorado State Univ.
    """
    ratio = np.asarray(capillary_pressure, dtype=float) / np.asarray(entry_pressure, dtype=float)
    unsaturated = ratio >= 1.0
    safe = np.where(unsaturated, ratio, 1.0)
    entry = np.asarray(entry_pressure, dtype=float)
    saturation = np.where(unsaturated, safe**-pore_index, 1.0 + compressibility * entry * (1.0 - ratio))
    capacity = np.where(unsaturated, pore_index * safe ** (-pore_index - 1.0) / entry, compressibility)
    return saturation, capacity


def brooks_corey_relative_permeability(saturation: ArrayLike, pore_index: float) -> np.ndarray:
    r"""Relative permeability of the wetting liquid, :math:`k_r = S^{(2 + 3\lambda)/\lambda}` [-].

    References
    ----------
    Brooks & Corey (1964), Hydrology Paper 3 (Burdine form), with no residual saturation.
    """
    return np.clip(np.asarray(saturation, dtype=float), 0.0, 1.0) ** ((2.0 + 3.0 * pore_index) / pore_index)

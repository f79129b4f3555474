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


ENTRY_ROUNDING = 5.0
r"""Exponent n of the rounded Brooks-Corey corner at the entry pressure [-] (**assumed** shape): the
curve :math:`(1 + (p_c/p_b)^n)^{-\lambda/n}` of van Genuchten's form (1980, Soil Sci. Soc. Am. J. 44,
892) that tends to Brooks & Corey's :math:`(p_c/p_b)^{-\lambda}` above the entry pressure and to full
pores below it, with a continuous capacity (Brooks-Corey's jumps from 0 to :math:`\lambda/p_b` there)."""

RESIDUAL_RELEASE = 10.0
r"""Capillary pressure, in entry pressures, at which the residual liquid is half gone [-] (**assumed**).

The pendular rings and isolated clusters that drainage leaves cannot flow (their relative
permeability is zero); they leave only by evaporation where the front passes, which in the
pressure form of the balance drives :math:`p_c` far above the entry pressure. At 10 entry pressures
:math:`10^{-\lambda} = 1\,\%` of the connected liquid is left (lambda = 2) when the rings go; with 30,
the curve is so flat in between that the sweeps of a drying cell stall."""

RELEASE_EXPONENT = 4.0
r"""How sharply the residual liquid leaves with rising capillary pressure, in
:math:`R = 1/(1 + (p_c / (r p_b))^4)` [-] (**assumed**; any exponent above :math:`\lambda` keeps the
connected liquid the last to go at very high pressure)."""


def retention_curve(capillary_pressure: ArrayLike, entry_pressure: ArrayLike, pore_index: ArrayLike,
                    residual: ArrayLike, compressibility: float = LIQUID_COMPRESSIBILITY
                    ) -> tuple[np.ndarray, np.ndarray]:
    r"""Pore saturation at a capillary pressure, and its capacity :math:`-dS/dp_c` [-], [Pa-1].

    .. math:: S = S_r R(p_c) + (1 - S_r) S_e(p_c) e^{-\kappa p_c}, \qquad
              S_e = \left(1 + (p_c^+/p_b)^n
ight)^{-\lambda/n}, \qquad
              R = rac{1}{1 + (p_c^+/(r p_b))^{m}}

    The connected liquid :math:`S_e` drains above the entry pressure :math:`p_b` as Brooks & Corey's
    curve (1964, Hydrology Paper 3), with its corner rounded (:data:`ENTRY_ROUNDING`); the residual
    saturation :math:`S_r` (pendular rings and isolated clusters, seen by cryo-BIB-SEM in drying
    graphite anodes by Jaiser et al. 2017, J. Power Sources 345, 97) stays until the pressure is far
    above entry (:data:`RESIDUAL_RELEASE`, :data:`RELEASE_EXPONENT`). Full pores store liquid by its
    compressibility :math:`\kappa` (the factor :math:`e^{-\kappa p_c} \approx 1 - \kappa p_c`, which stays
    positive at the highest pressures), so a film whose pores are all full has a well-posed pressure.
    Every term is C1 in :math:`p_c`, so the switch of a cell from full to draining is smooth.
    """
    p = np.maximum(np.asarray(capillary_pressure, dtype=float), 0.0)
    entry = np.asarray(entry_pressure, dtype=float)
    lam, s_r = np.asarray(pore_index, dtype=float), np.asarray(residual, dtype=float)
    ratio = p / entry
    base = 1.0 + ratio**ENTRY_ROUNDING
    connected = base ** (-lam / ENTRY_ROUNDING)
    d_connected = -lam * ratio ** (ENTRY_ROUNDING - 1.0) * base ** (-lam / ENTRY_ROUNDING - 1.0) / entry
    release = ratio / RESIDUAL_RELEASE
    kept = 1.0 / (1.0 + release**RELEASE_EXPONENT)
    d_kept = -RELEASE_EXPONENT * release ** (RELEASE_EXPONENT - 1.0) * kept**2 / (RESIDUAL_RELEASE * entry)
    pressure = np.asarray(capillary_pressure, dtype=float)
    squeeze = np.exp(-compressibility * pressure)
    saturation = s_r * kept + (1.0 - s_r) * connected * squeeze
    capacity = -(s_r * d_kept + (1.0 - s_r) * (d_connected - compressibility * connected) * squeeze)
    return saturation, capacity


def relative_permeability(saturation: ArrayLike, pore_index: ArrayLike, residual: ArrayLike) -> np.ndarray:
    r"""Relative permeability of the wetting liquid [-].

    .. math:: k_r = S_e^{(2 + 3\lambda)/\lambda}, \qquad S_e = rac{S - S_r}{1 - S_r}\ 	ext{in}\ [0, 1]

    Burdine's form of Brooks & Corey (1964, Hydrology Paper 3): the residual liquid does not flow.
    The exponent is at least 3, so :math:`k_r` is C2 where :math:`S_e` reaches 0.
    """
    s_r = np.asarray(residual, dtype=float)
    lam = np.asarray(pore_index, dtype=float)
    effective = np.clip((np.asarray(saturation, dtype=float) - s_r) / (1.0 - s_r), 0.0, 1.0)
    return effective ** ((2.0 + 3.0 * lam) / lam)

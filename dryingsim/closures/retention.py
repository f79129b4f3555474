"""What holds binder back as the liquid carries it: gelation, filled pores, adsorption and latex capture.

Dissolved polymer and free latex follow the liquid (eqs. 3.12, 4.8) only in part; every law here is
smooth (C1) in the state and the parameters, with no limit at which binder stops dead:

* an entangled polymer solution is a network the solvent permeates: the share of the polymer that the
  liquid carries falls smoothly with its concentration (:func:`gel_mobility`);
* pores filling with binder take in less of what the liquid brings (:func:`pore_uptake`);
* polymer adsorbed on the particles moves with them (:func:`adsorbed_per_volume`);
* free latex in a draining skeleton is captured by the particles it passes (colloid filtration,
  :func:`deposition_rate`), with a finite capture length, never a perfect sink.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

GEL_EXPONENT = 3.75
r"""Exponent of :func:`gel_mobility` [-]: the scaling :math:`\eta_0 \propto c^{15/4}` of the viscosity of
entangled polymer solutions in a good solvent (de Gennes 1979, Scaling Concepts in Polymer Physics,
Cornell University Press, ch. 8), taken for the friction between the polymer network and the solvent
that permeates it (**assumed** transfer of the exponent)."""


def gel_mobility(concentration: ArrayLike, gel_concentration: ArrayLike, exponent: float = GEL_EXPONENT
                 ) -> np.ndarray:
    r"""Share of a dissolved polymer that the liquid carries [-].

    .. math:: m = \frac{1}{1 + (c / c_g)^n}

    1 in dilute solution, 1/2 at the gel concentration :math:`c_g`, falling as :math:`c^{-n}` in the
    entangled network that the solvent permeates but that no longer flows with it. The rest is held by
    the particles (it moves with them in stage 1 and stays on the skeleton in stage 2). Latex in the
    polymer's liquid is held the same way: Lim, Ahn & Yamamura (2013, Langmuir 29, 8233) found latex
    migration suppressed above the CMC entanglement concentration.
    """
    c = np.maximum(np.asarray(concentration, dtype=float), 0.0)
    return 1.0 / (1.0 + (c / np.asarray(gel_concentration, dtype=float)) ** exponent)


def pore_uptake(occupancy: ArrayLike, max_packing: ArrayLike) -> np.ndarray:
    r"""Share of what the liquid brings that a cell whose pores hold binder takes in [-].

    .. math:: u = \max(1 - \theta/\phi_m, 0)^2

    :math:`\theta` is the binder volume per pore volume; pores filled with binder packed at
    :math:`\phi_m` let the solvent pass but no more binder. C1 where it reaches zero. Packed latex in
    the liquid stops moving by the same law (:math:`\theta` its volume per liquid volume).
    """
    gap = np.maximum(1.0 - np.asarray(occupancy, dtype=float) / np.asarray(max_packing, dtype=float), 0.0)
    return gap**2


def specific_surface(volume_fraction: ArrayLike, radius: ArrayLike) -> np.ndarray:
    r"""Particle surface per total volume of spheres, :math:`a = 3 \phi / r` [m-1]."""
    return 3.0 * np.asarray(volume_fraction, dtype=float) / np.asarray(radius, dtype=float)


def adsorbed_per_volume(surface: ArrayLike, henry_length: ArrayLike) -> np.ndarray:
    r"""Adsorbed polymer per total volume over the dissolved concentration, :math:`K_H a` [-].

    .. math:: \Gamma = K_H c, \qquad \frac{m_{ads}}{c} = K_H a

    The Henry (low-coverage) limit of a Langmuir isotherm: the adsorbed mass per particle surface
    :math:`\Gamma` is proportional to the concentration of the liquid around it, with the Henry
    length :math:`K_H` [m] (the isotherm's initial slope). Adsorbed polymer moves with its particles.
    """
    return np.asarray(henry_length, dtype=float) * np.asarray(surface, dtype=float)


def happel_parameter(porosity: ArrayLike) -> np.ndarray:
    r"""Happel's sphere-in-cell flow parameter :math:`A_s` [-].

    .. math:: A_s = \frac{2 (1 - \gamma^5)}{2 - 3\gamma + 3\gamma^5 - 2\gamma^6},
              \qquad \gamma = (1 - \varepsilon)^{1/3}

    References
    ----------
    Happel (1958), AIChE J. 4, 197; Rajagopalan & Tien (1976), AIChE J. 22, 523.
    """
    gamma = np.cbrt(1.0 - np.clip(np.asarray(porosity, dtype=float), 0.0, 1.0 - 1e-12))
    return 2.0 * (1.0 - gamma**5) / (2.0 - 3.0 * gamma + 3.0 * gamma**5 - 2.0 * gamma**6)


def deposition_rate(porosity: ArrayLike, collector_diameter: ArrayLike, diffusivity: ArrayLike,
                    superficial_speed: ArrayLike, attachment: ArrayLike) -> np.ndarray:
    r"""First-order rate at which free colloids in the pore liquid attach to the skeleton [s-1].

    .. math:: k = \alpha \, \frac{6 (1 - \varepsilon)}{d_c\, \varepsilon} \, \frac{D\, Sh}{d_c},
              \qquad Sh = \left(8 + 1.01^3 A_s Pe\right)^{1/3}, \quad Pe = \frac{|q| d_c}{D}

    Colloids reach the collector surface (area :math:`6(1-\varepsilon)/d_c` per bed volume) by
    convective diffusion, with Sherwood number Sh bridging Sh = 2 of a still liquid and the
    Levich-Happel limit :math:`Sh = 1.01 (A_s Pe)^{1/3}` of the single-collector efficiency
    :math:`\eta_D = 4.04 A_s^{1/3} Pe^{-2/3}`; a share :math:`\alpha` of the collisions attaches.
    The capture length of the flowing liquid is :math:`q / (\varepsilon k)`, never zero.

    References
    ----------
    Levich (1962), Physicochemical Hydrodynamics, Prentice-Hall; Rajagopalan & Tien (1976), AIChE J. 22,
    523; Yao, Habibian & O'Melia (1971), Environ. Sci. Technol. 5, 1105 (filtration theory).
    """
    eps = np.clip(np.asarray(porosity, dtype=float), 1e-6, 1.0)
    d_c, d = np.asarray(collector_diameter, dtype=float), np.asarray(diffusivity, dtype=float)
    peclet = np.abs(np.asarray(superficial_speed, dtype=float)) * d_c / d
    sherwood = np.cbrt(8.0 + 1.01**3 * happel_parameter(eps) * peclet)
    return np.asarray(attachment, dtype=float) * 6.0 * (1.0 - eps) / (d_c * eps) * d * sherwood / d_c

r"""Consolidation of a flocculated particle network: its compressive yield stress and its share of diffusion.

A gelled slurry carries a particle network that resists compression with a compressive yield stress
:math:`P_y(\phi)`, which adds to the particle (osmotic) pressure (compressional rheology of flocculated
suspensions: Buscall & White 1987; Landman & White 1994). Here it is the smooth power law, with no
gel-point threshold,

.. math:: P_y(\phi) = P_0 (\phi/\phi_0)^n,

:math:`P_0` the compressive yield stress at the coating's initial solids fraction :math:`\phi_0` and
:math:`n` the compressive yield exponent (about 4 for flocculated latices, Buscall, Mills, Goodwin &
Lawson 1988). The collective diffusivity becomes :math:`D_0 K (\tilde Z + \Lambda\, dP_y/d\phi)` with the
network number :math:`\Lambda = v_p/(k_B T)`, :math:`v_p = 4\pi a_{32}^3/3`, so the Kirchhoff potential of
:func:`dryingsim.closures.diffusion.collective_potential` gains :math:`c \int_0^\phi K n \phi'^{n-1}
d\phi'` with the network coefficient :math:`c = \Lambda P_0/\phi_0^n`.

References
----------
Buscall & White (1987), J. Chem. Soc. Faraday Trans. 1 83, 873.
Buscall, Mills, Goodwin & Lawson (1988), J. Chem. Soc. Faraday Trans. 1 84, 4249.
Landman & White (1994), Adv. Colloid Interface Sci. 51, 175.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from dryingsim.closures.diffusion import BOLTZMANN

COMPRESSIVE_TO_SHEAR_YIELD = 10.0
r"""Ratio :math:`P_y/\tau_y` of the compressive to the shear yield stress of a flocculated slurry at the
same solids fraction, used when :math:`P_y` is not given [-].

ASSUMED: no published ratio for battery-electrode slurries was found. A flocculated network is taken to
yield in compression at about an order of magnitude higher stress than in shear; the value 10 is that
assumed order of magnitude, not a measured or fitted one. Buscall, Mills, Goodwin & Lawson (1988),
J. Chem. Soc. Faraday Trans. 1 84, 4249, studied the compressive and the shear rheology of the same
flocculated latices (both power laws in the solids fraction); the factor itself is not quoted from them.
"""


def network_number(sauter_radius: ArrayLike, temperature: ArrayLike) -> np.ndarray:
    r"""Network number :math:`\Lambda = v_p/(k_B T)` [Pa-1]: particle volume per thermal energy.

    .. math:: \Lambda = \frac{4 \pi a_{32}^3}{3 k_B T}

    It converts the network's yield stress into the units of the osmotic term :math:`\tilde Z` of
    collective diffusion (Buscall & White 1987).

    Parameters
    ----------
    sauter_radius : Sauter mean radius :math:`a_{32}` of the particles [m]
    temperature : [K]
    """
    a = np.asarray(sauter_radius, dtype=float)
    return 4.0 * np.pi * a**3 / (3.0 * BOLTZMANN * np.asarray(temperature, dtype=float))


def network_coefficient(compressive_yield_stress: ArrayLike, initial_solids_fraction: ArrayLike,
                        exponent: ArrayLike, sauter_radius: ArrayLike, temperature: ArrayLike) -> np.ndarray:
    r"""Network coefficient of the Kirchhoff potential, :math:`c = \Lambda P_0 / \phi_0^n` [-].

    So that :math:`\Lambda\, dP_y/d\phi = c\, n \phi^{n-1}` for :math:`P_y = P_0 (\phi/\phi_0)^n`. All
    arguments broadcast (numpy rules); 0 yield stress gives 0, no network.

    Parameters
    ----------
    compressive_yield_stress : :math:`P_0`, the compressive yield stress at :math:`\phi_0` [Pa]
    initial_solids_fraction : :math:`\phi_0` [-]
    exponent : compressive yield exponent n [-]
    sauter_radius : :math:`a_{32}` [m]
    temperature : [K]

    References
    ----------
    Buscall & White (1987), J. Chem. Soc. Faraday Trans. 1 83, 873; Landman & White (1994),
    Adv. Colloid Interface Sci. 51, 175.
    """
    reference = np.asarray(initial_solids_fraction, dtype=float) ** np.asarray(exponent, dtype=float)
    return network_number(sauter_radius, temperature) * np.asarray(compressive_yield_stress, dtype=float) / reference


def compressive_yield_stress(phi: ArrayLike, reference_stress: ArrayLike, reference_fraction: ArrayLike,
                             exponent: ArrayLike = 4.0) -> np.ndarray:
    r"""Compressive yield stress of the particle network [Pa], a smooth power law with no gel point.

    .. math:: P_y = P_0 (\phi/\phi_0)^n

    Parameters
    ----------
    phi : solids fraction [-] (negative values count as 0)
    reference_stress : :math:`P_0` at ``reference_fraction`` [Pa]
    reference_fraction : :math:`\phi_0` [-]
    exponent : n [-], about 4 for flocculated polystyrene latices

    References
    ----------
    Buscall, Mills, Goodwin & Lawson (1988), J. Chem. Soc. Faraday Trans. 1 84, 4249 (:math:`P_y \propto
    \phi^n`, n about 4); Buscall & White (1987), J. Chem. Soc. Faraday Trans. 1 83, 873.
    """
    ratio = np.maximum(np.asarray(phi, dtype=float), 0.0) / np.asarray(reference_fraction, dtype=float)
    return np.asarray(reference_stress, dtype=float) * ratio ** np.asarray(exponent, dtype=float)

"""Heat and mass transfer between dryer air and the film: humid air, the Chilton-Colburn analogy, nozzles.

Equation numbers refer to docs/theory/model.md, section 5.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from dryingsim.closures.evaporation import GAS_CONSTANT

STANDARD_PRESSURE = 101325.0
"""[Pa]: the pressure of the library's gas properties and vapour diffusivities."""


def humidity_ratio(vapour_pressure: ArrayLike, pressure: float, vapour_molar_mass: float,
                   air_molar_mass: float) -> np.ndarray:
    r"""Solvent vapour per dry air by mass, :math:`Y = \frac{M_v}{M_a} \frac{p_v}{P - p_v}` [kg kg-1], eq. (5.3).

    Ideal-gas mixture (Dalton); e.g. ASHRAE Handbook - Fundamentals (2017), ch. 1, eq. (20) for water.
    """
    p = np.asarray(vapour_pressure, dtype=float)
    return vapour_molar_mass / air_molar_mass * p / (pressure - p)


def vapour_pressure_of(humidity: ArrayLike, pressure: float, vapour_molar_mass: float,
                       air_molar_mass: float) -> np.ndarray:
    r"""Partial pressure of the vapour in air of humidity ratio Y, the inverse of :func:`humidity_ratio` [Pa]."""
    y = np.asarray(humidity, dtype=float)
    return pressure * y / (y + vapour_molar_mass / air_molar_mass)


def dry_air_density(temperature: ArrayLike, pressure: float, air_molar_mass: float,
                    vapour_pressure: ArrayLike = 0.0) -> np.ndarray:
    r"""Mass of dry air per volume of humid air, :math:`\rho_a = (P - p_v) M_a / (R T)` [kg m-3] (ideal gas)."""
    return (pressure - np.asarray(vapour_pressure)) * air_molar_mass / (GAS_CONSTANT * np.asarray(temperature))


def diffusivity_at_pressure(diffusivity_at_standard_pressure: float, pressure: float) -> float:
    r"""Gas diffusivity at another pressure, :math:`D(P) = D(P_0)\, P_0 / P` [m2 s-1] (kinetic theory of gases,
    e.g. Poling, Prausnitz & O'Connell 2001, eq. 11-3.2)."""
    return diffusivity_at_standard_pressure * STANDARD_PRESSURE / pressure


def lewis_number(thermal_conductivity: float, density: float, heat_capacity: float,
                 vapour_diffusivity: float) -> float:
    r"""Le = :math:`k / (\rho c_p D_v)`: heat over mass diffusivity of the gas [-]."""
    return thermal_conductivity / (density * heat_capacity * vapour_diffusivity)


def chilton_colburn_mass_transfer(heat_transfer: ArrayLike, heat_capacity: float, lewis: float) -> np.ndarray:
    r"""Mass-transfer coefficient on the humidity-ratio basis from a heat-transfer coefficient, eq. (5.4).

    .. math:: k_Y = \frac{h}{c_p\, \mathrm{Le}^{2/3}} \quad [\mathrm{kg\,m^{-2}\,s^{-1}}]

    from :math:`j_H = j_D`, i.e. :math:`\mathrm{Sh}/(\mathrm{Re\,Sc}^{1/3}) = \mathrm{Nu}/(\mathrm{Re\,Pr}^{1/3})`.
    ``heat_capacity`` is that of the dry air (the vapour's share of the humid heat is left out:
    under 2 % for water at Y < 0.01).

    References
    ----------
    Chilton & Colburn (1934), Ind. Eng. Chem. 26, 1183.
    """
    return np.asarray(heat_transfer, dtype=float) / (heat_capacity * lewis ** (2.0 / 3.0))


def convective_evaporation(mass_transfer: ArrayLike, surface_humidity: ArrayLike, air_humidity: float) -> np.ndarray:
    r"""Evaporation mass flux from a wet surface, :math:`E = k_Y (Y_s - Y_\infty)` [kg m-2 s-1], eq. (5.5).

    ``surface_humidity`` is the humidity ratio of air saturated at the film temperature. Air
    wetter than that would condense solvent onto the film, which is not modelled: E >= 0.
    """
    return np.asarray(mass_transfer) * np.maximum(np.asarray(surface_humidity) - air_humidity, 0.0)


SLOT_ARRAY_VALIDITY = {"reynolds": (1500.0, 40000.0), "distance_over_hydraulic_diameter": (1.0, 40.0)}
"""Range of the slot-nozzle array correlation (Martin 1977); the relative area must also be in
[0.008, 2.5 f0] (:func:`slot_array_optimum_area`)."""


def slot_array_optimum_area(distance: float, slot_width: float) -> float:
    r"""Relative nozzle area of the best array at a given distance, :math:`f_0 = [60 + 4 (H/(2B) - 2)^2]^{-1/2}`."""
    return float((60.0 + 4.0 * (distance / (2.0 * slot_width) - 2.0) ** 2) ** -0.5)


def slot_nozzle_array_heat_transfer(velocity: float, slot_width: float, pitch: float, distance: float,
                                    thermal_conductivity: float, kinematic_viscosity: float,
                                    prandtl: float) -> float:
    r"""Mean heat-transfer coefficient under an array of slot nozzles [W m-2 K-1], eq. (5.6).

    .. math:: \frac{\mathrm{Nu}}{\mathrm{Pr}^{0.42}} = \frac{2}{3} f_0^{3/4}
              \left(\frac{2\,\mathrm{Re}}{f/f_0 + f_0/f}\right)^{2/3},
              \quad \mathrm{Nu} = \frac{h\, 2B}{k},\ \mathrm{Re} = \frac{w\, 2B}{\nu},\ f = \frac{B}{L_T}

    with slot width B, pitch :math:`L_T`, nozzle exit velocity w and nozzle-to-web distance H;
    valid for 1500 <= Re <= 40000, 0.008 <= f <= 2.5 f0, 1 <= H/(2B) <= 40 (checked by the caller).

    References
    ----------
    Martin (1977), Adv. Heat Transfer 13, 1, as given in the VDI Heat Atlas (2010), ch. G10
    (transcribed from the recalled form of the reference; check the reference before relying on it).
    """
    hydraulic = 2.0 * slot_width
    reynolds = velocity * hydraulic / kinematic_viscosity
    f0 = slot_array_optimum_area(distance, slot_width)
    f = slot_width / pitch
    nusselt = prandtl ** 0.42 * (2.0 / 3.0) * f0 ** 0.75 * (2.0 * reynolds / (f / f0 + f0 / f)) ** (2.0 / 3.0)
    return float(nusselt * thermal_conductivity / hydraulic)

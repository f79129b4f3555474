"""Drying air: dry air at 1 atm, its transport properties as functions of temperature, in SI units.

>>> round(AIR.thermal_conductivity(300.0) * 1e3, 1)  # Incropera Table A.4: 26.3 mW m-1 K-1 at 300 K
26.4
>>> round(AIR.viscosity(300.0) * 1e7, 1)  # Incropera Table A.4: 184.6e-7 Pa s at 300 K
185.5
"""

from __future__ import annotations

from dataclasses import dataclass

from dryingsim.materials.correlations import Correlation
from dryingsim.materials.values import Value

_LEMMON_COOLPROP = (
    "evaluated at 101325 Pa with CoolProp 8.0.0 (Bell, Wronski, Quoilin & Lemort 2014, Ind. Eng. Chem. "
    "Res. 53, 2498) every 10 K from 273.15 to 473.15 K"
)


@dataclass(frozen=True)
class Gas:
    """A gas around the film; properties at 101325 Pa as functions of temperature."""

    name: str
    molar_mass: Value  # kg mol-1
    thermal_conductivity: Correlation  # W m-1 K-1
    viscosity: Correlation  # Pa s
    heat_capacity: Correlation  # J kg-1 K-1, isobaric


AIR = Gas(
    name="air",
    molar_mass=Value(
        28.96546e-3,
        "kg mol-1",
        source="dry air with 400 umol/mol CO2, CIPM-2007 air-density equation (Picard, Davis, Glaeser & "
        "Fujii 2008, Metrologia 45, 149): 28.96546 g mol-1 (recalled; the same value is CoolProp 8.0.0's "
        "molar mass of air, checked)",
    ),
    thermal_conductivity=Correlation(
        "power",
        (0.02626, 298.15, 0.82),
        "W m-1 K-1",
        273.15,
        473.15,
        source="power law fitted here (least squares in log k vs log T) to the Lemmon & Jacobsen (2004) "
        "formulation for air (Int. J. Thermophys. 25, 21), " + _LEMMON_COOLPROP + "; within 0.33 % of it. "
        "Incropera & DeWitt Table A.4 gives 26.3 mW m-1 K-1 at 300 K (fit: 26.4); Cengel & Ghajar "
        "Table A-15 is 2-3 % lower (25.51 mW m-1 K-1 at 25 degC)",
    ),
    viscosity=Correlation(
        "power",
        (1.846e-5, 298.15, 0.752),
        "Pa s",
        273.15,
        473.15,
        source="power law fitted here (least squares in log mu vs log T) to the Lemmon & Jacobsen (2004) "
        "formulation for air (Int. J. Thermophys. 25, 21), " + _LEMMON_COOLPROP + "; within 0.38 % of it. "
        "Incropera & DeWitt Table A.4 gives 184.6e-7 Pa s at 300 K (fit: 185.5e-7)",
    ),
    heat_capacity=Correlation(
        "table",
        (273.15, 293.15, 313.15, 333.15, 353.15, 373.15, 393.15, 413.15, 433.15, 453.15, 473.15,
         1005.7, 1006.1, 1006.9, 1008.0, 1009.5, 1011.2, 1013.3, 1015.8, 1018.5, 1021.6, 1025.0),
        "J kg-1 K-1",
        273.15,
        473.15,
        source="equation of state for air of Lemmon, Jacobsen, Penoncello & Friend (2000), J. Phys. Chem. "
        "Ref. Data 29, 331, evaluated at 101325 Pa with CoolProp 8.0.0 (Bell et al. 2014, Ind. Eng. Chem. "
        "Res. 53, 2498) every 20 K; Incropera & DeWitt Table A.4: 1007 J kg-1 K-1 at 300 K",
    ),
)

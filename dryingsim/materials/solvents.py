"""Solvents that leave the film by evaporation: water and NMP, properties as functions of temperature.

Every property is a :class:`~dryingsim.materials.correlations.Correlation` of the temperature [K]
in SI units; at 25 degC each gives the single value the library quoted before (within 0.5 %).

>>> round(WATER.vapour_pressure(298.15))  # IAPWS-95: 3169.9 Pa at 25 degC
3179
>>> round(NMP.vapour_pressure(298.15))  # 40-50 Pa at 25 degC
47
>>> round(WATER.latent_heat(333.15) / 1e3, 1)  # IAPWS-95: 2357.7 kJ/kg at 60 degC
2345.6
"""

from __future__ import annotations

from dryingsim.materials.base import Solvent
from dryingsim.materials.correlations import Correlation
from dryingsim.materials.values import Value

_COOLPROP = "CoolProp 8.0.0 (Bell, Wronski, Quoilin & Lemort 2014, Ind. Eng. Chem. Res. 53, 2498)"
_T_CRIT_WATER = 647.096  # [K], IAPWS-95 (Wagner & Pruss 2002)
_M_WATER = 18.015e-3  # [kg mol-1]

WATER = Solvent(
    name="water",
    molar_mass=Value(_M_WATER, "kg mol-1", source="IUPAC standard atomic weights (H2O = 18.015 g mol-1)"),
    density=Correlation(
        "kell",
        (999.83952, 16.945176, -7.9870401e-3, -46.170461e-6, 105.56302e-9, -280.54253e-12, 16.879850e-3),
        "kg m-3",
        273.15,
        423.15,
        source="Kell (1975), J. Chem. Eng. Data 20, 97: density of water at 1 atm, 0-150 degC (coefficients "
        "recalled, not re-checked against the paper). Gives 997.045 kg m-3 at 25 degC (IAPWS-95, Wagner & "
        "Pruss 2002, J. Phys. Chem. Ref. Data 31, 387: 997.05; CRC Handbook: 0.99705 g cm-3); within "
        "0.002 % of IAPWS-95 from 0 to 100 degC and 0.02 % at 150 degC (checked with " + _COOLPROP + ")",
    ),
    viscosity=Correlation(
        "vogel",
        (2.5345e-5, 242.58, 141.19),
        "Pa s",
        283.15,
        393.15,
        source="Vogel form fitted here (least squares in log mu) to the IAPWS 2008 formulation (Huber et al. "
        "2009, J. Phys. Chem. Ref. Data 38, 101) evaluated with " + _COOLPROP + " every 5 K from 283.15 to "
        "393.15 K (0.1 MPa; saturation pressure above 100 degC), A fixed to give IAPWS 2008's 890.0 uPa s "
        "at 25 degC, 0.1 MPa. Within 0.74 % of IAPWS 2008 over the range (546 vs 546.5 uPa s at 50 degC); "
        "2.5 % low at 0.01 degC",
    ),
    surface_tension=Correlation(
        "iapws_surface_tension",
        (235.8e-3, -0.625, 1.256, _T_CRIT_WATER),
        "N m-1",
        273.16,
        _T_CRIT_WATER,
        source="IAPWS R1-76(2014), Revised Release on the Surface Tension of Ordinary Water Substance, after "
        "Vargaftik, Volkov & Voljak (1983) J. Phys. Chem. Ref. Data 12, 817: B = 235.8 mN m-1, b = -0.625, "
        "mu = 1.256, Tc = 647.096 K; 71.97 mN m-1 at 25 degC, 67.94 at 50 degC",
    ),
    vapour_pressure=Correlation(
        "antoine",
        (10.11564, 1687.537, -42.98),
        "Pa",
        273.2,
        473.2,
        source="Poling, Prausnitz & O'Connell (2001) The Properties of Gases and Liquids, 5th ed., "
        "Appendix A: log10(p/bar) = 5.11564 - 1687.537/(T/K - 42.98), 273.2-473.2 K "
        "(transcribed in the 'chemicals' library, 'Antoine Collection Poling.tsv'); +5 converts bar "
        "to Pa. Gives 3179 Pa at 25 degC (IAPWS-95: 3169.9 Pa, +0.3 %) and 1.010 bar at 100 degC; within "
        "0.52 % of the IAPWS-95 saturation pressure (Wagner & Pruss 1993, J. Phys. Chem. Ref. Data 22, 783) "
        "from 0 to 200 degC (checked with " + _COOLPROP + ")",
    ),
    latent_heat=Correlation(
        "watson",
        (2441.7e3, 298.15, _T_CRIT_WATER, 0.38),
        "J kg-1",
        273.16,
        423.15,
        source="Watson (1943), Ind. Eng. Chem. 35, 398, n = 0.38, anchored at 25 degC where drying films sit: "
        "2441.7 kJ kg-1 at 298.15 K, IAPWS-95 (Wagner & Pruss 2002, J. Phys. Chem. Ref. Data 31, 387), and "
        "Tc = 647.096 K (IAPWS-95). Within 0.5 % of IAPWS from 0 to 60 degC, -1.3 % at 100 degC, -2.4 % at "
        "150 degC (checked with " + _COOLPROP + " and IAPWS-97)",
    ),
    heat_capacity=Correlation(
        "table",
        (273.16, 283.15, 293.15, 298.15, 303.15, 313.15, 323.15, 333.15, 343.15, 353.15, 363.15, 373.15,
         383.15, 393.15, 403.15, 413.15,
         4219.4, 4195.2, 4184.1, 4181.3, 4179.8, 4179.4, 4181.3, 4185.0, 4190.1, 4196.8, 4205.2, 4215.7,
         4228.3, 4243.5, 4261.5, 4282.6),
        "J kg-1 K-1",
        273.16,
        413.15,
        source="IAPWS-95 (Wagner & Pruss 2002, J. Phys. Chem. Ref. Data 31, 387), isobaric heat capacity of "
        "the liquid evaluated with " + _COOLPROP + " at 101325 Pa up to 90 degC and on the saturated-liquid "
        "line from 100 to 140 degC",
    ),
    vapour_diffusivity=Correlation(
        "power",
        (2.178e-5, 273.15, 1.81),
        "m2 s-1",
        273.15,
        373.15,
        source="Massman (1998) Atmos. Environ. 32, 1111: D(H2O-air) = 0.2178 cm2 s-1 at 273.15 K, 1 atm, "
        "times (T/273.15 K)^1.81; 2.552e-5 m2 s-1 at 25 degC. Upper limit 373.15 K assumed: the review "
        "covers conditions near STP (the Marrero & Mason (1972) J. Phys. Chem. Ref. Data 1, 3 power law, "
        "constants recalled, is 2 % lower at 25 degC and 4 % higher at 100 degC)",
    ),
)

_M_NMP = 99.13e-3  # [kg mol-1]
_T_CRIT_NMP = 721.7  # [K]
_CHEMSEP = (
    "ChemSep pure-component database (Kooijman & Taylor), N-methyl-2-pyrrolidone (coefficients as "
    "transcribed in the project's issue-4 source notes, not re-checked against the database file)"
)
_NMP_LIQUID_RANGE = (
    "range assumed: the liquid range from the melting point 249.15 K to the normal boiling point 477.35 K "
    "(CRC Handbook 'Physical Constants of Organic Compounds', as transcribed in the 'chemicals' library)"
)

NMP = Solvent(
    name="NMP",
    molar_mass=Value(_M_NMP, "kg mol-1", source="C5H9NO, IUPAC atomic weights: 99.13 g mol-1"),
    density=Correlation(
        "dippr105",
        (0.83172, 0.25782, 721.6, 0.28269, 99.13 * 1028.0 / 1026.13),
        "kg m-3",
        249.15,
        477.35,
        source="shape: " + _CHEMSEP + ", DIPPR eq. 105, A = 0.83172 kmol m-3, B = 0.25782, C = 721.6 K, "
        "D = 0.28269, times 99.13 kg kmol-1: 1026.13 kg m-3 at 25 degC; scaled by 1028/1026.13 to the "
        "25 degC value 1.028 g mL-1 of the Sigma-Aldrich N-methyl-2-pyrrolidone (product 328634) "
        "specification (same value in the English Wikipedia infobox; the CRC Handbook 'Physical Constants "
        "of Organic Compounds', as transcribed in the 'chemicals' library, lists 1.0230). " + _NMP_LIQUID_RANGE,
    ),
    viscosity=Correlation(
        "dippr101",
        (-28.445, 2405.6, 2.4757, 0.0, 0.0, 1.65e-3 / 1.89027e-3),
        "Pa s",
        249.15,
        477.35,
        source="shape: " + _CHEMSEP + ", DIPPR eq. 101, exp(-28.445 + 2405.6/T + 2.4757 ln T) Pa s: 1.890 "
        "mPa s at 25 degC; scaled by 1.65/1.890 to the 25 degC value 1.65 mPa s of the German Wikipedia "
        "'N-Methyl-2-pyrrolidon', Properties section (read in the memim.com mirror). " + _NMP_LIQUID_RANGE,
    ),
    surface_tension=Correlation(
        "linear",
        (40.7e-3, -1.21e-4, 298.15),
        "N m-1",
        273.15,
        373.15,
        source="40.7 mN m-1 at 25 degC: German Wikipedia 'N-Methyl-2-pyrrolidon', Properties section (read "
        "in the memim.com mirror); slope -0.121 mN m-1 K-1: the ChemSep eq. 116 correlation for NMP "
        "linearised near 25 degC (" + _CHEMSEP + "); the 'thermo' library's 2023 fit to data (277.8-337.9 "
        "K, checked) has 40.6 mN m-1 at 25 degC and -0.113 mN m-1 K-1. Range assumed",
    ),
    vapour_pressure=Correlation(
        "antoine",
        (9.66427, 1984.864, -49.934),
        "Pa",
        293.0,
        477.0,
        source="fitted here (least squares in log10 p) to (i) the Landolt-Boernstein IV/20C Antoine "
        "correlation for NMP (Dykyj, Svoboda, Wilhoit, Frenkel & Hall 2001, 336-477 K; as "
        "transcribed in the 'chemicals' library, Landolt_antoine_V20.tsv: ln(p/Pa) = 21.13775 - "
        "3811.446/(T/K - 80.355)) and (ii) p = 32 Pa at 20 degC (German Wikipedia infobox, memim.com "
        "mirror). Within 5 % of (i) over 336-477 K; 46.5 Pa at 25 degC. (i) alone, extrapolated, "
        "gives 38 Pa at 25 degC; the Danish EPA (2003) report quotes 0.29 mmHg (39 Pa) at 20 degC",
    ),
    latent_heat=Correlation(
        "watson",
        (56.4e3 / _M_NMP, 298.15, _T_CRIT_NMP, 0.38),
        "J kg-1",
        249.15,
        477.35,
        source="56.4 +- 0.6 kJ mol-1 at 298.15 K: Rakipov et al. (2021) Molecules 26, 1411, Table 2 (as in the "
        "project's issue-4 source notes); / 99.13 g mol-1 = 569.0 kJ kg-1. Temperature dependence: Watson "
        "(1943) Ind. Eng. Chem. 35, 398, n = 0.38, Tc = 721.7 +- 0.4 K (CRC Handbook critical constants, "
        "as transcribed in the 'chemicals' library). " + _NMP_LIQUID_RANGE,
    ),
    heat_capacity=Correlation(
        "linear",
        (29425.0 / 99.13, 427.36 / 99.13, 0.0),
        "J kg-1 K-1",
        306.0,
        541.0,
        source=_CHEMSEP + ": liquid cp = 29425 + 427.36 T J kmol-1 K-1, 306-541 K, / 99.13 kg kmol-1; "
        "1582 J kg-1 K-1 at 25 degC by extrapolation 8 K below the range",
    ),
    vapour_diffusivity=Correlation(
        "power",
        (8.6e-6, 298.15, 1.75),
        "m2 s-1",
        273.15,
        477.35,
        source="estimate, no measurement found: Fuller-Schettler-Giddings correlation as given in "
        "Poling, Prausnitz & O'Connell (2001) Sec. 11-4 (atomic diffusion volumes of Table 11-1: "
        "C 15.9, H 2.31, N 4.54, O 6.11, ring -18.3; sum 92.6; air 19.7) at 298.15 K, 1 atm, with its "
        "temperature dependence T^1.75. Range assumed: 0 degC to the normal boiling point",
    ),
)

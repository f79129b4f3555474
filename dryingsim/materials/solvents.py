"""Solvents that leave the film by evaporation: water and NMP, at 25 degC, in SI units.

Antoine constants are in the convention of :class:`~dryingsim.materials.base.Antoine`,
``log10(p_sat / Pa) = A - B / (T / K + C)``.

>>> def p_sat(s, T):
...     return 10 ** (s.antoine.a - s.antoine.b / (T + s.antoine.c))
>>> round(p_sat(WATER, 298.15))  # IAPWS-95: 3169.9 Pa at 25 degC
3179
>>> round(p_sat(NMP, 298.15))  # 40-50 Pa at 25 degC
47
"""

from __future__ import annotations

from dryingsim.materials.base import Antoine, Solvent
from dryingsim.materials.values import Value

WATER = Solvent(
    name="water",
    density=Value(
        997.05,
        "kg m-3",
        source="IAPWS-95 (Wagner & Pruss 2002, J. Phys. Chem. Ref. Data 31:387) at 25 degC, 0.1 MPa; "
        "CRC Handbook of Chemistry and Physics, 'Properties of water in the range 0-100 degC': "
        "0.99705 g cm-3",
    ),
    viscosity=Value(
        0.8900e-3,
        "Pa s",
        source="IAPWS 2008 viscosity formulation (Huber et al. 2009, J. Phys. Chem. Ref. Data 38:101): "
        "890.0 uPa s at 25 degC, 0.1 MPa",
    ),
    surface_tension=Value(
        71.97e-3,
        "N m-1",
        source="IAPWS Revised Release on the Surface Tension of Ordinary Water Substance (2014), "
        "after Vargaftik et al. (1983) J. Phys. Chem. Ref. Data 12:817: 71.97 mN m-1 at 25 degC",
    ),
    molar_mass=Value(18.015e-3, "kg mol-1", source="IUPAC standard atomic weights (H2O = 18.015 g mol-1)"),
    vapour_diffusivity=Value(
        2.552e-5,
        "m2 s-1",
        source="Massman (1998) Atmos. Environ. 32:1111: D(H2O-air) = 0.2178 cm2 s-1 at 273.15 K, "
        "1 atm, scaled with (T/273.15 K)^1.81 to 298.15 K",
    ),
    antoine=Antoine(
        a=10.11564,
        b=1687.537,
        c=-42.98,
        t_min=273.2,
        t_max=473.2,
        source="Poling, Prausnitz & O'Connell (2001) The Properties of Gases and Liquids, 5th ed., "
        "Appendix A: log10(p/bar) = 5.11564 - 1687.537/(T/K - 42.98), 273.2-473.2 K "
        "(transcribed in the 'chemicals' library, 'Antoine Collection Poling.tsv'); +5 converts bar "
        "to Pa. Gives 3179 Pa at 25 degC (IAPWS-95: 3169.9 Pa, +0.3 %) and 1.010 bar at 100 degC",
    ),
)

NMP = Solvent(
    name="NMP",
    density=Value(
        1028.0,
        "kg m-3",
        source="Sigma-Aldrich N-methyl-2-pyrrolidone (product 328634) specification: 1.028 g mL-1 at "
        "25 degC; same value in the English Wikipedia infobox (25 degC). The CRC Handbook 'Physical "
        "Constants of Organic Compounds' (as transcribed in the 'chemicals' library) lists 1.0230",
    ),
    viscosity=Value(
        1.65e-3,
        "Pa s",
        source="German Wikipedia 'N-Methyl-2-pyrrolidon', Properties section (read in the memim.com "
        "mirror): 1.65 mPa s at 25 degC",
    ),
    surface_tension=Value(
        40.7e-3,
        "N m-1",
        source="German Wikipedia 'N-Methyl-2-pyrrolidon', Properties section (read in the memim.com "
        "mirror): 40.7 mN m-1 at 25 degC",
    ),
    molar_mass=Value(99.13e-3, "kg mol-1", source="C5H9NO, IUPAC atomic weights: 99.13 g mol-1"),
    vapour_diffusivity=Value(
        8.6e-6,
        "m2 s-1",
        source="estimate, no measurement found: Fuller-Schettler-Giddings correlation as given in "
        "Poling, Prausnitz & O'Connell (2001) Sec. 11-4 (atomic diffusion volumes of Table 11-1: "
        "C 15.9, H 2.31, N 4.54, O 6.11, ring -18.3; sum 92.6; air 19.7) at 298.15 K, 1 atm",
    ),
    antoine=Antoine(
        a=9.66427,
        b=1984.864,
        c=-49.934,
        t_min=293.0,
        t_max=477.0,
        source="fitted here (least squares in log10 p) to (i) the Landolt-Boernstein IV/20C Antoine "
        "correlation for NMP (Dykyj, Svoboda, Wilhoit, Frenkel & Hall 2001, 336-477 K; as "
        "transcribed in the 'chemicals' library, Landolt_antoine_V20.tsv: ln(p/Pa) = 21.13775 - "
        "3811.446/(T/K - 80.355)) and (ii) p = 32 Pa at 20 degC (German Wikipedia infobox, memim.com "
        "mirror). Within 5 % of (i) over 336-477 K; 46.5 Pa at 25 degC. (i) alone, extrapolated, "
        "gives 38 Pa at 25 degC; the Danish EPA (2003) report quotes 0.29 mmHg (39 Pa) at 20 degC",
    ),
)

"""Binders dissolved in the solvent: CMC in water, PVDF in NMP, in SI units.

No measured diffusion coefficient of battery-grade CMC in water or PVDF in NMP was found. The CMC's
is calibrated (with its gel concentration) on one dataset; the PVDF's is a Stokes-Einstein estimate
``D = k_B T / (6 pi mu xi)`` at 25 degC with an *assumed* correlation length xi of the semi-dilute
solution. Both are calibration targets (``[physics] binder_diffusivity``).

The gel concentration is where half of the polymer, concentrated by drying, is held by its own
entangled network, which the solvent permeates but that no longer flows with it (eq. 4.9 of
docs/theory/model.md); it is given per volume of solvent (the engines' concentration),
``c = w / (1 - w) * rho_solvent`` for a mass fraction ``w`` of the solution, and is a calibration
target too (``[physics] binder_gel_concentration``).

``thermal`` is the mass change in a TGA run (:mod:`~dryingsim.materials.thermal`).
"""

from __future__ import annotations

import math

from dryingsim.materials.base import DissolvedPolymer
from dryingsim.materials.correlations import REFERENCE_TEMPERATURE
from dryingsim.materials.solvents import NMP
from dryingsim.materials.thermal import ZERO_CELSIUS, MassStep, ThermalBehaviour
from dryingsim.materials.values import Value

_KT = 1.380649e-23 * REFERENCE_TEMPERATURE  # Boltzmann constant (SI 2019, exact) times 25 degC [J]
_XI_PVDF = 2e-9  # [m] assumed correlation length, see PVDF.diffusivity

_CMC_MAIN_STEP = MassStep(
    220.0 + ZERO_CELSIUS, 400.0 + ZERO_CELSIUS, -0.66,
    source="onset: Courtel et al. (2011) J. Power Sources 196, 2128, CMC decomposes above 220 degC; end "
    "assumed 400 degC (K-CMC peak 283.6 degC, de Britto & Assis (2009) Thermochim. Acta 494, 115); "
    "residue 34 % at 600 degC as reported for a CMC ester in Cellulose Chem. Technol. 53 (2019) 667 "
    "(atmosphere not stated; char plus Na2CO3), taken as representative of Na-CMC",
)
_PVDF_DEHYDROFLUORINATION = MassStep(
    372.0 + ZERO_CELSIUS, 500.0 + ZERO_CELSIUS, -0.70,
    source="Madorsky, Hart, Straus & Sedlak (1953) J. Res. Natl. Bur. Stand. (vacuum pyrolysis of "
    "hydrofluoroethylene polymers; volume as recalled): PVDF loses weight from 372 to 500 degC and stops "
    "at about 70 %, leaving 30 % char (37.5 % if only HF left)",
)


def _per_solvent_volume(mass_fraction: float, solvent_density: float) -> float:
    """Polymer mass per solvent volume [kg m-3] of a solution with polymer mass fraction ``mass_fraction``."""
    return mass_fraction / (1.0 - mass_fraction) * solvent_density


CMC = DissolvedPolymer(
    name="CMC",
    density=Value(
        1600.0,
        "kg m-3",
        source="assumed: ~1.6 g cm-3, close to cellulose (1.5-1.6 g cm-3); no verified skeletal density "
        "of battery-grade Na-CMC was found",
    ),
    diffusivity=Value(
        6e-10,
        "m2 s-1",
        source="calibrated with the gel concentration on Kumberg et al. (2019) Energy Technol. 7, 1900722, "
        "Table 3 (see gel_concentration): the gradient (collective) diffusivity of the semi-dilute CMC "
        "solution, which the counterions speed up towards small-ion values (the fast mode of polyelectrolyte "
        "light scattering, 1e-10 to 1e-9 m2/s); the self-diffusion of a 50 nm coil, "
        "k_B T / (6 pi mu R) = 5e-12 m2/s in water, is its lower bound",
    ),
    gel_concentration=Value(
        18.0,
        "kg m-3",
        source="calibrated (the one binder calibration of dryingsim, with the diffusivity): the concentration "
        "c_g at which half of the dissolved CMC is held by its own network (docs/theory/model.md, eq. 4.9), "
        "fitted so that the default anode (scenarios/anode-medium.toml) dried at 0.75 and 6 g/m2/s gives the "
        "CMC top/bottom ratios of Kumberg et al. (2019) Energy Technol. 7, 1900722 (Table 3, Na by EDS: 0.90 "
        "and 2.05; model 1.13 and 2.03 at 50 cells); 18 kg/m3 is 1.8 wt% CMC in water, within the 1-5 wt% "
        "where Ghannam & Esmail (1997) J. Appl. Polym. Sci. 64, 289 saw Na-CMC solutions turn viscoelastic",
    ),
    solvents=("water",),
    heat_capacity=Value(
        1350.0,
        "J kg-1 K-1",
        source="Kobunshi Ronbunshu 53 (1996) 860, doi 10.1295/koron.53.860 (abstract, DSC): dry CMC of Mw "
        "1.7e4-3.8e5 and DS 0.6-1.7 has cp 1.2-1.5 J g-1 K-1 in the glassy state (Tg about 135 degC), "
        "whatever Mw and DS; the middle of the range is taken (the abstract does not give the temperature)",
    ),
    thermal=ThermalBehaviour(
        nitrogen=(_CMC_MAIN_STEP,),
        air=(
            _CMC_MAIN_STEP,
            MassStep(400.0 + ZERO_CELSIUS, 600.0 + ZERO_CELSIUS, -0.15,
                     source="assumed window: the char burns, leaving Na2CO3, 17 % (DS 0.7) to 22 % (DS 1.0) "
                     "of dry Na-CMC by stoichiometry; 19 % taken"),
        ),
    ),
)

PVDF = DissolvedPolymer(
    name="PVDF",
    density=Value(
        1770.0,
        "kg m-3",
        source="derived from Etiemble et al. (2017) J. Mater. Sci. 52:3576, Table 1, sample J "
        "(92/5/3 wt% = 53.9/5.9/3.2 vol%) with that paper's LFP density 3.57 g cm-3: 3.57 * (5/5.9) / "
        "(92/53.9) = 1.77 g cm-3 (+-2 % from the rounding of the vol%); PVDF homopolymers are "
        "commonly quoted at 1.75-1.80 g cm-3 in manufacturer guides (e.g. Solvay, Solef PVDF Design & "
        "Processing Guide, density table)",
    ),
    diffusivity=Value(
        _KT / (6 * math.pi * NMP.viscosity(REFERENCE_TEMPERATURE) * _XI_PVDF),
        "m2 s-1",
        source="assumed: the gradient (collective) diffusivity of a semi-dilute PVDF solution, which is what "
        "relaxes a concentration gradient: Stokes-Einstein k_B T / (6 pi mu xi) at 25 degC in NMP "
        "(1.65 mPa s) with an assumed correlation length xi = 2 nm of the entangled solution (the blob size "
        "of de Gennes 1979, Scaling Concepts in Polymer Physics, ch. 3); the self-diffusion of a 30 nm coil "
        "(4e-12 m2/s) is the lower bound. No measured value found",
    ),
    gel_concentration=Value(
        _per_solvent_volume(0.20, NMP.density(REFERENCE_TEMPERATURE)),
        "kg m-3",
        source="assumed: 20 wt% PVDF in NMP. 15 wt% PVDF/NMP solutions of 300-700 kDa PVDF are still "
        "cast as liquids (e.g. the membrane study in PubMed Central, PMC6418571), so the gel point of a dried "
        "binder solution lies above 15 wt%",
    ),
    solvents=("nmp",),
    heat_capacity=Value(
        1200.0,
        "J kg-1 K-1",
        source="assumed, no datasheet or calorimetric value retrieved: group additivity of heat capacities "
        "(found valid for PVDF and PTFE by adiabatic calorimetry, 'Heat capacity of poly(vinylidene "
        "fluoride) and polytetrafluoroethylene between 5 and 200 K' (1979), abstract) from the -CH2- half "
        "of polyethylene (about 2.0 J g-1 K-1 x 28.05 g mol-1) and the -CF2- half of PTFE (about 1.0 J g-1 "
        "K-1 x 100.02 g mol-1), both recalled, not re-checked: 78 J mol-1 K-1 / 64.03 g mol-1 = 1.2 kJ "
        "kg-1 K-1",
    ),
    thermal=ThermalBehaviour(
        nitrogen=(_PVDF_DEHYDROFLUORINATION,),
        air=(
            _PVDF_DEHYDROFLUORINATION,
            MassStep(500.0 + ZERO_CELSIUS, 650.0 + ZERO_CELSIUS, -0.30,
                     source="assumed: the char burns between 500 and 650 degC (spent-cathode DTG maxima at "
                     "470 and 599 degC, Yu et al. (2020) Environ. Sci. Pollut. Res. 27, 40205), residue 0"),
        ),
    ),
)

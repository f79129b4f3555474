"""Particles of the slurry: active materials, conductive carbon and binder latex, in SI units.

Densities are skeletal (particle) densities. ``d10``/``d50``/``d90`` are the default volume-weighted
diameters of the particles *as they move in the slurry*; a scenario can override them per component.
``thermal`` is the mass change in a TGA run (:mod:`~dryingsim.materials.thermal`).
"""

from __future__ import annotations

from dryingsim.materials.base import ParticleMaterial
from dryingsim.materials.thermal import ZERO_CELSIUS, MassStep, ThermalBehaviour
from dryingsim.materials.values import Value

_ETIEMBLE_2017 = "Etiemble et al. (2017) J. Mater. Sci. 52:3576"
_GRAPHITE_CP = (
    "NIST-JANAF Thermochemical Tables (Chase 1998, J. Phys. Chem. Ref. Data Monograph 9): Cp(298.15 K) = "
    "8.517 J mol-1 K-1 for C(graphite), / 12.011 g mol-1 = 709 J kg-1 K-1 (recalled, not re-checked; "
    "Incropera & DeWitt Table A.2 lists 709 J kg-1 K-1 for pyrolytic graphite at 300 K, recalled). The "
    "measurements compiled in the NIST Chemistry WebBook (Domalski & Hearing) span 8.05-8.98 J mol-1 K-1 "
    "at 298 K, i.e. 670-748 J kg-1 K-1 (checked)"
)

GRAPHITE = ParticleMaterial(
    name="graphite",
    kind="active",
    density=Value(
        2266.0,
        "kg m-3",
        source="crystallographic density of hexagonal graphite, 4 C per cell, from the room-temperature "
        "lattice constants a = 2.461 A, c = 6.708 A (e.g. Trucano & Chen 1975, Nature 258:136): "
        "2.267 g cm-3",
    ),
    d10=Value(8e-6, "m", source="assumed: representative spheroidized natural graphite for Li-ion "
              "anodes (no PSD of the KIT anode graphite was available here); replace with a measured PSD"),
    d50=Value(17e-6, "m", source="assumed: representative spheroidized natural graphite for Li-ion "
              "anodes (no PSD of the KIT anode graphite was available here); replace with a measured PSD"),
    d90=Value(30e-6, "m", source="assumed: representative spheroidized natural graphite for Li-ion "
              "anodes (no PSD of the KIT anode graphite was available here); replace with a measured PSD"),
    heat_capacity=Value(
        709.0,
        "J kg-1 K-1",
        source=_GRAPHITE_CP,
    ),
    thermal=ThermalBehaviour(
        nitrogen=(),
        air=(
            MassStep(650.0 + ZERO_CELSIUS, 950.0 + ZERO_CELSIUS, -1.0,
                     source="Farivar et al. (2021) C 7(2), 41: DTG peak 841-949 degC depending on particle "
                     "size; onset 650 degC assumed"),
        ),
        stable="assumed: stable in nitrogen (no step)",
    ),
)

NMC = ParticleMaterial(
    name="NMC111",
    kind="active",
    density=Value(
        4760.0,
        "kg m-3",
        source="crystallographic density of LiNi1/3Mn1/3Co1/3O2 (R-3m, Z = 3, M = 96.46 g mol-1) from the "
        "hexagonal lattice constants a = 2.86-2.87 A, c = 14.23-14.25 A reported for this compound "
        "since Ohzuku & Makimura (2001) Chem. Lett. 30:642: 4.74-4.77 g cm-3. (The wt%/vol% pairs of "
        + _ETIEMBLE_2017 + ", Table 1, imply about 4.6 g cm-3 with PVdF at 1.77 g cm-3.)",
    ),
    d10=Value(5.6e-6, "m", source=_ETIEMBLE_2017 + ", Sec. 2.1: D10 = 5.6 um (Umicore NMC)"),
    d50=Value(9.7e-6, "m", source=_ETIEMBLE_2017 + ", Sec. 2.1: D50 = 9.7 um (Umicore NMC)"),
    d90=Value(16.7e-6, "m", source=_ETIEMBLE_2017 + ", Sec. 2.1: D90 = 16.7 um (Umicore NMC)"),
    heat_capacity=Value(
        700.0,
        "J kg-1 K-1",
        source="assumed: 700 J kg-1 K-1, the value the BattMo battery-model parameter sets use for NMC111 "
        "(BattMoTeam/BattMo, InputInterfaces/NMC111InputParams.m; no primary source given there); the "
        "closest sourced analogue, LiFePO4 (724 J kg-1 K-1, see LFP), agrees within 4 %. Measured NMC111 "
        "data exist from 315 K (Cupid et al. 2017, Int. J. Mater. Res. 108, 1008, interlaboratory study, "
        "+-1.2 %) but their numbers were not retrieved here: replace with them",
    ),
    thermal=ThermalBehaviour(
        nitrogen=(), air=(),
        stable="assumed: no step below 800 degC in either atmosphere (NMC111 is calcined in air at 800-900 "
        "degC); for its carbothermal reduction in nitrogen see dryingsim.materials.thermal",
    ),
)

_LFP_SIZE = (
    "transport size = primary particles, because Etiemble et al. (2017) attribute the absence of LFP settling to "
    "their nanometric size and to the PVdF-bridged LFP/CB gel (Sec. 4); use a scenario 'size' "
    "override for the secondary agglomerates ('a few micrometers', Sec. 3.1.1) if those are to move"
)
LFP = ParticleMaterial(
    name="LFP",
    kind="active",
    density=Value(3570.0, "kg m-3", source=_ETIEMBLE_2017 + ", Table 3 footnote: rho = 3.57 g cm-3"),
    d10=Value(50e-9, "m", source="assumed, inside the range 'few ten nanometers to around 800 nm' of "
              + _ETIEMBLE_2017 + ", Sec. 3.2 (Fig. 5b not digitised); " + _LFP_SIZE),
    d50=Value(200e-9, "m", source=_ETIEMBLE_2017 + ", Table 3 footnote: primary particle d50 ~ 200 nm "
              "(Fig. 5b, FIB/SEM); " + _LFP_SIZE),
    d90=Value(600e-9, "m", source="assumed, inside the range 'few ten nanometers to around 800 nm' of "
              + _ETIEMBLE_2017 + ", Sec. 3.2 (Fig. 5b not digitised); " + _LFP_SIZE),
    heat_capacity=Value(
        724.0,
        "J kg-1 K-1",
        source="read off a figure by others: measured Cp points of LiFePO4 digitised in the debyetools "
        "documentation (jjofres/debyetools, docs/source/api/examples.rst, 'LiFePO4 heat capacity', "
        "127-772 K; the measurement is not named there, Loos et al. (2015) J. Chem. Thermodyn. 85, 77 "
        "measured LiFePO4 from 2 to 773 K, attribution recalled): 16.32 J (mol atom)-1 K-1 at 298.15 K, "
        "interpolated between 288.7 and 307.0 K, x 7 atoms / 157.76 g mol-1 = 724 J kg-1 K-1",
    ),
    thermal=ThermalBehaviour(
        nitrogen=(
            MassStep(665.0 + ZERO_CELSIUS, 921.0 + ZERO_CELSIUS, -0.058,
                     source="Gao et al. (2015) J. Ceram. Process. Res. 16, 137: carbon-coated LiFePO4 in "
                     "nitrogen decomposes at 938-1195 K at 10 K/min, losing about 5.8 %"),
        ),
        air=(
            MassStep(250.0 + ZERO_CELSIUS, 550.0 + ZERO_CELSIUS, +0.0507,
                     source="gain: 6 LiFePO4 + 3/2 O2 -> 2 Li3Fe2(PO4)3 + Fe2O3, +5.07 % by stoichiometry; "
                     "window assumed, after Hamelet et al. (2009) J. Mater. Chem. 19, 3979 (nano-LiFePO4 "
                     "reacts with air from 400-600 K)"),
        ),
    ),
)

_CB_SIZE = (
    "the CB+PVdF clusters of the dry electrodes are taken as the size of the carbon-black "
    "aggregates/agglomerates that move in the slurry (primary particles are far smaller)"
)
CARBON_BLACK = ParticleMaterial(
    name="carbon black",
    kind="conductive",
    density=Value(
        1960.0,
        "kg m-3",
        source="derived from " + _ETIEMBLE_2017 + ", Table 1, sample J (LFP/PVdF/CB 92/5/3 wt% = "
        "53.9/5.9/3.2 vol%) with that paper's LFP density 3.57 g cm-3: 3.57 * (3/3.2) / (92/53.9) "
        "= 1.96 g cm-3 (+-2 % from the rounding of the vol%)",
    ),
    d10=Value(100e-9, "m", source="assumed: half the d50; " + _CB_SIZE),
    d50=Value(200e-9, "m", source=_ETIEMBLE_2017 + ", Sec. 3.2 / Fig. 5c: CB+PVdF finely distributed in "
              "clusters smaller than 200 nm when dispersed by LFP; " + _CB_SIZE),
    d90=Value(1.0e-6, "m", source=_ETIEMBLE_2017 + ", Sec. 3.2 / Fig. 5c: CB+PVdF clusters up to 1 um in "
              "the NMC electrode (A); " + _CB_SIZE),
    heat_capacity=Value(
        709.0,
        "J kg-1 K-1",
        source="assumed: analogue graphite (carbon black is built of graphite-like carbon layers, "
        "carbonblack-process.com vendor note); " + _GRAPHITE_CP,
    ),
    thermal=ThermalBehaviour(
        nitrogen=(),
        air=(
            MassStep(500.0 + ZERO_CELSIUS, 700.0 + ZERO_CELSIUS, -1.0,
                     source="onset: combustion begins between 450 and 500 degC (carbonblack-process.com, "
                     "vendor note); end 700 degC assumed; it falls with surface area (NETZSCH glossary)"),
        ),
        stable="assumed: stable in nitrogen (no step)",
    ),
)

_CHEN_1997 = "Chen, Yeh & Chang (1997) Combust. Flame 108, 408 (abstract)"
_SBR_SIZE = (
    "assumed: SBR binder latices are taken as ~0.1-0.2 um; a latex supplier page (epoxyresinindia.com) gives "
    "100-300 nm for SBR latex"
)
SBR = ParticleMaterial(
    name="SBR latex",
    kind="latex",
    density=Value(
        980.0,
        "kg m-3",
        source="assumed: between the usual values for emulsion SBR with ~23 % styrene (~0.94 g cm-3) "
        "and for polystyrene (~1.05 g cm-3); battery-grade carboxylated SBR latices are "
        "styrene-richer than tyre SBR. No datasheet density of a battery SBR was retrieved",
    ),
    d10=Value(100e-9, "m", source=_SBR_SIZE),
    d50=Value(150e-9, "m", source=_SBR_SIZE),
    d90=Value(200e-9, "m", source=_SBR_SIZE),
    heat_capacity=Value(
        0.5 * 105.7 / 54.09e-3 + 0.5 * 1215.0,
        "J kg-1 K-1",
        source="assumed: mass-weighted additivity of the homopolymers at an assumed 50 wt% styrene (battery "
        "SBR latices are styrene-richer than tyre SBR, see density): cis-1,4-polybutadiene 105.7 J mol-1 K-1 "
        "at 298.2 K (Grebowicz, Aycock & Wunderlich 1986, Polymer 27, 575, as compiled in the NIST Chemistry "
        "WebBook, checked) / 54.09 g mol-1 = 1954 J kg-1 K-1, and glassy polystyrene 1215 J kg-1 K-1 "
        "(126.5 J mol-1 K-1 / 104.15 g mol-1; quoted on socratic.org without a named reference; Gaur & "
        "Wunderlich (1982) J. Phys. Chem. Ref. Data 11, 313 give about 1.2 J g-1 K-1, recalled)",
    ),
    thermal=ThermalBehaviour(
        nitrogen=(
            MassStep(349.0 + ZERO_CELSIUS, 500.0 + ZERO_CELSIUS, -1.0,
                     source=f"onset: {_CHEN_1997}, initial reaction temperature 622-661 K at 2-20 K/min; end: "
                     "METTLER TOLEDO application HB445 (SBR), pyrolysis complete at about 500 degC; residue of "
                     "pure SBR latex not found, assumed 0 (hydrocarbon rubber)"),
        ),
        air=(
            MassStep(349.0 + ZERO_CELSIUS, 500.0 + ZERO_CELSIUS, -0.85,
                     source=f"{_CHEN_1997}: in air two parallel steps, conversion 0.83-0.87 at the end of "
                     "the first; window as in nitrogen"),
            MassStep(500.0 + ZERO_CELSIUS, 600.0 + ZERO_CELSIUS, -0.15,
                     source="assumed: the rest (char) burns between 500 and 600 degC, residue 0"),
        ),
    ),
)

"""How each material's mass changes in a TGA run: decomposition windows and residues, with sources.

A material's behaviour in one atmosphere is a sequence of :class:`MassStep`: between ``onset`` and
``end`` (the temperatures of 2.5 % and 97.5 % conversion of the step) its mass changes by
``change`` times its initial mass (negative: loss, positive: gain). What is not lost is the char
or oxide residue. Values at about 10 K/min; powders are taken as dried before the run (moisture is
not modelled). Many windows are only partly published; each value says where it comes from.

Not modelled: NMC mixed with carbon is partly reduced (carbothermally) in inert gas from about
600 degC (Babanejad et al. 2022, J. Sustain. Metall., doi 10.1007/s40831-022-00514-y), so runs of
NMC electrodes in nitrogen should end at or below 600 degC, as the built-in methods do.
"""

from __future__ import annotations

from dataclasses import dataclass

ATMOSPHERES = ("nitrogen", "air")

_C = 273.15


@dataclass(frozen=True)
class MassStep:
    """One mass-change step of a material in a TGA run.

    onset, end : temperatures of 2.5 % and 97.5 % conversion [K]
    change : mass change as a fraction of the material's initial mass (negative: loss)
    source : publication or ``"assumed: ..."``
    """

    onset: float
    end: float
    change: float
    source: str


_CHEN_1997 = "Chen, Yeh & Chang (1997) Combust. Flame 108, 408 (abstract)"
_SBR_PYROLYSIS = MassStep(
    349.0 + _C, 500.0 + _C, -1.0,
    source=f"onset: {_CHEN_1997}, initial reaction temperature 622-661 K at 2-20 K/min; end: METTLER "
    "TOLEDO application HB445 (SBR), pyrolysis complete at about 500 degC; residue of pure SBR latex "
    "not found, assumed 0 (hydrocarbon rubber)",
)
_CMC_MAIN = MassStep(
    220.0 + _C, 400.0 + _C, -0.66,
    source="onset: Courtel et al. (2011) J. Power Sources 196, 2128, CMC decomposes above 220 degC; end "
    "assumed 400 degC (K-CMC peak 283.6 degC, de Britto & Assis (2009) Thermochim. Acta 494, 115); "
    "residue 34 % at 600 degC as reported for a CMC ester in Cellulose Chem. Technol. 53 (2019) 667 "
    "(atmosphere not stated; char plus Na2CO3), taken as representative of Na-CMC",
)
_PVDF_DEHYDROFLUORINATION = MassStep(
    372.0 + _C, 500.0 + _C, -0.70,
    source="Madorsky, Hart, Straus & Sedlak (1953) J. Res. Natl. Bur. Stand. (vacuum pyrolysis of "
    "hydrofluoroethylene polymers; volume as recalled): PVDF loses weight from 372 to 500 degC and stops "
    "at about 70 %, leaving 30 % char (37.5 % if only HF left)",
)

THERMAL_BEHAVIOUR: dict[str, dict[str, tuple[MassStep, ...]]] = {
    "SBR latex": {
        "nitrogen": (_SBR_PYROLYSIS,),
        "air": (
            MassStep(349.0 + _C, 500.0 + _C, -0.85,
                     source=f"{_CHEN_1997}: in air two parallel steps, conversion 0.83-0.87 at the end of "
                     "the first; window as in nitrogen"),
            MassStep(500.0 + _C, 600.0 + _C, -0.15,
                     source="assumed: the rest (char) burns between 500 and 600 degC, residue 0"),
        ),
    },
    "CMC": {
        "nitrogen": (_CMC_MAIN,),
        "air": (
            _CMC_MAIN,
            MassStep(400.0 + _C, 600.0 + _C, -0.15,
                     source="assumed window: the char burns, leaving Na2CO3, 17 % (DS 0.7) to 22 % (DS 1.0) "
                     "of dry Na-CMC by stoichiometry; 19 % taken"),
        ),
    },
    "PVDF": {
        "nitrogen": (_PVDF_DEHYDROFLUORINATION,),
        "air": (
            _PVDF_DEHYDROFLUORINATION,
            MassStep(500.0 + _C, 650.0 + _C, -0.30,
                     source="assumed: the char burns between 500 and 650 degC (spent-cathode DTG maxima at "
                     "470 and 599 degC, Yu et al. (2020) Environ. Sci. Pollut. Res. 27, 40205), residue 0"),
        ),
    },
    "carbon black": {
        "nitrogen": (),
        "air": (
            MassStep(500.0 + _C, 700.0 + _C, -1.0,
                     source="onset: combustion begins between 450 and 500 degC (carbonblack-process.com, "
                     "vendor note); end 700 degC assumed; it falls with surface area (NETZSCH glossary)"),
        ),
    },
    "graphite": {
        "nitrogen": (),
        "air": (
            MassStep(650.0 + _C, 950.0 + _C, -1.0,
                     source="Farivar et al. (2021) C 7(2), 41: DTG peak 841-949 degC depending on particle "
                     "size; onset 650 degC assumed"),
        ),
    },
    "NMC111": {
        "nitrogen": (),
        "air": (),
    },
    "LFP": {
        "nitrogen": (
            MassStep(665.0 + _C, 921.0 + _C, -0.058,
                     source="Gao et al. (2015) J. Ceram. Process. Res. 16, 137: carbon-coated LiFePO4 in "
                     "nitrogen decomposes at 938-1195 K at 10 K/min, losing about 5.8 %"),
        ),
        "air": (
            MassStep(250.0 + _C, 550.0 + _C, +0.0507,
                     source="gain: 6 LiFePO4 + 3/2 O2 -> 2 Li3Fe2(PO4)3 + Fe2O3, +5.07 % by stoichiometry; "
                     "window assumed, after Hamelet et al. (2009) J. Mater. Chem. 19, 3979 (nano-LiFePO4 "
                     "reacts with air from 400-600 K)"),
        ),
    },
}
"""Mass-change steps by material name (the ``component_material`` of a result) and atmosphere.

NMC111: no step below 800 degC in either atmosphere, assumed (it is calcined in air at 800-900 degC).
Graphite and carbon black: stable in nitrogen (no step)."""

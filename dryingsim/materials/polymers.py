"""Binders dissolved in the solvent: CMC in water, PVDF in NMP, in SI units.

No measured dilute diffusion coefficient of battery-grade CMC in water or PVDF in NMP was found;
both diffusivities are Stokes-Einstein estimates ``D = k_B T / (6 pi mu R_h)`` at 25 degC with an
*assumed* hydrodynamic radius, and are calibration targets (``[physics] binder_diffusivity``).
"""

from __future__ import annotations

import math

from dryingsim.materials.base import DissolvedPolymer
from dryingsim.materials.solvents import NMP, WATER
from dryingsim.materials.values import Value

_KT = 1.380649e-23 * 298.15  # Boltzmann constant (SI 2019, exact) times 25 degC [J]
_RH_CMC = 50e-9  # [m] assumed, see CMC.diffusivity
_RH_PVDF = 30e-9  # [m] assumed, see PVDF.diffusivity

CMC = DissolvedPolymer(
    name="CMC",
    density=Value(
        1600.0,
        "kg m-3",
        source="assumed: ~1.6 g cm-3, close to cellulose (1.5-1.6 g cm-3); no verified skeletal density "
        "of battery-grade Na-CMC was found",
    ),
    diffusivity=Value(
        _KT / (6 * math.pi * WATER.viscosity.value * _RH_CMC),
        "m2 s-1",
        source="assumed: Stokes-Einstein estimate at 25 degC in water (0.890 mPa s) with an assumed "
        "hydrodynamic radius of 50 nm for a ~10^5-10^6 g mol-1 Na-CMC coil; no measured value found",
    ),
    solvents=("water",),
)

PVDF = DissolvedPolymer(
    name="PVDF",
    density=Value(
        1770.0,
        "kg m-3",
        source="derived from Etiemble et al. (2017) J. Mater. Sci. 52:3576, Table 1, sample J "
        "(92/5/3 wt% = 53.9/5.9/3.2 vol%) with the seed's LFP density 3.57 g cm-3: 3.57 * (5/5.9) / "
        "(92/53.9) = 1.77 g cm-3 (+-2 % from the rounding of the vol%); PVDF homopolymers are "
        "commonly quoted at 1.75-1.80 g cm-3 in manufacturer guides (e.g. Solvay, Solef PVDF Design & "
        "Processing Guide, density table)",
    ),
    diffusivity=Value(
        _KT / (6 * math.pi * NMP.viscosity.value * _RH_PVDF),
        "m2 s-1",
        source="assumed: Stokes-Einstein estimate at 25 degC in NMP (1.65 mPa s) with an assumed "
        "hydrodynamic radius of 30 nm for a ~10^6 g mol-1 PVDF coil in a good solvent; no measured "
        "value found",
    ),
    solvents=("nmp",),
)

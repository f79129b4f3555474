"""How a material's mass changes in a TGA run: the kinds :class:`MassStep` and :class:`ThermalBehaviour`.

Every solid material of the library carries its behaviour as its ``thermal`` field (particles in
:mod:`~dryingsim.materials.particles`, binders in :mod:`~dryingsim.materials.polymers`), so the key that
finds a material finds its TGA data too. A material's behaviour in one atmosphere is a sequence of
:class:`MassStep`: between ``onset`` and ``end`` (the temperatures of 2.5 % and 97.5 % conversion of the
step) its mass changes by ``change`` times its initial mass (negative: loss, positive: gain). What is not
lost is the char or oxide residue. Values at about 10 K/min; powders are taken as dried before the run
(moisture is not modelled). Many windows are only partly published; each value says where it comes from.

Not modelled: NMC mixed with carbon is partly reduced (carbothermally) in inert gas from about
600 degC (Babanejad et al. 2022, J. Sustain. Metall., doi 10.1007/s40831-022-00514-y), so runs of
NMC electrodes in nitrogen should end at or below 600 degC, as the built-in methods do.
"""

from __future__ import annotations

from dataclasses import dataclass

ZERO_CELSIUS = 273.15
"""0 degC in K: the step temperatures are written in degC, as published."""

ATMOSPHERES = ("nitrogen", "air")
"""Atmospheres of a TGA run; :class:`ThermalBehaviour` has the steps of each."""


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


@dataclass(frozen=True)
class ThermalBehaviour:
    """A material's mass-change steps in a TGA run, in each atmosphere of :data:`ATMOSPHERES`.

    nitrogen, air : the steps, by rising temperature; none means the material is stable in the run
    stable : for an atmosphere without steps, why the material is taken as stable there (source or
        ``"assumed: ..."``)
    """

    nitrogen: tuple[MassStep, ...]
    air: tuple[MassStep, ...]
    stable: str = ""

    def steps(self, atmosphere: str) -> tuple[MassStep, ...]:
        """The steps in ``atmosphere`` (one of :data:`ATMOSPHERES`)."""
        return {"nitrogen": self.nitrogen, "air": self.air}[atmosphere]

"""Where binder carried by the liquid stops: gelation, packing and filled pores.

Dissolved polymer and free latex follow the pore liquid (eq. 4.8) only while they are a solution
or a dilute suspension. Drying concentrates them; past a limit they are a solid the solvent flows
through but that no longer flows itself, and they deposit in place (eq. 4.9):

* a dissolved polymer sets into a gel at its gel concentration (materials library);
* latex particles pack at the maximum packing fraction of spheres.

With these limits, a film dried slowly (concentrations uniform by diffusion) reaches them
everywhere at once and keeps its binder where it was; a fast-dried film reaches them first at
the surface, which then collects what the liquid brings from below (skin formation; Routh &
Russel 1998, AIChE J. 44, 2088, for the packed-particle front).
"""

from __future__ import annotations

import numpy as np

SET_BAND = 0.05
"""Relative width of the ramp over which a solute's mobility falls from 1 to 0 below its limit [-].

A numerical regularisation, not a material value: it keeps the mobility continuous for the
lagged (start-of-step) coefficients of the engines."""


def mobile_fraction(concentration: np.ndarray, limit: np.ndarray | float) -> np.ndarray:
    r"""Share of a solute that moves with the liquid [-].

    .. math:: m = \mathrm{clip}\left(\frac{c_{lim} - c}{\beta\, c_{lim}}, 0, 1\right)

    1 below the limit, 0 at and above it (gelled polymer, packed latex), a linear ramp of
    relative width :data:`SET_BAND` in between. ``concentration`` and ``limit`` in the same
    units (mass per solvent volume for polymers, volume fraction in the liquid for latex).
    """
    return np.clip((limit - concentration) / (SET_BAND * limit), 0.0, 1.0)


def open_pore_fraction(occupancy: np.ndarray, max_packing: float) -> np.ndarray:
    r"""Share of the liquid's binder a cell can still take in [-]: :math:`\mathrm{clip}(1 - \theta/\phi_m, 0, 1)`.

    ``occupancy`` :math:`\theta` is the binder volume per pore volume; pores filled with binder
    packed at ``max_packing`` let the solvent pass but keep what it carries in the cell before.
    """
    return np.clip(1.0 - occupancy / max_packing, 0.0, 1.0)

"""The state of a batch of drying films, typed: what each stage carries from step to step.

Arrays follow :mod:`dryingsim.numerics.discretisation`: leading axes (class or species), then the batch
of scenarios, then the cells; a per-scenario number is a (batch, 1) array. Every state is a frozen
dataclass whose arrays are the batch: :meth:`BatchRows.take` gives some scenarios' rows as a new state,
:meth:`BatchRows.put` writes another state's rows into this one (in place), so a march advances
scenarios one by one inside shared arrays.

Stage 1 (the shrinking suspension, docs/theory/numerics.md sections 3-5) carries :class:`Suspension`;
each nonlinear sweep gives a :class:`SuspensionIterate`. Stage 2 (the consolidated film, sections 6-8)
carries the fixed :class:`Skeleton` and the :class:`PoreLiquid`; each sweep gives a :class:`PoreIterate`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

import numpy as np

S = TypeVar("S", bound="BatchRows")


def rows_of(value: Any, rows: np.ndarray) -> Any:
    """The batch rows of an array (axis -2), of a state or problem (its ``take``), or None."""
    if value is None:
        return None
    if hasattr(value, "take") and not isinstance(value, np.ndarray):
        return value.take(rows)
    return value[..., rows, :]


@dataclass(frozen=True)
class BatchRows:
    """A frozen group of batch arrays with row access (see the module docstring)."""

    def take(self: S, rows: np.ndarray) -> S:
        """Scenarios ``rows`` of the batch, as a new state of the same type."""
        return type(self)(**{f.name: rows_of(getattr(self, f.name), rows) for f in fields(self)})

    def put(self, rows: np.ndarray, other: BatchRows) -> None:
        """Write the fields of ``other`` (same names; it may carry more) into rows ``rows``, in place."""
        for f in fields(self):
            mine = getattr(self, f.name)
            if mine is not None:
                mine[..., rows, :] = getattr(other, f.name)

    def copy(self: S) -> S:
        """A copy whose arrays are its own."""
        return type(self)(**{f.name: None if getattr(self, f.name) is None else np.array(getattr(self, f.name))
                             for f in fields(self)})

    def with_rows_for(self: S, batch: int, fill: float = 0.0) -> S:
        """A state of ``batch`` scenarios shaped like this one's rows, filled with ``fill`` (the rows are put in
        as scenarios reach this stage)."""
        return type(self)(**{f.name: None if (v := getattr(self, f.name)) is None
                             else np.full(v.shape[:-2] + (batch, v.shape[-1]), fill) for f in fields(self)})

    def updated(self: S, **changes: Any) -> S:
        """This state with some fields replaced."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Suspension(BatchRows):
    """Stage 1: the wet film.

    H : thickness [m] (batch, 1); potential : collective potential Pi (eq. 3.5) (batch, cell)
    phi_s : total solids volume fraction (batch, cell); x : composition phi_p / phi_s (class, batch, cell)
    c : dissolved-polymer mass per liquid volume [kg m-3] (species, batch, cell); T : film temperature [K]
    """

    H: np.ndarray
    potential: np.ndarray
    phi_s: np.ndarray
    x: np.ndarray
    c: np.ndarray
    T: np.ndarray


@dataclass(frozen=True)
class SuspensionIterate(BatchRows):
    """One stage-1 sweep: the particles' new state and how far the sweep is from its fixed point.

    solids_flux : discrete Landau-frame solids flux of the step (batch, face); residual : stored minus
    equilibrium solids fraction (batch, 1); lowest : smallest solids fraction before flooring (batch, 1)
    """

    H: np.ndarray
    potential: np.ndarray
    phi_s: np.ndarray
    x: np.ndarray
    solids_flux: np.ndarray | None = None
    residual: np.ndarray | None = None
    lowest: np.ndarray | None = None


@dataclass(frozen=True)
class Skeleton(BatchRows):
    """Stage 2: the particle skeleton fixed at the stage switch.

    H : dry thickness [m] (batch, 1); eps : porosity; k : permeability [m2]; entry_per_tension : capillary
    entry pressure over surface tension [m-1]; phi : volume fraction of each class (class, batch, cell);
    solute_volume : volume per amount of each carried solute, 1/density for polymers and 1 for latex
    (solute, batch, 1); diameter : Sauter mean diameter of the skeleton [m]; adsorbed : adsorbed polymer
    per film volume over the dissolved concentration, K_H a (eq. 3.13)
    """

    H: np.ndarray
    eps: np.ndarray
    k: np.ndarray
    entry_per_tension: np.ndarray
    phi: np.ndarray
    solute_volume: np.ndarray
    diameter: np.ndarray
    adsorbed: np.ndarray


@dataclass(frozen=True)
class PoreLiquid(BatchRows):
    """Stage 2: the liquid in the pores.

    pc : capillary pressure [Pa]; S : saturation; T : film temperature [K] (batch, 1); solutes : dissolved
    polymers [kg m-3] then free latex [-] per volume of the liquid (solute, batch, cell); pc_rate : the
    last step's change of pc per time [Pa s-1] (the next step's first guess); deposit : free latex
    captured by the skeleton, volume per film volume (latex, batch, cell)
    """

    pc: np.ndarray
    S: np.ndarray
    T: np.ndarray
    solutes: np.ndarray
    pc_rate: np.ndarray
    deposit: np.ndarray


@dataclass(frozen=True)
class PoreIterate(BatchRows):
    """One stage-2 sweep of the pore liquid.

    liquid_flux : Darcy volume flux on the faces [m s-1]; evaporated : liquid the film lost per time
    [m s-1] (batch, 1); residual : stored minus equilibrium saturation; pc_previous, S_previous : the
    sweep's starting iterate (for the secant capacity of the next sweep)
    """

    pc: np.ndarray
    S: np.ndarray
    T: np.ndarray
    liquid_flux: np.ndarray | None = None
    evaporated: np.ndarray | None = None
    residual: np.ndarray | None = None
    pc_previous: np.ndarray | None = None
    S_previous: np.ndarray | None = None

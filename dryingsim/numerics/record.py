"""What an engine hands back: the state at every accepted step, engine-independent, plus step control."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dryingsim.errors import SolverError
from dryingsim.model.conditions import EnergyTerms
from dryingsim.scenario.schema import Numerics


@dataclass(frozen=True)
class Snapshot:
    """The film at one time.

    phi : volume fraction of every particle class (class, cell) [-]
    concentration : dissolved-polymer mass per liquid volume (species, cell) [kg m-3]
    polymer : dissolved or deposited polymer mass per film volume (species, cell) [kg m-3]
    liquid : solvent volume fraction (cell) [-]
    saturation : pore saturation (cell) [-]
    temperature : film temperature [K]
    zone : index of the dryer zone the web is in (-1: an imposed rate, no dryer)
    """

    time: float
    stage: int
    thickness: float
    drying_rate: float
    evaporated: float
    temperature: float
    zone: int
    phi: np.ndarray
    concentration: np.ndarray
    polymer: np.ndarray
    liquid: np.ndarray
    saturation: np.ndarray


@dataclass
class RunRecord:
    """The accepted steps of one run, in time order.

    energy : per snapshot, the heat from the air, the latent heat carried off and the heat stored
        in film and foil since coating [J m-2] (zeros for an imposed rate)
    """

    xi: np.ndarray
    snapshots: list[Snapshot] = field(default_factory=list)
    energy: list[EnergyTerms] = field(default_factory=list)
    steps: int = 0
    rejected_steps: int = 0
    switch_time: float = -1.0
    drying_time: float = -1.0
    _energy_total: EnergyTerms = EnergyTerms(0.0, 0.0, 0.0)

    def add(self, snapshot: Snapshot) -> None:
        if not all(np.all(np.isfinite(a)) for a in (snapshot.phi, snapshot.polymer, snapshot.liquid)) \
                or not np.isfinite(snapshot.temperature):
            raise SolverError(snapshot.time, "a field became NaN or infinite")
        self.snapshots.append(snapshot)
        self.energy.append(self._energy_total)

    def add_energy(self, step: EnergyTerms) -> None:
        """Add one accepted step's energy terms to the running totals (recorded with the next snapshot)."""
        total = self._energy_total
        self._energy_total = EnergyTerms(total.heat_input + step.heat_input, total.latent_heat + step.latent_heat,
                                         total.sensible_heat + step.sensible_heat)


STAGE_NAMES = {1: "the film shrinks", 2: "the pores empty"}
ADVICE = ("what you can change: rheology.yield_stress (a slurry that holds its particles: without one, slowly "
          "dried particles settle and pack at the foil), numerics.cells (another grid), "
          "numerics.max_change_per_step (smaller steps)")
"""Appended to a failed time integration: the scenario fields that change its path."""


class StepControl:
    """Adaptive time step: grow while changes per step stay below target, halve on failure."""

    def __init__(self, numerics: Numerics) -> None:
        self.numerics = numerics
        self.dt = numerics.initial_time_step

    def next_step(self, time: float, next_event: float) -> float:
        """The step to try from ``time``, landing exactly on ``next_event`` if that is close."""
        dt = min(self.dt, self.numerics.max_time_step)
        if time + 1.5 * dt >= next_event:
            dt = min(dt, next_event - time) if time + dt >= next_event else 0.5 * (next_event - time)
        return dt

    def accepted(self, dt: float, change: float) -> None:
        """Set the next step from the largest change of this one; a step cut short to land on an
        event does not shrink the next."""
        target = self.numerics.max_change_per_step
        growth = 2.0 if change <= 0.0 else float(np.clip(0.8 * target / change, 0.5, 2.0))
        proposal = dt * growth
        if dt < self.dt:
            proposal = max(proposal, self.dt)
        self.dt = min(proposal, self.numerics.max_time_step)

    def rejected(self, time: float, dt: float, reason: str, stage: int = 1) -> None:
        """Halve the step; raise :class:`SolverError` (with what the user can change) when it falls below
        1e-9 of the time."""
        self.dt = 0.5 * dt
        if self.dt < 1e-9 * max(time, 1.0):
            raise SolverError(time, f"time step fell below {self.dt:.3g} s in stage {stage} "
                              f"({STAGE_NAMES[stage]}): {reason}; {ADVICE}")

    def too_large(self, change: float) -> bool:
        return change > 2.0 * self.numerics.max_change_per_step

"""The time march every engine shares: steps, step control and stage events, for a batch of scenarios.

The march holds no physics: a step of each stage is :func:`dryingsim.numerics.stage1.attempt` or
:func:`dryingsim.numerics.stage2.attempt`, every linear step of which is a
:class:`~dryingsim.numerics.discretisation.Transport` handed to the engine's solver (FiPy's terms, or a
banded matrix), so every engine takes the same steps. What the march decides is when: it proposes each
step (docs/theory/numerics.md, section 10), rejects a step that failed or moved too much, locates the
stage switch (the film consolidated: every cell at (1 - tolerance) of maximum packing, by the secant rule on
the smallest solids fraction) and the end of drying (the solvent left falls below its end fraction,
interpolated in the step), lands on the breakpoints of the drying conditions, and records every accepted
step.

A batch advances every scenario with its own time step, stage and events: each round, every scenario
still running attempts one step; the sweeps run on all of them at once, and a scenario that has converged
leaves the sweeping set while the others sweep on. What one scenario computes never depends on the
others, so a scenario gives the same numbers alone or in any batch; one that fails is reported as its
:class:`~dryingsim.errors.SolverError` and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dryingsim.errors import SolverError
from dryingsim.model.problem import DryingProblem
from dryingsim.numerics import stage1, stage2
from dryingsim.numerics.discretisation import Grid, Transport
from dryingsim.numerics.record import RunRecord, StepControl
from dryingsim.numerics.state import PoreLiquid, Skeleton, Suspension

Progress = Callable[[float], None]
Solver = Callable[[Transport, np.ndarray, float], np.ndarray]
"""Solves one :class:`Transport` step: (transport, dt (batch, 1), cell spacing) -> q (species, batch, cell)."""


def _first_failure(*checks: tuple[bool, str]) -> str:
    """The message of the first check that failed ("" if none): why a step is rejected."""
    return next((message for failed, message in checks if failed), "")


@dataclass
class RunState:
    """Where one scenario of the batch is: its record, step control, time, stage and solvent budget.

    solvent0, solvent_mass : initial solvent volume [m] and mass [kg m-2] per area; thinnest : the film's
    thickness with its solids packed [m]; packed, threshold : maximum packing and the solids fraction at
    which stage 1 ends; evaporated : solvent mass gone [kg m-2]; end : solvent volume left at which drying
    ends [m]; left, left_before : solvent volume left now and one step before [m]
    """

    record: RunRecord
    control: StepControl
    until: float
    events: list[float]
    solvent0: float
    solvent_mass: float
    thinnest: float
    packed: float
    threshold: float
    time: float = 0.0
    stage: int = 1
    event_dt: float | None = None
    evaporated: float = 0.0
    end: float = 0.0
    left: float = 0.0
    left_before: float = 0.0
    error: SolverError | None = None
    running: bool = True

    def target(self) -> float:
        return next(t for t in self.events if t > self.time)

    def fail(self, error: SolverError) -> None:
        self.error, self.running = error, False


class Marcher:
    """March a batch of drying problems from coating to dry film, each linear step by ``solve``."""

    def __init__(self, problem: DryingProblem, solve: Solver, progress: Progress | None = None,
                 until: float = np.inf) -> None:
        self.problem = problem
        self.grid = Grid(problem.scenario.numerics.cells)
        spacing = self.grid.spacing

        def step(transport: Transport, dt: np.ndarray) -> np.ndarray:
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                return solve(transport, dt, spacing)

        self.step = step
        self.progress = progress
        self.until = until
        self.runs: list[RunState] = []
        self.suspension: Suspension | None = None
        self.skeleton: Skeleton | None = None
        self.pores: PoreLiquid | None = None

    # ---- time loop ------------------------------------------------------------------------
    def run(self) -> list[RunRecord | SolverError]:
        """March every scenario until dry (or ``until``); each gives its record or the error that stopped it."""
        p = self.problem
        h0, phi0, c0 = p.initial_fields(self.grid.centres)
        phi_s0 = phi0.sum(axis=0)
        self.suspension = Suspension(H=h0, potential=p.collective_potential(phi_s0), phi_s=phi_s0, x=phi0 / phi_s0,
                                     c=c0, T=p.temperature.copy())
        for m, member in enumerate(p.members):
            numerics = member.scenario.numerics
            packed = member.scenario.physics.max_packing
            until = min(self.until, member.conditions.end_time)
            run = RunState(record=RunRecord(xi=self.grid.centres), control=StepControl(numerics), until=until,
                           events=sorted({t for t in member.conditions.breakpoints if t > 0.0} | {until}),
                           solvent0=float(h0[m, 0] * np.mean(1.0 - phi_s0[m])),
                           solvent_mass=float(h0[m, 0] * np.mean(1.0 - phi_s0[m]) * p.solvent_density[m, 0]),
                           thinnest=member.formulation.solids_volume / packed, packed=packed,
                           threshold=(1.0 - numerics.consolidation_tolerance) * packed)
            self.runs.append(run)
            self._record(m, stage1.snapshot(p, m, self.suspension, run.time, run.evaporated))
            run.running = run.running and run.time < run.until
        while True:
            first = np.array([m for m, r in enumerate(self.runs) if r.running and r.stage == 1], dtype=int)
            if len(first):
                self._step_stage1(first)
            second = np.array([m for m, r in enumerate(self.runs) if r.running and r.stage == 2], dtype=int)
            if len(second):
                self._step_stage2(second)
            if not len(first) and not len(second):
                return [r.error or r.record for r in self.runs]

    def _step_stage1(self, rows: np.ndarray) -> None:
        """One step attempt of every scenario ``rows`` in stage 1 (the shrinking suspension)."""
        assert self.suspension is not None
        runs = [self.runs[m] for m in rows]
        time = np.array([[r.time] for r in runs])
        dt = np.array([[r.event_dt or r.control.next_step(r.time, r.target())] for r in runs])
        state = self.suspension.take(rows)
        tried = stage1.attempt(self.problem.take(rows), state, time, dt, self.grid, self.step)
        new = tried.state
        for i, (m, r) in enumerate(zip(rows, runs, strict=True)):
            failure = _first_failure(
                (new.H[i, 0] <= r.thinnest, "the film would be thinner than its solids packed at max_packing"),
                (not tried.converged[i], f"nonlinear sweeps did not converge in {r.control.numerics.max_sweeps}"),
                (tried.lowest[i, 0] < -1e-9, f"solids fraction {tried.lowest[i, 0]:.3g} < 0"),
                (not np.all(np.isfinite(new.c[:, i])), "the linear solve returned NaN"),
                (r.control.too_large(tried.change[i, 0]),
                 f"particles moved by {tried.change[i, 0]:.3g} of the solids in one step"))
            if failure:
                r.event_dt = None
                self._reject(r, dt[i, 0], failure)
                continue
            overshoot = new.phi_s[i].min() - r.threshold
            if overshoot > 0.5 * (r.packed - r.threshold) and (r.event_dt is None
                                                                or r.event_dt > 1e-9 * max(r.time, 1.0)):
                # locate the event by the secant rule on min phi_s, retrying the step from the same state
                undershoot = r.threshold - state.phi_s[i].min()
                r.event_dt = dt[i, 0] * float(np.clip(undershoot / (undershoot + overshoot), 0.1, 0.9))
                continue
            r.event_dt = None
            self.suspension.put(np.array([m]), new.take(np.array([i])))
            mass = float(tried.evaporated[i, 0])
            r.evaporated += mass
            r.record.add_energy(self.problem.members[m].conditions.energy(
                r.time, dt[i, 0], state.T[i, 0], new.T[i, 0], tried.heat_capacity[i, 0], mass))
            self._advance(r, dt[i, 0], tried.change[i, 0])
            self._record(m, stage1.snapshot(self.problem, m, self.suspension, r.time, r.evaporated))
            if not r.running:
                continue
            if r.time >= r.until:
                r.running = False
            elif overshoot >= 0.0:
                self._switch(m)
        self._report()

    def _switch(self, m: int) -> None:
        """Start stage 2 for scenario ``m``: the particle skeleton is fixed, its pores full of liquid."""
        assert self.suspension is not None
        r, one = self.runs[m], np.array([m])
        suspension = self.suspension.take(one)
        skeleton, pores = stage2.consolidate(self.problem.take(one).at_temperature(suspension.T), suspension)
        if self.pores is None or self.skeleton is None:
            batch = len(self.runs)
            self.pores, self.skeleton = pores.with_rows_for(batch), skeleton.with_rows_for(batch, fill=1.0)
        self.pores.put(one, pores)
        self.skeleton.put(one, skeleton)
        r.stage = 2
        r.record.switch_time = r.time
        r.events = sorted({t for t in self.problem.members[m].conditions.breakpoints if t > r.time}
                          | {r.until, np.inf})
        r.end = self.problem.members[m].scenario.numerics.end_solvent_fraction * r.solvent0
        r.left = r.left_before = float(suspension.H[0, 0] * np.mean(skeleton.eps))
        self._finish_if_dry(r, 0.0)

    def _step_stage2(self, rows: np.ndarray) -> None:
        """One step attempt of every scenario ``rows`` in stage 2 (the consolidated film)."""
        assert self.pores is not None and self.skeleton is not None
        runs = [self.runs[m] for m in rows]
        time = np.array([[r.time] for r in runs])
        dt = np.array([[r.control.next_step(r.time, r.target())] for r in runs])
        state, sk = self.pores.take(rows), self.skeleton.take(rows)
        left = np.array([[r.left] for r in runs])
        tried = stage2.attempt(self.problem.take(rows), sk, state, left, time, dt, self.grid, self.step)
        new = tried.state
        for i, (m, r) in enumerate(zip(rows, runs, strict=True)):
            failure = _first_failure(
                (not tried.converged[i], f"nonlinear sweeps did not converge in {r.control.numerics.max_sweeps}"),
                (new.S[i].min() < 0.0 or new.S[i].max() > 1.0 + 1e-3, "saturation outside [0, 1]"),
                (not np.all(np.isfinite(new.solutes[:, i])), "the linear solve returned NaN"),
                (r.control.too_large(tried.change[i, 0]),
                 f"liquid moved by {tried.change[i, 0]:.3g} of the pores in one step"))
            if failure:
                self._reject(r, dt[i, 0], failure)
                continue
            self.pores.put(np.array([m]), new.take(np.array([i])))
            rate = float(tried.evaporated[i, 0])
            r.evaporated += rate * dt[i, 0]
            r.record.add_energy(self.problem.members[m].conditions.energy(
                r.time, dt[i, 0], state.T[i, 0], new.T[i, 0], tried.heat_capacity[i, 0], rate * dt[i, 0]))
            self._advance(r, dt[i, 0], tried.change[i, 0])
            r.left_before, r.left = r.left, float(sk.H[i, 0] * np.mean(sk.eps[i] * new.S[i]))
            self._record(m, stage2.snapshot(self.problem, m, self.skeleton, self.pores, r.time, rate, r.evaporated))
            if r.running:
                self._finish_if_dry(r, dt[i, 0])
        self._report()

    # ---- bookkeeping ----------------------------------------------------------------------
    def _reject(self, r: RunState, dt: float, reason: str) -> None:
        r.record.rejected_steps += 1
        try:
            r.control.rejected(r.time, dt, reason, r.stage)
        except SolverError as error:
            r.fail(error)

    def _advance(self, r: RunState, dt: float, change: float) -> None:
        """Accept a step: time (landing exactly on an event), step control and the step count."""
        target = r.target()
        r.time = target if r.time + dt >= target else r.time + dt
        r.control.accepted(dt, change)
        r.record.steps += 1
        if r.record.steps >= r.control.numerics.max_steps:
            r.fail(SolverError(r.time, f"not dry after numerics.max_steps = {r.control.numerics.max_steps} steps"))

    def _finish_if_dry(self, r: RunState, dt: float) -> None:
        """Stop a stage-2 scenario that is dry or at ``until``; interpolate the moment the solvent left
        crossed the end criterion."""
        if r.left <= r.end:
            r.record.drying_time = (r.time - dt * (r.end - r.left) / (r.left_before - r.left)
                                    if r.left_before > r.left else r.time)
            r.running = False
        elif r.time >= r.until:
            r.running = False

    def _record(self, m: int, snapshot: object) -> None:
        try:
            self.runs[m].record.add(snapshot)  # type: ignore[arg-type]
        except SolverError as error:
            self.runs[m].fail(error)

    def _report(self) -> None:
        """Progress: the mean share of the solvent evaporated (a finished or failed scenario counts as done)."""
        if self.progress is not None:
            shares = [r.evaporated / r.solvent_mass if r.running else 1.0 for r in self.runs]
            self.progress(float(np.mean(shares)))

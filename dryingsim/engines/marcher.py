"""The time march every engine shares: sweeps, step control and stage events, for a batch of scenarios.

The film is meshed in the Landau coordinate xi = z / H(t) (eq. 1.1), so both ends are fixed faces
and every conserved quantity q obeys d(H q)/dt + d/dxi [J - xi dH/dt q] = 0. Each step is
backward Euler; coefficients are lagged and the step is swept (Picard) until they stop changing.
Every linear step is a :class:`~dryingsim.engines.discretisation.Transport` handed to the engine's
solver (FiPy's terms, or a banded matrix), so both engines take the same steps.

Stage 1 (eqs. 3.1-3.9) solves, per sweep:
  1. total solids, for the collective potential Pi(phi_s) of eq. (3.5): collective diffusion is linear
     in Pi, and the storage phi_s(Pi) is linearised about the iterate (the mass-conservative modified
     Picard scheme of Celia, Bouloutas & Zarba 1990, Water Resour. Res. 26, 1483), so a packed layer,
     where Pi diverges, stays below maximum packing and needs no tiny steps;
  2. the composition x_p = phi_p / phi_s of every class, carried by the discrete solids flux of
     step 1 (upwind) plus the zero-sum flux of each class relative to the mixture, so that
     sum_p x_p = 1 and every class is conserved to round-off;
  3. the concentration c of each dissolved polymer in the liquid, carried by the liquid flux.
Stage 2 (eqs. 4.1-4.8) solves the capillary pressure of the pore liquid (capillary flow,
evaporation at the receding front) and then the polymer and free-latex concentrations it carries.
Under a dryer the film temperature (eq. 5.8) is found with each step, backward Euler too: in stage 1
before the sweeps (the wet surface evaporates at a rate that depends on the temperature only), in
stage 2 within them (the rate reaching the receding front depends on the saturation). Properties
follow the end-of-step temperature.

A batch advances every scenario with its own time step, stage and events: each round, every scenario
still running attempts one step; the sweeps run on all of them at once, and a scenario that has
converged leaves the sweeping set while the others sweep on. What one scenario computes never depends on the
others, so a scenario gives the same numbers alone or in any batch; one that fails is reported as its
:class:`~dryingsim.errors.SolverError` and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dryingsim.engines.discretisation import (
    Transport,
    exponential_face,
    face_mean,
    face_min,
    flux_from_balance,
    mean_change,
    per_member,
    solute_holder,
    upwind,
)
from dryingsim.engines.problem import DryingProblem
from dryingsim.engines.record import RunRecord, Snapshot, StepControl
from dryingsim.errors import SolverError

Progress = Callable[[float], None]
Solver = Callable[[Transport, np.ndarray, float], np.ndarray]
"""Solves one :class:`Transport` step: (transport, dt (batch, 1), cell spacing) -> q (species, batch, cell)."""

CLEAR_LIQUID = 1e-12
"""Solids fraction kept in a cell the particles have left (clear supernatant) [-], so that the
composition there stays defined; converged steps below -1e-9 are rejected, so a class's amount
changes by at most 1e-9 H per clear cell."""


def _take(fields: dict, rows: np.ndarray) -> dict:
    """The rows of a batch (axis -2 of every array)."""
    return {k: v[..., rows, :] for k, v in fields.items()}


def _first_failure(*checks: tuple[bool, str]) -> str:
    """The message of the first check that failed ("" if none): why a step is rejected."""
    return next((message for failed, message in checks if failed), "")


def _put(fields: dict, rows: np.ndarray, new: dict) -> None:
    for k in fields:
        fields[k][..., rows, :] = new[k]


def _subset(inputs: dict, rows: np.ndarray) -> dict:
    """The scenarios ``rows`` of a sweep's inputs: arrays (batch axis -2), dicts of them, problems."""
    def pick(value: object) -> object:
        if isinstance(value, DryingProblem):
            return value.take(rows)
        return _take(value, rows) if isinstance(value, dict) else value[..., rows, :]
    return {k: pick(v) for k, v in inputs.items()}


@dataclass
class _Scenario:
    """Where one scenario of the batch is: its record, step control, time and stage."""

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
        self.solve = solve
        n = problem.scenario.numerics.cells
        self.dxi = 1.0 / n
        self.xi = (np.arange(n) + 0.5) / n
        self.xi_faces = np.arange(n + 1) / n
        self.progress = progress
        self.until = until

    # ---- linear steps ---------------------------------------------------------------------
    def _solve(self, transport: Transport, dt: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return self.solve(transport, dt, self.dxi)

    def _conserve(self, old: np.ndarray, storage_old: np.ndarray, storage_new: np.ndarray, velocity: np.ndarray,
                  dt: np.ndarray, diffusivity: np.ndarray | None = None, source: np.ndarray | float = 0.0,
                  mixing: np.ndarray | None = None) -> np.ndarray:
        r"""Solve (S_new q - S_old q_old)/dt + d/dxi[q v - D dq/dxi] = source for every species q at once.

        ``old`` is (species, batch, cell); all species share the storage S; the face velocity v is
        shared (batch, face) or per species. With ``diffusivity`` (species, batch, face) they are
        uncoupled and the face value of q is exponentially weighted; with ``mixing`` (species, species,
        batch, face), a coupled diffusion matrix, or with neither, it is upwind. The transient term
        gives S_new (q - q_old)/dt; the explicit source adds the change of the storage,
        (S_new - S_old) q_old / dt, so every species is conserved to round-off.
        """
        velocity = velocity if velocity.ndim == 3 else velocity[np.newaxis]
        rhs = np.broadcast_to(source - (storage_new - storage_old) / dt * old, old.shape)
        return self._solve(Transport(start=old, storage=storage_new, velocity=velocity, source=rhs,
                                     diffusivity=diffusivity, mixing=mixing, exponential=diffusivity is not None), dt)

    # ---- stage 1 --------------------------------------------------------------------------
    def _stage1_sweep(self, p: DryingProblem, state: dict, guess: dict, h_new: np.ndarray, dt: np.ndarray) -> dict:
        """One sweep of stage 1 from ``state`` (old) with coefficients from ``guess``, properties from ``p``."""
        h_old, phi_s_old, x_old = state["H"], state["phi_s"], state["x"]
        potential_k, x_k = guess["potential"], guess["x"]
        phi_s_k, capacity_k = p.solids_fraction(potential_k)
        h_dot = (h_new - h_old) / dt

        # 1. total solids (eq. 3.10) for Pi: phi_s = phi_s^k + C^k (Pi - Pi^k) in the storage and in the
        #    convective flux (mixture settling + Landau frame), implicit upwind; at convergence the flux
        #    is v phi_s,f with the exponentially weighted face value (central where diffusion dominates).
        u = p.settling_velocities(x_k * phi_s_k)
        x_f, u_f = face_mean(x_k), face_mean(u)
        u_mix_f = (x_f * u_f).sum(axis=0)
        velocity = u_mix_f - self.xi_faces * h_dot
        velocity[..., [0, -1]] = 0.0  # nothing crosses the foil or the surface but solvent
        d_mean = (x_f * p.brownian_diffusivity).sum(axis=0) / h_new
        capacity_up, potential_up = upwind(capacity_k, velocity), upwind(potential_k, velocity)
        phi_f = exponential_face(phi_s_k, velocity, d_mean / face_mean(capacity_k, harmonic=True), self.dxi)
        explicit_flux = velocity * (phi_f - capacity_up * potential_up)
        source = -(np.diff(explicit_flux, axis=-1) / self.dxi + (h_new * phi_s_k - h_old * phi_s_old) / dt)
        potential = self._solve(Transport(start=potential_k[np.newaxis], storage=h_new * capacity_k,
                                          velocity=(velocity * capacity_up)[np.newaxis], source=source[np.newaxis],
                                          diffusivity=d_mean[np.newaxis]), dt)[0]
        phi_s = phi_s_k + capacity_k * (potential - potential_k)  # what the conservative solve stored
        residual = per_member(np.abs(p.solids_fraction(potential)[0] - phi_s))
        lowest = per_member(phi_s, np.min)  # a step ending below -1e-9 is rejected once converged
        phi_s = np.maximum(phi_s, CLEAR_LIQUID)

        # 2. composition (eq. 3.11): upwind in the discrete solids flux + zero-sum relative flux
        storage_old, storage_new = h_old * phi_s_old, h_new * phi_s
        solids_flux = flux_from_balance((storage_new - storage_old) / dt, self.dxi)
        solids_flux[..., [0, -1]] = 0.0
        #    relative diffusion -phi (m_p dx_p/dz - x_p sum_q m_q dx_q/dz) is implicit, as the coupled matrix
        #    Gamma_pq = phi (m_p delta_pq - x_p m_q) / H, whose columns sum to zero; relative settling is lagged
        phi_f = face_mean(phi_s)
        mobility = p.relative_mobility(phi_f)[np.newaxis]
        identity = np.eye(len(x_k))[:, :, np.newaxis, np.newaxis]
        mixing = phi_f / h_new * (identity * mobility - x_f[:, np.newaxis] * mobility)
        mixing[..., [0, -1]] = 0.0
        #    each class's share is taken from the cell its relative motion leaves (upwind), so that a class
        #    cannot leave a cell it has left already (a central share drove the fines below zero at the foil
        #    under settling NMC); the mean velocity of those shares keeps the relative fluxes summing to zero
        x_up = upwind(x_k, u_f - u_mix_f)
        share = x_up.sum(axis=0)
        u_rel_mix = np.divide((x_up * u_f).sum(axis=0), share, out=np.zeros_like(share), where=share > 0.0)
        settling = phi_f * x_up * (u_f - u_rel_mix)
        settling[..., [0, -1]] = 0.0
        x = self._conserve(x_old, storage_old, storage_new, solids_flux, dt,
                           source=-np.diff(settling, axis=-1) / self.dxi, mixing=mixing)

        return {"H": h_new, "potential": potential, "phi_s": phi_s, "x": x, "solids_flux": solids_flux,
                "residual": residual, "lowest": lowest}

    def _stage1_polymer(self, p: DryingProblem, state: dict, new: dict, dt: np.ndarray) -> np.ndarray:
        """Dissolved polymer (eq. 3.12), once the particles have converged (it does not act back on them).

        Carried by the liquid's Landau-frame flux F_l = -F_s - xi dH/dt; a cell whose liquid is filled
        with polymer (eq. 4.10, at the start of the step) takes in no more.
        """
        c_old = state["c"]
        if not len(c_old):
            return c_old
        liquid_flux = -new["solids_flux"] - self.xi_faces * (new["H"] - state["H"]) / dt
        liquid_flux[..., [0, -1]] = 0.0  # the polymer stays when the solvent leaves at the surface
        occupancy = (c_old / p.polymer_density).sum(axis=0)  # polymer volume per liquid volume
        liquid_f = 1.0 - face_mean(new["phi_s"])
        d_poly = p.solute_diffusivity(liquid_f) * liquid_f / new["H"]
        return self._conserve(c_old, state["H"] * (1 - state["phi_s"]), new["H"] * (1 - new["phi_s"]),
                              liquid_flux * upwind(p.open_pores(occupancy), -liquid_flux), dt, d_poly)

    # ---- stage 2 --------------------------------------------------------------------------
    def _stage2_sweep(self, problem: DryingProblem, skeleton: dict, state: dict, guess: dict, time: np.ndarray,
                      dt: np.ndarray, heat_capacity: np.ndarray) -> dict:
        """One sweep of stage 2 (eqs. 4.2-4.8) on the fixed skeleton, at the film temperature of ``guess``.

        Mass-conservative modified Picard in the capillary pressure p_c (the storage S(p_c)
        linearised about the iterate), so full (compressible) and drying cells share one solve.
        The film temperature is then updated with the share of the wet-surface rate that evaporated.
        """
        sk = skeleton
        p = problem.at_temperature(guess["T"])
        h, s_old = sk["H"], state["S"]
        pc_k = guess["pc"]
        p_b = sk["entry_per_tension"] * p.surface_tension
        s_k, capacity = p.saturation(pc_k, p_b)
        if "pc_previous" in guess:  # secant capacity over the last update, where larger than the tangent:
            # the tangent jumps ~1e3-fold at the entry pressure (compressible full pores vs emptying
            # ones), and sweeps with it alone alternate across that kink
            change = pc_k - guess["pc_previous"]
            secant = np.divide(guess["S_previous"] - s_k, change, out=np.zeros_like(s_k), where=change != 0.0)
            capacity = np.maximum(capacity, secant)

        # Darcy flux q = (k k_r / mu) dp_c/dz towards the drier side: k harmonic (series), k_r arithmetic
        conductance = face_mean(sk["k"], harmonic=True) * face_mean(p.liquid_mobility(s_k, 1.0)) / h
        conductance[..., [0, -1]] = 0.0
        # evaporation sink e_j, linearised in the storage: e_j S*/S^k with S* = S^k - C (p_c - p_c^k)
        evaporation = p.front_evaporation(time + 0.5 * dt, s_k, sk["eps"], h * (1.0 - self.xi_faces[1:])) / self.dxi
        per_saturation = np.divide(evaporation, s_k, out=np.zeros_like(s_k), where=s_k > 0.0)
        source = evaporation + per_saturation * capacity * pc_k + h * sk["eps"] * (s_k - s_old) / dt
        pc = self._solve(Transport(start=pc_k[np.newaxis], storage=h * sk["eps"] * capacity,
                                   velocity=np.zeros((1,) + conductance.shape), source=source[np.newaxis],
                                   diffusivity=conductance[np.newaxis], decay=per_saturation * capacity), dt)[0]
        s = s_k - capacity * (pc - pc_k)  # what the conservative solve stored
        residual = per_member(np.abs(p.saturation(pc, p_b)[0] - s))
        reach = np.maximum(np.abs(pc_k), p_b)  # damped update: p_c spans decades as cells dry
        pc_next = np.clip(pc, pc_k - 0.75 * reach, pc_k + 3.0 * reach)
        evaporated = per_saturation * s * self.dxi  # volume flux leaving each cell [m s-1]
        flux = flux_from_balance(h * sk["eps"] * (s - s_old) / dt + evaporated / self.dxi, self.dxi)
        flux[..., [0, -1]] = 0.0
        # the liquid the film lost: equal to sum(evaporated) up to the linear solver's residual, which the
        # wide range of coefficients (compressibility vs conductance) lifts to ~1e-10 of the solvent
        lost = -per_member(h * sk["eps"] * (s - s_old), np.sum) * self.dxi / dt
        surface_rate = p.drying_rate(time + 0.5 * dt)
        wet_share = np.divide(per_member(evaporated, np.sum) * p.solvent_density, surface_rate,
                              out=np.zeros_like(surface_rate), where=surface_rate > 0.0)
        temperature = p.film_temperature(time, dt, state["T"], heat_capacity, wet_share)
        return {"pc": pc_next, "S": s, "T": temperature, "liquid_flux": flux, "evaporated": lost,
                "residual": residual, "pc_previous": pc_k, "S_previous": s_k}

    def _stage2_solutes(self, problem: DryingProblem, skeleton: dict, state: dict, new: dict,
                        dt: np.ndarray) -> np.ndarray:
        """Dissolved polymer and free latex carried by the pore liquid (eqs. 4.8-4.10), once S has converged.

        Solutes are held by the liquid, floored so that a dried cell keeps its deposit (m = theta_eff c);
        the drier neighbour limits what a face passes by diffusion. Only the mobile share (not gelled,
        not packed, not held in a gel) moves, and a cell whose pores are filled with binder takes in no more;
        both are taken at the start of the step.
        """
        p, sk = problem.at_temperature(new["T"]), skeleton
        h, solutes = sk["H"], state["solutes"]
        liquid_old, liquid_new = solute_holder(sk["eps"], state["S"]), solute_holder(sk["eps"], new["S"])
        n_poly = len(p.polymer_diffusivity)
        mobile = np.concatenate((p.polymer_mobility(solutes[:n_poly]),
                                 p.latex_mobility(solutes[n_poly:], solutes[:n_poly])))
        flux = new["liquid_flux"]
        occupancy = (solutes * sk["solute_volume"]).sum(axis=0) * liquid_old / sk["eps"]
        velocity = flux * upwind(mobile, flux) * upwind(p.open_pores(occupancy), -flux)
        liquid_f = face_min(liquid_new)
        diffusivity = (np.concatenate((p.polymer_diffusivity, p.brownian_diffusivity[p.free_latex]))
                       * np.sqrt(liquid_f) * liquid_f / h * face_min(mobile))
        return self._conserve(solutes, h * liquid_old, h * liquid_new, velocity, dt, diffusivity)

    # ---- convergence of a step ------------------------------------------------------------
    def _sweep_to_convergence(self, sweep: Callable[[dict, dict], dict], inputs: dict, guess: dict,
                              keys: tuple[str, ...], rows: np.ndarray) -> tuple[dict, np.ndarray]:
        """Sweep from ``guess`` until ``keys`` change by less than the tolerance (relative to their largest
        value) and the sweep's linearisation ``residual`` (stored minus equilibrium fraction) is below it.

        ``sweep(inputs, guess)`` reads the batch-shaped ``inputs`` (arrays, dicts of arrays, a problem).
        Only scenarios still converging are swept: one that has converged, or used its ``max_sweeps``,
        keeps its last sweep and leaves the sweeping set. Returns the sweep of every scenario and which
        converged.
        """
        numerics = [self.problem.members[m].scenario.numerics for m in rows]
        tolerance = np.array([[n.picard_tolerance] for n in numerics])
        limit = np.array([n.max_sweeps for n in numerics])
        converged = np.zeros(len(rows), dtype=bool)
        active = np.arange(len(rows))  # the scenarios still sweeping
        result: dict = {}
        for count in range(1, int(limit.max()) + 1):
            new = sweep(inputs, guess)
            change = np.zeros((len(active), 1))
            for k in keys:
                if np.size(new[k]):
                    change = np.maximum(change, per_member(np.abs(new[k] - guess[k]))
                                        / np.maximum(per_member(np.abs(new[k])), 1e-300))
            ok = ((change <= tolerance[active]) & (new["residual"] <= tolerance[active]))[:, 0]
            if not result:
                result = {k: np.array(v, copy=True) for k, v in new.items()}
            else:
                _put(result, active, new)
            converged[active[ok]] = True
            going = ~ok & (count < limit[active])
            if not going.any():
                break
            if not going.all():
                going = np.flatnonzero(going)
                active, inputs, new = active[going], _subset(inputs, going), _take(new, going)
            guess = new
        return result, converged

    # ---- time loop ------------------------------------------------------------------------
    def run(self) -> list[RunRecord | SolverError]:
        """March every scenario until dry (or ``until``); each gives its record or the error that stopped it."""
        p = self.problem
        h0, phi0, c0 = p.initial_fields(self.xi)
        phi_s0 = phi0.sum(axis=0)
        self.stage1 = {"H": h0, "potential": p.collective_potential(phi_s0), "phi_s": phi_s0, "x": phi0 / phi_s0,
                       "c": c0, "T": p.temperature.copy()}
        self.stage2: dict = {}
        self.skeleton: dict = {}
        self.runs = []
        for m, member in enumerate(p.members):
            numerics = member.scenario.numerics
            packed = member.scenario.physics.max_packing
            until = min(self.until, member.conditions.end_time)
            run = _Scenario(record=RunRecord(xi=self.xi), control=StepControl(numerics), until=until,
                            events=sorted({t for t in member.conditions.breakpoints if t > 0.0} | {until}),
                            solvent0=float(h0[m, 0] * np.mean(1.0 - phi_s0[m])),
                            solvent_mass=float(h0[m, 0] * np.mean(1.0 - phi_s0[m]) * p.solvent_density[m, 0]),
                            thinnest=member.formulation.solids_volume / packed, packed=packed,
                            threshold=(1.0 - numerics.consolidation_tolerance) * packed)
            self.runs.append(run)
            self._record(m, self._snapshot1(m, self.stage1))
            run.running = run.running and run.time < run.until
        while True:
            first = np.array([m for m, r in enumerate(self.runs) if r.running and r.stage == 1], dtype=int)
            if len(first):
                self._attempt_stage1(first)
            second = np.array([m for m, r in enumerate(self.runs) if r.running and r.stage == 2], dtype=int)
            if len(second):
                self._attempt_stage2(second)
            if not len(first) and not len(second):
                return [r.error or r.record for r in self.runs]

    def _attempt_stage1(self, rows: np.ndarray) -> None:
        """One step attempt of every scenario ``rows`` in stage 1 (the shrinking suspension)."""
        runs = [self.runs[m] for m in rows]
        time = np.array([[r.time] for r in runs])
        dt = np.array([[r.event_dt or r.control.next_step(r.time, r.target())] for r in runs])
        state = _take(self.stage1, rows)
        p = self.problem.take(rows).at_temperature(state["T"])
        heat_capacity = p.film_heat_capacity(state["H"] * (1.0 - state["phi_s"]).mean(axis=-1, keepdims=True)
                                             * p.solvent_density)
        temperature = p.film_temperature(time, dt, state["T"], heat_capacity)
        p_new = p.at_temperature(temperature)
        h_new = state["H"] - p_new.evaporated_mass(time, time + dt) / p_new.solvent_density
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            new, converged = self._sweep_to_convergence(
                lambda i, g: self._stage1_sweep(i["p"], i["state"], g, i["H"], i["dt"]),
                {"p": p_new, "state": state, "H": h_new, "dt": dt}, state, ("phi_s", "x"), rows)
            new["c"] = self._stage1_polymer(p_new, state, new, dt)
            change = mean_change(new["x"] * new["phi_s"], state["x"] * state["phi_s"])
        new["T"] = temperature
        for i, (m, r) in enumerate(zip(rows, runs, strict=True)):
            failure = _first_failure(
                (h_new[i, 0] <= r.thinnest, "the film would be thinner than its solids packed at max_packing"),
                (not converged[i], f"nonlinear sweeps did not converge in {r.control.numerics.max_sweeps}"),
                (new["lowest"][i, 0] < -1e-9, f"solids fraction {new['lowest'][i, 0]:.3g} < 0"),
                (not np.all(np.isfinite(new["c"][:, i])), "the linear solve returned NaN"),
                (r.control.too_large(change[i, 0]), f"particles moved by {change[i, 0]:.3g} of the solids in one step"))
            if failure:
                r.event_dt = None
                self._reject(r, dt[i, 0], failure)
                continue
            overshoot = new["phi_s"][i].min() - r.threshold
            if overshoot > 0.5 * (r.packed - r.threshold) and (r.event_dt is None
                                                                or r.event_dt > 1e-9 * max(r.time, 1.0)):
                # locate the event by the secant rule on min phi_s, retrying the step from the same state
                undershoot = r.threshold - state["phi_s"][i].min()
                r.event_dt = dt[i, 0] * float(np.clip(undershoot / (undershoot + overshoot), 0.1, 0.9))
                continue
            r.event_dt = None
            one = np.array([i])
            _put(self.stage1, np.array([m]), _take(new, one))
            mass = float((state["H"][i, 0] - h_new[i, 0]) * p.solvent_density[i, 0])
            r.evaporated += mass
            r.record.add_energy(self.problem.members[m].conditions.energy(
                r.time, dt[i, 0], state["T"][i, 0], temperature[i, 0], heat_capacity[i, 0], mass))
            self._advance(r, dt[i, 0], change[i, 0])
            self._record(m, self._snapshot1(m, self.stage1))
            if not r.running:
                continue
            if r.time >= r.until:
                r.running = False
            elif overshoot >= 0.0:
                self._switch(m)
        self._report()

    def _switch(self, m: int) -> None:
        """Start stage 2 for scenario ``m``: the particle skeleton is fixed, its pores full of liquid."""
        r, one = self.runs[m], np.array([m])
        state1 = _take(self.stage1, one)
        p = self.problem.take(one).at_temperature(state1["T"])
        phi = state1["x"] * state1["phi_s"]
        eps = 1.0 - state1["phi_s"]
        k, p_b = p.capillary_properties(eps, p.skeleton_diameter(phi))
        latex = p.free_latex
        skeleton = {"H": state1["H"], "eps": eps, "k": k, "entry_per_tension": p_b / p.surface_tension, "phi": phi,
                    "solute_volume": np.concatenate((1.0 / p.polymer_density, np.ones((int(latex.sum()), 1, 1))))}
        # full pores at one pressure: the largest pores' entry pressure, where the first ones empty
        state = {"pc": np.full_like(eps, p_b.min()), "S": np.ones_like(eps), "T": state1["T"],
                 "solutes": np.concatenate((state1["c"], phi[latex] / eps)), "pc_rate": np.zeros_like(eps)}
        if not self.stage2:
            batch = len(self.runs)
            self.stage2 = {k: np.zeros(v.shape[:-2] + (batch, v.shape[-1])) for k, v in state.items()}
            self.skeleton = {k: np.ones(v.shape[:-2] + (batch, v.shape[-1])) for k, v in skeleton.items()}
        _put(self.stage2, one, state)
        _put(self.skeleton, one, skeleton)
        r.stage = 2
        r.record.switch_time = r.time
        r.events = sorted({t for t in self.problem.members[m].conditions.breakpoints if t > r.time}
                          | {r.until, np.inf})
        r.end = self.problem.members[m].scenario.numerics.end_solvent_fraction * r.solvent0
        r.left = r.left_before = float(state1["H"][0, 0] * np.mean(eps))
        self._finish_if_dry(r, 0.0)

    def _attempt_stage2(self, rows: np.ndarray) -> None:
        """One step attempt of every scenario ``rows`` in stage 2 (the consolidated film)."""
        runs = [self.runs[m] for m in rows]
        time = np.array([[r.time] for r in runs])
        dt = np.array([[r.control.next_step(r.time, r.target())] for r in runs])
        state, sk = _take(self.stage2, rows), _take(self.skeleton, rows)
        p = self.problem.take(rows).at_temperature(state["T"])
        left = np.array([[r.left] for r in runs])
        heat_capacity = p.film_heat_capacity(left * p.solvent_density)
        guess = state | {"pc": state["pc"] + state["pc_rate"] * dt}
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            new, converged = self._sweep_to_convergence(
                lambda i, g: self._stage2_sweep(i["p"], i["sk"], i["state"], g, i["time"], i["dt"], i["C"]),
                {"p": p, "sk": sk, "state": state, "time": time, "dt": dt, "C": heat_capacity}, guess,
                ("pc", "S", "T"), rows)
            new["solutes"] = self._stage2_solutes(p, sk, state, new, dt)
            change = mean_change(sk["eps"] * new["S"], sk["eps"] * state["S"], sk["eps"])
        new["pc_rate"] = (new["pc"] - state["pc"]) / dt
        for i, (m, r) in enumerate(zip(rows, runs, strict=True)):
            failure = _first_failure(
                (not converged[i], f"nonlinear sweeps did not converge in {r.control.numerics.max_sweeps}"),
                (new["S"][i].min() < 0.0 or new["S"][i].max() > 1.0 + 1e-3, "saturation outside [0, 1]"),
                (not np.all(np.isfinite(new["solutes"][:, i])), "the linear solve returned NaN"),
                (r.control.too_large(change[i, 0]), f"liquid moved by {change[i, 0]:.3g} of the pores in one step"))
            if failure:
                self._reject(r, dt[i, 0], failure)
                continue
            one = np.array([i])
            _put(self.stage2, np.array([m]), _take({k: new[k] for k in self.stage2}, one))
            rate = float(new["evaporated"][i, 0] * p.solvent_density[i, 0])
            r.evaporated += rate * dt[i, 0]
            r.record.add_energy(self.problem.members[m].conditions.energy(
                r.time, dt[i, 0], state["T"][i, 0], new["T"][i, 0], heat_capacity[i, 0], rate * dt[i, 0]))
            self._advance(r, dt[i, 0], change[i, 0])
            r.left_before, r.left = r.left, float(sk["H"][i, 0] * np.mean(sk["eps"][i] * new["S"][i]))
            self._record(m, self._snapshot2(m, rate))
            if r.running:
                self._finish_if_dry(r, dt[i, 0])
        self._report()

    # ---- bookkeeping ----------------------------------------------------------------------
    def _reject(self, r: _Scenario, dt: float, reason: str) -> None:
        r.record.rejected_steps += 1
        try:
            r.control.rejected(r.time, dt, reason, r.stage)
        except SolverError as error:
            r.fail(error)

    def _advance(self, r: _Scenario, dt: float, change: float) -> None:
        """Accept a step: time (landing exactly on an event), step control and the step count."""
        target = r.target()
        r.time = target if r.time + dt >= target else r.time + dt
        r.control.accepted(dt, change)
        r.record.steps += 1
        if r.record.steps >= r.control.numerics.max_steps:
            r.fail(SolverError(r.time, f"not dry after numerics.max_steps = {r.control.numerics.max_steps} steps"))

    def _finish_if_dry(self, r: _Scenario, dt: float) -> None:
        """Stop a stage-2 scenario that is dry or at ``until``; interpolate the moment the solvent left
        crossed the end criterion."""
        if r.left <= r.end:
            r.record.drying_time = (r.time - dt * (r.end - r.left) / (r.left_before - r.left)
                                    if r.left_before > r.left else r.time)
            r.running = False
        elif r.time >= r.until:
            r.running = False

    def _record(self, m: int, snapshot: Snapshot) -> None:
        try:
            self.runs[m].record.add(snapshot)
        except SolverError as error:
            self.runs[m].fail(error)

    def _report(self) -> None:
        """Progress: the mean share of the solvent evaporated (a finished or failed scenario counts as done)."""
        if self.progress is not None:
            shares = [r.evaporated / r.solvent_mass if r.running else 1.0 for r in self.runs]
            self.progress(float(np.mean(shares)))

    def _snapshot1(self, m: int, stage1: dict) -> Snapshot:
        r, member = self.runs[m], self.problem.members[m]
        x, phi_s, c = stage1["x"][:, m], stage1["phi_s"][m], stage1["c"][:, m]
        temperature = float(stage1["T"][m, 0])
        return Snapshot(time=r.time, stage=1, thickness=float(stage1["H"][m, 0]),
                        drying_rate=member.conditions.surface_rate(r.time, temperature), evaporated=r.evaporated,
                        temperature=temperature, zone=member.conditions.zone(r.time), phi=x * phi_s,
                        concentration=c.copy(), polymer=c * (1.0 - phi_s), liquid=1.0 - phi_s,
                        saturation=np.ones_like(phi_s))

    def _snapshot2(self, m: int, rate: float) -> Snapshot:
        r, member, p = self.runs[m], self.problem.members[m], self.problem
        eps, saturation = self.skeleton["eps"][m], self.stage2["S"][m].copy()
        solutes = self.stage2["solutes"][:, m]
        holder = solute_holder(eps, saturation)
        n_poly = len(member.formulation.dissolved)
        phi = self.skeleton["phi"][:, m].copy()
        phi[p.free_latex] = solutes[n_poly:] * holder
        return Snapshot(time=r.time, stage=2, thickness=float(self.skeleton["H"][m, 0]), drying_rate=rate,
                        evaporated=r.evaporated, temperature=float(self.stage2["T"][m, 0]),
                        zone=member.conditions.zone(r.time), phi=phi, concentration=solutes[:n_poly].copy(),
                        polymer=solutes[:n_poly] * holder, liquid=eps * saturation, saturation=saturation)

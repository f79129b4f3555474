"""FiPy finite-volume engine: the readable reference for docs/theory/numerics.md.

The film is meshed in the Landau coordinate xi = z / H(t) (eq. 1.1), so both ends are fixed faces
and every conserved quantity q obeys d(H q)/dt + d/dxi [J - xi dH/dt q] = 0. Each step is
backward Euler; coefficients are lagged and the step is swept (Picard) until they stop changing.

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
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from fipy import (
    CellVariable,
    DiffusionTerm,
    ExponentialConvectionTerm,
    FaceVariable,
    Grid1D,
    ImplicitSourceTerm,
    TransientTerm,
    UpwindConvectionTerm,
)
from fipy.solvers.scipy import LinearLUSolver

from dryingsim.engines.problem import DryingProblem
from dryingsim.engines.record import RunRecord, Snapshot, StepControl
from dryingsim.errors import SolverError

Progress = Callable[[float], None]

CLEAR_LIQUID = 1e-12
"""Solids fraction kept in a cell the particles have left (clear supernatant) [-], so that the
composition there stays defined; converged steps below -1e-9 are rejected, so a class's amount
changes by at most 1e-9 H per clear cell."""


class _StepRejectedError(Exception):
    """A step that must be retried with a smaller time step."""


def _face_mean(cells: np.ndarray, harmonic: bool = False) -> np.ndarray:
    """Arithmetic (or harmonic) face values along the last axis; boundary faces take the adjacent cell."""
    if harmonic:
        inner = 2.0 * cells[..., 1:] * cells[..., :-1] / (cells[..., 1:] + cells[..., :-1])
    else:
        inner = 0.5 * (cells[..., 1:] + cells[..., :-1])
    return np.concatenate((cells[..., :1], inner, cells[..., -1:]), axis=-1)


def _exponential_face(cells: np.ndarray, velocity: np.ndarray, diffusivity: np.ndarray, spacing: float) -> np.ndarray:
    r"""Face values weighted by the exact steady solution between cell centres (Scharfetter-Gummel).

    :math:`q_f = q_L + \beta(P) (q_R - q_L)`, :math:`\beta = 1/P - 1/(e^P - 1)`, :math:`P = v\,\Delta\xi / D`:
    central (second order) where diffusion dominates, upwind where convection does (Patankar 1980,
    Numerical Heat Transfer and Fluid Flow, ch. 5).
    """
    padded = np.concatenate((cells[:1], cells, cells[-1:]))
    peclet = velocity * spacing / np.maximum(diffusivity, 1e-300)
    small = np.abs(peclet) < 1e-4
    safe = np.where(small, 1.0, peclet)
    with np.errstate(over="ignore"):
        beta = np.where(small, 0.5 - peclet / 12.0, 1.0 / safe - 1.0 / np.expm1(np.minimum(safe, 700.0)))
    return padded[:-1] + beta * (padded[1:] - padded[:-1])


def _upwind(cells: np.ndarray, velocity: np.ndarray) -> np.ndarray:
    """Face values (along the last axis) taken from the cell upstream of each face; boundary faces take
    the adjacent cell."""
    padded = np.concatenate((cells[..., :1], cells, cells[..., -1:]), axis=-1)
    return np.where(velocity >= 0.0, padded[..., :-1], padded[..., 1:])


def _face_min(cells: np.ndarray) -> np.ndarray:
    """Smaller of the two neighbours at each face (along the last axis); boundary faces take the adjacent cell."""
    padded = np.concatenate((cells[..., :1], cells, cells[..., -1:]), axis=-1)
    return np.minimum(padded[..., :-1], padded[..., 1:])


def _mean_change(new: np.ndarray, old: np.ndarray, capacity: np.ndarray | None = None) -> float:
    """Share of a content that changed in one step: sum |new - old| over cells and species / sum of
    ``capacity`` (default: the old content)."""
    return float(np.abs(new - old).sum() / np.abs(old if capacity is None else capacity).sum())


def _solute_holder(porosity: np.ndarray, saturation: np.ndarray) -> np.ndarray:
    """Liquid fraction that holds dissolved and suspended matter, floored at 1e-12 of the pores.

    A cell that dries keeps its solutes as a deposit of mass theta_eff * c; the floor keeps
    that product representable and every solute conserved to round-off.
    """
    return porosity * np.maximum(saturation, 1e-12)


def _flux_from_balance(storage_change: np.ndarray, spacing: float) -> np.ndarray:
    """Face fluxes implied by a cell balance dS_i/dt + (F_{i+1/2} - F_{i-1/2}) / dxi = 0 with F_{1/2} = 0."""
    return np.concatenate(([0.0], -np.cumsum(storage_change) * spacing))


class FipyEngine:
    """March one :class:`DryingProblem` from coating to dry film."""

    def __init__(self, problem: DryingProblem, progress: Progress | None = None,
                 until: float = np.inf) -> None:
        self.problem = problem
        self.until = until
        self.numerics = problem.scenario.numerics
        n = self.numerics.cells
        self.mesh = Grid1D(nx=n, dx=1.0 / n)
        self.dxi = 1.0 / n
        self.xi = self.mesh.cellCenters[0].value.copy()
        self.xi_faces = self.mesh.faceCenters[0].value.copy()
        self.progress = progress or (lambda fraction: None)
        self.control = StepControl(self.numerics)

    # ---- FiPy plumbing --------------------------------------------------------------------
    def _cell(self, value: np.ndarray) -> CellVariable:
        """A scalar (cell) or vector (species, cell) unknown; its old value is the start value."""
        shape = np.shape(value)[:-1]
        return CellVariable(mesh=self.mesh, value=value, elementshape=shape, hasOld=True)

    def _field(self, values: np.ndarray | float) -> CellVariable:
        """A scalar cell coefficient or source (FiPy reads a bare array as a vector)."""
        return CellVariable(mesh=self.mesh, value=values)

    def _velocity(self, faces: np.ndarray) -> FaceVariable:
        return FaceVariable(mesh=self.mesh, rank=1, value=faces[np.newaxis, :])

    def _diffusivity(self, faces: np.ndarray) -> FaceVariable:
        return FaceVariable(mesh=self.mesh, value=faces)

    def _solve(self, equation, variable: CellVariable, dt: float) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 Peclet numbers of uncoupled species
            try:
                equation.solve(var=variable, dt=dt, solver=LinearLUSolver(tolerance=1e-15, iterations=1))
            except RuntimeError as singular:  # SuperLU: "Factor is exactly singular"
                raise _StepRejectedError(f"the linear solve failed: {singular}") from singular
        value = np.array(variable.value)
        if not np.all(np.isfinite(value)):
            raise _StepRejectedError("the linear solve returned NaN")
        return value

    def _conserve(self, old: np.ndarray, storage_old: np.ndarray, storage_new: np.ndarray, velocity: np.ndarray,
                  dt: float, diffusivity: np.ndarray | None = None, source: np.ndarray | float = 0.0,
                  mixing: np.ndarray | None = None) -> np.ndarray:
        r"""Solve (S_new q - S_old q_old)/dt + d/dxi[q v - D dq/dxi] = source for every species q at once.

        ``old`` is (species, cell); all species share the storage S, so FiPy solves them as one
        vector variable; the face velocity v is shared (face,) or per species (species, face). With
        ``diffusivity`` (species, face) they are uncoupled and the face value of q is exponentially
        weighted; with ``mixing`` (species, species, face), a coupled diffusion matrix, or with
        neither, it is upwind. FiPy's
        TransientTerm gives S_new (q - q_old)/dt; the explicit source adds the change of the
        storage, (S_new - S_old) q_old / dt, so every species is conserved to round-off.
        """
        n = len(old)
        eye = np.eye(n)[:, :, np.newaxis]
        q = self._cell(old)
        velocity = np.broadcast_to(velocity, (n, np.shape(velocity)[-1]))
        convection = FaceVariable(mesh=self.mesh, rank=3, value=eye[np.newaxis] * velocity[np.newaxis, :, np.newaxis])
        transient = TransientTerm(coeff=CellVariable(mesh=self.mesh, value=eye * storage_new, elementshape=(n, n)),
                                  var=q)
        rhs = CellVariable(mesh=self.mesh, value=source - (storage_new - storage_old) / dt * old, elementshape=(n,))
        if diffusivity is not None:
            # floored: FiPy's exponential weight is NaN at an infinite Peclet number, finite ones give upwind
            diffusion = FaceVariable(mesh=self.mesh, rank=2,
                                     value=eye * np.maximum(diffusivity, 1e-300)[:, np.newaxis, :])
            equation = (transient + ExponentialConvectionTerm(coeff=convection, var=q)
                        == DiffusionTerm(coeff=diffusion, var=q) + rhs)
        elif mixing is not None:
            equation = (transient + UpwindConvectionTerm(coeff=convection, var=q)
                        == DiffusionTerm(coeff=FaceVariable(mesh=self.mesh, rank=2, value=mixing), var=q) + rhs)
        else:
            equation = transient + UpwindConvectionTerm(coeff=convection, var=q) == rhs
        return self._solve(equation, q, dt)

    # ---- stage 1 --------------------------------------------------------------------------
    def _stage1_sweep(self, p: DryingProblem, state: dict, guess: dict, h_new: float, dt: float) -> dict:
        """One sweep of stage 1 from ``state`` (old) with coefficients from ``guess``, properties from ``p``."""
        h_old, phi_s_old, x_old = state["H"], state["phi_s"], state["x"]
        potential_k, x_k = guess["potential"], guess["x"]
        phi_s_k, capacity_k = p.solids_fraction(potential_k)
        h_dot = (h_new - h_old) / dt

        # 1. total solids (eq. 3.10) for Pi: phi_s = phi_s^k + C^k (Pi - Pi^k) in the storage and in the
        #    convective flux (mixture settling + Landau frame), implicit upwind; at convergence the flux
        #    is v phi_s,f with the exponentially weighted face value (central where diffusion dominates).
        u = p.settling_velocities(x_k * phi_s_k)
        x_f, u_f = _face_mean(x_k), _face_mean(u)
        u_mix_f = (x_f * u_f).sum(axis=0)
        velocity = u_mix_f - self.xi_faces * h_dot
        velocity[[0, -1]] = 0.0  # nothing crosses the foil or the surface but solvent
        d_mean = (x_f * p.brownian_diffusivity[:, None]).sum(axis=0) / h_new
        capacity_up, potential_up = _upwind(capacity_k, velocity), _upwind(potential_k, velocity)
        phi_f = _exponential_face(phi_s_k, velocity, d_mean / _face_mean(capacity_k, harmonic=True), self.dxi)
        explicit_flux = velocity * (phi_f - capacity_up * potential_up)
        var = self._cell(potential_k)
        equation = (TransientTerm(coeff=self._field(h_new * capacity_k), var=var)
                    + UpwindConvectionTerm(coeff=self._velocity(velocity * capacity_up), var=var)
                    == DiffusionTerm(coeff=self._diffusivity(d_mean), var=var)
                    - self._field(np.diff(explicit_flux) / self.dxi + (h_new * phi_s_k - h_old * phi_s_old) / dt))
        potential = self._solve(equation, var, dt)
        phi_s = phi_s_k + capacity_k * (potential - potential_k)  # what the conservative solve stored
        residual = float(np.max(np.abs(p.solids_fraction(potential)[0] - phi_s)))
        lowest = float(phi_s.min())  # a step ending below -1e-9 is rejected once converged
        phi_s = np.maximum(phi_s, CLEAR_LIQUID)

        # 2. composition (eq. 3.11): upwind in the discrete solids flux + zero-sum relative flux
        storage_old, storage_new = h_old * phi_s_old, h_new * phi_s
        solids_flux = _flux_from_balance((storage_new - storage_old) / dt, self.dxi)
        solids_flux[[0, -1]] = 0.0
        #    relative diffusion -phi (m_p dx_p/dz - x_p sum_q m_q dx_q/dz) is implicit, as the coupled matrix
        #    Gamma_pq = phi (m_p delta_pq - x_p m_q) / H, whose columns sum to zero; relative settling is lagged
        phi_f = _face_mean(phi_s)
        mobility = p.relative_mobility(phi_f)
        identity = np.eye(len(x_k))[:, :, None]
        mixing = phi_f / h_new * (identity * mobility[None] - x_f[:, None, :] * mobility[None])
        mixing[..., [0, -1]] = 0.0
        settling = phi_f * x_f * (u_f - u_mix_f)
        settling[:, [0, -1]] = 0.0
        x = self._conserve(x_old, storage_old, storage_new, solids_flux, dt,
                           source=-np.diff(settling, axis=1) / self.dxi, mixing=mixing)

        return {"H": h_new, "potential": potential, "phi_s": phi_s, "x": x, "solids_flux": solids_flux,
                "residual": residual, "lowest": lowest}

    def _stage1_polymer(self, p: DryingProblem, state: dict, new: dict, dt: float) -> np.ndarray:
        """Dissolved polymer (eq. 3.12), once the particles have converged (it does not act back on them).

        Carried by the liquid's Landau-frame flux F_l = -F_s - xi dH/dt; a cell whose liquid is filled
        with polymer (eq. 4.10, at the start of the step) takes in no more.
        """
        c_old = state["c"]
        if not len(c_old):
            return c_old
        liquid_flux = -new["solids_flux"] - self.xi_faces * (new["H"] - state["H"]) / dt
        liquid_flux[[0, -1]] = 0.0  # the polymer stays when the solvent leaves at the surface
        occupancy = (c_old / p.polymer_density[:, None]).sum(axis=0)  # polymer volume per liquid volume
        liquid_f = 1.0 - _face_mean(new["phi_s"])
        d_poly = p.solute_diffusivity(liquid_f) * liquid_f / new["H"]
        return self._conserve(c_old, state["H"] * (1 - state["phi_s"]), new["H"] * (1 - new["phi_s"]),
                              liquid_flux * _upwind(p.open_pores(occupancy), -liquid_flux), dt, d_poly)

    # ---- stage 2 --------------------------------------------------------------------------
    def _stage2_sweep(self, state: dict, guess: dict, time: float, dt: float, heat_capacity: float) -> dict:
        """One sweep of stage 2 (eqs. 4.2-4.8) on the fixed skeleton, at the film temperature of ``guess``.

        The unknown is the capillary pressure p_c, continuous across cells of different pore size
        where the saturation is not; S(p_c) is linearised about the iterate in the storage (modified
        Picard, as in stage 1), so saturated cells (zero capacity) and drying cells share one solve.
        The film temperature is then updated with the share of the wet-surface rate that evaporated.
        """
        sk = self.skeleton
        p = self.problem.at_temperature(guess["T"])
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
        conductance = _face_mean(sk["k"], harmonic=True) * _face_mean(p.liquid_mobility(s_k, 1.0)) / h
        conductance[[0, -1]] = 0.0
        # evaporation sink e_j, linearised in the storage: e_j S*/S^k with S* = S^k - C (p_c - p_c^k)
        evaporation = p.front_evaporation(time + 0.5 * dt, s_k, sk["eps"], h * (1.0 - self.xi_faces[1:])) / self.dxi
        per_saturation = np.divide(evaporation, s_k, out=np.zeros_like(s_k), where=s_k > 0.0)
        var = self._cell(pc_k)
        equation = (TransientTerm(coeff=self._field(h * sk["eps"] * capacity), var=var)
                    == DiffusionTerm(coeff=self._diffusivity(conductance), var=var)
                    + ImplicitSourceTerm(coeff=self._field(-per_saturation * capacity), var=var)
                    + self._field(evaporation + per_saturation * capacity * pc_k
                                  + h * sk["eps"] * (s_k - s_old) / dt))
        pc = self._solve(equation, var, dt)
        s = s_k - capacity * (pc - pc_k)  # what the conservative solve stored
        residual = float(np.max(np.abs(p.saturation(pc, p_b)[0] - s)))
        reach = np.maximum(np.abs(pc_k), p_b)  # damped update: p_c spans decades as cells dry
        pc_next = np.clip(pc, pc_k - 0.75 * reach, pc_k + 3.0 * reach)
        evaporated = per_saturation * s * self.dxi  # volume flux leaving each cell [m s-1]
        flux = _flux_from_balance(h * sk["eps"] * (s - s_old) / dt + evaporated / self.dxi, self.dxi)
        flux[[0, -1]] = 0.0
        # the liquid the film lost: equal to sum(evaporated) up to the linear solver's residual, which the
        # wide range of coefficients (compressibility vs conductance) lifts to ~1e-10 of the solvent
        lost = -float(np.sum(h * sk["eps"] * (s - s_old))) * self.dxi / dt
        surface_rate = p.drying_rate(time + 0.5 * dt)
        wet_share = float(np.sum(evaporated)) * p.solvent_density / surface_rate if surface_rate > 0.0 else 0.0
        temperature = p.conditions.film_temperature(time, dt, state["T"], heat_capacity, wet_share)
        return {"pc": pc_next, "S": s, "T": temperature, "liquid_flux": flux, "evaporated": lost,
                "residual": residual, "pc_previous": pc_k, "S_previous": s_k}

    def _stage2_solutes(self, state: dict, new: dict, dt: float) -> np.ndarray:
        """Dissolved polymer and free latex carried by the pore liquid (eqs. 4.8-4.10), once S has converged.

        Solutes are held by the liquid, floored so that a dried cell keeps its deposit (m = theta_eff c);
        the drier neighbour limits what a face passes by diffusion. Only the mobile share (not gelled,
        not packed, not held in a gel) moves, and a cell whose pores are filled with binder takes in no more; both are
        taken at the start of the step.
        """
        p, sk = self.problem.at_temperature(new["T"]), self.skeleton
        h, solutes = sk["H"], state["solutes"]
        liquid_old, liquid_new = _solute_holder(sk["eps"], state["S"]), _solute_holder(sk["eps"], new["S"])
        n_poly = len(p.polymer_diffusivity)
        mobile = np.concatenate((p.polymer_mobility(solutes[:n_poly]),
                                 p.latex_mobility(solutes[n_poly:], solutes[:n_poly])))
        flux = new["liquid_flux"]
        occupancy = (solutes * sk["solute_volume"][:, None]).sum(axis=0) * liquid_old / sk["eps"]
        velocity = flux * _upwind(mobile, flux) * _upwind(p.open_pores(occupancy), -flux)
        liquid_f = _face_min(liquid_new)
        diffusivity = (np.concatenate((p.polymer_diffusivity, p.brownian_diffusivity[p.free_latex]))[:, None]
                       * np.sqrt(liquid_f) * liquid_f / h * _face_min(mobile))
        return self._conserve(solutes, h * liquid_old, h * liquid_new, velocity, dt, diffusivity)

    # ---- time loop ------------------------------------------------------------------------
    def _sweep_to_convergence(self, sweep: Callable[[dict], dict], guess: dict, keys: tuple[str, ...]) -> dict:
        """Sweep from ``guess`` until ``keys`` change by less than the tolerance (relative to their largest
        value) and the sweep's linearisation ``residual`` (stored minus equilibrium fraction) is below it."""
        tolerance = self.numerics.picard_tolerance
        for _ in range(self.numerics.max_sweeps):
            new = sweep(guess)
            change = max(float(np.max(np.abs(new[k] - guess[k]) / max(np.max(np.abs(new[k])), 1e-300)))
                         if np.size(new[k]) else 0.0 for k in keys)
            guess = new
            if change <= tolerance and new["residual"] <= tolerance:
                return new
        raise _StepRejectedError(f"nonlinear sweeps did not converge in {self.numerics.max_sweeps}")

    def run(self) -> RunRecord:
        p = self.problem
        h0, phi0, c0 = p.initial_fields(self.xi)
        phi_s0 = phi0.sum(axis=0)
        record = RunRecord(xi=self.xi)
        solvent0 = h0 * float(np.mean(1.0 - phi_s0))
        state = {"H": h0, "potential": p.collective_potential(phi_s0), "phi_s": phi_s0, "x": phi0 / phi_s0, "c": c0,
                 "T": p.temperature}
        time, evaporated = 0.0, 0.0
        record.add(self._snapshot1(time, state, evaporated))
        until = min(self.until, p.conditions.end_time)
        events = sorted({t for t in p.breakpoints if t > 0.0} | {until})
        packed = p.scenario.physics.max_packing
        threshold = (1.0 - self.numerics.consolidation_tolerance) * packed  # stage 2 starts when min phi_s >= it
        thinnest = p.formulation.solids_volume / packed
        event_dt = None
        # stage 1, until the packing front reaches the foil (event: min phi_s crosses the threshold)
        while time < until:
            target = next(t for t in events if t > time)
            dt = event_dt or self.control.next_step(time, target)
            heat_capacity = p.at_temperature(state["T"]).film_heat_capacity(self._solvent_mass(state))
            temperature = p.conditions.film_temperature(time, dt, state["T"], heat_capacity)
            p_new = p.at_temperature(temperature)
            h_new = state["H"] - p.conditions.evaporated_mass(time, time + dt, temperature) / p.solvent_density
            try:
                if h_new <= thinnest:
                    raise _StepRejectedError("the film would be thinner than its solids packed at max_packing")
                new = self._sweep_to_convergence(
                    lambda g, q=p_new, s=state, h=h_new, d=dt: self._stage1_sweep(q, s, g, h, d), state,
                    ("phi_s", "x"))
                if new["lowest"] < -1e-9:
                    raise _StepRejectedError(f"solids fraction {new['lowest']:.3g} < 0")
                new["c"] = self._stage1_polymer(p_new, state, new, dt)
                change = _mean_change(new["x"] * new["phi_s"], state["x"] * state["phi_s"])
                if self.control.too_large(change):
                    raise _StepRejectedError(f"particles moved by {change:.3g} of the solids in one step")
            except _StepRejectedError as failure:
                record.rejected_steps += 1
                self.control.rejected(time, dt, str(failure))
                event_dt = None
                continue
            overshoot = new["phi_s"].min() - threshold
            if overshoot > 0.5 * (packed - threshold) and (event_dt is None or event_dt > 1e-9 * max(time, 1.0)):
                # locate the event by the secant rule on min phi_s, retrying the step from the same state
                undershoot = threshold - state["phi_s"].min()
                event_dt = dt * float(np.clip(undershoot / (undershoot + overshoot), 0.1, 0.9))
                continue
            event_dt = None
            new["T"] = temperature
            mass = (state["H"] - new["H"]) * p.solvent_density
            evaporated += mass
            record.add_energy(p.conditions.energy(time, dt, state["T"], temperature, heat_capacity, mass))
            time, state = (target if time + dt >= target else time + dt), new
            self.control.accepted(dt, change)
            record.steps += 1
            record.add(self._snapshot1(time, state, evaporated))
            self.progress(evaporated / (solvent0 * p.solvent_density))
            self._check_steps(record, time)
            if overshoot >= 0.0:
                break
        if time >= until:
            return record
        record.switch_time = time
        return self._run_stage2(record, state, time, evaporated, solvent0, until)

    def _run_stage2(self, record: RunRecord, state1: dict, time: float, evaporated: float,
                    solvent0: float, until: float) -> RunRecord:
        p = self.problem.at_temperature(state1["T"])
        phi = state1["x"] * state1["phi_s"]
        eps = 1.0 - state1["phi_s"]
        k, p_b = p.capillary_properties(eps, p.skeleton_diameter(phi))
        latex = p.free_latex
        self.skeleton = {"H": state1["H"], "eps": eps, "k": k, "entry_per_tension": p_b / p.surface_tension,
                         "phi": phi,
                         "solute_volume": np.concatenate(([1.0 / d.density for d in p.formulation.dissolved],
                                                          np.ones(int(latex.sum()))))}
        # full pores at one pressure: the largest pores' entry pressure, where the first ones empty
        state = {"pc": np.full_like(eps, p_b.min()), "S": np.ones_like(eps), "T": state1["T"],
                 "solutes": np.concatenate((state1["c"], phi[latex] / eps))}
        events = sorted({t for t in p.breakpoints if t > time} | {until, np.inf})
        end = self.numerics.end_solvent_fraction * solvent0
        left = left_before = state1["H"] * float(np.mean(eps))
        pc_rate = np.zeros_like(eps)  # d p_c / dt of the last step: the first guess of the next
        while left > end and time < until:
            target = next(t for t in events if t > time)
            dt = self.control.next_step(time, target)
            heat_capacity = p.at_temperature(state["T"]).film_heat_capacity(left * p.solvent_density)
            try:
                new = self._sweep_to_convergence(
                    lambda g, s=state, t=time, d=dt, c=heat_capacity: self._stage2_sweep(s, g, t, d, c),
                    state | {"pc": state["pc"] + pc_rate * dt}, ("pc", "S", "T"))
                new["solutes"] = self._stage2_solutes(state, new, dt)
                if new["S"].min() < 0.0 or new["S"].max() > 1.0 + 1e-3:
                    raise _StepRejectedError("saturation outside [0, 1]")
                change = _mean_change(self.skeleton["eps"] * new["S"], self.skeleton["eps"] * state["S"],
                                      self.skeleton["eps"])
                if self.control.too_large(change):
                    raise _StepRejectedError(f"liquid moved by {change:.3g} of the pore volume in one step")
            except _StepRejectedError as failure:
                record.rejected_steps += 1
                self.control.rejected(time, dt, str(failure))
                continue
            rate = new["evaporated"] * p.solvent_density
            evaporated += rate * dt
            record.add_energy(p.conditions.energy(time, dt, state["T"], new["T"], heat_capacity, rate * dt))
            pc_rate = (new["pc"] - state["pc"]) / dt
            time, state = (target if time + dt >= target else time + dt), new
            left_before, left = left, state1["H"] * float(np.mean(eps * state["S"]))
            self.control.accepted(dt, change)
            record.steps += 1
            record.add(self._snapshot2(time, state, evaporated, rate))
            self.progress(1.0 - left / solvent0)
            self._check_steps(record, time)
        if left <= end:  # interpolate the moment the solvent left crossed the end criterion
            record.drying_time = time - dt * (end - left) / (left_before - left) if left_before > left else time
        return record

    def _solvent_mass(self, state: dict) -> float:
        """Solvent per area in the stage-1 film [kg m-2]."""
        return state["H"] * float(np.mean(1.0 - state["phi_s"])) * self.problem.solvent_density

    # ---- bookkeeping ----------------------------------------------------------------------
    def _check_steps(self, record: RunRecord, time: float) -> None:
        if record.steps >= self.numerics.max_steps:
            raise SolverError(time, f"not dry after numerics.max_steps = {self.numerics.max_steps} steps")

    def _snapshot1(self, time: float, state: dict, evaporated: float) -> Snapshot:
        p = self.problem.at_temperature(state["T"])
        return Snapshot(time=time, stage=1, thickness=state["H"], drying_rate=p.drying_rate(time),
                        evaporated=evaporated, temperature=state["T"], zone=p.conditions.zone(time),
                        phi=state["x"] * state["phi_s"], concentration=state["c"],
                        polymer=state["c"] * (1.0 - state["phi_s"]), liquid=1.0 - state["phi_s"],
                        saturation=np.ones_like(state["phi_s"]))

    def _snapshot2(self, time: float, state: dict, evaporated: float, rate: float) -> Snapshot:
        sk, p = self.skeleton, self.problem
        holder = _solute_holder(sk["eps"], state["S"])
        n_poly = len(p.polymer_diffusivity)
        phi = sk["phi"].copy()
        phi[p.free_latex] = state["solutes"][n_poly:] * holder
        return Snapshot(time=time, stage=2, thickness=sk["H"], drying_rate=rate, evaporated=evaporated,
                        temperature=state["T"], zone=p.conditions.zone(time), phi=phi,
                        concentration=state["solutes"][:n_poly], polymer=state["solutes"][:n_poly] * holder,
                        liquid=sk["eps"] * state["S"], saturation=state["S"])


def run_fipy(problem: DryingProblem, progress: Progress | None = None, until: float = np.inf) -> RunRecord:
    """Run the FiPy engine on a problem until dry (or until time ``until``); see :class:`FipyEngine`."""
    return FipyEngine(problem, progress, until).run()

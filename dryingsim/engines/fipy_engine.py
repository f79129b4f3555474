"""FiPy finite-volume engine: the readable reference for docs/theory/engines.md.

The film is meshed in the Landau coordinate xi = z / H(t) (eq. 1.1), so both ends are fixed faces
and every conserved quantity q obeys d(H q)/dt + d/dxi [J - xi dH/dt q] = 0. Each step is
backward Euler; coefficients are lagged and the step is swept (Picard) until they stop changing.

Stage 1 (eqs. 3.1-3.9) solves, per sweep:
  1. total solids phi_s: frame and mixture-settling convection plus collective diffusion;
  2. the composition x_p = phi_p / phi_s of every class, carried by the discrete solids flux of
     step 1 (upwind) plus the zero-sum flux of each class relative to the mixture, so that
     sum_p x_p = 1 and every class is conserved to round-off;
  3. the concentration c of each dissolved polymer in the liquid, carried by the liquid flux.
Stage 2 (eqs. 4.1-4.8) solves the pore saturation S (capillary flow, evaporation at the
receding front) and then the polymer and free-latex concentrations carried by the liquid.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from fipy import (
    CellVariable,
    CentralDifferenceConvectionTerm,
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


class _StepRejectedError(Exception):
    """A step that must be retried with a smaller time step."""


def _face_mean(cells: np.ndarray) -> np.ndarray:
    """Arithmetic face values along the last axis; boundary faces take the adjacent cell."""
    return np.concatenate((cells[..., :1], 0.5 * (cells[..., 1:] + cells[..., :-1]), cells[..., -1:]), axis=-1)


def _face_difference(cells: np.ndarray, spacing: float) -> np.ndarray:
    """d/dxi at faces along the last axis; zero on the boundary faces."""
    zero = np.zeros(cells.shape[:-1] + (1,))
    return np.concatenate((zero, np.diff(cells, axis=-1) / spacing, zero), axis=-1)


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
        return CellVariable(mesh=self.mesh, value=value, hasOld=True)

    def _field(self, values: np.ndarray | float) -> CellVariable:
        """A cell coefficient or source (FiPy reads a bare array as a vector)."""
        return CellVariable(mesh=self.mesh, value=values)

    def _velocity(self, faces: np.ndarray) -> FaceVariable:
        return FaceVariable(mesh=self.mesh, rank=1, value=faces[np.newaxis, :])

    def _diffusivity(self, faces: np.ndarray) -> FaceVariable:
        return FaceVariable(mesh=self.mesh, value=faces)

    def _solve(self, equation, variable: CellVariable, dt: float) -> np.ndarray:
        equation.solve(var=variable, dt=dt, solver=LinearLUSolver(tolerance=1e-15, iterations=1))
        value = np.array(variable.value)
        if not np.all(np.isfinite(value)):
            raise _StepRejectedError("the linear solve returned NaN")
        return value

    def _transport(self, old: np.ndarray, storage_old: np.ndarray, storage_new: np.ndarray, velocity: np.ndarray,
                   diffusivity: np.ndarray, dt: float) -> np.ndarray:
        r"""Solve (S_new q - S_old q_old)/dt + d/dxi[q v - D dq/dxi] = 0 for q (exponential scheme).

        FiPy's TransientTerm gives S_new (q - q_old)/dt; the explicit source adds the change of
        the storage coefficient, (S_new - S_old) q_old / dt, so the total is conservative.
        """
        q = self._cell(old)
        equation = (TransientTerm(coeff=self._field(storage_new), var=q)
                    + ExponentialConvectionTerm(coeff=self._velocity(velocity), var=q)
                    == DiffusionTerm(coeff=self._diffusivity(diffusivity), var=q)
                    - self._field((storage_new - storage_old) / dt * old))
        return self._solve(equation, q, dt)

    # ---- stage 1 --------------------------------------------------------------------------
    def _stage1_sweep(self, state: dict, guess: dict, h_new: float, dt: float) -> dict:
        """One Picard sweep of stage 1 from ``state`` (old) with coefficients from ``guess``."""
        p = self.problem
        h_old, phi_s_old, x_old, c_old = state["H"], state["phi_s"], state["x"], state["c"]
        phi_s_k, x_k = guess["phi_s"], guess["x"]
        h_dot = (h_new - h_old) / dt

        # 1. total solids (eq. 3.10): convection by mixture settling and the Landau frame, collective
        #    diffusion -D0 dPi/dz Newton-linearised about the iterate: Pi'_R phi_R - Pi'_L phi_L is a
        #    diffusion with Pi'_f plus a central convection with (Pi'_R - Pi'_L)/dxi; the remainder is explicit.
        u = p.settling_velocities(x_k * phi_s_k)
        x_f, u_f, phi_f = _face_mean(x_k), _face_mean(u), _face_mean(phi_s_k)
        u_mix_f = (x_f * u_f).sum(axis=0)
        velocity = u_mix_f - self.xi_faces * h_dot
        velocity[[0, -1]] = 0.0  # nothing crosses the foil or the surface but solvent
        d_mean = (x_f * p.brownian_diffusivity[:, None]).sum(axis=0) / h_new
        potential, slope = p.collective_potential(phi_s_k)
        newton_velocity = d_mean * _face_difference(slope, self.dxi)
        remainder = d_mean * _face_difference(potential - slope * phi_s_k, self.dxi)
        var = self._cell(phi_s_old)
        equation = (TransientTerm(coeff=self._field(h_new), var=var)
                    + ExponentialConvectionTerm(coeff=self._velocity(velocity), var=var)
                    == DiffusionTerm(coeff=self._diffusivity(d_mean * _face_mean(slope)), var=var)
                    + CentralDifferenceConvectionTerm(coeff=self._velocity(newton_velocity), var=var)
                    + self._field(np.diff(remainder) / self.dxi - (h_new - h_old) / dt * phi_s_old))
        phi_s = self._solve(equation, var, dt)
        if phi_s.min() <= 0.0:
            raise _StepRejectedError("solids fraction not positive")

        # 2. composition (eq. 3.11): upwind in the discrete solids flux + zero-sum relative flux
        storage_old, storage_new = h_old * phi_s_old, h_new * phi_s
        solids_flux = _flux_from_balance((storage_new - storage_old) / dt, self.dxi)
        solids_flux[[0, -1]] = 0.0
        grad_x = _face_difference(x_k, self.dxi) / h_new
        mobility = p.relative_mobility(phi_f)
        diffusive = mobility * grad_x
        relative = phi_f * (x_f * (u_f - u_mix_f) - (diffusive - x_f * diffusive.sum(axis=0)))
        relative[:, [0, -1]] = 0.0
        divergence = np.diff(relative, axis=1) / self.dxi
        x = np.empty_like(x_old)
        for k in range(len(x_old)):
            var = self._cell(x_old[k])
            equation = (TransientTerm(coeff=self._field(storage_new), var=var)
                        + UpwindConvectionTerm(coeff=self._velocity(solids_flux), var=var)
                        == self._field(-(storage_new - storage_old) / dt * x_old[k] - divergence[k]))
            x[k] = self._solve(equation, var, dt)

        # 3. dissolved polymer (eq. 3.12): carried by the liquid's Landau-frame flux -F_s - xi dH/dt
        liquid_flux = -solids_flux - self.xi_faces * h_dot
        liquid_flux[[0, -1]] = 0.0  # the polymer stays when the solvent leaves at the surface
        liquid_f = 1.0 - _face_mean(phi_s)
        d_poly = p.solute_diffusivity(liquid_f) * liquid_f / h_new
        c = np.array([self._transport(c_old[s], h_old * (1 - phi_s_old), h_new * (1 - phi_s), liquid_flux,
                                      d_poly[s], dt) for s in range(len(c_old))]).reshape(c_old.shape)
        return {"H": h_new, "phi_s": phi_s, "x": x, "c": c}

    # ---- stage 2 --------------------------------------------------------------------------
    def _stage2_sweep(self, state: dict, guess: dict, time: float, dt: float) -> dict:
        """One Picard sweep of stage 2 (eqs. 4.2-4.8) on the fixed skeleton."""
        p, sk = self.problem, self.skeleton
        h, s_old, s_k = sk["H"], state["S"], guess["S"]

        # saturation: implicit capillary diffusion + deferred correction to the exact Darcy flux
        d_s = _face_mean(p.saturation_diffusivity(s_k, sk["k"], sk["p_b"]))
        mobility = _face_mean(p.liquid_mobility(s_k, sk["k"]))
        darcy = -mobility * _face_difference(p.liquid_pressure(s_k, sk["p_b"]), self.dxi) / h
        correction = darcy + d_s * _face_difference(s_k, self.dxi) / h
        correction[[0, -1]] = 0.0
        evaporation = p.front_evaporation(time + dt, s_k, sk["eps"], h * (1.0 - self.xi_faces[1:]))
        sink = np.divide(evaporation, s_k * self.dxi, out=np.zeros_like(s_k), where=s_k > 0.0)
        var = self._cell(s_old)
        equation = (TransientTerm(coeff=self._field(h * sk["eps"]), var=var)
                    == DiffusionTerm(coeff=self._diffusivity(d_s / h), var=var)
                    - ImplicitSourceTerm(coeff=self._field(sink), var=var)
                    - self._field(np.diff(correction) / self.dxi))
        s = self._solve(equation, var, dt)
        if s.min() < -1e-12:
            raise _StepRejectedError("saturation negative")
        s = np.maximum(s, 0.0)
        evaporated = sink * s * self.dxi  # volume flux leaving each cell [m s-1]
        flux = _flux_from_balance(h * sk["eps"] * (s - s_old) / dt + evaporated / self.dxi, self.dxi)
        flux[[0, -1]] = 0.0
        # solutes are held by the liquid, floored so a dried cell keeps its deposit: m = theta_eff c
        liquid_old, liquid_new = _solute_holder(sk["eps"], s_old), _solute_holder(sk["eps"], s)

        # solutes in the liquid: dissolved polymer and free latex (eq. 4.8)
        # the drier neighbour limits what a face passes, so deposited polymer stays put
        padded = np.concatenate((liquid_new[:1], liquid_new, liquid_new[-1:]))
        liquid_f = np.minimum(padded[:-1], padded[1:])
        solutes = np.concatenate((p.polymer_diffusivity, sk["latex_diffusivity"]))
        diffusivity = solutes[:, None] * np.sqrt(liquid_f) * liquid_f / h
        conc_old = state["solutes"]
        conc = np.array([self._transport(conc_old[j], h * liquid_old, h * liquid_new, flux, diffusivity[j], dt)
                         for j in range(len(conc_old))]).reshape(conc_old.shape)
        return {"S": s, "solutes": conc, "evaporated": float(evaporated.sum())}

    # ---- time loop ------------------------------------------------------------------------
    def _sweep_to_convergence(self, sweep: Callable[[dict], dict], state: dict, keys: tuple[str, ...]) -> dict:
        guess = state
        for _ in range(self.numerics.max_sweeps):
            new = sweep(guess)
            change = max(float(np.max(np.abs(new[k] - guess[k]) / max(np.max(np.abs(new[k])), 1e-300)))
                         if np.size(new[k]) else 0.0 for k in keys)
            guess = new
            if change <= self.numerics.picard_tolerance:
                return new
        raise _StepRejectedError(f"nonlinear sweeps did not converge in {self.numerics.max_sweeps}")

    def run(self) -> RunRecord:
        p = self.problem
        h0, phi0, c0 = p.initial_fields(self.xi)
        phi_s0 = phi0.sum(axis=0)
        record = RunRecord(xi=self.xi)
        solvent0 = h0 * float(np.mean(1.0 - phi_s0))
        state = {"H": h0, "phi_s": phi_s0, "x": phi0 / phi_s0, "c": c0}
        time, evaporated = 0.0, 0.0
        record.add(self._snapshot1(time, state, evaporated))
        t_switch = p.switch_time(0.0, h0)
        events = sorted({t for t in p.breakpoints if t > 0.0} | {t_switch, self.until})
        # stage 1
        while time < min(t_switch, self.until):
            target = next(t for t in events if t > time)
            dt = self.control.next_step(time, target)
            h_new = state["H"] - p.evaporated_mass(time, time + dt) / p.solvent_density
            if time + dt >= t_switch:
                h_new = p.switch_thickness()
            try:
                new = self._sweep_to_convergence(
                    lambda g, s=state, h=h_new, d=dt: self._stage1_sweep(s, g, h, d), state, ("phi_s", "x", "c"))
                change = float(np.max(np.abs(new["x"] * new["phi_s"] - state["x"] * state["phi_s"])))
                if self.control.too_large(change):
                    raise _StepRejectedError(f"volume fractions changed by {change:.3g} in one step")
            except _StepRejectedError as failure:
                record.rejected_steps += 1
                self.control.rejected(time, dt, str(failure))
                continue
            evaporated += (state["H"] - new["H"]) * p.solvent_density
            time, state = (target if time + dt >= target else time + dt), new
            self.control.accepted(dt, change)
            record.steps += 1
            record.add(self._snapshot1(time, state, evaporated))
            self.progress(evaporated / (solvent0 * p.solvent_density))
            self._check_steps(record, time)
        if time >= self.until:
            return record
        record.switch_time = time
        return self._run_stage2(record, state, time, evaporated, solvent0)

    def _run_stage2(self, record: RunRecord, state1: dict, time: float, evaporated: float,
                    solvent0: float) -> RunRecord:
        p = self.problem
        phi = state1["x"] * state1["phi_s"]
        eps = 1.0 - state1["phi_s"]
        k, p_b = p.capillary_properties(eps, p.skeleton_diameter(phi))
        latex = p.free_latex
        self.skeleton = {"H": state1["H"], "eps": eps, "k": k, "p_b": p_b, "phi": phi,
                         "latex_diffusivity": p.brownian_diffusivity[latex]}
        state = {"S": np.ones_like(eps), "solutes": np.concatenate((state1["c"], phi[latex] / eps))}
        events = sorted({t for t in p.breakpoints if t > time} | {self.until, np.inf})
        end = self.numerics.end_solvent_fraction * solvent0
        left = left_before = state1["H"] * float(np.mean(eps))
        while left > end and time < self.until:
            target = next(t for t in events if t > time)
            dt = self.control.next_step(time, target)
            try:
                new = self._sweep_to_convergence(
                    lambda g, s=state, t=time, d=dt: self._stage2_sweep(s, g, t, d), state, ("S", "solutes"))
                change = float(np.max(np.abs(new["S"] - state["S"])))
                if self.control.too_large(change):
                    raise _StepRejectedError(f"saturation changed by {change:.3g} in one step")
            except _StepRejectedError as failure:
                record.rejected_steps += 1
                self.control.rejected(time, dt, str(failure))
                continue
            rate = new["evaporated"] * p.solvent_density
            evaporated += rate * dt
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

    # ---- bookkeeping ----------------------------------------------------------------------
    def _check_steps(self, record: RunRecord, time: float) -> None:
        if record.steps >= self.numerics.max_steps:
            raise SolverError(time, f"not dry after numerics.max_steps = {self.numerics.max_steps} steps")

    def _snapshot1(self, time: float, state: dict, evaporated: float) -> Snapshot:
        return Snapshot(time=time, stage=1, thickness=state["H"], drying_rate=self.problem.drying_rate(time),
                        evaporated=evaporated, phi=state["x"] * state["phi_s"], concentration=state["c"],
                        polymer=state["c"] * (1.0 - state["phi_s"]), liquid=1.0 - state["phi_s"],
                        saturation=np.ones_like(state["phi_s"]))

    def _snapshot2(self, time: float, state: dict, evaporated: float, rate: float) -> Snapshot:
        sk, p = self.skeleton, self.problem
        holder = _solute_holder(sk["eps"], state["S"])
        n_poly = len(p.polymer_diffusivity)
        phi = sk["phi"].copy()
        phi[p.free_latex] = state["solutes"][n_poly:] * holder
        return Snapshot(time=time, stage=2, thickness=sk["H"], drying_rate=rate, evaporated=evaporated, phi=phi,
                        concentration=state["solutes"][:n_poly], polymer=state["solutes"][:n_poly] * holder,
                        liquid=sk["eps"] * state["S"], saturation=state["S"])


def run_fipy(problem: DryingProblem, progress: Progress | None = None, until: float = np.inf) -> RunRecord:
    """Run the FiPy engine on a problem until dry (or until time ``until``); see :class:`FipyEngine`."""
    return FipyEngine(problem, progress, until).run()

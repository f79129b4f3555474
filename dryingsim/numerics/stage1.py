"""Stage 1, the shrinking suspension, discretised (docs/theory/numerics.md sections 3-5; model eqs. 3.1-3.13).

The film is meshed in the Landau coordinate xi = z / H(t) (eq. 1.1), so every conserved quantity q obeys
d(H q)/dt + d/dxi [J - xi dH/dt q] = 0 with both ends fixed faces. Each step is backward Euler; the
coefficients are lagged and swept (Picard) until they stop changing. One sweep solves

1. the total solids, for the collective potential Pi(phi_s) of eq. (3.5): collective diffusion is linear
   in Pi, and the storage phi_s(Pi) is linearised about the iterate (the mass-conservative modified
   Picard scheme of Celia, Bouloutas & Zarba 1990, Water Resour. Res. 26, 1483), so a packed layer,
   where Pi diverges, stays below maximum packing and needs no tiny steps;
2. the composition x_p = phi_p / phi_s of every class, carried by the discrete solids flux of step 1
   (upwind) plus the zero-sum flux of each class relative to the mixture, so that sum_p x_p = 1 and every
   class is conserved to round-off.

Once the particles have converged, the dissolved polymer follows the liquid (eq. 3.12). Under a dryer the
film temperature (eq. 5.8) is found first (the wet surface evaporates at a rate set by the temperature only).
Every coefficient comes from the :class:`~dryingsim.model.problem.DryingProblem`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dryingsim.model.problem import DryingProblem
from dryingsim.numerics.discretisation import (
    Grid,
    LinearStep,
    Transport,
    conserve,
    exponential_face,
    face_mean,
    face_min,
    flux_from_balance,
    mean_change,
    per_member,
    upwind,
)
from dryingsim.numerics.picard import fixed_point_update, sweep_to_convergence
from dryingsim.numerics.record import Snapshot
from dryingsim.numerics.state import BatchRows, Suspension, SuspensionIterate

CLEAR_LIQUID = 1e-12
"""Solids fraction kept in a cell the particles have left (clear supernatant) [-], so that the
composition there stays defined; converged steps below -1e-9 are rejected, so a class's amount
changes by at most 1e-9 H per clear cell."""


@dataclass(frozen=True)
class SweepInputs(BatchRows):
    """What every sweep of a step reads: the problem at the end-of-step temperature, the state at the start
    of the step, the thickness at its end [m] and the step [s]."""

    problem: DryingProblem
    state: Suspension
    h_new: np.ndarray
    dt: np.ndarray


@dataclass(frozen=True)
class Attempt:
    """One stage-1 step of some scenarios, before it is accepted or rejected.

    state : the end-of-step state; h_new : its thickness; converged : whether the sweeps converged;
    lowest : smallest solids fraction before flooring; change : share of the particles that moved;
    heat_capacity : of film and foil at the start [J m-2 K-1]; evaporated : solvent mass that left [kg m-2]
    (each per scenario)
    """

    state: Suspension
    converged: np.ndarray
    lowest: np.ndarray
    change: np.ndarray
    heat_capacity: np.ndarray
    evaporated: np.ndarray


def sweep(p: DryingProblem, state: Suspension, guess: BatchRows, h_new: np.ndarray, dt: np.ndarray, grid: Grid,
          step: LinearStep) -> SuspensionIterate:
    """One sweep of stage 1 from ``state`` (old) with coefficients from ``guess``, properties from ``p``."""
    dxi, xi_faces = grid.spacing, grid.faces
    h_old, phi_s_old, x_old = state.H, state.phi_s, state.x
    potential_k, x_k = guess.potential, guess.x  # type: ignore[attr-defined]
    phi_s_k, capacity_k = p.solids_fraction(potential_k)
    h_dot = (h_new - h_old) / dt

    # 1. total solids (eq. 3.10) for Pi: phi_s = phi_s^k + C^k (Pi - Pi^k) in the storage and in the
    #    convective flux (mixture settling + Landau frame), implicit upwind; at convergence the flux
    #    is v phi_s,f with the exponentially weighted face value (central where diffusion dominates).
    u = p.settling_velocities(x_k * phi_s_k)
    x_f, u_f = face_mean(x_k), face_mean(u)
    u_mix_f = (x_f * u_f).sum(axis=0)
    velocity = u_mix_f - xi_faces * h_dot
    velocity[..., [0, -1]] = 0.0  # nothing crosses the foil or the surface but solvent
    d_mean = p.mixture_diffusivity(x_f) / h_new
    capacity_up, potential_up = upwind(capacity_k, velocity), upwind(potential_k, velocity)
    phi_f = exponential_face(phi_s_k, velocity, d_mean / face_mean(capacity_k, harmonic=True), dxi)
    explicit_flux = velocity * (phi_f - capacity_up * potential_up)
    source = -(np.diff(explicit_flux, axis=-1) / dxi + (h_new * phi_s_k - h_old * phi_s_old) / dt)
    potential = step(Transport(start=potential_k[np.newaxis], storage=h_new * capacity_k,
                               velocity=(velocity * capacity_up)[np.newaxis], source=source[np.newaxis],
                               diffusivity=d_mean[np.newaxis]), dt)[0]
    phi_s = phi_s_k + capacity_k * (potential - potential_k)  # what the conservative solve stored
    residual = per_member(np.abs(p.solids_fraction(potential)[0] - phi_s))
    lowest = per_member(phi_s, np.min)  # a step ending below -1e-9 is rejected once converged
    phi_s = np.maximum(phi_s, CLEAR_LIQUID)

    # 2. composition (eq. 3.11): upwind in the discrete solids flux + zero-sum relative flux
    storage_old, storage_new = h_old * phi_s_old, h_new * phi_s
    solids_flux = flux_from_balance((storage_new - storage_old) / dt, dxi)
    solids_flux[..., [0, -1]] = 0.0
    #    relative diffusion is implicit, as the coupled matrix phi Gamma / H (eq. 3.6), whose columns sum to
    #    zero; relative settling is lagged
    phi_f = face_mean(phi_s)
    mixing = phi_f / h_new * p.relative_diffusion_matrix(x_f, phi_f)
    mixing[..., [0, -1]] = 0.0
    #    each class's share is taken from the cell its relative motion leaves (upwind), so that a class
    #    cannot leave a cell it has left already (a central share drove the fines below zero at the foil
    #    under settling NMC); the mean velocity of those shares keeps the relative fluxes summing to zero
    x_up = upwind(x_k, u_f - u_mix_f)
    share = x_up.sum(axis=0)
    u_rel_mix = np.divide((x_up * u_f).sum(axis=0), share, out=np.zeros_like(share), where=share > 0.0)
    settling = phi_f * x_up * (u_f - u_rel_mix)
    settling[..., [0, -1]] = 0.0
    x = conserve(step, x_old, storage_old, storage_new, solids_flux, dt,
                 source=-np.diff(settling, axis=-1) / dxi, mixing=mixing)
    return SuspensionIterate(H=h_new, potential=potential, phi_s=phi_s, x=x, solids_flux=solids_flux,
                             residual=residual, lowest=lowest)


def polymer(p: DryingProblem, state: Suspension, new: SuspensionIterate, dt: np.ndarray, grid: Grid,
            step: LinearStep) -> tuple[np.ndarray, np.ndarray]:
    """Dissolved polymer (eqs. 3.12-3.13), once the particles have converged (it does not act back on them).

    The liquid's Landau-frame flux F_l = -F_s - xi dH/dt carries the mobile share m(c) of eq. (4.9) into
    the liquid that still takes binder in (eq. 4.10); the held share and the adsorbed polymer K_H a c move
    with the particles' flux F_s. Mobility and uptake are taken at the end of the step: the polymer is
    swept to its fixed point. Returns the concentrations and whether the sweeps converged (batch, 1).
    """
    c_old = state.c
    if not len(c_old):
        return c_old, np.ones(state.H.shape, dtype=bool)
    solids_flux = new.solids_flux
    liquid_flux = -solids_flux - grid.faces * (new.H - state.H) / dt  # type: ignore[operator]
    liquid_flux[..., [0, -1]] = 0.0  # the polymer stays when the solvent leaves at the surface
    liquid_old, liquid_new = 1.0 - state.phi_s, 1.0 - new.phi_s
    adsorbed_old = p.adsorbed_per_concentration(state.x * state.phi_s)
    adsorbed_new = p.adsorbed_per_concentration(new.x * new.phi_s)
    liquid_f = face_mean(liquid_new)
    transport = p.solute_diffusivity(liquid_f) * liquid_f / new.H
    numerics = [m.scenario.numerics for m in p.members]
    tolerance = np.array([[n.picard_tolerance] for n in numerics])
    iterate, converged = c_old, np.zeros(tolerance.shape, dtype=bool)
    for _ in range(max(n.max_sweeps for n in numerics)):
        mobile = p.polymer_mobility(iterate)
        held = ((1.0 - mobile) * liquid_new + adsorbed_new) / new.phi_s  # per solids volume
        velocity = (liquid_flux * upwind(mobile, liquid_flux)
                    * upwind(p.open_pores(p.polymer_occupancy(iterate)), -liquid_flux)
                    + solids_flux * upwind(held, solids_flux))
        c = conserve(step, c_old, state.H * (liquid_old + adsorbed_old), new.H * (liquid_new + adsorbed_new),
                     velocity, dt, transport * face_min(mobile))
        iterate, converged = fixed_point_update(iterate, c, converged, tolerance)
        if converged.all():
            break
    return iterate, converged


def attempt(problem: DryingProblem, state: Suspension, time: np.ndarray, dt: np.ndarray, grid: Grid,
            step: LinearStep) -> Attempt:
    """Try one step of ``dt`` from ``time`` for every scenario of ``problem`` (rows of ``state``)."""
    p = problem.at_temperature(state.T)
    heat_capacity = p.film_heat_capacity(state.H * (1.0 - state.phi_s).mean(axis=-1, keepdims=True)
                                         * p.solvent_density)
    temperature = p.film_temperature(time, dt, state.T, heat_capacity)
    p_new = p.at_temperature(temperature)
    h_new = state.H - p_new.evaporated_mass(time, time + dt) / p_new.solvent_density
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        new, converged = sweep_to_convergence(
            lambda i, g: sweep(i.problem, i.state, g, i.h_new, i.dt, grid, step),
            SweepInputs(p_new, state, h_new, dt), state, ("phi_s", "x"), [m.scenario.numerics for m in p.members])
        c, polymer_converged = polymer(p_new, state, new, dt, grid, step)
        change = mean_change(new.x * new.phi_s, state.x * state.phi_s)
    end = Suspension(H=new.H, potential=new.potential, phi_s=new.phi_s, x=new.x, c=c, T=temperature)
    return Attempt(state=end, converged=converged & polymer_converged[:, 0], lowest=new.lowest,  # type: ignore[arg-type]
                   change=change,
                   heat_capacity=heat_capacity, evaporated=(state.H - h_new) * p.solvent_density)


def snapshot(problem: DryingProblem, row: int, state: Suspension, time: float, evaporated: float) -> Snapshot:
    """What the record keeps of scenario ``row`` of a stage-1 state. The solvent fills what the classes leave,
    1 - sum_p x_p phi_s: each class is conserved to round-off, while the solved phi_s carries the linear
    solver's residual, which a particle network's stiff potential lifts to ~1e-12 per step."""
    member = problem.members[row]
    x, phi_s, c = state.x[:, row], state.phi_s[row], state.c[:, row]
    adsorbed = problem.take(np.array([row])).adsorbed_per_concentration(state.x[:, [row]] * state.phi_s[[row]])[0]
    temperature = float(state.T[row, 0])
    return Snapshot(time=time, stage=1, thickness=float(state.H[row, 0]),
                    drying_rate=member.conditions.surface_rate(time, temperature), evaporated=evaporated,
                    temperature=temperature, zone=member.conditions.zone(time), phi=x * phi_s,
                    concentration=c.copy(), polymer=c * (1.0 - phi_s + adsorbed), liquid=1.0 - (x * phi_s).sum(axis=0),
                    saturation=np.ones_like(phi_s))

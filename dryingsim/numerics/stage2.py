"""Stage 2, the consolidated film, discretised (docs/theory/numerics.md sections 6-8; model eqs. 4.1-4.11).

At the stage switch the particles form a fixed skeleton (:func:`consolidate`); its pores hold the liquid,
which moves by capillary flow and leaves at an evaporation front that recedes into the film. One sweep
solves the capillary pressure with a mass-conservative modified Picard scheme (the storage S(p_c)
linearised about the iterate), so full (compressible) and drying cells share one solve; under a dryer the
film temperature is updated within the sweeps (the rate reaching the receding front depends on the
saturation). Once the liquid has converged, the dissolved polymers and the free latex follow it
(:func:`solutes`). Every coefficient comes from the :class:`~dryingsim.model.problem.DryingProblem`.
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
    face_mean,
    face_min,
    flux_from_balance,
    mean_change,
    per_member,
    solute_holder,
    upwind,
)
from dryingsim.numerics.picard import fixed_point_update, sweep_to_convergence
from dryingsim.numerics.record import Snapshot
from dryingsim.numerics.state import BatchRows, PoreIterate, PoreLiquid, Skeleton, Suspension


@dataclass(frozen=True)
class SweepInputs(BatchRows):
    """What every sweep of a step reads: the problem, the skeleton, the state at the start of the step,
    the time and step [s] and the heat capacity of film and foil [J m-2 K-1]."""

    problem: DryingProblem
    skeleton: Skeleton
    state: PoreLiquid
    time: np.ndarray
    dt: np.ndarray
    heat_capacity: np.ndarray


@dataclass(frozen=True)
class Attempt:
    """One stage-2 step of some scenarios, before it is accepted or rejected.

    state : the end-of-step pore liquid; converged : whether the sweeps converged; change : share of the
    pores whose liquid changed; heat_capacity : of film and foil at the start [J m-2 K-1]; evaporated : the
    solvent mass flux that left [kg m-2 s-1] (each per scenario)
    """

    state: PoreLiquid
    converged: np.ndarray
    change: np.ndarray
    heat_capacity: np.ndarray
    evaporated: np.ndarray


def consolidate(p: DryingProblem, suspension: Suspension) -> tuple[Skeleton, PoreLiquid]:
    """The skeleton a stage-1 state leaves (eqs. 4.3-4.4) and its pores full of liquid at zero capillary
    pressure (flat menisci); the free latex joins the solutes, the adsorbed polymer stays on the skeleton. The
    dissolved polymer keeps its amount: c (1 - phi_s + K_H a) of stage 1 becomes c' (eps + K_H a)."""
    phi = suspension.x * suspension.phi_s
    eps = 1.0 - phi.sum(axis=0)  # what the classes leave (as the stage-1 record's solvent)
    diameter = p.skeleton_diameter(phi)
    k, p_b = p.capillary_properties(eps, diameter)
    latex = p.free_latex
    n_latex = int(latex.sum())
    adsorbed = p.adsorbed_per_concentration(phi)
    skeleton = Skeleton(H=suspension.H, eps=eps, k=k, entry_per_tension=p_b / p.surface_tension, phi=phi,
                        solute_volume=np.concatenate((1.0 / p.polymer_density, np.ones((n_latex, 1, 1)))),
                        diameter=diameter, adsorbed=adsorbed)
    dissolved = suspension.c * (1.0 - suspension.phi_s + adsorbed) / (eps + adsorbed)
    liquid = PoreLiquid(pc=np.zeros_like(eps), S=np.ones_like(eps), T=suspension.T,
                        solutes=np.concatenate((dissolved, phi[latex] / eps)), pc_rate=np.zeros_like(eps),
                        deposit=np.zeros((n_latex,) + eps.shape))
    return skeleton, liquid


def sweep(problem: DryingProblem, sk: Skeleton, state: PoreLiquid, guess: PoreIterate, time: np.ndarray,
          dt: np.ndarray, heat_capacity: np.ndarray, grid: Grid, step: LinearStep) -> PoreIterate:
    """One sweep of stage 2 (eqs. 4.2-4.8) on the fixed skeleton, at the film temperature of ``guess``;
    the film temperature is then updated with the share of the wet-surface rate that evaporated."""
    dxi, xi_faces = grid.spacing, grid.faces
    p = problem.at_temperature(guess.T)
    h, s_old = sk.H, state.S
    pc_k = guess.pc
    p_b = sk.entry_per_tension * p.surface_tension
    s_k, capacity = p.saturation(pc_k, p_b)
    if guess.pc_previous is not None:  # secant capacity over the last update, where larger than the tangent:
        # the tangent jumps ~1e3-fold at the entry pressure (compressible full pores vs emptying
        # ones), and sweeps with it alone alternate across that kink
        change = pc_k - guess.pc_previous
        secant = np.divide(guess.S_previous - s_k, change, out=np.zeros_like(s_k), where=change != 0.0)
        capacity = np.maximum(capacity, secant)

    # Darcy flux q = (k k_r / mu) dp_c/dz towards the drier side: k harmonic (series), k_r arithmetic
    #    at the mean of the last two iterates: k_r is flat where S nears the residual saturation, and sweeps
    #    with it at the last iterate alone alternate between a flowing and a stopped cell (equal at convergence)
    s_conducting = s_k if guess.S_previous is None else 0.5 * (s_k + guess.S_previous)
    conductance = face_mean(sk.k, harmonic=True) * face_mean(p.liquid_mobility(s_conducting, 1.0)) / h
    conductance[..., [0, -1]] = 0.0
    # evaporation sink e_j, linearised in the storage: e_j S*/S^k with S* = S^k - C (p_c - p_c^k)
    evaporation = p.front_evaporation(time + 0.5 * dt, s_k, sk.eps, h * (1.0 - xi_faces[1:]), h * dxi) / dxi
    per_saturation = np.divide(evaporation, s_k, out=np.zeros_like(s_k), where=s_k > 0.0)
    source = evaporation + per_saturation * capacity * pc_k + h * sk.eps * (s_k - s_old) / dt
    pc = step(Transport(start=pc_k[np.newaxis], storage=h * sk.eps * capacity,
                        velocity=np.zeros((1,) + conductance.shape), source=source[np.newaxis],
                        diffusivity=conductance[np.newaxis], decay=per_saturation * capacity), dt)[0]
    s = s_k - capacity * (pc - pc_k)  # what the conservative solve stored
    residual = per_member(np.abs(p.saturation(pc, p_b)[0] - s))
    reach = np.maximum(np.abs(pc_k), p_b)  # damped update: p_c spans decades as cells dry
    # and never below -p_b: pores cannot be fuller than full (an overshoot there would swell them)
    pc_next = np.maximum(np.clip(pc, pc_k - 0.75 * reach, pc_k + 3.0 * reach), -p_b)
    evaporated = per_saturation * s * dxi  # volume flux leaving each cell [m s-1]
    flux = flux_from_balance(h * sk.eps * (s - s_old) / dt + evaporated / dxi, dxi)
    flux[..., [0, -1]] = 0.0
    # the liquid the film lost: equal to sum(evaporated) up to the linear solver's residual, which the
    # wide range of coefficients (compressibility vs conductance) lifts to ~1e-10 of the solvent
    lost = -per_member(h * sk.eps * (s - s_old), np.sum) * dxi / dt
    surface_rate = p.drying_rate(time + 0.5 * dt)
    wet_share = np.divide(per_member(evaporated, np.sum) * p.solvent_density, surface_rate,
                          out=np.zeros_like(surface_rate), where=surface_rate > 0.0)
    temperature = p.film_temperature(time, dt, state.T, heat_capacity, wet_share)
    return PoreIterate(pc=pc_next, S=s, T=temperature, liquid_flux=flux, evaporated=lost, residual=residual,
                       pc_previous=pc_k, S_previous=s_k)


def solutes(problem: DryingProblem, sk: Skeleton, state: PoreLiquid, new: PoreIterate, dt: np.ndarray,
            step: LinearStep) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dissolved polymer and free latex carried by the pore liquid (eqs. 4.8-4.11), once S has converged.

    Solutes are held by the liquid, floored so that a dried cell keeps its deposit (m = theta_eff c);
    adsorbed polymer (K_H a c) stays on the skeleton; the drier neighbour limits what a face passes by
    diffusion. The liquid carries the mobile share (eq. 4.9) into the pores that still take binder in
    (eq. 4.10), both at the end of the step: the solutes are swept to their fixed point. Free latex is
    captured by the skeleton at the rate of eq. (4.11).

    Returns the carried solutes, the latex deposit and whether the sweeps converged (batch, 1).
    """
    p = problem.at_temperature(new.T)
    h, old = sk.H, state.solutes
    if not len(old):
        return old, state.deposit, np.ones(h.shape, dtype=bool)
    n_poly = len(p.polymer_density)
    liquid_old, liquid_new = solute_holder(sk.eps, state.S), solute_holder(sk.eps, new.S)
    flux = new.liquid_flux
    liquid_f = face_min(liquid_new)
    transport = p.carried_solute_diffusivity * p.tortuosity_factor(liquid_f) * liquid_f / h
    speed = 0.5 * (np.abs(flux[..., 1:]) + np.abs(flux[..., :-1]))
    capture = p.latex_capture(sk.eps, sk.diameter, speed)
    latex_decay = h * capture * liquid_new  # per species of latex, (latex, batch, cell)
    numerics = [m.scenario.numerics for m in p.members]
    tolerance = np.array([[n.picard_tolerance] for n in numerics])
    iterate, deposit = old, state.deposit
    converged = np.zeros(tolerance.shape, dtype=bool)
    for _ in range(max(n.max_sweeps for n in numerics)):
        deposit = state.deposit + dt * capture * liquid_new * iterate[n_poly:]
        mobile = p.solute_mobility(iterate)
        occupancy = p.pore_occupancy(iterate, sk.solute_volume, liquid_new, sk.eps, deposit)
        velocity = flux * upwind(mobile, flux) * upwind(p.open_pores(occupancy), -flux)
        diffusivity = transport * face_min(mobile)
        carried = np.empty_like(old)
        carried[:n_poly] = conserve(step, old[:n_poly], h * (liquid_old + sk.adsorbed),
                                    h * (liquid_new + sk.adsorbed), velocity[:n_poly], dt, diffusivity[:n_poly])
        for j in range(n_poly, len(old)):
            carried[j:j + 1] = conserve(step, old[j:j + 1], h * liquid_old, h * liquid_new, velocity[j:j + 1], dt,
                                        diffusivity[j:j + 1], decay=latex_decay[j - n_poly])
        iterate, converged = fixed_point_update(iterate, carried, converged, tolerance)
        if converged.all():
            break
    deposit = state.deposit + dt * capture * liquid_new * iterate[n_poly:]
    return iterate, deposit, converged


def attempt(problem: DryingProblem, sk: Skeleton, state: PoreLiquid, left: np.ndarray, time: np.ndarray,
            dt: np.ndarray, grid: Grid, step: LinearStep) -> Attempt:
    """Try one step of ``dt`` from ``time`` for every scenario of ``problem`` (rows of ``sk`` and ``state``),
    whose films hold ``left`` [m] of liquid per area."""
    p = problem.at_temperature(state.T)
    heat_capacity = p.film_heat_capacity(left * p.solvent_density)
    guess = PoreIterate(pc=state.pc + state.pc_rate * dt, S=state.S, T=state.T)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # converged in the liquid held and the temperature: the capillary pressure of a cell the front has
        # passed grows without bound while its liquid, all that the balance sees of it, no longer changes
        new, converged = sweep_to_convergence(
            lambda i, g: sweep(i.problem, i.skeleton, i.state, g, i.time, i.dt, i.heat_capacity, grid, step),
            SweepInputs(p, sk, state, time, dt, heat_capacity), guess, ("S", "T"),
            [m.scenario.numerics for m in p.members])
        carried, deposit, solutes_converged = solutes(p, sk, state, new, dt, step)
        change = mean_change(sk.eps * new.S, sk.eps * state.S, sk.eps)
    end = PoreLiquid(pc=new.pc, S=new.S, T=new.T, solutes=carried, pc_rate=(new.pc - state.pc) / dt,
                     deposit=deposit)
    return Attempt(state=end, converged=converged & solutes_converged[:, 0], change=change, heat_capacity=heat_capacity,
                   evaporated=new.evaporated * p.solvent_density)  # type: ignore[operator]


def snapshot(problem: DryingProblem, row: int, sk: Skeleton, state: PoreLiquid, time: float, rate: float,
             evaporated: float) -> Snapshot:
    """What the record keeps of scenario ``row`` of a stage-2 state (the free latex from the solutes)."""
    member = problem.members[row]
    eps, saturation = sk.eps[row], state.S[row].copy()
    carried = state.solutes[:, row]
    holder = solute_holder(eps, saturation)
    n_poly = len(member.formulation.dissolved)
    phi = sk.phi[:, row].copy()
    phi[problem.free_latex] = carried[n_poly:] * holder + state.deposit[:, row]
    return Snapshot(time=time, stage=2, thickness=float(sk.H[row, 0]), drying_rate=rate,
                    evaporated=evaporated, temperature=float(state.T[row, 0]),
                    zone=member.conditions.zone(time), phi=phi, concentration=carried[:n_poly].copy(),
                    polymer=carried[:n_poly] * (holder + sk.adsorbed[row]), liquid=eps * saturation,
                    saturation=saturation)

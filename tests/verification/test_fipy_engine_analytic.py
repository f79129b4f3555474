"""The FiPy engine against analytical solutions and its own refinement (docs/theory/model.md, section 11;
docs/theory/numerics.md, section 10).

Each case is a small film built in Python, so the physics it isolates is visible in the test:
the low-Peclet particle profile of a drying film (Routh & Zimmerman 2004), the steady
advection-diffusion profile of binder at a fixed Peclet number, and the observed orders of
accuracy in space and time.
"""

from __future__ import annotations

import numpy as np
import pytest

from dryingsim.closures.diffusion import batchelor_sedimentation_hindrance, compressibility_derivative
from dryingsim.engines import run_engine
from dryingsim.engines.banded import solve_transport
from dryingsim.engines.fipy import FipySolver
from dryingsim.model import DryingProblem
from dryingsim.numerics.discretisation import Transport
from dryingsim.scenario import scenario_from_dict


def _film(component: dict, solids: str, thickness: str, drying: dict, yield_stress: str, viscosity: str,
          cells: int, dt: float | None = None) -> DryingProblem:
    """A one-component aqueous film; ``dt`` fixes the time step (no adaptivity). Its yield stress only arrests
    settling: no particle network (compressive yield stress 0), so that collective diffusion is Brownian."""
    numerics: dict = {"cells": cells}
    if dt is not None:
        numerics |= {"initial_time_step": f"{dt} s", "max_time_step": f"{dt} s", "max_change_per_step": 0.5,
                     "picard_tolerance": 1e-9, "max_sweeps": 50}
    return DryingProblem.from_scenario(scenario_from_dict({
        "name": "verification", "solvent": "water",
        "rheology": {"liquid_viscosity": viscosity, "yield_stress": yield_stress, "compressive_yield_stress": "0 Pa"},
        "layers": [{"name": "film", "wet_thickness": thickness, "solids_content": solids,
                    "components": [component | {"name": component["material"], "mass_fraction": "100 %"}]}],
        "drying": drying,
        "numerics": numerics,
    }))


# ---- low-Peclet profile of a drying film --------------------------------------------------------
PECLET = 0.02
CB_RADIUS = 1e-7  # carbon black aggregate radius of the materials library [m]


def _low_peclet_film(cells: int, dt: float | None = None) -> DryingProblem:
    """Dilute carbon black in water at Pe = E H / D ~ 0.02, settling arrested by a small yield stress."""
    diffusivity = 1.380649e-23 * 298.15 / (6 * np.pi * 1e-3 * CB_RADIUS)
    rate = PECLET * diffusivity / 20e-6 * 997.0 * 1e3  # g m-2 s-1 for Pe = 0.02 at H = 20 um
    return _film({"material": "carbon_black"}, "2 %", "20 um", {"rate": f"{rate} g/m^2/s"}, "0.01 Pa", "1 mPa*s",
                 cells, dt)


def test_particles_form_the_low_peclet_parabola():
    """At Pe << 1 the particles of a drying film approach the quasi-steady profile
    phi / mean(phi) = 1 + Pe_c (xi^2 / 2 - 1/6), Pe_c = E H / (D0 K Zt) (Routh & Zimmerman 2004,
    Chem. Eng. Sci. 59, 2961, small-Peclet expansion; collective diffusivity of docs/theory/model.md, eqs. 3.4-3.5)."""
    problem = _low_peclet_film(cells=40)
    diffusion_time = (20e-6) ** 2 / problem.brownian_diffusivity[0].item()
    record = run_engine(problem, "fipy", until=3.0 * diffusion_time)
    last = record.snapshots[-1]
    phi = last.phi.sum(axis=0)
    mean = phi.mean()
    collective = problem.brownian_diffusivity[0].item() * batchelor_sedimentation_hindrance(mean) \
        * compressibility_derivative(mean, problem.scenario.physics.max_packing)
    peclet = last.drying_rate / problem.solvent_density.item() * last.thickness / collective
    expected = peclet * (record.xi**2 / 2.0 - 1.0 / 6.0)
    deviation = phi / mean - 1.0
    assert peclet == pytest.approx(PECLET, rel=0.2)
    assert np.max(np.abs(deviation - expected)) < 0.05 * np.max(np.abs(expected))


def _restrict(fine: np.ndarray, factor: int) -> np.ndarray:
    """Cell averages of a fine mesh on a mesh ``factor`` times coarser."""
    return fine.reshape(-1, factor).mean(axis=1)


def _low_peclet_profile(cells: int, dt: float, until: float) -> np.ndarray:
    record = run_engine(_low_peclet_film(cells, dt), "fipy", until=until)
    return record.snapshots[-1].phi.sum(axis=0)


def test_observed_spatial_order_is_two():
    """Refining the mesh 10 -> 20 -> 40 -> 80 cells at a fixed time step, the differences between
    successive solutions fall by 4 per halving: second order in space, as designed (face-centred
    diffusion, exponential weighting that is central at low cell Peclet number)."""
    profiles = {n: _low_peclet_profile(n, dt=2.0, until=60.0) for n in (10, 20, 40, 80)}
    differences = [np.abs(profiles[n] - _restrict(profiles[2 * n], 2)).max() for n in (10, 20, 40)]
    orders = np.log2(np.array(differences[:-1]) / np.array(differences[1:]))
    np.testing.assert_allclose(orders, 2.0, atol=0.25)


def test_observed_temporal_order_is_one():
    """Halving the time step 8 -> 4 -> 2 -> 1 s on a fixed mesh, the differences between successive
    solutions halve: first order in time (backward Euler), as designed."""
    profiles = {dt: _low_peclet_profile(20, dt=dt, until=64.0) for dt in (8.0, 4.0, 2.0, 1.0)}
    differences = [np.abs(profiles[dt] - profiles[dt / 2]).max() for dt in (8.0, 4.0, 2.0)]
    orders = np.log2(np.array(differences[:-1]) / np.array(differences[1:]))
    np.testing.assert_allclose(orders, 1.0, atol=0.15)


# ---- binder at a fixed Peclet number -------------------------------------------------------------
@pytest.mark.parametrize("engine", ["fipy", "fast"])
@pytest.mark.parametrize("peclet", [0.5, 5.0, 40.0])
def test_binder_reaches_the_steady_exponential_profile(peclet, engine):
    """Binder carried up by the liquid at speed v against diffusion D, with no flux through foil or
    surface, settles to c(xi) proportional to exp(Pe xi), Pe = v H / D (steady advection-diffusion,
    docs/theory/model.md, section 11). Both engines' binder transport (exponential scheme) must reproduce the
    ratio between neighbouring cells, exp(Pe dxi), exactly and conserve the binder."""
    cells = 25
    solve = FipySolver(cells) if engine == "fipy" else solve_transport
    velocity = np.full((1, 1, cells + 1), 1.0)
    velocity[..., [0, -1]] = 0.0
    binder = np.ones((1, 1, cells))  # (species, batch, cell)
    for _ in range(30):
        step = Transport(start=binder, storage=np.ones((1, cells)), velocity=velocity, source=np.zeros_like(binder),
                         diffusivity=np.full((1, 1, cells + 1), 1.0 / peclet), exponential=True)
        binder = solve(step, np.array([[10.0]]), 1.0 / cells)
    assert binder.mean() == pytest.approx(1.0, rel=1e-10)  # 30 LU solves, each conservative to ~1e-12
    np.testing.assert_allclose(binder[0, 0, 1:] / binder[0, 0, :-1], np.exp(peclet / cells), rtol=1e-9)

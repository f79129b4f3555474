"""Verification of the FiPy engine's shrinking-suspension stage (docs/theory/model.md, sections 1, 3 and 11)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from dryingsim.engines import run_engine
from dryingsim.model import DryingProblem, load_scenario

VERIFICATION_ANODE = Path(__file__).parents[1] / "data" / "verification-anode.toml"


@pytest.fixture(scope="module")
def anode_run():
    problem = DryingProblem.from_scenario(load_scenario(VERIFICATION_ANODE))
    return problem, run_engine(problem, "fipy", until=6.0)


@pytest.fixture(scope="module")
def suspension_run():
    """The verification anode without a particle network (compressive yield stress 0): its yield stress still
    arrests settling, but nothing resists the packing of the particles below phi_max."""
    scenario = load_scenario(VERIFICATION_ANODE)
    scenario = dataclasses.replace(scenario, rheology=dataclasses.replace(scenario.rheology,
                                                                          compressive_yield_stress=0.0))
    problem = DryingProblem.from_scenario(scenario)
    return problem, run_engine(problem, "fipy", until=6.0)


def _totals(snapshot) -> np.ndarray:
    """Amount per area of every class and polymer: sum over cells of q H dxi."""
    fields = np.concatenate((snapshot.phi, snapshot.polymer))
    return fields.mean(axis=1) * snapshot.thickness


def test_every_class_and_polymer_conserved_to_round_off(anode_run):
    """Each particle class and the dissolved polymer keep their amount to 1e-12 while the film shrinks.

    Finite volumes in the Landau frame conserve int H q dxi exactly (docs/theory/model.md, sections 1 and 11).
    """
    _, record = anode_run
    first = _totals(record.snapshots[0])
    for snapshot in record.snapshots[1:]:
        np.testing.assert_allclose(_totals(snapshot), first, rtol=1e-12)


def test_composition_sums_to_total_solids(anode_run):
    """The class fractions add up to the solved total solids fraction at every step (mixture closure)."""
    _, record = anode_run
    for snapshot in record.snapshots:
        assert np.all(snapshot.phi.sum(axis=0) > 0.0)
        np.testing.assert_allclose(snapshot.phi.sum(axis=0) + snapshot.liquid, 1.0, atol=1e-12)


def test_without_evaporation_nothing_moves_when_settling_is_arrested(anode_run):
    """No evaporation and a yield stress above critical: thickness, particles and binder stay put.

    docs/theory/model.md, section 11: no evaporation -> nothing moves but settling; with Y >> Y_c
    (Beris et al. 1985) settling is arrested too, so the initial state is kept exactly.
    """
    problem, record = anode_run
    assert problem.arrest_factor.max() == 0.0  # 5 Pa stops every class here
    early = [s for s in record.snapshots if s.time <= 2.0]
    assert len(early) > 2
    for snapshot in early:
        assert snapshot.thickness == record.snapshots[0].thickness
        np.testing.assert_allclose(snapshot.phi, record.snapshots[0].phi, rtol=1e-10)
        np.testing.assert_allclose(snapshot.polymer, record.snapshots[0].polymer, rtol=1e-10)


def test_thickness_falls_by_the_evaporated_solvent_volume(anode_run):
    """dH/dt = -E / rho_solvent: the film thins by exactly the solvent volume evaporated (docs/theory/model.md,
    eq. 5.2)."""
    problem, record = anode_run
    last = record.snapshots[-1]
    evaporated = problem.conditions.evaporated_mass(0.0, last.time, problem.temperature)
    expected = record.snapshots[0].thickness - evaporated / problem.solvent_density.item()
    assert last.thickness == pytest.approx(expected, rel=1e-12)


def test_packed_layer_grows_from_the_surface_at_the_high_peclet_rate(suspension_run):
    """In a suspension without a particle network, at Pe >> 1 a layer packed at phi_max grows from the top as
    h = phi0 E t / (phi_max - phi0).

    Routh & Zimmerman (2004), Chem. Eng. Sci. 59, 2961: high-Peclet limit of the consolidation front.
    """
    problem, record = suspension_run
    last = record.snapshots[-1]
    phi_s = last.phi.sum(axis=0)
    phi0, phi_max = record.snapshots[0].phi.sum(axis=0).mean(), problem.scenario.physics.max_packing
    assert phi_s.max() == pytest.approx(phi_max, rel=1e-3)  # packed, never past packing
    evaporated = (problem.conditions.evaporated_mass(0.0, last.time, problem.temperature.item())
                  / problem.solvent_density.item())
    expected = phi0 * evaporated / (phi_max - phi0)
    packed = np.sum(phi_s > 0.5 * (phi0 + phi_max)) * last.thickness / len(phi_s)
    cell = last.thickness / len(phi_s)
    assert abs(packed - expected) <= 1.5 * cell


def test_a_gelled_slurry_consolidates_without_a_packing_front(anode_run, suspension_run):
    """The same film with its particle network (compressive yield stress 10 x its 5 Pa yield stress) shrinks
    uniformly: where the suspension has packed a top layer, the network has no cell past halfway to packing
    and its solids fraction varies by under 5 % through the film (about 1.2 %: a gentle parabola;
    compressional rheology, Buscall & White 1987; no sharp front in graphite anodes, Jaiser et al. 2017)."""
    problem, gelled = anode_run
    _, suspension = suspension_run
    phi_gel = gelled.snapshots[-1].phi.sum(axis=0)
    phi_free = suspension.snapshots[-1].phi.sum(axis=0)
    assert phi_free.max() - phi_free.min() > 0.1  # the suspension has a packed top layer
    phi0, phi_max = gelled.snapshots[0].phi.sum(axis=0).mean(), problem.scenario.physics.max_packing
    assert phi_gel.max() < 0.5 * (phi0 + phi_max)
    assert phi_gel.max() - phi_gel.min() < 0.05 * phi_gel.mean()

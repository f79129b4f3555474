"""The fast engine's banded matrices are the FiPy engine's discrete equations (docs/theory/numerics.md, section 12).

Every linear step of the march is a Transport; FiPy builds it from its terms, the fast engine assembles
it by hand. On random coefficients of every kind the march uses (upwind or exponential convection,
per-species or coupled diffusion, implicit decay), both must give the same solution to round-off, and
every species must be conserved: with no flux through the boundary faces, sum_i A_i (q_i - q*_i) dxi / dt
equals sum_i (s_i - lambda_i q_i) dxi (the finite-volume balance, LeVeque 2002, ch. 4).
"""

from __future__ import annotations

import numpy as np
import pytest

from dryingsim.engines.banded import solve_transport
from dryingsim.engines.fipy import FipySolver
from dryingsim.numerics.discretisation import Transport, exponential_weight

CELLS = 12


def _transport(kind: str, species: int, batch: int, seed: int) -> Transport:
    rng = np.random.default_rng(seed)
    faces = CELLS + 1
    velocity = rng.normal(0.0, 3.0, (1 if kind == "shared" else species, batch, faces))
    velocity[..., [0, -1]] = 0.0
    common = {"start": rng.uniform(0.1, 1.0, (species, batch, CELLS)),
              "storage": rng.uniform(0.5, 2.0, (batch, CELLS)),
              "velocity": velocity, "source": rng.normal(0.0, 1.0, (species, batch, CELLS))}
    if kind == "coupled":
        mobility = rng.uniform(0.1, 1.0, (species, batch, faces))
        share = rng.dirichlet(np.ones(species), (batch, faces)).transpose(2, 0, 1)
        mixing = np.eye(species)[:, :, None, None] * mobility[None] - share[:, None] * mobility[None]
        return Transport(**common, mixing=mixing)
    diffusivity = rng.uniform(0.01, 1.0, (species, batch, faces))
    if kind == "decay":
        return Transport(**common, diffusivity=diffusivity, decay=rng.uniform(0.0, 2.0, (batch, CELLS)))
    return Transport(**common, diffusivity=diffusivity, exponential=kind in ("exponential", "shared"))


KINDS = [("upwind", 1), ("exponential", 3), ("shared", 2), ("coupled", 4), ("decay", 1)]


@pytest.mark.parametrize(("kind", "species"), KINDS)
def test_banded_solve_is_fipys_solve(kind, species):
    """The hand-assembled banded system and FiPy's terms give the same solution to 1e-10 for every kind of step."""
    step = _transport(kind, species, batch=3, seed=len(kind))
    dt = np.array([[0.1], [1.0], [10.0]])
    np.testing.assert_allclose(solve_transport(step, dt, 1.0 / CELLS), FipySolver(CELLS)(step, dt, 1.0 / CELLS),
                               rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(("kind", "species"), KINDS)
def test_banded_solve_conserves_every_species(kind, species):
    """Storage change equals the source integral to round-off: no flux leaves through the boundary faces."""
    step = _transport(kind, species, batch=2, seed=7)
    dt, dxi = np.array([[0.5], [2.0]]), 1.0 / CELLS
    q = solve_transport(step, dt, dxi)
    stored = (step.storage * (q - step.start) / dt).sum(axis=-1)
    produced = (step.source - (0.0 if step.decay is None else step.decay * q)).sum(axis=-1)
    np.testing.assert_allclose(stored, produced, rtol=1e-11, atol=1e-11)


def test_a_scenario_solved_in_a_batch_is_solved_as_alone():
    """Each scenario is its own block of the banded matrix: its solution is bitwise the one it gets alone."""
    for kind, species in KINDS:
        step = _transport(kind, species, batch=4, seed=3)
        dt = np.array([[0.2], [0.4], [0.8], [1.6]])
        together = solve_transport(step, dt, 1.0 / CELLS)
        for b in range(4):
            alone = Transport(**{k: (v[..., [b], :] if isinstance(v, np.ndarray) else v)
                                 for k, v in vars(step).items()})
            assert np.array_equal(solve_transport(alone, dt[[b]], 1.0 / CELLS), together[:, [b]]), kind


@pytest.mark.parametrize("kind", ["coupled", "exponential"])
def test_one_scenario_at_every_position_of_a_batch_gets_the_same_bits(kind):
    """Copies of one scenario placed first, in the middle and last of a batch are solved bitwise alike and
    as alone. LAPACK's banded LU (gbtrf/gbtrs) hands vectors of different lengths to the BLAS kernels at
    the edges of a matrix, which changes the last bit; the identity rows fencing each scenario keep every
    scenario away from the edges."""
    one = _transport(kind, 5, batch=1, seed=11)
    many = Transport(**{k: (np.repeat(v, 7, axis=-2) if isinstance(v, np.ndarray) else v)
                        for k, v in vars(one).items()})
    alone = solve_transport(one, np.array([[0.3]]), 1.0 / CELLS)
    together = solve_transport(many, np.full((7, 1), 0.3), 1.0 / CELLS)
    for b in range(7):
        assert np.array_equal(together[:, [b]], alone), b


def test_a_scenario_with_broken_coefficients_does_not_spoil_the_others():
    """A NaN coefficient in one scenario gives NaN for that scenario only; a singular matrix likewise."""
    step = _transport("coupled", 3, batch=3, seed=5)
    step.source[:, 1, 4] = np.nan
    q = solve_transport(step, np.ones((3, 1)), 1.0 / CELLS)
    assert np.isnan(q[:, 1]).all() and np.isfinite(q[:, [0, 2]]).all()
    singular = _transport("upwind", 1, batch=2, seed=5)
    singular.storage[0] = 0.0  # no storage, no diffusion through the zero-flux ends: pure upwind is singular
    object.__setattr__(singular, "diffusivity", np.zeros_like(singular.diffusivity))
    object.__setattr__(singular, "velocity", np.zeros_like(singular.velocity))
    q = solve_transport(singular, np.ones((2, 1)), 1.0 / CELLS)
    assert np.isnan(q[:, 0]).all() and np.isfinite(q[:, 1]).all()


def test_exponential_weight_limits():
    """alpha(P) -> 1/2 + P/12 for small P (central), -> 1 - 1/P for large P and -> -1/P for large negative P
    (upwind): the Scharfetter-Gummel weighting (Patankar 1980, ch. 5)."""
    assert exponential_weight(np.array(1e-3)) == pytest.approx(0.5 + 1e-3 / 12, rel=1e-9)
    assert exponential_weight(np.array(200.0)) == pytest.approx(1.0 - 1.0 / 200.0)
    assert exponential_weight(np.array(-200.0)) == pytest.approx(1.0 / 200.0, rel=1e-9)
    assert exponential_weight(np.array(1.0)) == pytest.approx(1.0 / (np.e - 1.0), rel=1e-12)

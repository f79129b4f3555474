"""The finite-volume discretisation shared by every engine: face values, and one step of a transport equation.

The film is meshed in the Landau coordinate xi = z / H(t) on N uniform cells (docs/theory/numerics.md).
Arrays hold any leading axes (species), then the batch of scenarios, then the cells (or the N + 1
faces) last; a per-scenario number is a (batch, 1) array, so everything broadcasts. An engine turns a
:class:`Transport` into a linear system and solves it: FiPy's terms (the reference) or a banded matrix
assembled directly (the fast engine); both give the same discrete equations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def face_mean(cells: np.ndarray, harmonic: bool = False) -> np.ndarray:
    """Arithmetic (or harmonic) face values along the last axis; boundary faces take the adjacent cell."""
    if harmonic:
        inner = 2.0 * cells[..., 1:] * cells[..., :-1] / (cells[..., 1:] + cells[..., :-1])
    else:
        inner = 0.5 * (cells[..., 1:] + cells[..., :-1])
    return np.concatenate((cells[..., :1], inner, cells[..., -1:]), axis=-1)


def upwind(cells: np.ndarray, velocity: np.ndarray) -> np.ndarray:
    """Face values taken from the cell upstream of each face; boundary faces take the adjacent cell."""
    padded = np.concatenate((cells[..., :1], cells, cells[..., -1:]), axis=-1)
    return np.where(velocity >= 0.0, padded[..., :-1], padded[..., 1:])


def face_min(cells: np.ndarray) -> np.ndarray:
    """Smaller of the two neighbours at each face; boundary faces take the adjacent cell."""
    padded = np.concatenate((cells[..., :1], cells, cells[..., -1:]), axis=-1)
    return np.minimum(padded[..., :-1], padded[..., 1:])


def exponential_weight(peclet: np.ndarray) -> np.ndarray:
    r"""Weight :math:`\alpha` of the upstream-left cell in a face value :math:`q_f = \alpha q_L + (1-\alpha) q_R`.

    .. math:: \alpha(P) = \frac{(P - 1) e^P + 1}{P (e^P - 1)}, \qquad P = v \Delta\xi / D

    the exact steady advection-diffusion profile between two cell centres (Spalding 1972; Patankar
    1980, Numerical Heat Transfer and Fluid Flow, ch. 5): 1/2 (central) where diffusion dominates, 1 or 0
    (upwind) where convection does. Evaluated as FiPy's ``ExponentialConvectionTerm`` does (|P| below
    1e-3 taken as 1e-3, P above 101 as (P - 1)/P), so both engines build the same discrete equations.
    """
    p = np.where(np.abs(peclet) < 1e-3, 1e-3, peclet)
    capped = np.minimum(p, 102.0)
    with np.errstate(over="ignore"):
        exact = ((capped - 1.0) * np.exp(capped) + 1.0) / (capped * np.expm1(capped))
    return np.where(p > 101.0, (p - 1.0) / p, exact)


def exponential_face(cells: np.ndarray, velocity: np.ndarray, diffusivity: np.ndarray, spacing: float) -> np.ndarray:
    """Face values weighted by :func:`exponential_weight`; boundary faces take the adjacent cell."""
    padded = np.concatenate((cells[..., :1], cells, cells[..., -1:]), axis=-1)
    alpha = exponential_weight(velocity * spacing / np.maximum(diffusivity, 1e-300))
    return alpha * padded[..., :-1] + (1.0 - alpha) * padded[..., 1:]


def flux_from_balance(storage_change: np.ndarray, spacing: float) -> np.ndarray:
    """Face fluxes implied by cell balances dS_i/dt + (F_{i+1/2} - F_{i-1/2}) / dxi = 0 with F_{1/2} = 0."""
    zero = np.zeros(storage_change.shape[:-1] + (1,))
    return np.concatenate((zero, -np.cumsum(storage_change, axis=-1) * spacing), axis=-1)


def per_member(values: np.ndarray, reduce=np.max) -> np.ndarray:
    """Reduce an array (..., batch, cell) over everything but the batch axis: (batch, 1)."""
    batch = values.shape[-2]
    return reduce(np.moveaxis(values, -2, 0).reshape(batch, -1), axis=1)[:, None]


def mean_change(new: np.ndarray, old: np.ndarray, capacity: np.ndarray | None = None) -> np.ndarray:
    """Share of a content that changed in one step, per scenario (batch, 1): sum |new - old| over cells and
    species / sum of ``capacity`` (default: the old content)."""
    return per_member(np.abs(new - old), np.sum) / per_member(np.abs(old if capacity is None else capacity), np.sum)


def solute_holder(porosity: np.ndarray, saturation: np.ndarray) -> np.ndarray:
    """Liquid fraction that holds dissolved and suspended matter, floored at 1e-12 of the pores.

    A cell that dries keeps its solutes as a deposit of mass theta_eff * c; the floor keeps
    that product representable and every solute conserved to round-off.
    """
    return porosity * np.maximum(saturation, 1e-12)


@dataclass(frozen=True)
class Transport:
    r"""One backward-Euler step of a conserved quantity q (species, batch, cell) in flux form:

    .. math:: A \frac{q - q^*}{\Delta t} + \frac{1}{\Delta\xi}\Big[v_f q_f
              - D_f \frac{q_R - q_L}{\Delta\xi}\Big]_{i-1/2}^{i+1/2} = s - \lambda q

    start : q* (species, batch, cell), the value the time difference is taken from
    storage : A (batch, cell), shared by all species
    velocity : v on the faces (species or 1, batch, face); the two boundary faces carry nothing
    source : s (species, batch, cell)
    diffusivity : D on the faces (species, batch, face) per species, or None
    mixing : a coupled diffusion matrix D_pq on the faces (species, species, batch, face), or None
    decay : lambda >= 0 (batch, cell), implicit, or None
    exponential : face values q_f by :func:`exponential_weight` (needs ``diffusivity``); else upwind

    Boundary faces carry no flux (neither convection nor diffusion).
    """

    start: np.ndarray
    storage: np.ndarray
    velocity: np.ndarray
    source: np.ndarray
    diffusivity: np.ndarray | None = None
    mixing: np.ndarray | None = None
    decay: np.ndarray | None = None
    exponential: bool = False

    @property
    def face_diffusivity(self) -> np.ndarray | None:
        """D floored at 1e-300: the exponential weight needs a finite Peclet number (0 gives upwind)."""
        return None if self.diffusivity is None else np.maximum(self.diffusivity, 1e-300)

    def upstream_weight(self, spacing: float) -> np.ndarray:
        """Weight of the left cell in each face value (species or 1, batch, face)."""
        if self.exponential:
            return exponential_weight(self.velocity * spacing / self.face_diffusivity)
        return (self.velocity > 0.0).astype(float)


@dataclass(frozen=True)
class Grid:
    """N uniform cells of the Landau coordinate xi in [0, 1]: spacing, cell centres and faces."""

    cells: int

    @property
    def spacing(self) -> float:
        return 1.0 / self.cells

    @property
    def centres(self) -> np.ndarray:
        return (np.arange(self.cells) + 0.5) / self.cells

    @property
    def faces(self) -> np.ndarray:
        return np.arange(self.cells + 1) / self.cells


LinearStep = Callable[[Transport, np.ndarray], np.ndarray]
"""Solves one :class:`Transport` step on the grid: (transport, dt (batch, 1)) -> q (species, batch, cell)."""


def conserve(step: LinearStep, old: np.ndarray, storage_old: np.ndarray, storage_new: np.ndarray,
             velocity: np.ndarray, dt: np.ndarray, diffusivity: np.ndarray | None = None,
             source: np.ndarray | float = 0.0, mixing: np.ndarray | None = None,
             decay: np.ndarray | None = None) -> np.ndarray:
    r"""Solve (S_new q - S_old q_old)/dt + d/dxi[q v - D dq/dxi] = source for every species q at once.

    ``old`` is (species, batch, cell); all species share the storage S; the face velocity v is
    shared (batch, face) or per species. With ``diffusivity`` (species, batch, face) they are
    uncoupled and the face value of q is exponentially weighted; with ``mixing`` (species, species,
    batch, face), a coupled diffusion matrix, or with neither, it is upwind. An implicit first-order
    sink ``decay`` (batch, cell) removes decay * q, shared by the species. The transient term
    gives S_new (q - q_old)/dt; the explicit source adds the change of the storage,
    (S_new - S_old) q_old / dt, so every species is conserved to round-off.
    """
    velocity = velocity if velocity.ndim == 3 else velocity[np.newaxis]
    rhs = np.broadcast_to(source - (storage_new - storage_old) / dt * old, old.shape)
    return step(Transport(start=old, storage=storage_new, velocity=velocity, source=rhs,
                          diffusivity=diffusivity, mixing=mixing, decay=decay, exponential=diffusivity is not None),
                dt)

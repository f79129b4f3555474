"""The FiPy engine: the reference. Every linear step of the march is built from FiPy's terms and solved by FiPy.

A :class:`~dryingsim.numerics.discretisation.Transport` step becomes, per scenario of the batch,

    TransientTerm(A) + ConvectionTerm(v) == DiffusionTerm(D) + ImplicitSourceTerm(-lambda) + s

on a ``Grid1D`` of the Landau coordinate, with FiPy's upwind or exponential convection scheme and
scipy's direct LU solver. Species that share the storage are one vector ``CellVariable`` with
diagonal (or, for coupled diffusion, full) rank-2 and rank-3 coefficients. FiPy rebuilds and solves its
matrices from Python at every sweep: slow, and independent of the fast engine's hand-assembled
matrices, against which it is checked (docs/theory/numerics.md).
"""

from __future__ import annotations

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

from dryingsim.numerics.discretisation import Transport


class FipySolver:
    """Solve :class:`Transport` steps with FiPy on one uniform grid of the unit interval."""

    def __init__(self, cells: int) -> None:
        self.mesh = Grid1D(nx=cells, dx=1.0 / cells)

    def __call__(self, t: Transport, dt: np.ndarray, spacing: float) -> np.ndarray:
        out = np.empty(t.start.shape)
        for b in range(t.start.shape[-2]):
            out[:, b] = self._solve_one(t, b, float(dt[b, 0]))
        return out

    def _solve_one(self, t: Transport, b: int, dt: float) -> np.ndarray:
        """Scenario ``b`` of the batch: a scalar variable for one species, a vector variable for several."""
        mesh = self.mesh
        species = t.start.shape[0]
        velocity = np.broadcast_to(t.velocity[:, b], (species, t.velocity.shape[-1]))
        scalar = species == 1 and t.mixing is None
        if scalar:
            q = CellVariable(mesh=mesh, value=t.start[0, b], hasOld=True)
            storage = CellVariable(mesh=mesh, value=t.storage[b])
            convection = FaceVariable(mesh=mesh, rank=1, value=velocity[0][np.newaxis])
            source = CellVariable(mesh=mesh, value=t.source[0, b])
            diffusivity = None if t.diffusivity is None else FaceVariable(mesh=mesh, value=t.face_diffusivity[0, b])
        else:
            eye = np.eye(species)[:, :, np.newaxis]
            q = CellVariable(mesh=mesh, value=t.start[:, b], elementshape=(species,), hasOld=True)
            storage = CellVariable(mesh=mesh, value=eye * t.storage[b], elementshape=(species, species))
            convection = FaceVariable(mesh=mesh, rank=3, value=eye[np.newaxis] * velocity[np.newaxis, :, np.newaxis])
            source = CellVariable(mesh=mesh, value=t.source[:, b], elementshape=(species,))
            if t.mixing is not None:
                diffusivity = FaceVariable(mesh=mesh, rank=2, value=t.mixing[:, :, b])
            elif t.diffusivity is not None:
                diffusivity = FaceVariable(mesh=mesh, rank=2, value=eye * t.face_diffusivity[:, b][:, np.newaxis])
            else:
                diffusivity = None
        scheme = ExponentialConvectionTerm if t.exponential else UpwindConvectionTerm
        lhs = TransientTerm(coeff=storage, var=q)
        if np.any(velocity):
            lhs = lhs + scheme(coeff=convection, var=q)
        rhs = source
        if diffusivity is not None:
            rhs = DiffusionTerm(coeff=diffusivity, var=q) + rhs
        if t.decay is not None:
            rhs = ImplicitSourceTerm(coeff=CellVariable(mesh=mesh, value=-t.decay[b]), var=q) + rhs
        try:
            (lhs == rhs).solve(var=q, dt=dt, solver=LinearLUSolver(tolerance=1e-15, iterations=1))
        except RuntimeError:  # SuperLU: "Factor is exactly singular"; the step is rejected
            return np.full((species, mesh.numberOfCells), np.nan)
        return np.array(q.value).reshape(species, -1)

"""The fast linear solver: a :class:`Transport` step assembled directly into a banded matrix, solved by LAPACK.

Species without coupled diffusion give tridiagonal systems; a coupled diffusion matrix D_pq gives a
block-tridiagonal one, stored banded with the species of a cell next to each other (bandwidth
2 P - 1). Every scenario of a batch and every species is one more block on the diagonal of a single
banded matrix, with no coupling between blocks, so one LAPACK call (``gtsv`` / ``gbsv`` through
:func:`scipy.linalg.solve_banded`) solves them all, and each block's solution is bitwise the one it
would have alone (``gtsv`` is plain loops; the blocks of ``gbsv`` are fenced by identity rows, see
:func:`_padding`). A scenario whose coefficients are not
finite, or whose matrix is singular, gets NaN without disturbing the others.
"""

from __future__ import annotations

import contextlib
from functools import lru_cache

import numpy as np
from scipy.linalg import LinAlgError, solve_banded

from dryingsim.numerics.discretisation import Transport, per_member


def _interior(faces: np.ndarray) -> np.ndarray:
    """Face coefficients with the two boundary faces set to zero (they carry no flux)."""
    out = np.array(faces, dtype=float, copy=True)
    out[..., [0, -1]] = 0.0
    return out


def _flux_coefficients(t: Transport, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients of q_L and q_R in the convective flux through each face: v alpha and v (1 - alpha)."""
    velocity = _interior(t.velocity)
    alpha = t.upstream_weight(spacing)
    return velocity * alpha, velocity * (1.0 - alpha)


def _diagonal_part(t: Transport, dt: np.ndarray, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Storage and decay on the diagonal, and the right-hand side (species, batch, cell)."""
    rate = t.storage * spacing / dt
    diagonal = rate + (0.0 if t.decay is None else t.decay * spacing)
    return np.broadcast_to(diagonal, t.start.shape), rate * t.start + spacing * t.source


def _solve_stacked(bands: tuple[int, int], matrix: np.ndarray, rhs: np.ndarray, block: int) -> np.ndarray:
    """Solve the banded system; if it is singular, solve block by block and give singular blocks NaN."""
    try:
        return solve_banded(bands, matrix, rhs, check_finite=False)
    except (LinAlgError, ValueError):
        out = np.full_like(rhs, np.nan)
        for start in range(0, rhs.size, block):
            part = slice(start, start + block)
            with contextlib.suppress(LinAlgError, ValueError):
                out[part] = solve_banded(bands, matrix[:, part], rhs[part], check_finite=False)
        return out


def _quarantine(bad: np.ndarray, *arrays: np.ndarray) -> None:
    """Replace the rows of scenarios with non-finite coefficients by the identity (their result becomes NaN)."""
    diagonal, *others = arrays
    diagonal[..., bad, :] = 1.0
    for a in others:
        a[..., bad, :] = 0.0


def solve_transport(t: Transport, dt: np.ndarray, spacing: float) -> np.ndarray:
    """Solve one :class:`Transport` step for q (species, batch, cell); ``dt`` is (batch, 1) [s]."""
    if t.mixing is not None:
        return _solve_coupled(t, dt, spacing)
    left, right = _flux_coefficients(t, spacing)
    if t.diffusivity is not None:
        conductance = _interior(t.face_diffusivity) / spacing
        left, right = left + conductance, right - conductance
    diagonal, rhs = _diagonal_part(t, dt, spacing)
    shape = t.start.shape
    diagonal = diagonal + np.broadcast_to(left[..., 1:] - right[..., :-1], shape)
    upper = np.array(np.broadcast_to(right[..., 1:], shape))
    lower = np.array(np.broadcast_to(-left[..., :-1], shape))
    bad = ~np.isfinite(per_member(diagonal + upper + lower + rhs)[:, 0])
    if bad.any():
        _quarantine(bad, diagonal, upper, lower, rhs)
    n = shape[-1]
    matrix = np.zeros((3, diagonal.size))
    matrix[0, 1:] = upper.ravel()[:-1]
    matrix[1] = diagonal.ravel()
    matrix[2, :-1] = lower.ravel()[1:]
    q = _solve_stacked((1, 1), matrix, rhs.ravel(), n).reshape(shape)
    q[..., bad, :] = np.nan
    return q


@lru_cache(maxsize=32)
def _band_positions(species: int, batch: int, n: int, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """Where the entries of the blocks (p, q, batch, cell) coupling cell i to cell i + ``offset`` go in the
    flattened banded storage (LAPACK's ab[width + k - j, j] = A[k, j], unknown
    k = pad + batch (n P + pad) + cell P + p, see :func:`_padding`), and which of them exist (the
    neighbour cell is inside the film)."""
    width, pad = 2 * species - 1, _padding(species)
    total = pad + batch * (n * species + pad)
    p, q, b, i = np.indices((species, species, batch, n))
    inside = ((i + offset >= 0) & (i + offset < n)).ravel()
    rows = (width - offset * species + p - q).ravel()[inside]
    columns = (pad + b * (n * species + pad) + (i + offset) * species + q).ravel()[inside]
    return rows * total + columns, np.flatnonzero(inside)


def _padding(species: int) -> int:
    """Identity rows before, between and after the scenarios of a coupled banded system: 2 (2 P - 1), the
    reach of LAPACK's banded LU with pivoting (``gbtrf`` and ``gbtrs``). Every scenario's rows then meet
    the same vector lengths in the BLAS kernels as alone, so its solution is bitwise the same in any batch
    (without it, they differ in the last bit with the position in the batch)."""
    return 2 * (2 * species - 1)


def _solve_coupled(t: Transport, dt: np.ndarray, spacing: float) -> np.ndarray:
    """Block-tridiagonal solve: upwind convection per species plus the coupled diffusion matrix D_pq."""
    species, batch, n = t.start.shape
    left, right = _flux_coefficients(t, spacing)
    mixing = _interior(t.mixing) / spacing  # (p, q, batch, face)
    eye = np.eye(species)[:, :, None, None]
    diagonal, rhs = _diagonal_part(t, dt, spacing)
    own = diagonal + np.broadcast_to(left[..., 1:] - right[..., :-1], t.start.shape)
    blocks = {0: eye * own[:, None] + mixing[..., 1:] + mixing[..., :-1],   # (p, q, batch, cell)
              1: eye * right[:, None, :, 1:] - mixing[..., 1:],
              -1: -eye * left[:, None, :, :-1] - mixing[..., :-1]}
    blocks = {d: np.array(np.broadcast_to(b, (species, species, batch, n))) for d, b in blocks.items()}
    bad = ~np.isfinite(per_member(sum(blocks.values())) + per_member(rhs))[:, 0]
    if bad.any():
        blocks[0][:, :, bad] = eye[..., 0, 0][:, :, None, None]
        blocks[1][:, :, bad] = blocks[-1][:, :, bad] = 0.0
        rhs[:, bad] = 0.0
    width, pad = 2 * species - 1, _padding(species)
    stride = n * species + pad  # one scenario's unknowns and the padding before it
    matrix = np.zeros((2 * width + 1, pad + batch * stride))
    matrix[width] = 1.0  # the padding's identity (the scenarios' diagonals are overwritten)
    for offset, values in blocks.items():
        positions, inside = _band_positions(species, batch, n, offset)
        matrix.ravel()[positions] = values.ravel()[inside]
    ordered = np.zeros((batch, stride))
    ordered[:, pad:] = np.moveaxis(rhs, 0, -1).reshape(batch, n * species)  # species of a cell together
    solution = _solve_stacked((width, width), matrix, np.append(ordered.ravel(), np.zeros(pad)), stride)
    scenarios = solution[:batch * stride].reshape(batch, stride)[:, pad:]
    out = np.moveaxis(scenarios.reshape(batch, n, species), -1, 0).copy()
    out[:, bad] = np.nan
    return out

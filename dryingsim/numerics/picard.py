"""The nonlinear iteration of one time step, for a batch: sweeps until every scenario's coefficients settle.

Each stage's coefficients are lagged and its step swept (Picard) until the swept fields stop changing and
the sweep's linearisation residual is small (docs/theory/numerics.md, section 9). A scenario that has
converged, or used its ``numerics.max_sweeps``, keeps its last sweep and leaves the sweeping set while the
others sweep on, so what one scenario computes never depends on the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

from dryingsim.numerics.discretisation import per_member
from dryingsim.numerics.state import BatchRows
from dryingsim.scenario.schema import Numerics

Iterate = TypeVar("Iterate", bound=BatchRows)
Inputs = TypeVar("Inputs", bound=BatchRows)


def sweep_to_convergence(sweep: Callable[[Inputs, BatchRows], Iterate], inputs: Inputs, guess: BatchRows,
                         fields: Sequence[str], numerics: Sequence[Numerics]) -> tuple[Iterate, np.ndarray]:
    """Sweep from ``guess`` until ``fields`` change by less than the tolerance (relative to their largest
    value) and the sweep's ``residual`` (stored minus equilibrium fraction) is below it.

    ``sweep(inputs, guess)`` reads the batch-shaped ``inputs``; ``numerics`` holds each scenario's settings.
    Returns the last sweep of every scenario and which converged.
    """
    tolerance = np.array([[n.picard_tolerance] for n in numerics])
    limit = np.array([n.max_sweeps for n in numerics])
    converged = np.zeros(len(numerics), dtype=bool)
    active = np.arange(len(numerics))  # the scenarios still sweeping
    result: Iterate | None = None
    for count in range(1, int(limit.max()) + 1):
        new = sweep(inputs, guess)
        change = np.zeros((len(active), 1))
        for name in fields:
            value, before = getattr(new, name), getattr(guess, name)
            if np.size(value):
                change = np.maximum(change, per_member(np.abs(value - before))
                                    / np.maximum(per_member(np.abs(value)), 1e-300))
        ok = ((change <= tolerance[active]) & (new.residual <= tolerance[active]))[:, 0]  # type: ignore[attr-defined]
        if result is None:
            result = new.copy()
        else:
            result.put(active, new)
        converged[active[ok]] = True
        going = ~ok & (count < limit[active])
        if not going.any():
            break
        if not going.all():
            going = np.flatnonzero(going)
            active, inputs, new = active[going], inputs.take(going), new.take(going)
        guess = new
    assert result is not None
    return result, converged


def fixed_point_update(iterate: np.ndarray, new: np.ndarray, converged: np.ndarray, tolerance: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray]:
    """One sweep of a fixed-point iteration of species (species, batch, cell): the scenarios not yet
    converged take ``new``; a scenario has converged when every species changed by at most ``tolerance``
    (batch, 1) of its largest value. Converged scenarios keep their value, so a scenario's result does not
    depend on the rest of its batch."""
    scale = np.maximum(np.abs(new).max(axis=-1, keepdims=True), 1e-300)
    change = (np.abs(new - iterate).max(axis=-1, keepdims=True) / scale).max(axis=0)
    updated = np.where(converged[np.newaxis], iterate, new)
    return updated, converged | (change <= tolerance)

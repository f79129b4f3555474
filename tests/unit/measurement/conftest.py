"""Constructed dry coatings with known answers, made of real library materials (so TGA data exist).

Anode: graphite / carbon black / CMC / SBR, 100 um in 1 um cells. ``uniform_anode`` has the same
composition at every depth; ``stratified_anode`` has SBR enriched towards the surface (an
exponential excess decaying over 15 um, graphite reduced to make room). Neither is a simulation
result: the tests need coatings whose exact layer averages are known.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import xarray as xr

from dryingsim.measurement import make_profile

CELLS, CELL_WIDTH = 100, 1e-6
COMPONENTS = ["graphite", "carbon_black", "cmc", "sbr"]
DENSITIES = [2266.0, 1960.0, 1600.0, 980.0]
ROLES = ["active", "conductive", "dissolved_polymer", "latex"]
MATERIALS = ["graphite", "carbon black", "CMC", "SBR latex"]


def anode_profile(sbr: np.ndarray, cmc: np.ndarray | float = 0.02) -> xr.Dataset:
    """Anode with the given SBR (and CMC) volume fraction per cell; graphite fills to a solid fraction of 0.62."""
    cmc = np.broadcast_to(cmc, (CELLS,))
    phi = np.column_stack([0.62 - 0.01 - cmc - sbr, np.full(CELLS, 0.01), cmc, sbr])
    return make_profile(np.full(CELLS, CELL_WIDTH), phi, COMPONENTS, DENSITIES, ROLES, MATERIALS)


@pytest.fixture
def anode() -> Callable[..., xr.Dataset]:
    """:func:`anode_profile`, for tests that build their own depth profile."""
    return anode_profile


@pytest.fixture
def uniform_anode() -> xr.Dataset:
    return anode_profile(np.full(CELLS, 0.04))


@pytest.fixture
def stratified_anode() -> xr.Dataset:
    depth = (np.arange(CELLS) + 0.5) * CELL_WIDTH
    return anode_profile(0.02 + 0.06 * np.exp(-depth / 15e-6))

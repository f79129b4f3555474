"""Shared fixtures: a synthetic result Dataset that follows the engine's result contract exactly.

The synthetic run is built from a chosen dry profile (volume fraction of each component against
height above the foil) so that the tests know every answer:

- stage 1 (``t < t_switch``): the film shrinks linearly from the wet to the dry thickness, every
  component keeps its profile shape in ``xi`` and its amount ``sum phi H dxi`` is conserved exactly;
- stage 2: the thickness stays at the dry thickness and the pore saturation falls linearly to 0;
- solvent mass plus evaporated solvent is constant.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pytest
import xarray as xr

SOLVENT_DENSITY = 997.0  # water at 25 degC [kg m-3]; synthetic data only


@dataclass(frozen=True)
class SyntheticComponent:
    """One component of the synthetic formulation (not a real formulation)."""

    name: str
    role: str
    material: str
    density: float  # [kg m-3]
    dry_volume_fraction: float  # default uniform dry volume fraction [-]


COMPONENTS: tuple[SyntheticComponent, ...] = (
    SyntheticComponent("NMC", "active", "NMC111", 4700.0, 0.40),
    SyntheticComponent("LFP", "active", "LFP", 3600.0, 0.15),
    SyntheticComponent("carbon_black", "conductive", "C65", 1900.0, 0.05),
    SyntheticComponent("SBR", "latex", "SBR", 1000.0, 0.03),
    SyntheticComponent("CMC", "dissolved_polymer", "CMC", 1600.0, 0.02),
)

Profile = Callable[[np.ndarray], Mapping[str, "np.ndarray | float"]]
"""Height above the foil [m] -> dry volume fraction of some components (others stay uniform)."""


def _attrs(long_name: str, units: str) -> dict[str, str]:
    return {"long_name": long_name, "units": units}


def _dry_volume_fractions(height: np.ndarray, profile: Profile | None) -> np.ndarray:
    """Dry volume fractions (height, component): the defaults overridden by ``profile``."""
    given = profile(height) if profile is not None else {}
    return np.stack(
        [np.broadcast_to(given.get(c.name, c.dry_volume_fraction), height.shape) for c in COMPONENTS],
        axis=-1,
    ).astype(float)


def _mass_percent(mass: np.ndarray, axis: int | None = None) -> np.ndarray:
    return 100.0 * mass / np.sum(mass, axis=axis, keepdims=axis is not None)


def make_synthetic_result(
    profile: Profile | None = None,
    *,
    depth_cell_width: np.ndarray | None = None,
    n_depth: int = 30,
    n_xi: int = 20,
    n_time: int = 11,
    dry_thickness: float = 60e-6,
    wet_thickness: float = 150e-6,
    drying_time: float = 100.0,
) -> xr.Dataset:
    """A result Dataset with the given dry profile; see the module docstring.

    Parameters
    ----------
    profile : dry volume fractions against height above the foil [m]; ``None`` = uniform coating
    depth_cell_width : widths of the dry cells from the surface down [m]; overrides ``n_depth``
        and ``dry_thickness``
    n_depth, n_xi, n_time : grid sizes
    dry_thickness, wet_thickness : [m]
    drying_time : time of the last sample [s]; the stage switch is at 60 % of it
    """
    widths = np.full(n_depth, dry_thickness / n_depth) if depth_cell_width is None else depth_cell_width
    dry_thickness = float(np.sum(widths))
    depth = np.cumsum(widths) - widths / 2
    density = np.array([c.density for c in COMPONENTS])
    dry_vf = _dry_volume_fractions(dry_thickness - depth, profile)
    dry_mass = dry_vf * density * widths[:, None]

    xi = (np.arange(n_xi) + 0.5) / n_xi
    time = np.linspace(0.0, drying_time, n_time)
    switch = 0.6 * drying_time
    thickness = wet_thickness + (dry_thickness - wet_thickness) * np.minimum(time / switch, 1.0)
    saturation_t = np.clip(1.0 - (time - switch) / (drying_time - switch), 0.0, 1.0)
    final_vf = _dry_volume_fractions(xi * dry_thickness, profile)
    volume_fraction = final_vf[None] * (dry_thickness / thickness)[:, None, None]
    solvent_vf = (1.0 - volume_fraction.sum(-1)) * saturation_t[:, None]
    solvent_mass = SOLVENT_DENSITY * np.sum(solvent_vf, axis=1) * thickness / n_xi
    polymer_vf = volume_fraction[..., [c.role == "dissolved_polymer" for c in COMPONENTS]].sum(-1)
    polymer_density = next(c.density for c in COMPONENTS if c.role == "dissolved_polymer")
    stage = np.where(time < switch, 1, 2).astype(np.int8)

    data_vars = {
        "volume_fraction": (
            ("time", "xi", "component"),
            volume_fraction,
            _attrs("volume fraction of component", "1"),
        ),
        "solvent_volume_fraction": (("time", "xi"), solvent_vf, _attrs("solvent volume fraction", "1")),
        "dissolved_polymer_concentration": (
            ("time", "xi"),
            polymer_density * polymer_vf / (solvent_vf + polymer_vf),
            _attrs("dissolved polymer mass per liquid volume", "kg m-3"),
        ),
        "saturation": (
            ("time", "xi"),
            np.broadcast_to(saturation_t[:, None], (n_time, n_xi)).copy(),
            _attrs("pore saturation", "1"),
        ),
        "thickness": ("time", thickness, _attrs("film thickness", "m")),
        "drying_rate": ("time", -np.gradient(solvent_mass, time), _attrs("drying rate", "kg m-2 s-1")),
        "stage": ("time", stage, _attrs("drying stage (1 shrinkage, 2 pore emptying)", "1")),
        "film_temperature": ("time", np.full(n_time, 298.15), _attrs("film temperature", "K")),
        "dryer_zone": ("time", np.full(n_time, -1, dtype=np.int16), _attrs("dryer zone (-1: no dryer)", "1")),
        "evaporated_solvent": (
            "time",
            solvent_mass[0] - solvent_mass,
            _attrs("cumulative evaporated solvent", "kg m-2"),
        ),
        "solvent_mass": ("time", solvent_mass, _attrs("solvent left in the film", "kg m-2")),
        "dry_mass_fraction": (
            ("depth", "component"),
            _mass_percent(dry_mass, axis=1),
            _attrs("dry-basis mass fraction", "percent"),
        ),
        "dry_volume_fraction": (("depth", "component"), dry_vf, _attrs("dry volume fraction", "1")),
        "dry_porosity": ("depth", 1.0 - dry_vf.sum(-1), _attrs("dry porosity", "1")),
        "component_density": ("component", density, _attrs("component density", "kg m-3")),
        "nominal_mass_fraction": (
            "component",
            _mass_percent(dry_mass.sum(0)),
            _attrs("nominal dry-basis mass fraction", "percent"),
        ),
    }
    coords = {
        "time": ("time", time, _attrs("time", "s")),
        "xi": ("xi", xi, _attrs("Landau coordinate z/H", "1")),
        "component": ("component", [c.name for c in COMPONENTS]),
        "component_role": ("component", [c.role for c in COMPONENTS]),
        "component_material": ("component", [c.material for c in COMPONENTS]),
        "height": (("time", "xi"), xi[None] * thickness[:, None], _attrs("height above the foil", "m")),
        "depth": ("depth", depth, _attrs("depth below the dry surface", "m")),
        "depth_cell_width": ("depth", widths, _attrs("dry cell width", "m")),
    }
    attrs = {
        "title": "synthetic dryingsim result",
        "dryingsim_version": "0.0.0+synthetic",
        "engine": "synthetic",
        "scenario_name": "synthetic",
        "scenario": 'name = "synthetic"\n[drying]\ntime = "100 s"\n',
        "material_sources": json.dumps({c.material: "synthetic" for c in COMPONENTS}),
        "time_steps": n_time - 1,
        "stage_switch_time": float(time[np.argmax(stage == 2)]),
        "drying_time": float(drying_time),
        "Conventions": "CF-1.8",
    }
    return xr.Dataset(data_vars, coords, attrs)


@pytest.fixture
def synthetic_result() -> Callable[..., xr.Dataset]:
    """Factory of synthetic result Datasets: ``synthetic_result(profile=None, **grid)``."""
    return make_synthetic_result


@pytest.fixture(scope="session")
def verification_anode_run() -> xr.Dataset:
    """One whole FiPy run of tests/data/verification-anode.toml (30 cells, ~1 min), shared by the
    verification and integration tests that only read it."""
    from pathlib import Path

    import dryingsim

    return dryingsim.simulate(dryingsim.load_scenario(Path(__file__).parent / "data" / "verification-anode.toml"))

"""From an engine's run record to the self-describing result Dataset (docs/user-guide/results.md)."""

from __future__ import annotations

import json

import numpy as np
import xarray as xr

from dryingsim._version import __version__
from dryingsim.model.conditions import EnergyTerms
from dryingsim.model.problem import DryingProblem
from dryingsim.numerics.record import RunRecord, Snapshot
from dryingsim.scenario import scenario_to_toml


def _stored_indices(record: RunRecord, count: int) -> list[int]:
    """Indices of the first snapshot at or after each of ``count`` evenly spaced times, always with the first,
    the last and the stage switch."""
    times = np.array([s.time for s in record.snapshots])
    targets = np.linspace(times[0], times[-1], count)
    chosen = set(np.clip(np.searchsorted(times, targets), 0, len(times) - 1)) | {0, len(times) - 1}
    chosen |= {int(np.argmin(np.abs(times - record.switch_time)))} if record.switch_time >= 0 else set()
    return sorted(chosen)


def _component_matrix(problem: DryingProblem) -> np.ndarray:
    """(component, class) matrix summing particle classes into the components they belong to."""
    f = problem.formulation
    return np.array([[c.component == name for c in f.classes] for name in f.components], dtype=float)


def _volume_fractions(problem: DryingProblem, snap: Snapshot) -> np.ndarray:
    """Volume fraction of every component (component, cell); dissolved polymer counts its own volume."""
    f = problem.formulation
    out = _component_matrix(problem) @ snap.phi
    for s, species in enumerate(f.dissolved):
        out[f.components.index(species.component)] = snap.polymer[s] / species.density
    return out


def _attrs(units: str, long_name: str, **extra: str) -> dict[str, str]:
    return {"units": units, "long_name": long_name, **extra}


def build_result(problem: DryingProblem, record: RunRecord, engine: str) -> xr.Dataset:
    """Assemble the result Dataset: fields over time and depth, the dry profile and provenance."""
    f = problem.formulation
    stored = _stored_indices(record, problem.scenario.numerics.output_times)
    snaps = [record.snapshots[i] for i in stored]
    xi = record.xi
    thickness = np.array([s.thickness for s in snaps])
    fractions = np.stack([_volume_fractions(problem, s) for s in snaps])  # time, component, cell
    liquid = np.stack([s.liquid for s in snaps])
    has_liquid = liquid > 1e-9
    concentration = np.stack([s.concentration.sum(axis=0) for s in snaps])

    final = record.snapshots[-1]
    dry_volume = _volume_fractions(problem, final)[:, ::-1]  # component, depth (from the top)
    dry_mass = dry_volume * np.asarray(f.component_densities)[:, None]
    h_dry = final.thickness
    depth = (1.0 - xi[::-1]) * h_dry

    ds = xr.Dataset(
        data_vars={
            "volume_fraction": (("time", "xi", "component"), fractions.transpose(0, 2, 1),
                                _attrs("1", "volume fraction of the component")),
            "solvent_volume_fraction": (("time", "xi"), liquid, _attrs("1", "volume fraction of solvent")),
            "dissolved_polymer_concentration": (
                ("time", "xi"), np.where(has_liquid, concentration, 0.0),
                _attrs("kg m-3", "mass concentration of dissolved polymer in the liquid",
                       comment="0 where the cell holds no liquid; the polymer there is deposited")),
            "saturation": (("time", "xi"), np.stack([s.saturation for s in snaps]),
                           _attrs("1", "pore saturation with liquid")),
            "thickness": ("time", thickness, _attrs("m", "film thickness H")),
            "drying_rate": ("time", np.array([s.drying_rate for s in snaps]),
                            _attrs("kg m-2 s-1", "solvent evaporation mass flux E")),
            "film_temperature": ("time", np.array([s.temperature for s in snaps]),
                                 _attrs("K", "film temperature")),
            "dryer_zone": ("time", np.array([s.zone for s in snaps], dtype=np.int16),
                           _attrs("1", "index of the dryer zone the web is in",
                                  comment="-1: an imposed drying rate, no dryer; see zone_name")),
            "stage": ("time", np.array([s.stage for s in snaps], dtype=np.int8),
                      _attrs("1", "drying stage", flag_values="1 2",
                             flag_meanings="shrinking_suspension consolidated_pore_emptying")),
            "evaporated_solvent": ("time", np.array([s.evaporated for s in snaps]),
                                   _attrs("kg m-2", "solvent evaporated since coating")),
            "solvent_mass": ("time", liquid.mean(axis=1) * thickness * problem.solvent_density.item(),
                             _attrs("kg m-2", "solvent left in the film")),
            "dry_volume_fraction": (("depth", "component"), dry_volume.T,
                                    _attrs("1", "volume fraction in the dry coating")),
            "dry_mass_fraction": (("depth", "component"), 100.0 * (dry_mass / dry_mass.sum(axis=0)).T,
                                  _attrs("percent", "dry-basis mass fraction")),
            "dry_porosity": ("depth", 1.0 - dry_volume.sum(axis=0), _attrs("1", "porosity of the dry coating")),
            "component_density": ("component", np.asarray(f.component_densities),
                                  _attrs("kg m-3", "density of the component material")),
            "nominal_mass_fraction": ("component", 100.0 * np.asarray(f.nominal_mass_fraction),
                                      _attrs("percent", "dry-basis mass fraction of the formulation")),
        },
        coords={
            "time": ("time", np.array([s.time for s in snaps]), _attrs("s", "time since coating")),
            "xi": ("xi", xi, _attrs("1", "Landau coordinate z/H (0 at the foil, 1 at the surface)")),
            "component": ("component", np.array(f.components, dtype=str)),
            "component_role": ("component", np.array(f.component_roles, dtype=str)),
            "component_material": ("component", np.array(f.component_materials, dtype=str)),
            "height": (("time", "xi"), thickness[:, None] * xi[None, :], _attrs("m", "height above the foil")),
            "depth": ("depth", depth, _attrs("m", "depth below the dry surface")),
            "depth_cell_width": ("depth", np.full(len(xi), h_dry / len(xi)), _attrs("m", "dry cell width")),
        },
        attrs={
            "title": f"dryingsim result: {problem.scenario.name}",
            "Conventions": "CF-1.8",
            "dryingsim_version": __version__,
            "engine": engine,
            "scenario_name": problem.scenario.name,
            "scenario": scenario_to_toml(problem.scenario),
            "material_sources": json.dumps(f.sources | problem.conditions.sources, indent=1, sort_keys=True),
            "time_steps": np.int64(record.steps),
            "rejected_time_steps": np.int64(record.rejected_steps),
            "stage_switch_time": float(record.switch_time),
            "drying_time": float(record.drying_time),
        },
    )
    if problem.conditions.is_dryer:
        _add_dryer(ds, problem, [record.energy[i] for i in stored])
    return ds


def _add_dryer(ds: xr.Dataset, problem: DryingProblem, energy: list[EnergyTerms]) -> None:
    """Zones and the energy balance (eq. 5.8) of a run through a dryer, in place."""
    zones = problem.conditions.zones
    ds["zone_name"] = ("zone", np.array([z.name for z in zones], dtype=str), _attrs("1", "name of the dryer zone"))
    ds["zone_start_time"] = ("zone", np.array([z.start for z in zones]), _attrs("s", "time the web enters the zone"))
    ds["zone_end_time"] = ("zone", np.array([z.end for z in zones]), _attrs("s", "time the web leaves the zone"))
    ds["zone_air_temperature"] = ("zone", np.array([z.air_temperature for z in zones]), _attrs("K", "air temperature"))
    ds["zone_heat_transfer"] = ("zone", np.array([z.heat_transfer for z in zones]),
                                _attrs("W m-2 K-1", "heat-transfer coefficient, top plus bottom"))
    ds["zone_mass_transfer"] = ("zone", np.array([z.mass_transfer for z in zones]),
                                _attrs("kg m-2 s-1", "mass-transfer coefficient on the humidity-ratio basis k_Y"))
    for name, long_name in (("heat_input", "heat from the dryer air since coating"),
                            ("latent_heat", "latent heat carried off by the evaporated solvent since coating"),
                            ("sensible_heat", "heat stored in film and foil since coating")):
        ds[name] = ("time", np.array([getattr(e, name) for e in energy]), _attrs("J m-2", long_name))
    ds.attrs["dryer_exit_time"] = float(problem.conditions.end_time)

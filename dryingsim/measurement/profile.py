"""The dry coating as the instruments see it: mass per area of each component against depth.

A *profile* is an ``xarray.Dataset`` with dims ``depth`` (cells from the surface down to the foil)
and ``component``:

- ``mass_per_area`` (depth, component) [kg m-2]: mass of each component in each cell per foil area;
- ``volume_fraction`` (depth, component) [1] and ``porosity`` (depth) [1];
- ``component_density`` (component) [kg m-3];
- coordinates ``depth`` (cell centre) and ``depth_cell_width`` [m], ``component_role``,
  ``component_material``.

:func:`dry_profile` makes one from a result of :func:`dryingsim.simulate` (its final dry state) and
passes a profile through unchanged; :func:`make_profile` builds one from arrays, e.g. a measured or
an idealised coating. Depth is measured from the surface; cell ``i`` spans ``faces[i]..faces[i+1]``
(:func:`~dryingsim.results.metrics.depth_faces`). A profile is read with the functions of results: its
thickness is :func:`~dryingsim.results.metrics.dry_thickness`, its binder
:func:`~dryingsim.results.metrics.binder_components`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr

from dryingsim.errors import DryingsimError, InputError
from dryingsim.results.metrics import depth_faces

PROVENANCE_ATTRS = ("dryingsim_version", "engine", "scenario_name", "scenario", "material_sources")
"""Attributes of a result that every measurement made from it carries on."""


def provenance(ds: xr.Dataset) -> dict[str, object]:
    """The :data:`PROVENANCE_ATTRS` that a result, a profile or a measurement of them has."""
    return {key: ds.attrs[key] for key in PROVENANCE_ATTRS if key in ds.attrs}


def _attrs(units: str, long_name: str) -> dict[str, str]:
    return {"units": units, "long_name": long_name}


def make_profile(
    cell_widths: Sequence[float] | np.ndarray,
    volume_fraction: Sequence[Sequence[float]] | np.ndarray,
    components: Sequence[str],
    component_density: Sequence[float] | np.ndarray,
    component_role: Sequence[str],
    component_material: Sequence[str] | None = None,
    attrs: dict[str, object] | None = None,
) -> xr.Dataset:
    """A dry coating profile from arrays (SI units), cells ordered from the surface to the foil.

    Parameters
    ----------
    cell_widths : thickness of each cell [m], shape (n,)
    volume_fraction : volume fraction of each component in each cell, shape (n, k)
    components : component names, length k
    component_density : material density of each component [kg m-3]
    component_role : ``"active"``, ``"conductive"``, ``"latex"`` or ``"dissolved_polymer"``
    component_material : material names (as in the materials library); default: the component names
    attrs : provenance to carry (scenario, material sources, version)

    Raises
    ------
    InputError : negative widths or fractions, fractions summing above 1, mismatched shapes
    """
    widths = np.asarray(cell_widths, dtype=float)
    phi = np.asarray(volume_fraction, dtype=float)
    rho = np.asarray(component_density, dtype=float)
    k = len(components)
    if widths.ndim != 1 or widths.size == 0 or not np.all(np.isfinite(widths)) or np.any(widths <= 0):
        raise InputError("profile.cell_widths", widths.tolist()[:5], "a non-empty list of widths > 0 m")
    if phi.shape != (widths.size, k):
        raise InputError("profile.volume_fraction", phi.shape, f"shape ({widths.size}, {k}): cells x components")
    if not np.all(np.isfinite(phi)) or np.any(phi < 0) or np.any(phi.sum(axis=1) > 1 + 1e-9):
        raise InputError("profile.volume_fraction", "row sums up to " + f"{phi.sum(axis=1).max():.4g}",
                         "fractions in [0, 1] summing to at most 1 per cell")
    if rho.shape != (k,) or np.any(rho <= 0):
        raise InputError("profile.component_density", rho.tolist(), f"{k} densities > 0 kg m-3")
    materials = list(components) if component_material is None else list(component_material)
    depth = np.cumsum(widths) - 0.5 * widths
    return xr.Dataset(
        data_vars={
            "mass_per_area": (("depth", "component"), phi * rho[None, :] * widths[:, None],
                              _attrs("kg m-2", "mass of the component per foil area in the cell")),
            "volume_fraction": (("depth", "component"), phi, _attrs("1", "volume fraction in the dry coating")),
            "porosity": ("depth", 1.0 - phi.sum(axis=1), _attrs("1", "porosity of the dry coating")),
            "component_density": ("component", rho, _attrs("kg m-3", "density of the component material")),
        },
        coords={
            "depth": ("depth", depth, _attrs("m", "depth of the cell centre below the coating surface")),
            "depth_cell_width": ("depth", widths, _attrs("m", "cell thickness")),
            "component": ("component", np.array(components, dtype=str)),
            "component_role": ("component", np.array(component_role, dtype=str)),
            "component_material": ("component", np.array(materials, dtype=str)),
        },
        attrs={"title": "dry coating profile", **(attrs or {})},
    )


def dry_profile(result_or_profile: xr.Dataset) -> xr.Dataset:
    """The dry coating profile of a simulation result; a profile is returned unchanged.

    Raises
    ------
    DryingsimError : the Dataset is neither a result of :func:`dryingsim.simulate` nor a profile
    """
    ds = result_or_profile
    if "mass_per_area" in ds:
        return ds
    if "dry_volume_fraction" not in ds:
        raise DryingsimError("expected a dryingsim result (with 'dry_volume_fraction') or a dry profile "
                             "(with 'mass_per_area'); got a Dataset with " + ", ".join(map(str, ds.data_vars)))
    profile = make_profile(
        ds["depth_cell_width"].values,
        ds["dry_volume_fraction"].transpose("depth", "component").values,
        ds["component"].values.tolist(),
        ds["component_density"].values,
        ds["component_role"].values.tolist(),
        ds["component_material"].values.tolist(),
        attrs={**provenance(ds),
               "title": f"dry coating profile of {ds.attrs.get('scenario_name', 'a dryingsim result')}"},
    )
    if "nominal_mass_fraction" in ds:
        profile["nominal_mass_fraction"] = ds["nominal_mass_fraction"]
    return profile


def cumulative_mass(profile: xr.Dataset, depths: np.ndarray) -> np.ndarray:
    """Mass per area of each component between the surface and each depth [kg m-2].

    Within a cell the composition is uniform, so the cumulative mass is linear between faces and
    exact for any depth; depths outside ``[0, thickness]`` are clipped to it.

    Returns an array of shape ``depths.shape + (component,)``.
    """
    faces = depth_faces(profile)
    mass = profile["mass_per_area"].transpose("depth", "component").values
    at_faces = np.vstack([np.zeros(mass.shape[1]), np.cumsum(mass, axis=0)])
    flat = np.clip(np.asarray(depths, dtype=float).ravel(), 0.0, faces[-1])
    out = np.stack([np.interp(flat, faces, at_faces[:, j]) for j in range(mass.shape[1])], axis=-1)
    return out.reshape(np.shape(depths) + (mass.shape[1],))

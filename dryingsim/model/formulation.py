"""From a scenario's formulation to what is transported: particle classes and dissolved species.

Each particle component is split into size classes; latex bound to active particles becomes
classes that ride with their host class (Lim, Ahn & Yamamura 2013). Initial volume fractions
follow from the dry mass fractions, the solids content and the densities. The dissolved polymer is
a solute in the liquid: its partial volume is left out of the liquid balance (docs/theory,
"Dissolved polymer"), so the modelled wet thickness is the coated one less the polymer volume.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from dryingsim.errors import ScenarioError
from dryingsim.materials import (
    REFERENCE_TEMPERATURE,
    DissolvedPolymer,
    ParticleMaterial,
    Solvent,
    get_material,
    material_sources,
)
from dryingsim.scenario.schema import Component, Layer, Scenario, SizeDistribution

# z-score of the 90th percentile of a normal distribution: (ln D90 - ln D10) / (2 Z90) = sigma
_Z90 = float(norm.ppf(0.9))


@dataclass(frozen=True)
class ParticleClass:
    """One transported particle population.

    radius, settling_density : set its Stokes settling and Brownian motion [m], [kg m-3]; for
        bound latex these are the host's, since it rides on the host
    density : of the material itself, for mass accounting [kg m-3]
    """

    component: str
    label: str
    role: str
    radius: float
    settling_density: float
    density: float
    bound_to: str = ""


@dataclass(frozen=True)
class DissolvedSpecies:
    """A polymer dissolved in the liquid; ``diffusivity`` in the pure solvent [m2 s-1], ``gel_concentration``
    per solvent volume [kg m-3]."""

    component: str
    density: float
    diffusivity: float
    gel_concentration: float


@dataclass(frozen=True)
class Formulation:
    """Everything material-dependent an engine needs, in SI units.

    layer_thickness : modelled wet thickness of each layer, foil upwards [m]
    layer_volume_fractions : initial volume fraction of each class in each layer, (layer, class)
    layer_concentrations : initial dissolved-polymer mass per liquid volume, (layer, species) [kg m-3]
    nominal_mass_fraction : dry-basis mass fraction of each component over the whole coating [-]
    solids_heat_capacity : heat capacity of the dry coating (particles and polymer) per area, from
        the materials' 25 degC values [J m-2 K-1]
    """

    solvent: Solvent
    classes: tuple[ParticleClass, ...]
    dissolved: tuple[DissolvedSpecies, ...]
    components: tuple[str, ...]
    component_roles: tuple[str, ...]
    component_materials: tuple[str, ...]
    component_densities: tuple[float, ...]
    nominal_mass_fraction: tuple[float, ...]
    layer_thickness: tuple[float, ...]
    layer_volume_fractions: np.ndarray
    layer_concentrations: np.ndarray
    sources: dict[str, str]
    solids_heat_capacity: float

    @property
    def class_volumes(self) -> np.ndarray:
        """Volume of each class per area of the wet film [m], (class,)."""
        return (self.layer_volume_fractions * np.asarray(self.layer_thickness)[:, np.newaxis]).sum(axis=0)

    @property
    def solids_volume(self) -> float:
        """Particle volume per area of the whole coating [m]."""
        return float(np.sum(self.layer_volume_fractions.sum(axis=1) * np.asarray(self.layer_thickness)))


def split_size_distribution(size: SizeDistribution, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Diameters [m] and volume shares [-] of the classes a size distribution is split into.

    Explicit classes are kept. D10/D50/D90 percentiles (empty ``volume_fractions``) are fitted with
    a volume-weighted log-normal (median D50, width from D10 and D90) and cut into ``classes``
    classes of equal volume, each represented by its median diameter. Equal diameters merge.
    """
    if size.volume_fractions:
        diameters, shares = np.asarray(size.diameters), np.asarray(size.volume_fractions)
    else:
        d10, d50, d90 = size.diameters
        sigma = (np.log(d90) - np.log(d10)) / (2.0 * _Z90)
        quantiles = (np.arange(classes) + 0.5) / classes
        diameters = d50 * np.exp(sigma * norm.ppf(quantiles))
        shares = np.full(classes, 1.0 / classes)
    unique, inverse = np.unique(np.round(diameters, 15), return_inverse=True)
    return unique, np.bincount(inverse, weights=shares)


def describe_formulation(scenario: Scenario) -> Formulation:
    """Resolve the scenario's materials, classes and initial state; check what needs the materials.

    Raises :class:`~dryingsim.errors.ScenarioError` for an unknown material, a material used in
    the wrong role, a polymer that does not dissolve in the solvent, or solids packed beyond
    ``physics.max_packing`` in the wet slurry.
    """
    solvent = get_material(scenario.solvent, "solvent")
    if not isinstance(solvent, Solvent):
        raise ScenarioError("solvent", scenario.solvent, "a solvent: water or nmp")
    materials = _component_materials(scenario)
    classes = _particle_classes(scenario, materials)
    dissolved = tuple(
        DissolvedSpecies(name, m.density.value, scenario.physics.binder_diffusivity or m.diffusivity.value,
                         scenario.physics.binder_gel_concentration or m.gel_concentration.value)
        for name, m in materials.items() if isinstance(m, DissolvedPolymer)
    )
    names = tuple(materials)
    n_layers = len(scenario.layers)
    fractions = np.zeros((n_layers, len(classes)))
    concentrations = np.zeros((n_layers, len(dissolved)))
    thickness, dry_mass = np.zeros(n_layers), np.zeros((n_layers, len(names)))
    for i, layer in enumerate(scenario.layers):
        thickness[i], fractions[i], concentrations[i], dry_mass[i] = _layer_state(
            i, layer, scenario, solvent, materials, classes, dissolved, names)
    _check_film_holds_particles(scenario, classes, float(thickness.sum()))
    sources = dict(material_sources(solvent))
    for m in materials.values():
        sources.update(material_sources(m))
    return Formulation(
        solvent=solvent, classes=classes, dissolved=dissolved, components=names,
        component_roles=tuple(_role(m) for m in materials.values()),
        component_materials=tuple(m.name for m in materials.values()),
        component_densities=tuple(m.density.value for m in materials.values()),
        nominal_mass_fraction=tuple(dry_mass.sum(axis=0) / dry_mass.sum()),
        layer_thickness=tuple(thickness), layer_volume_fractions=fractions,
        layer_concentrations=concentrations, sources=sources,
        solids_heat_capacity=float(dry_mass.sum(axis=0) @ [m.heat_capacity.value for m in materials.values()]),
    )


def _check_film_holds_particles(scenario: Scenario, classes: tuple[ParticleClass, ...], wet_thickness: float) -> None:
    """A continuum through the thickness needs a film thicker than its largest particles: a wet film thinner
    than the diameter of its largest particle class cannot hold it (the class's median diameter; see
    :func:`split_size_distribution`)."""
    largest = max((c for c in classes if not c.bound_to), key=lambda c: c.radius, default=None)
    if largest is None or wet_thickness >= 2.0 * largest.radius:
        return
    given = "wet_thickness" if scenario.layers[0].wet_thickness is not None else "areal_loading"
    field = f"layers[0].{given}" if len(scenario.layers) == 1 else f"layers[*].{given}"
    value = getattr(scenario.layers[0], given) if len(scenario.layers) == 1 else [
        getattr(layer, given) for layer in scenario.layers]
    raise ScenarioError(field, value, f"a wet film of at least {2e6 * largest.radius:.3g} um",
                        reason=f"the wet film would be {wet_thickness * 1e6:.3g} um thick, thinner than the "
                               f"{2e6 * largest.radius:.3g} um diameter of its largest {largest.component} class")


def _role(material: ParticleMaterial | DissolvedPolymer) -> str:
    return material.kind if isinstance(material, ParticleMaterial) else "dissolved_polymer"


def _component_materials(scenario: Scenario) -> dict[str, ParticleMaterial | DissolvedPolymer]:
    """Materials of every component name, in order of first appearance, checked against the solvent."""
    out: dict[str, ParticleMaterial | DissolvedPolymer] = {}
    for i, layer in enumerate(scenario.layers):
        for j, comp in enumerate(layer.components):
            field = f"layers[{i}].components[{j}].material"
            material = get_material(comp.material, field)
            if isinstance(material, Solvent):
                raise ScenarioError(field, comp.material, "a particle material or a dissolved polymer",
                                    reason="solvents are given by the top-level 'solvent' key")
            if isinstance(material, DissolvedPolymer) and scenario.solvent not in material.solvents:
                raise ScenarioError(field, comp.material, f"a polymer soluble in {scenario.solvent}",
                                    reason=f"{material.name} dissolves in {', '.join(material.solvents)}")
            out.setdefault(comp.name, material)
    return out


def _size_of(scenario: Scenario, name: str, material: ParticleMaterial) -> SizeDistribution:
    """The size distribution of a component: the scenario's (the same in every layer) or the material's."""
    given = {c.size for layer in scenario.layers for c in layer.components if c.name == name and c.size}
    if len(given) > 1:
        raise ScenarioError(f"component '{name}'.size", sorted(map(str, given)),
                            "one size distribution per component name across layers")
    if given:
        return given.pop()
    return SizeDistribution((material.d10.value, material.d50.value, material.d90.value), ())


def _classes_for(material: ParticleMaterial, scenario: Scenario) -> int:
    """Size classes of a component: ``numerics.size_classes`` for active material, one otherwise.

    Sub-micron carbon black and latex barely settle; their spread of sizes changes nothing the
    model resolves, while every class costs one transport equation.
    """
    return scenario.numerics.size_classes if material.kind == "active" else 1


def _particle_classes(scenario: Scenario, materials: dict) -> tuple[ParticleClass, ...]:
    """Free classes of every particle component, then latex classes bound to each active class."""
    free: list[ParticleClass] = []
    for name, material in materials.items():
        if not isinstance(material, ParticleMaterial):
            continue
        diameters, _ = split_size_distribution(_size_of(scenario, name, material), _classes_for(material, scenario))
        for k, d in enumerate(diameters):
            label = name if len(diameters) == 1 else f"{name}[{k}]"
            free.append(ParticleClass(name, label, material.kind, d / 2, material.density.value,
                                      material.density.value))
    bound = []
    if scenario.physics.latex_bound_fraction > 0.0:
        for latex in (c for c in free if c.role == "latex"):
            bound += [ParticleClass(latex.component, f"{latex.label}@{host.label}", "latex", host.radius,
                                    host.settling_density, latex.density, bound_to=host.label)
                      for host in free if host.role == "active"]
    return tuple(free + bound)


def _component_shares(scenario: Scenario, comp: Component, material: ParticleMaterial) -> dict[float, float]:
    diameters, shares = split_size_distribution(_size_of(scenario, comp.name, material),
                                                _classes_for(material, scenario))
    return {d / 2: s for d, s in zip(diameters, shares, strict=True)}


def _layer_state(index: int, layer: Layer, scenario: Scenario, solvent: Solvent, materials: dict,
                 classes: tuple[ParticleClass, ...], dissolved: tuple[DissolvedSpecies, ...],
                 names: tuple[str, ...]) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Modelled thickness, class volume fractions, polymer concentrations and dry mass per area."""
    # volumes per unit mass of slurry [m3 kg-1]
    solvent_volume = (1.0 - layer.solids_content) / solvent.density(REFERENCE_TEMPERATURE)
    particle_volume = np.zeros(len(classes))
    polymer_mass = np.zeros(len(dissolved))
    polymer_volume = 0.0
    for comp in layer.components:
        material = materials[comp.name]
        mass = layer.solids_content * comp.mass_fraction
        if isinstance(material, DissolvedPolymer):
            polymer_mass[[s.component for s in dissolved].index(comp.name)] += mass
            polymer_volume += mass / material.density.value
            continue
        for radius, share in _component_shares(scenario, comp, material).items():
            k = next(k for k, c in enumerate(classes)
                     if c.component == comp.name and not c.bound_to and c.radius == radius)
            particle_volume[k] += share * mass / material.density.value
    _bind_latex(particle_volume, classes, scenario.physics.latex_bound_fraction)
    slurry_volume = solvent_volume + particle_volume.sum() + polymer_volume
    model_volume = solvent_volume + particle_volume.sum()
    phi = particle_volume / model_volume
    limit = scenario.physics.max_packing * (1.0 - scenario.numerics.consolidation_tolerance)
    if phi.sum() >= limit:
        raise ScenarioError(f"layers[{index}].solids_content", layer.solids_content,
                            f"a solids content whose particle volume fraction is below {limit:.3f}",
                            reason=f"particles fill {phi.sum():.3f} of the wet slurry, "
                                   f"at or above maximum packing {scenario.physics.max_packing}")
    if layer.wet_thickness is not None:
        slurry_mass = layer.wet_thickness / slurry_volume  # kg of slurry per m2
    else:
        slurry_mass = layer.areal_loading / layer.solids_content
    dry_mass = np.array([sum(slurry_mass * layer.solids_content * c.mass_fraction
                             for c in layer.components if c.name == n) for n in names])
    return slurry_mass * model_volume, phi, polymer_mass / solvent_volume, dry_mass


def _bind_latex(volume: np.ndarray, classes: tuple[ParticleClass, ...], bound_fraction: float) -> None:
    """Move ``bound_fraction`` of each latex class's volume onto the active classes, in place.

    Shares follow the hosts' surface area per volume, proportional to volume / radius
    (adsorption on the particle surface; Lim, Ahn & Yamamura 2013, Langmuir 29, 8233).
    """
    hosts = [k for k, c in enumerate(classes) if c.role == "active" and not c.bound_to]
    area = np.array([volume[k] / classes[k].radius for k in hosts])
    if bound_fraction == 0.0 or area.sum() == 0.0:
        return
    for k, latex in enumerate(classes):
        if latex.role != "latex" or latex.bound_to:
            continue
        moved = bound_fraction * volume[k]
        volume[k] -= moved
        for host, share in zip(hosts, area / area.sum(), strict=True):
            target = next(j for j, c in enumerate(classes)
                          if c.bound_to == classes[host].label and c.label.startswith(f"{latex.label}@"))
            volume[target] += moved * share

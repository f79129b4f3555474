"""The drying problem every engine solves: closures bound to the materials of one scenario, or of a batch.

An engine discretises and marches in time; everything physical it needs (velocities,
diffusivities, permeabilities, the drying rate) comes from a :class:`DryingProblem`, so two
engines on the same scenario solve the same physics. Equation numbers refer to docs/theory.

A problem holds a batch of scenarios (one, for a single run) that share their structure (cells,
particle classes, dissolved species) and may differ in any number. Arrays follow
:mod:`dryingsim.numerics.discretisation`: leading axes (class or species), then the batch, then the
cells; a per-scenario number is a (batch, 1) array and a per-class one a (class, batch, 1) array.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from dryingsim.closures import capillarity, consolidation, diffusion, evaporation, heat_transfer, retention, settling
from dryingsim.errors import ScenarioError
from dryingsim.materials import REFERENCE_TEMPERATURE
from dryingsim.model.conditions import DryingConditions, drying_conditions
from dryingsim.model.formulation import Formulation, ParticleClass, describe_formulation
from dryingsim.scenario.schema import Scenario
from dryingsim.scenario.validate import check_scenario


@dataclass(frozen=True)
class Member:
    """One scenario of a batch: the scenario, its resolved materials and its drying conditions."""

    scenario: Scenario
    formulation: Formulation
    conditions: DryingConditions

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> Member:
        """Bind a scenario to its materials and drying conditions: the one complete check of a scenario
        (field ranges, materials and packing, the dryer, a film that dries); a scenario is valid if and
        only if this succeeds.

        Raises
        ------
        ScenarioError : naming the field, the value and what is allowed
        """
        check_scenario(scenario)
        formulation = describe_formulation(scenario)
        conditions = drying_conditions(scenario.drying, formulation.solvent)
        if not conditions.is_dryer and scenario.drying.rates[-1] <= 0.0:  # type: ignore[union-attr]
            raise ScenarioError("drying.schedule", scenario.drying.rates[-1],  # type: ignore[union-attr]
                                "a last rate above 0 kg m-2 s-1", reason="the film would never dry")
        return cls(scenario, formulation, conditions)

    @property
    def structure(self) -> tuple:
        """What must be equal for scenarios to share a batch: cells, particle classes, dissolved species."""
        classes = tuple((c.role, bool(c.bound_to)) for c in self.formulation.classes)
        return self.scenario.numerics.cells, classes, len(self.formulation.dissolved)


@dataclass(frozen=True)
class DryingProblem:
    """A batch of scenarios' physics, as functions of the state, at one film temperature per scenario.

    Transport values given at 25 degC (liquid viscosity, polymer diffusivity) follow the film
    temperature: the viscosity like the solvent's, diffusivities by Stokes-Einstein (eq. 5.7);
    :meth:`at_temperature` gives the same problem at other film temperatures.
    """

    members: tuple[Member, ...]
    temperature: np.ndarray

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> DryingProblem:
        """A batch of one."""
        return cls.from_members([Member.from_scenario(scenario)])

    @classmethod
    def from_members(cls, members: Sequence[Member]) -> DryingProblem:
        """A batch of scenarios of one structure (see :attr:`Member.structure`), each at its initial temperature."""
        structures = {m.structure for m in members}
        if len(structures) != 1:
            raise ScenarioError("scenarios", f"{len(structures)} structures", "one batch structure",
                                reason="cells, particle classes and dissolved species must match within a batch")
        temperature = np.array([[m.conditions.initial_temperature] for m in members], dtype=float)
        return cls(tuple(members), temperature)

    def at_temperature(self, temperature: np.ndarray) -> DryingProblem:
        """This problem at other film temperatures [K], (batch, 1)."""
        temperature = np.asarray(temperature, dtype=float).reshape(-1, 1)
        return self if np.array_equal(temperature, self.temperature) else replace(self, temperature=temperature)

    def take(self, rows: np.ndarray) -> DryingProblem:
        """The scenarios ``rows`` of the batch, at their temperatures."""
        return DryingProblem(tuple(self.members[i] for i in rows), self.temperature[rows])

    # ---- one scenario -------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        """The scenario of a batch of one (the first of a batch)."""
        return self.members[0].scenario

    @property
    def formulation(self) -> Formulation:
        """The formulation of a batch of one (the first of a batch)."""
        return self.members[0].formulation

    @property
    def conditions(self) -> DryingConditions:
        """The drying conditions of a batch of one (the first of a batch)."""
        return self.members[0].conditions

    # ---- numbers per scenario --------------------------------------------------------------
    def per_scenario(self, value: Callable[[Member], float]) -> np.ndarray:
        """``value`` of every scenario, (batch, 1)."""
        return np.array([[value(m)] for m in self.members], dtype=float)

    def _per_class(self, value: Callable[[ParticleClass], float]) -> np.ndarray:
        """``value`` of every particle class of every scenario, (class, batch, 1)."""
        return np.array([[[value(c)] for c in m.formulation.classes] for m in self.members], dtype=float
                        ).reshape(len(self.members), -1, 1).transpose(1, 0, 2)

    def _per_species(self, value: Callable) -> np.ndarray:
        """``value`` of every dissolved species of every scenario, (species, batch, 1)."""
        return np.array([[[value(s)] for s in m.formulation.dissolved] for m in self.members], dtype=float
                        ).reshape(len(self.members), -1, 1).transpose(1, 0, 2)

    def _grouped(self, key: Callable[[Member], object], evaluate: Callable[[np.ndarray, np.ndarray], np.ndarray],
                 values: np.ndarray) -> np.ndarray:
        """``evaluate(values[rows], rows)`` for each group ``rows`` of scenarios with one ``key`` (batch axis -2)."""
        keys = [key(m) for m in self.members]
        if len(set(keys)) == 1:
            return evaluate(values, np.arange(len(keys)))
        out = np.empty(np.broadcast_shapes(values.shape, (len(keys), 1)))
        for k in dict.fromkeys(keys):
            rows = np.array([i for i, other in enumerate(keys) if other == k])
            out[..., rows, :] = evaluate(values[..., rows, :], rows)
        return out

    def _solvent(self, prop: str, temperature: np.ndarray) -> np.ndarray:
        """A solvent property at per-scenario temperatures (batch, 1), one vectorised call per solvent."""
        return self._grouped(lambda m: m.formulation.solvent.name,
                             lambda t, rows: getattr(self.members[rows[0]].formulation.solvent, prop)(t), temperature)

    def _by_potential_law(self, function: Callable[..., np.ndarray], values: np.ndarray) -> np.ndarray:
        """``function(values, max_packing, network, exponent)`` for each group of scenarios with the same
        maximum packing and compressive-yield exponent, with their network coefficients (rows, 1)."""
        def law(m: Member) -> tuple[float, float]:
            return m.scenario.physics.max_packing, m.scenario.rheology.compressive_yield_exponent

        def evaluate(v: np.ndarray, rows: np.ndarray) -> np.ndarray:
            packing, exponent = law(self.members[rows[0]])
            return function(v, packing, self.network_coefficient[rows], exponent)

        return self._grouped(law, evaluate, values)

    def _conditions(self, method: str, time: np.ndarray) -> np.ndarray:
        """A vectorised conditions method (``surface_rates``, ``gas_side_coefficients``) per kind of conditions."""
        def evaluate(t: np.ndarray, rows: np.ndarray) -> np.ndarray:
            kind = type(self.members[rows[0]].conditions)
            return getattr(kind, method)([self.members[i].conditions for i in rows], t, self.temperature[rows])

        return self._grouped(lambda m: type(m.conditions), evaluate, time)

    @cached_property
    def sauter_radius(self) -> np.ndarray:
        """Sauter mean radius of the particles that form the network (all but free latex) [m], (batch, 1)."""
        def radius(m: Member) -> float:
            held = [(v, c.radius) for v, c in zip(m.formulation.class_volumes, m.formulation.classes, strict=True)
                    if not (c.role == "latex" and not c.bound_to)]
            return sum(v for v, _ in held) / sum(v / r for v, r in held)

        return self.per_scenario(radius)

    @cached_property
    def network_coefficient(self) -> np.ndarray:
        """Network coefficient c = Lambda P_y0 / phi_0^n of the collective potential, eq. (3.5b) [-], (batch, 1):
        P_y0 the compressive yield stress at the coating's solids fraction phi_0."""
        def stress(m: Member) -> float:
            rheology = m.scenario.rheology
            if rheology.compressive_yield_stress is not None:
                return rheology.compressive_yield_stress
            return consolidation.COMPRESSIVE_TO_SHEAR_YIELD * rheology.yield_stress

        def solids(m: Member) -> float:
            return m.formulation.solids_volume / sum(m.formulation.layer_thickness)

        return consolidation.network_coefficient(
            self.per_scenario(stress), self.per_scenario(solids),
            self.per_scenario(lambda m: m.scenario.rheology.compressive_yield_exponent),
            self.sauter_radius, self.temperature)

    @cached_property
    def max_packing(self) -> np.ndarray:
        return self.per_scenario(lambda m: m.scenario.physics.max_packing)

    # ---- properties at the film temperature -----------------------------------------------
    @cached_property
    def viscosity_factor(self) -> np.ndarray:
        """mu_solvent(T) / mu_solvent(25 degC): how the liquid viscosity follows the temperature, eq. (5.7)."""
        reference = np.full_like(self.temperature, REFERENCE_TEMPERATURE)
        return self._solvent("viscosity", self.temperature) / self._solvent("viscosity", reference)

    @cached_property
    def viscosity(self) -> np.ndarray:
        """Liquid viscosity at the film temperature [Pa s]."""
        return self.per_scenario(lambda m: m.scenario.rheology.liquid_viscosity) * self.viscosity_factor

    @cached_property
    def solvent_density(self) -> np.ndarray:
        """At 25 degC, fixed: the liquid volume is conserved (thermal expansion left out)."""
        return self._solvent("density", np.full_like(self.temperature, REFERENCE_TEMPERATURE))

    @cached_property
    def surface_tension(self) -> np.ndarray:
        return self._solvent("surface_tension", self.temperature)

    @cached_property
    def vapour_diffusivity(self) -> np.ndarray:
        """Of the solvent vapour in the air at the film temperature and the air pressure (D ~ 1/P) [m2 s-1]."""
        at_standard_pressure = self._solvent("vapour_diffusivity", self.temperature)
        return heat_transfer.diffusivity_at_pressure(at_standard_pressure,
                                                     self.per_scenario(lambda m: m.conditions.air_pressure))

    @cached_property
    def radius(self) -> np.ndarray:
        return self._per_class(lambda c: c.radius)

    @cached_property
    def settling_density(self) -> np.ndarray:
        return self._per_class(lambda c: c.settling_density)

    @cached_property
    def free_latex(self) -> np.ndarray:
        """Mask of the latex classes not bound to a host: they follow the liquid in stage 2 (class,)."""
        return np.array([c.role == "latex" and not c.bound_to for c in self.formulation.classes])

    @cached_property
    def brownian_diffusivity(self) -> np.ndarray:
        """Stokes-Einstein diffusivity of each class, eq. (3.4) [m2 s-1]."""
        return diffusion.stokes_einstein_diffusivity(self.radius, self.viscosity, self.temperature)

    @cached_property
    def arrest_factor(self) -> np.ndarray:
        """Yield-stress arrest of each class's settling, eq. (3.3) [-]."""
        y = settling.yield_number(self.per_scenario(lambda m: m.scenario.rheology.yield_stress), self.radius,
                                  self.settling_density, self.solvent_density)
        return settling.yield_arrest_factor(y, self.per_scenario(lambda m: m.scenario.physics.critical_yield_number))

    @cached_property
    def polymer_diffusivity(self) -> np.ndarray:
        """Dissolved-polymer diffusivity at the film temperature, Stokes-Einstein D ~ T / mu, eq. (5.7) [m2 s-1]."""
        scale = self.temperature / REFERENCE_TEMPERATURE / self.viscosity_factor
        return self._per_species(lambda s: s.diffusivity) * scale

    @cached_property
    def polymer_density(self) -> np.ndarray:
        return self._per_species(lambda s: s.density)

    @cached_property
    def polymer_gel_concentration(self) -> np.ndarray:
        return self._per_species(lambda s: s.gel_concentration)

    # ---- initial state --------------------------------------------------------------------
    def initial_fields(self, xi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Wet thickness H0 [m] (batch, 1), class volume fractions (class, batch, cell), polymer
        concentrations (species, batch, cell).

        Layers are piecewise constant in the Landau coordinate; a cell straddling a layer
        boundary takes the layer of its centre.
        """
        thickness, fractions, concentrations = [], [], []
        for m in self.members:
            f = m.formulation
            layers = np.asarray(f.layer_thickness)
            layer = np.minimum(np.searchsorted(np.cumsum(layers) / layers.sum(), xi), len(layers) - 1)
            thickness.append([layers.sum()])
            fractions.append(f.layer_volume_fractions[layer].T)
            concentrations.append(f.layer_concentrations[layer].T)
        return np.array(thickness), np.stack(fractions, axis=1), np.stack(concentrations, axis=1)

    # ---- stage 1: the shrinking suspension ------------------------------------------------
    def settling_velocities(self, phi: np.ndarray) -> np.ndarray:
        """Lab-frame settling velocity of every class, eq. (3.2) [m s-1], shape of ``phi`` (class, batch, cell)."""
        phi_s = phi.sum(axis=0)
        density_suspension = (phi * self.settling_density).sum(axis=0) + (1.0 - phi_s) * self.solvent_density
        u = settling.hindered_settling_velocity(
            self.radius, self.settling_density, density_suspension, self.viscosity, phi_s,
            self.per_scenario(lambda m: m.scenario.physics.richardson_zaki_exponent))
        return u * self.arrest_factor

    def collective_potential(self, phi_s: np.ndarray) -> np.ndarray:
        r"""Kirchhoff potential :math:`\Pi(\phi_s)` of collective diffusion, eq. (3.5) [-].

        The collective flux of the mixture is :math:`-\bar D_0\, \partial \Pi / \partial z`.
        """
        return self._by_potential_law(diffusion.collective_potential, phi_s)

    def solids_fraction(self, potential: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r"""Solids fraction :math:`\phi_s(\Pi)` and its capacity :math:`d\phi_s/d\Pi = 1/(K \tilde Z)`, eq. (3.5)."""
        phi_s = self._by_potential_law(diffusion.solids_fraction_from_potential, potential)
        return phi_s, self._by_potential_law(diffusion.collective_capacity, phi_s)

    def relative_mobility(self, phi_s: np.ndarray) -> np.ndarray:
        """Hindered Brownian diffusivity of each class relative to the mixture, eq. (3.6) [m2 s-1]."""
        return self.brownian_diffusivity * diffusion.batchelor_sedimentation_hindrance(phi_s)

    def mixture_diffusivity(self, composition: np.ndarray) -> np.ndarray:
        """Brownian diffusivity of the mixture, the composition-weighted mean sum_p x_p D0_p of eq. (3.5)
        [m2 s-1]; ``composition`` (class, batch, ...)."""
        return (composition * self.brownian_diffusivity).sum(axis=0)

    def relative_diffusion_matrix(self, composition: np.ndarray, phi_s: np.ndarray) -> np.ndarray:
        r"""Coupled relative diffusion per solids fraction, eq. (3.6): :math:`\Gamma_{pq} = m_p \delta_{pq} - x_p m_q`
        with :math:`m` the :meth:`relative_mobility` [m2 s-1], (class, class, batch, ...). Its columns sum to
        zero, so the relative fluxes :math:`-\phi \Gamma \partial x / \partial z` move no net solids."""
        mobility = self.relative_mobility(phi_s)[np.newaxis]
        identity = np.eye(len(composition))[:, :, np.newaxis, np.newaxis]
        return identity * mobility - composition[:, np.newaxis] * mobility

    def solute_diffusivity(self, liquid_fraction: np.ndarray) -> np.ndarray:
        """Effective diffusivity of each dissolved polymer in the pore liquid, eq. (3.8), (species, batch, ...)."""
        return self.polymer_diffusivity * self.tortuosity_factor(liquid_fraction)

    # ---- binder: carried, held or captured ----------------------------------------------------
    def polymer_mobility(self, concentration: np.ndarray) -> np.ndarray:
        """Share of each dissolved polymer (species, batch, cell) the liquid carries, eq. (4.9)."""
        return retention.gel_mobility(concentration, self.polymer_gel_concentration)

    def latex_mobility(self, fraction_in_liquid: np.ndarray, polymer_concentration: np.ndarray) -> np.ndarray:
        """Share of the free latex (class, batch, cell) the pore liquid carries, eq. (4.9): less as it packs
        in the liquid, and held by the polymer network of that liquid as the polymer is (Lim et al. 2013)."""
        packed = retention.pore_uptake(fraction_in_liquid, self.max_packing)
        if not len(polymer_concentration):
            return packed
        return packed * self.polymer_mobility(polymer_concentration).prod(axis=0)

    def solute_mobility(self, carried: np.ndarray) -> np.ndarray:
        """Mobile share of every carried solute, eq. (4.9): the dissolved polymers (mass per liquid volume)
        first, then the free latex (volume per liquid volume), (solute, batch, cell)."""
        n_poly = len(self.polymer_diffusivity)
        return np.concatenate((self.polymer_mobility(carried[:n_poly]),
                               self.latex_mobility(carried[n_poly:], carried[:n_poly])))

    def polymer_occupancy(self, concentration: np.ndarray) -> np.ndarray:
        """Polymer volume per liquid volume of the dissolved polymers, the occupancy of eq. (4.10) [-]."""
        return (concentration / self.polymer_density).sum(axis=0)

    @staticmethod
    def pore_occupancy(carried: np.ndarray, solute_volume: np.ndarray, liquid: np.ndarray,
                       porosity: np.ndarray, deposit: np.ndarray | float = 0.0) -> np.ndarray:
        """Binder volume per pore volume of the carried solutes held by ``liquid`` and of the latex
        ``deposit`` (volume per film volume), eq. (4.10) [-]."""
        return ((carried * solute_volume).sum(axis=0) * liquid + np.sum(deposit, axis=0)) / porosity

    @cached_property
    def adsorption_length(self) -> np.ndarray:
        """Henry length K_H of the polymers' adsorption on the particles [m], (batch, 1), eq. (3.13)."""
        return self.per_scenario(lambda m: m.scenario.physics.binder_adsorption)

    def adsorbed_per_concentration(self, phi: np.ndarray) -> np.ndarray:
        """Adsorbed polymer per total volume over its dissolved concentration, K_H a, eq. (3.13) [-]:
        a the surface of the particles that hold it (every class but free latex), (batch, cell)."""
        held = ~self.free_latex
        surface = retention.specific_surface(phi[held], self.radius[held]).sum(axis=0)
        return retention.adsorbed_per_volume(surface, self.adsorption_length)

    def latex_capture(self, porosity: np.ndarray, collector_diameter: np.ndarray,
                      superficial_speed: np.ndarray) -> np.ndarray:
        """Rate at which each free latex class attaches to the skeleton [s-1], eq. (4.11), (latex, batch, cell)."""
        return retention.deposition_rate(
            porosity, collector_diameter, self.brownian_diffusivity[self.free_latex], superficial_speed,
            self.per_scenario(lambda m: m.scenario.physics.latex_attachment))

    @cached_property
    def carried_solute_diffusivity(self) -> np.ndarray:
        """Diffusivity in the free liquid of every solute the pore liquid carries, dissolved polymers then free
        latex [m2 s-1], (solute, batch, 1)."""
        return np.concatenate((self.polymer_diffusivity, self.brownian_diffusivity[self.free_latex]))

    @staticmethod
    def tortuosity_factor(liquid_fraction: np.ndarray) -> np.ndarray:
        """Bruggeman tortuosity factor of diffusion in the liquid of a porous film, eq. (3.8) [-]."""
        return diffusion.bruggeman_tortuosity_factor(liquid_fraction)

    def open_pores(self, occupancy: np.ndarray) -> np.ndarray:
        """Share of the carried binder a cell with binder ``occupancy`` (per pore volume) takes in, eq. (4.10)."""
        return retention.pore_uptake(occupancy, self.max_packing)

    # ---- drying conditions, per scenario ---------------------------------------------------
    def drying_rate(self, time: np.ndarray) -> np.ndarray:
        """Evaporation mass flux of a wet surface at the film temperature [kg m-2 s-1], (batch, 1)."""
        return self._conditions("surface_rates", time)

    def gas_side_coefficient(self, time: np.ndarray) -> np.ndarray:
        """:math:`\\beta` of the receding front, eq. (4.7) [m s-1], (batch, 1)."""
        return self._conditions("gas_side_coefficients", time)

    def film_temperature(self, time: np.ndarray, dt: np.ndarray, start: np.ndarray, heat_capacity: np.ndarray,
                         wet_share: np.ndarray | None = None) -> np.ndarray:
        """Film temperature at the end of a step from ``start`` [K], eq. (5.8), (batch, 1); NaN where the
        evaporating share is not finite."""
        share = np.ones_like(time) if wet_share is None else wet_share
        out = np.full_like(time, np.nan)
        for i, m in enumerate(self.members):
            if np.isfinite(share[i, 0]) and np.isfinite(heat_capacity[i, 0]):
                out[i, 0] = m.conditions.film_temperature(float(time[i, 0]), float(dt[i, 0]),
                                                          float(start[i, 0]), float(heat_capacity[i, 0]),
                                                          float(share[i, 0]))
        return out

    def evaporated_mass(self, t0: np.ndarray, t1: np.ndarray) -> np.ndarray:
        """Solvent leaving a wet surface from t0 to t1 at this problem's temperature [kg m-2], (batch, 1)."""
        return np.array([[m.conditions.evaporated_mass(float(a), float(b), float(temp))]
                         for m, a, b, temp in zip(self.members, t0[:, 0], t1[:, 0], self.temperature[:, 0],
                                                  strict=True)])

    @cached_property
    def dry_heat_capacity(self) -> np.ndarray:
        """Heat capacity of the solids and the foil per area [J m-2 K-1] (the foil only under a dryer)."""
        return self.per_scenario(lambda m: m.formulation.solids_heat_capacity + m.conditions.foil_heat_capacity)

    def film_heat_capacity(self, solvent_mass: np.ndarray) -> np.ndarray:
        """Heat capacity of film and foil per area holding ``solvent_mass`` [kg m-2] of solvent [J m-2 K-1]."""
        return self.dry_heat_capacity + solvent_mass * self._solvent("heat_capacity", self.temperature)

    # ---- stage 2: the consolidated film ---------------------------------------------------
    def skeleton_diameter(self, phi: np.ndarray) -> np.ndarray:
        """Sauter mean diameter of the skeleton (all classes but free latex) in each cell [m]."""
        skeleton = phi[~self.free_latex]
        return skeleton.sum(axis=0) / (skeleton / (2.0 * self.radius[~self.free_latex])).sum(axis=0)

    def capillary_properties(self, porosity: np.ndarray, diameter: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Permeability [m2] and capillary entry pressure [Pa] of each cell, eqs. (4.3)-(4.4)."""
        k = capillarity.kozeny_carman_permeability(porosity, diameter)
        p_b = capillarity.entry_capillary_pressure(
            porosity, diameter, self.surface_tension,
            self.per_scenario(lambda m: m.scenario.physics.capillary_pressure_scale))
        return k, p_b

    @cached_property
    def pore_index(self) -> np.ndarray:
        return self.per_scenario(lambda m: m.scenario.physics.brooks_corey_lambda)

    @cached_property
    def residual_saturation(self) -> np.ndarray:
        return self.per_scenario(lambda m: m.scenario.physics.residual_saturation)

    def saturation(self, capillary_pressure: np.ndarray, entry_pressure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pore saturation and its capacity -dS/dp_c [Pa-1] at a capillary pressure, eq. (4.4)."""
        return capillarity.retention_curve(capillary_pressure, entry_pressure, self.pore_index,
                                           self.residual_saturation)

    def liquid_mobility(self, saturation: np.ndarray, permeability: np.ndarray | float) -> np.ndarray:
        r""":math:`k k_r(S) / \mu` [m2 Pa-1 s-1], eq. (4.2); the residual liquid does not flow."""
        k_r = capillarity.relative_permeability(saturation, self.pore_index, self.residual_saturation)
        return permeability * k_r / self.viscosity

    def front_evaporation(self, time: np.ndarray, saturation: np.ndarray, porosity: np.ndarray,
                          depth_of_cell_top: np.ndarray, cell_depth: np.ndarray) -> np.ndarray:
        """Solvent volume flux leaving each cell by evaporation [m s-1], eqs. (4.6)-(4.7).

        The evaporation front sits in the uppermost cell that still holds liquid: cell j takes the
        share w(S_j) prod_{k above j} (1 - w(S_k)) of the wet-surface rate, with the C1 wetness
        w of :func:`~dryingsim.closures.evaporation.front_wetness`. Inside that cell the front lies
        (1 - w) of the cell's depth below its top; the rate reaching it falls by vapour diffusion
        through the dry layer above, in series with the gas side.
        """
        ramp = self.per_scenario(lambda m: m.scenario.physics.front_saturation)
        w = evaporation.front_wetness(saturation, ramp)
        above = np.concatenate((np.cumprod((1.0 - w)[..., ::-1], axis=-1)[..., ::-1][..., 1:],
                                np.ones_like(w[..., :1])), axis=-1)
        factor = evaporation.receding_front_factor(self.gas_side_coefficient(time),
                                                   depth_of_cell_top + (1.0 - w) * cell_depth,
                                                   self.vapour_diffusivity, porosity.mean(axis=-1, keepdims=True))
        return self.drying_rate(time) / self.solvent_density * w * above * factor

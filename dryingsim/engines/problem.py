"""The drying problem every engine solves: closures bound to one scenario's materials.

An engine discretises and marches in time; everything physical it needs (velocities,
diffusivities, permeabilities, the drying rate) comes from a :class:`DryingProblem`, so two
engines on the same scenario solve the same physics. Equation numbers refer to docs/theory.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from dryingsim.closures import capillarity, deposition, diffusion, evaporation, heat_transfer, settling
from dryingsim.engines.conditions import DryingConditions, drying_conditions
from dryingsim.materials import REFERENCE_TEMPERATURE
from dryingsim.materials.formulation import Formulation, describe_formulation
from dryingsim.scenario.schema import Scenario


@dataclass(frozen=True)
class DryingProblem:
    """One scenario's physics, as functions of the state, at one film temperature.

    Transport values given at 25 degC (liquid viscosity, polymer diffusivity) follow the film
    temperature: the viscosity like the solvent's, diffusivities by Stokes-Einstein (eq. 5.7);
    :meth:`at_temperature` gives the same problem at another film temperature.
    """

    scenario: Scenario
    formulation: Formulation
    conditions: DryingConditions
    temperature: float

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> DryingProblem:
        formulation = describe_formulation(scenario)
        conditions = drying_conditions(scenario.drying, formulation.solvent)
        return cls(scenario, formulation, conditions, conditions.initial_temperature)

    def at_temperature(self, temperature: float) -> DryingProblem:
        """This problem at another film temperature [K]."""
        return self if temperature == self.temperature else replace(self, temperature=float(temperature))

    # ---- properties at the film temperature -----------------------------------------------
    @cached_property
    def viscosity_factor(self) -> float:
        """mu_solvent(T) / mu_solvent(25 degC): how the liquid viscosity follows the temperature, eq. (5.7)."""
        mu = self.formulation.solvent.viscosity
        return float(mu(self.temperature) / mu(REFERENCE_TEMPERATURE))

    @property
    def viscosity(self) -> float:
        """Liquid viscosity at the film temperature [Pa s]."""
        return self.scenario.rheology.liquid_viscosity * self.viscosity_factor

    @cached_property
    def solvent_density(self) -> float:
        """At 25 degC, fixed: the liquid volume is conserved (thermal expansion left out)."""
        return float(self.formulation.solvent.density(REFERENCE_TEMPERATURE))

    @cached_property
    def surface_tension(self) -> float:
        return float(self.formulation.solvent.surface_tension(self.temperature))

    @cached_property
    def vapour_diffusivity(self) -> float:
        """Of the solvent vapour in the air at the film temperature and the air pressure (D ~ 1/P) [m2 s-1]."""
        at_standard_pressure = float(self.formulation.solvent.vapour_diffusivity(self.temperature))
        return heat_transfer.diffusivity_at_pressure(at_standard_pressure, self.conditions.air_pressure)

    @cached_property
    def radius(self) -> np.ndarray:
        return np.array([c.radius for c in self.formulation.classes])

    @cached_property
    def settling_density(self) -> np.ndarray:
        return np.array([c.settling_density for c in self.formulation.classes])

    @cached_property
    def free_latex(self) -> np.ndarray:
        """Mask of the latex classes not bound to a host: they follow the liquid in stage 2."""
        return np.array([c.role == "latex" and not c.bound_to for c in self.formulation.classes])

    @cached_property
    def brownian_diffusivity(self) -> np.ndarray:
        """Stokes-Einstein diffusivity of each class, eq. (3.4) [m2 s-1]."""
        return diffusion.stokes_einstein_diffusivity(self.radius, self.viscosity, self.temperature)

    @cached_property
    def arrest_factor(self) -> np.ndarray:
        """Yield-stress arrest of each class's settling, eq. (3.3) [-]."""
        y = settling.yield_number(self.scenario.rheology.yield_stress, self.radius, self.settling_density,
                                  self.solvent_density)
        return settling.yield_arrest_factor(y, self.scenario.physics.critical_yield_number)

    @cached_property
    def polymer_diffusivity(self) -> np.ndarray:
        """Dissolved-polymer diffusivity at the film temperature, Stokes-Einstein D ~ T / mu, eq. (5.7) [m2 s-1]."""
        scale = self.temperature / REFERENCE_TEMPERATURE / self.viscosity_factor
        return np.array([s.diffusivity * scale for s in self.formulation.dissolved])

    @cached_property
    def polymer_density(self) -> np.ndarray:
        return np.array([s.density for s in self.formulation.dissolved])

    @cached_property
    def polymer_gel_concentration(self) -> np.ndarray:
        return np.array([s.gel_concentration for s in self.formulation.dissolved])

    # ---- initial state --------------------------------------------------------------------
    def initial_fields(self, xi: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """Wet thickness H0 [m], class volume fractions (class, cell), polymer concentrations (species, cell).

        Layers are piecewise constant in the Landau coordinate; a cell straddling a layer
        boundary takes the layer of its centre.
        """
        thickness = np.asarray(self.formulation.layer_thickness)
        tops = np.cumsum(thickness) / thickness.sum()
        layer = np.minimum(np.searchsorted(tops, xi), len(tops) - 1)
        return (float(thickness.sum()), self.formulation.layer_volume_fractions[layer].T.copy(),
                self.formulation.layer_concentrations[layer].T.copy())

    # ---- stage 1: the shrinking suspension ------------------------------------------------
    def settling_velocities(self, phi: np.ndarray) -> np.ndarray:
        """Lab-frame settling velocity of every class, eq. (3.2) [m s-1], shape of ``phi`` (class, ...)."""
        phi_s = phi.sum(axis=0)
        density_suspension = (phi * self.settling_density[:, None]).sum(axis=0) \
            + (1.0 - phi_s) * self.solvent_density
        u = settling.hindered_settling_velocity(
            self.radius[:, None], self.settling_density[:, None], density_suspension, self.viscosity,
            phi_s, self.scenario.physics.richardson_zaki_exponent)
        return u * self.arrest_factor[:, None]

    def collective_potential(self, phi_s: np.ndarray) -> np.ndarray:
        r"""Kirchhoff potential :math:`\Pi(\phi_s)` of collective diffusion, eq. (3.5) [-].

        The collective flux of the mixture is :math:`-\bar D_0\, \partial \Pi / \partial z`.
        """
        return diffusion.collective_potential(phi_s, self.scenario.physics.max_packing)

    def solids_fraction(self, potential: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r"""Solids fraction :math:`\phi_s(\Pi)` and its capacity :math:`d\phi_s/d\Pi = 1/(K \tilde Z)`, eq. (3.5)."""
        m = self.scenario.physics.max_packing
        phi_s = diffusion.solids_fraction_from_potential(potential, m)
        gap = 1.0 - phi_s / m
        # floored: at a potential so large that phi_s rounds to phi_m the capacity must stay nonzero
        return phi_s, np.maximum(gap**2 / diffusion.batchelor_sedimentation_hindrance(phi_s), 1e-16)

    def relative_mobility(self, phi_s: np.ndarray) -> np.ndarray:
        """Hindered Brownian diffusivity of each class relative to the mixture, eq. (3.6) [m2 s-1]."""
        return self.brownian_diffusivity[:, None] * diffusion.batchelor_sedimentation_hindrance(phi_s)

    def solute_diffusivity(self, liquid_fraction: np.ndarray) -> np.ndarray:
        """Effective diffusivity of each dissolved polymer in the pore liquid, eq. (3.8), (species, ...)."""
        return self.polymer_diffusivity[:, None] * diffusion.bruggeman_tortuosity_factor(liquid_fraction)

    # ---- binder: mobile or set --------------------------------------------------------------
    def polymer_mobility(self, concentration: np.ndarray) -> np.ndarray:
        """Share of each dissolved polymer (species, cell) carried by the pore liquid: 0 once gelled, eq. (4.9)."""
        return deposition.mobile_fraction(concentration, self.polymer_gel_concentration[:, None])

    def latex_mobility(self, fraction_in_liquid: np.ndarray, polymer_concentration: np.ndarray) -> np.ndarray:
        """Share of the free latex (class, cell) still carried by the pore liquid, eq. (4.9): 0 once packed,
        or once the polymer dissolved in that liquid has gelled around it."""
        packed = deposition.mobile_fraction(fraction_in_liquid, self.scenario.physics.max_packing)
        if not len(polymer_concentration):
            return packed
        return np.minimum(packed, self.polymer_mobility(polymer_concentration).min(axis=0))

    def open_pores(self, occupancy: np.ndarray) -> np.ndarray:
        """Share of the carried binder a cell with binder ``occupancy`` (per pore volume) still takes in, eq. (4.10)."""
        return deposition.open_pore_fraction(occupancy, self.scenario.physics.max_packing)

    # ---- drying rate and film heat capacity ------------------------------------------------
    def drying_rate(self, time: float) -> float:
        """Evaporation mass flux of a wet surface at the film temperature [kg m-2 s-1]."""
        return self.conditions.surface_rate(time, self.temperature)

    @property
    def breakpoints(self) -> tuple[float, ...]:
        """Times where the drying conditions jump (schedule points, zone entries)."""
        return self.conditions.breakpoints

    @cached_property
    def dry_heat_capacity(self) -> float:
        """Heat capacity of the solids and the foil per area [J m-2 K-1] (the foil only under a dryer)."""
        return self.formulation.solids_heat_capacity + self.conditions.foil_heat_capacity

    def film_heat_capacity(self, solvent_mass: float) -> float:
        """Heat capacity of film and foil per area holding ``solvent_mass`` [kg m-2] of solvent [J m-2 K-1]."""
        return self.dry_heat_capacity + solvent_mass * float(self.formulation.solvent.heat_capacity(self.temperature))

    # ---- stage 2: the consolidated film ---------------------------------------------------
    def skeleton_diameter(self, phi: np.ndarray) -> np.ndarray:
        """Sauter mean diameter of the skeleton (all classes but free latex) in each cell [m]."""
        skeleton = phi[~self.free_latex]
        return skeleton.sum(axis=0) / (skeleton / (2.0 * self.radius[~self.free_latex, None])).sum(axis=0)

    def capillary_properties(self, porosity: np.ndarray, diameter: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Permeability [m2] and capillary entry pressure [Pa] of each cell, eqs. (4.3)-(4.4)."""
        k = capillarity.kozeny_carman_permeability(porosity, diameter)
        p_b = capillarity.entry_capillary_pressure(porosity, diameter, self.surface_tension,
                                                   self.scenario.physics.capillary_pressure_scale)
        return k, p_b

    def saturation(self, capillary_pressure: np.ndarray, entry_pressure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pore saturation and its capacity -dS/dp_c [Pa-1] at a capillary pressure, eq. (4.4)."""
        return capillarity.brooks_corey_saturation(capillary_pressure, entry_pressure,
                                                   self.scenario.physics.brooks_corey_lambda)

    def liquid_mobility(self, saturation: np.ndarray, permeability: np.ndarray) -> np.ndarray:
        r""":math:`k k_r(S) / \mu` [m2 Pa-1 s-1], eq. (4.2)."""
        k_r = capillarity.brooks_corey_relative_permeability(saturation, self.scenario.physics.brooks_corey_lambda)
        return permeability * k_r / self.viscosity

    def front_evaporation(self, time: float, saturation: np.ndarray, porosity: np.ndarray,
                          depth_of_cell_top: np.ndarray) -> np.ndarray:
        """Solvent volume flux leaving each cell by evaporation [m s-1], eqs. (4.6)-(4.7).

        The evaporation front sits in the uppermost cell that still holds liquid: cell j takes
        the share g(S_j) prod_{k above j} (1 - g(S_k)), g ramping from 0 at S = 0 to 1 at the
        front saturation; the rate reaching a front at depth delta falls by vapour diffusion
        through the dry layer above it, in series with the gas side.
        """
        ramp = self.scenario.physics.front_saturation
        g = np.clip(saturation / ramp, 0.0, 1.0)
        above = np.concatenate((np.cumprod((1.0 - g)[::-1])[::-1][1:], [1.0]))
        rate = self.drying_rate(time)
        factor = evaporation.receding_front_factor(self.conditions.gas_side_coefficient(time, self.temperature),
                                                   depth_of_cell_top, self.vapour_diffusivity, float(np.mean(porosity)))
        return rate / self.solvent_density * g * above * factor

"""The drying problem every engine solves: closures bound to one scenario's materials.

An engine discretises and marches in time; everything physical it needs (velocities,
diffusivities, permeabilities, the drying rate) comes from a :class:`DryingProblem`, so two
engines on the same scenario solve the same physics. Equation numbers refer to docs/theory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from dryingsim.closures import capillarity, deposition, diffusion, evaporation, settling
from dryingsim.materials.formulation import Formulation, describe_formulation
from dryingsim.scenario.schema import Scenario


@dataclass(frozen=True)
class DryingProblem:
    """One scenario's physics, as functions of the state."""

    scenario: Scenario
    formulation: Formulation

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> DryingProblem:
        return cls(scenario, describe_formulation(scenario))

    # ---- constants of the run -------------------------------------------------------------
    @property
    def temperature(self) -> float:
        return self.scenario.drying.temperature

    @property
    def viscosity(self) -> float:
        return self.scenario.rheology.liquid_viscosity

    @property
    def solvent_density(self) -> float:
        return self.formulation.solvent.density.value

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
        return np.array([s.diffusivity for s in self.formulation.dissolved])

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

    # ---- drying rate ----------------------------------------------------------------------
    def drying_rate(self, time: float) -> float:
        """Scheduled evaporation mass flux E(t) [kg m-2 s-1]."""
        d = self.scenario.drying
        return float(evaporation.scheduled_drying_rate(time, d.times, d.rates, d.interpolation))

    def evaporated_mass(self, t0: float, t1: float) -> float:
        """Scheduled solvent mass evaporated between t0 and t1 [kg m-2]."""
        d = self.scenario.drying
        return evaporation.scheduled_evaporated_mass(t0, t1, d.times, d.rates, d.interpolation)

    @property
    def breakpoints(self) -> tuple[float, ...]:
        return tuple(self.scenario.drying.times)

    # ---- stage 2: the consolidated film ---------------------------------------------------
    def skeleton_diameter(self, phi: np.ndarray) -> np.ndarray:
        """Sauter mean diameter of the skeleton (all classes but free latex) in each cell [m]."""
        skeleton = phi[~self.free_latex]
        return skeleton.sum(axis=0) / (skeleton / (2.0 * self.radius[~self.free_latex, None])).sum(axis=0)

    def capillary_properties(self, porosity: np.ndarray, diameter: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Permeability [m2] and capillary entry pressure [Pa] of each cell, eqs. (4.3)-(4.4)."""
        k = capillarity.kozeny_carman_permeability(porosity, diameter)
        p_b = capillarity.entry_capillary_pressure(porosity, diameter, self.formulation.solvent.surface_tension.value,
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

    @cached_property
    def saturated_vapour_density(self) -> float:
        s = self.formulation.solvent
        p_sat = evaporation.antoine_vapour_pressure(self.temperature, s.antoine.a, s.antoine.b, s.antoine.c)
        return float(evaporation.saturated_vapour_density(p_sat, s.molar_mass.value, self.temperature))

    def front_evaporation(self, time: float, saturation: np.ndarray, porosity: np.ndarray,
                          depth_of_cell_top: np.ndarray) -> np.ndarray:
        """Solvent volume flux leaving each cell by evaporation [m s-1], eqs. (4.6)-(4.7).

        The evaporation front sits in the uppermost cell that still holds liquid: cell j takes
        the share g(S_j) prod_{k above j} (1 - g(S_k)), g ramping from 0 at S = 0 to 1 at the
        front saturation; the rate reaching a front at depth delta falls by vapour diffusion
        through the dry layer above it.
        """
        ramp = self.scenario.physics.front_saturation
        g = np.clip(saturation / ramp, 0.0, 1.0)
        above = np.concatenate((np.cumprod((1.0 - g)[::-1])[::-1][1:], [1.0]))
        rate = self.drying_rate(time)
        dry_porosity = float(np.mean(porosity))
        factor = evaporation.receding_front_factor(rate, depth_of_cell_top,
                                                   self.formulation.solvent.vapour_diffusivity.value,
                                                   dry_porosity, self.saturated_vapour_density)
        return rate / self.solvent_density * g * above * factor

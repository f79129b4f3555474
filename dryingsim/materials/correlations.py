"""Temperature-dependent material properties: a named correlation, its coefficients and their source.

A :class:`Correlation` evaluates one of the forms in :data:`FORMS` at a temperature [K]. Every
form is a plain function ``form(T, *coefficients)`` whose docstring gives the equation and where
it comes from; the material's ``source`` string says where its coefficients come from.

>>> c = Correlation("linear", (40.7e-3, -1.2e-4, REFERENCE_TEMPERATURE), "N m-1", 280.0, 370.0, "example")
>>> round(c(308.15) * 1e3, 2)
39.5
>>> c([298.15, 318.15]).round(4).tolist()
[0.0407, 0.0383]
>>> c.in_range(400.0)
False
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

REFERENCE_TEMPERATURE = 298.15
"""Temperature of the library's single-valued (25 degC) material values [K]."""

_CELSIUS = 273.15


def antoine(temperature: np.ndarray, a: float, b: float, c: float) -> np.ndarray:
    r"""Antoine vapour pressure [Pa]: :math:`\log_{10}(p/\mathrm{Pa}) = A - B/(T/\mathrm{K} + C)`.

    Antoine (1888), C. R. Acad. Sci. 107, 681.
    """
    return 10.0 ** (a - b / (temperature + c))


def watson(temperature: np.ndarray, h_ref: float, t_ref: float, t_crit: float, n: float) -> np.ndarray:
    r"""Heat of vaporisation from one known value:
    :math:`\Delta h = \Delta h_{ref}\, ((T_c - T)/(T_c - T_{ref}))^n`, zero at and above :math:`T_c`.

    Coefficients ``(h_ref, t_ref, t_crit, n)``; ``h_ref`` in the correlation's unit. Watson (1943),
    Ind. Eng. Chem. 35, 398 (n = 0.38).
    """
    return h_ref * (np.clip(t_crit - temperature, 0.0, None) / (t_crit - t_ref)) ** n


def kell(temperature: np.ndarray, a0: float, a1: float, a2: float, a3: float, a4: float, a5: float,
         b: float) -> np.ndarray:
    r"""Rational polynomial in the Celsius temperature :math:`t = T - 273.15` (water density):

    .. math:: \rho = \frac{a_0 + a_1 t + a_2 t^2 + a_3 t^3 + a_4 t^4 + a_5 t^5}{1 + b\, t}

    Kell (1975), J. Chem. Eng. Data 20, 97.
    """
    t = temperature - _CELSIUS
    return (a0 + t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5))))) / (1.0 + b * t)


def dippr105(temperature: np.ndarray, a: float, b: float, c: float, d: float, scale: float) -> np.ndarray:
    r"""DIPPR equation 105 (liquid density): :math:`\rho = s\, A / B^{1 + (1 - T/C)^D}`.

    Coefficients ``(A, B, C, D, s)``: A, B, C, D as tabulated (A/B in kmol m-3, C in K), ``s`` the
    molar mass in kg kmol-1 (times any scaling the source string states) to give kg m-3;
    :math:`(1 - T/C)` is clipped at 0 above C. Rowley et al., DIPPR Project 801 (AIChE).
    """
    return scale * a / b ** (1.0 + np.clip(1.0 - temperature / c, 0.0, None) ** d)


def dippr101(temperature: np.ndarray, a: float, b: float, c: float, d: float, e: float,
             scale: float) -> np.ndarray:
    r"""DIPPR equation 101 (vapour pressure, liquid viscosity):
    :math:`y = s \exp(A + B/T + C \ln T + D\, T^E)`.

    Coefficients ``(A, B, C, D, E, s)``, T in K; ``s`` is a scale factor (1 for the tabulated
    correlation). Rowley et al., DIPPR Project 801 (AIChE).
    """
    return scale * np.exp(a + b / temperature + c * np.log(temperature) + d * temperature ** e)


def vogel(temperature: np.ndarray, a: float, b: float, c: float) -> np.ndarray:
    r"""Vogel equation (liquid viscosity): :math:`\mu = A \cdot 10^{B/(T - C)}`, T in K.

    Vogel (1921), Phys. Z. 22, 645.
    """
    return a * 10.0 ** (b / (temperature - c))


def iapws_surface_tension(temperature: np.ndarray, big_b: float, small_b: float, mu: float,
                          t_crit: float) -> np.ndarray:
    r"""IAPWS form of the surface tension: :math:`\sigma = B \tau^\mu (1 + b \tau)`, :math:`\tau = 1 - T/T_c`
    (clipped at 0 above :math:`T_c`).

    Coefficients ``(B, b, mu, T_c)``. IAPWS R1-76(2014), Revised Release on Surface Tension of
    Ordinary Water Substance; Vargaftik, Volkov & Voljak (1983), J. Phys. Chem. Ref. Data 12, 817.
    """
    tau = np.clip(1.0 - temperature / t_crit, 0.0, None)
    return big_b * tau ** mu * (1.0 + small_b * tau)


def linear(temperature: np.ndarray, a: float, b: float, t0: float) -> np.ndarray:
    r"""Straight line about a reference temperature: :math:`y = a + b\,(T - T_0)`."""
    return a + b * (temperature - t0)


def power(temperature: np.ndarray, ref: float, t_ref: float, n: float) -> np.ndarray:
    r"""Power law about a reference temperature: :math:`y = y_{ref}\, (T/T_{ref})^n`."""
    return ref * (temperature / t_ref) ** n


def table(temperature: np.ndarray, *points: float) -> np.ndarray:
    """Linear interpolation in a table; held constant beyond its ends.

    Coefficients: the n temperatures in increasing order, then the n values,
    ``(T_1, ..., T_n, y_1, ..., y_n)``.
    """
    n = len(points) // 2
    return np.interp(temperature, points[:n], points[n:])


FORMS: dict[str, Callable[..., np.ndarray]] = {
    "antoine": antoine,
    "watson": watson,
    "kell": kell,
    "dippr105": dippr105,
    "dippr101": dippr101,
    "vogel": vogel,
    "iapws_surface_tension": iapws_surface_tension,
    "linear": linear,
    "power": power,
    "table": table,
}
"""Every correlation form by name: ``function(T, *coefficients)``."""


@dataclass(frozen=True)
class Correlation:
    """A property as a function of temperature: ``FORMS[form](T, *coefficients)`` in ``unit``.

    t_min, t_max : range of validity [K]; evaluation outside it is not refused (a run must not
        stop mid-way), :meth:`in_range` tells
    source : where the form and its coefficients come from (publication, fit, or ``"assumed: ..."``)
    """

    form: str
    coefficients: tuple[float, ...]
    unit: str
    t_min: float
    t_max: float
    source: str

    def __post_init__(self) -> None:
        if self.form not in FORMS:
            raise ValueError(f"unknown correlation form {self.form!r}; known: {', '.join(sorted(FORMS))}")

    def __call__(self, temperature: ArrayLike) -> float | np.ndarray:
        """The property at ``temperature`` [K]: a float for a scalar, an array for an array."""
        t = np.asarray(temperature, dtype=float)
        value = np.asarray(FORMS[self.form](t, *self.coefficients), dtype=float)
        return float(value) if t.ndim == 0 else value

    def in_range(self, temperature: ArrayLike) -> bool:
        """Whether every temperature [K] lies in the range of validity."""
        t = np.asarray(temperature, dtype=float)
        return bool(np.all((t >= self.t_min) & (t <= self.t_max)))

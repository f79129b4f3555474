"""Arguments of the Python API that are counts or seeds, checked before any compute."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dryingsim.errors import InputError


def check_count(value: object, field: str, minimum: int = 1, *, none: bool = False) -> None:
    """Raise :class:`InputError` naming ``field`` unless ``value`` is an integer >= ``minimum`` (or None if
    ``none``)."""
    if value is None and none:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        allowed = f"an integer >= {minimum}" + (", or None" if none else "")
        raise InputError(field, value, allowed)


def check_seed(seed: object, field: str = "seed") -> None:
    """A seed is None (fresh entropy), an integer >= 0, or a numpy Generator / SeedSequence; numpy refuses
    negative integers with a bare ValueError, so they are named here first."""
    if seed is None or isinstance(seed, (np.random.Generator, np.random.SeedSequence)):
        return
    check_count(seed, field, 0)


def require_variables(ds: object, names: Sequence[str], field: str, expected: str) -> None:
    """Raise :class:`InputError` unless ``ds`` is an xarray Dataset holding every variable in ``names``: a
    Dataset of another kind passed to a function is named, with what that function takes, not a KeyError."""
    import xarray as xr

    if not isinstance(ds, xr.Dataset):
        raise InputError(field, type(ds).__name__, expected)
    missing = [name for name in names if name not in ds.variables]
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise InputError(field, f"a Dataset without {', '.join(missing[:3])}{more}", expected)

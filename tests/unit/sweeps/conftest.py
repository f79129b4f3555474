"""Sweep files written into a temporary folder, over the sweep test anode (tests/data/sweeps)."""

from __future__ import annotations

from pathlib import Path

import pytest

BASE = Path(__file__).parents[2] / "data" / "sweeps" / "sweep-anode.toml"


@pytest.fixture
def write_sweep(tmp_path):
    """Write a sweep file (header plus the given body) and return its path."""
    def write(body: str, design: str = "grid", extra: str = "") -> Path:
        path = tmp_path / "sweep.toml"
        path.write_text(f'name = "test"\nbase = "{BASE.as_posix()}"\ndesign = "{design}"\nstore = "out.zarr"\n'
                        f"{extra}\n{body}", encoding="utf-8")
        return path
    return write

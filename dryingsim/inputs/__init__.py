"""The input layer: what people type, checked once at the edge (arguments, TOML files)."""

from dryingsim.inputs.arguments import check_count, check_seed, require_variables
from dryingsim.inputs.toml import read_toml

__all__ = ["check_count", "check_seed", "read_toml", "require_variables"]

"""medinfra: provision regional medical-imaging platforms from one validated topology model."""

__version__ = "0.1.0"

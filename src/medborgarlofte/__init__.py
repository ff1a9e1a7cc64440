"""medborgarlofte: keep a medborgarlöfte (citizen promise) as YAML in git and show how it stands."""

__version__ = "0.1.0"

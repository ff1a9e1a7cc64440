"""medborgarlofte: keep a medborgarlöfte (citizen promise) as YAML in git and show how it stands."""

__version__ = "0.1.0"


def version_line() -> str:
    """What `mlofte --version` prints."""
    return f"mlofte {__version__}\n"

"""`python -m medborgarlofte` runs the CLI, as the `mlofte` script does."""

from medborgarlofte.cli import run

run()

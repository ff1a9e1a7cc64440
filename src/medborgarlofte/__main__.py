"""`python -m medborgarlofte` runs the CLI."""

from medborgarlofte.cli import run

run()

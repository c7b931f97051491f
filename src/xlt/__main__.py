"""`python -m xlt` runs the CLI (as the `xlt` console script does)."""

from xlt.cli import app

app(prog_name="xlt")

"""``python -m landsea``."""

from landsea.cli.main import main

main()

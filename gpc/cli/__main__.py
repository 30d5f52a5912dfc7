"""``python -m gpc.cli``: the ``gpc`` command."""

from gpc.cli import main

main()

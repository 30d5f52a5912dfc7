"""The ``gpc`` command line: the group (:mod:`gpc.cli.base`) and one module per command group.

============  ==========================================================================
``build``     ``gpc build``, ``gpc validate``
``template``  ``gpc template``
``export``    ``gpc export``, ``gpc trend``
``imports``   ``gpc import-balance``, ``gpc import-ecrf``, ``gpc import-ciris`` (importers)
``project``   ``gpc project`` (pathways)
============  ==========================================================================

User mistakes are reported one per line on stderr with exit status 2 and no traceback; no partial
output file is left behind. The commands import the library only when they run, so ``gpc --help`` is fast.
"""

from __future__ import annotations

from gpc.cli.base import cli, main
from gpc.cli.build import build, validate
from gpc.cli.export import export_command, trend_command
from gpc.cli.imports import import_balance_command, import_ciris_command, import_ecrf_command
from gpc.cli.project import project_command
from gpc.cli.template import template

__all__ = ["main", "cli"]

# the order of `gpc --help`
for _command in (build, template, validate, import_balance_command, import_ecrf_command,
                 import_ciris_command, export_command, trend_command, project_command):
    cli.add_command(_command)

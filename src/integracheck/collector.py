"""When the garbage collector runs: never during start-up, and never over what start-up built.

Start-up (modules, models, the checklists and their compiled expressions) builds only objects
that live as long as the process, and a collection during it finds nothing to free while
walking all of them. So the command line turns the collector off as it starts, and work that
goes on over many profiles turns it back on once its long-lived objects are built, frozen out
of the collector's sight.
"""

from __future__ import annotations

import gc


def starting() -> None:
    """No collection until `started`: a single-profile run ends before it would matter."""
    gc.disable()


def started() -> None:
    """What exists now lives as long as the process; collect the rest from here on."""
    gc.freeze()
    gc.enable()

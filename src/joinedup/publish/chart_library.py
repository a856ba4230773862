"""Altair, as JoinedUp builds its charts with it.

Imported by each chart's function when it builds one, not with the package: Altair takes some
0.4 s to import, which a command that draws no chart does not pay.

Altair's debug mode (on by default) checks every part of a chart against the Vega-Lite schema as
it is made: half the time a chart took to build (a system page's charts, 58 ms to 30 ms for a
layered chart of 160 points), data values included. JoinedUp turns it off for its process, as it
writes specs without Altair's check (``charts.specification``): vl-convert compiles every spec
and refuses an invalid one, and the tests draw every chart. Altair's own checks still run when
asked for (``chart.to_dict()``), so a notebook drawing its own Altair charts beside JoinedUp's
sees a mistake there rather than where the chart was made. See docs/decisions.md.
"""

from __future__ import annotations

import altair as alt
from altair.utils.schemapi import disable_debug_mode

disable_debug_mode()

__all__ = ["alt"]

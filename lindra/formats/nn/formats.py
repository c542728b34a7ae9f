"""Dates in nynorsk: written as in bokmål, with the names of the days and months in nynorsk
(from Django's nynorsk catalogue): torsdag 3. desember 2026 kl. 14:00."""

from lindra.formats.nb.formats import *  # noqa: F403

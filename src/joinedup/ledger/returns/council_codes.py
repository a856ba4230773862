"""Upper-tier council codes that national returns still carry for years before a reorganisation.

JoinedUp's reference data holds today's 153 councils. Returns for earlier years name councils
that have since been recoded or reorganised: a code whose whole area passed to one successor is
read as that successor; a code split between successors, or merged with part of another, cannot
be, and its lines are reported and left out.
"""

from __future__ import annotations

__all__ = ["RECODED", "REORGANISED"]

#: retired code -> (current code, what happened)
RECODED: dict[str, tuple[str, str]] = {
    "E08000020": ("E08000037", "Gateshead, recoded in April 2013 after a boundary change"),
    "E06000048": ("E06000057", "Northumberland, recoded in April 2013 after a boundary change"),
    "E10000002": (
        "E06000060",
        "Buckinghamshire County Council, a unitary council since April 2020",
    ),
    "E10000023": (
        "E06000065",
        "North Yorkshire County Council, a unitary council since April 2023",
    ),
    "E10000027": ("E06000066", "Somerset County Council, a unitary council since April 2023"),
}

#: retired code -> what became of it
REORGANISED: dict[str, str] = {
    "E10000009": (
        "Dorset County Council, split in April 2019 between Dorset and (Christchurch) "
        "Bournemouth, Christchurch and Poole"
    ),
    "E06000028": "Bournemouth, merged into Bournemouth, Christchurch and Poole in April 2019",
    "E06000029": "Poole, merged into Bournemouth, Christchurch and Poole in April 2019",
    "E10000021": (
        "Northamptonshire County Council, split into North and West Northamptonshire in April 2021"
    ),
    "E10000006": (
        "Cumbria County Council, split into Cumberland and Westmorland and Furness in April 2023"
    ),
}

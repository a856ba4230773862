"""The pack's page on places, delegation and the council's voice (IMPOWER/CCN recommendations 3,
8, 10, 12 and 17): for each of the council's systems, the place its residents belong to and what
is delegated to it, the council's seats on the system's boards against its share of the people,
how far the partnership and the council's Health and Wellbeing Board overlap, and the councils'
feedback on the ICB chair; and the boards and meetings the council's people sit on.

Figures come from ``joinedup.places`` and ``joinedup.governance`` and are only arranged here.
Board seats are public appointments and are counted as they are; feedback ratings come only as
means across at least three councils (``governance.feedback``), never one council's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from joinedup.governance.feedback import results
from joinedup.governance.overlap import overlap
from joinedup.places.places import system_places
from joinedup.places.voice import council_voice
from joinedup.publish.reports import words
from joinedup.reference import Council
from joinedup.warehouse import Warehouse


def places_section(warehouse: Warehouse, member: Council, as_of: date | None) -> dict[str, Any]:
    """For each of the council's systems: its places, its voice, the overlap and feedback."""
    voice = council_voice(warehouse, member.code, as_of=as_of)
    systems = []
    for row in voice["systems"]:
        code = row["system"]
        found = overlap(warehouse, code, as_of=as_of)
        own_hwb = next((b for b in found["by_hwb"] if b["council"] == member.code), None)
        rounds = results(warehouse, code)["rounds"]
        systems.append(
            row
            | {
                "places": [
                    place | {"current": [d for d in place["delegations"] if d["current"]]}
                    for place in system_places(warehouse, code)
                    if member.code in place["councils"]
                ],
                "overlap": {
                    "hwb": own_hwb,
                    "people_in_both_count": found["people_in_both_count"],
                    "icp_members": found["icp_members"],
                    "organisations_in_both_count": found["organisations_in_both_count"],
                },
                "feedback": rounds[0] if rounds else None,
            }
        )
    return {
        "as_of": voice["as_of"],
        "split": voice["split"],
        "systems": systems,
        "burden": voice["burden"],
        "messages": messages(member.name, systems),
    }


def messages(name: str, systems: list[dict[str, Any]]) -> list[str]:
    """The front page's sentence for a council split across systems without a voice in one.

    >>> messages("Essex", [{"voice": True}, {"voice": False, "system_name": "Hertfordshire and "
    ...     "West Essex", "share_of_council_population": 0.2126}])[0].split(", where ")[1]
    '21.3% of its residents live.'
    """
    if len(systems) < 2:
        return []
    return [
        f"{name} has no member on any board of {row['system_name']}, where "
        f"{words.percent(row['share_of_council_population'])} of its residents live."
        for row in systems
        if not row["voice"]
    ]

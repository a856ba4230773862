"""Places within each system, what is delegated to them, and each council's voice.

A *place* (:mod:`joinedup.places.places`) is a place-based partnership inside a system: one
council area or a group of councils, with its place board. The register of *delegations*
(:mod:`joinedup.places.delegations`) says what each place runs and with what budget, by date.
*Voice* (:mod:`joinedup.places.voice`) sets each council's seats on its systems' boards against
its share of their people, counts the boards and meetings its people sit on, and names the
councils split across systems with no member on one of them. Names load lazily.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from joinedup.places.delegations import (
        delegate,
        delegations,
        end_delegation,
        remove_delegation,
    )
    from joinedup.places.places import (
        add_default_places,
        add_place,
        default_places,
        remove_place,
        system_places,
    )
    from joinedup.places.voice import burden, council_voice, system_voice

_NAMES = {
    "delegate": "delegations",
    "delegations": "delegations",
    "end_delegation": "delegations",
    "remove_delegation": "delegations",
    "add_default_places": "places",
    "add_place": "places",
    "default_places": "places",
    "remove_place": "places",
    "system_places": "places",
    "burden": "voice",
    "council_voice": "voice",
    "system_voice": "voice",
}

__all__ = [
    "add_default_places",
    "add_place",
    "burden",
    "council_voice",
    "default_places",
    "delegate",
    "delegations",
    "end_delegation",
    "remove_delegation",
    "remove_place",
    "system_places",
    "system_voice",
]


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(import_module(f"joinedup.places.{_NAMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

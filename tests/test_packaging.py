"""Reproducible installs: every dependency has an upper bound, and the lock file pins each one
at a version its bounds allow (`make lock` re-resolves it)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [Requirement(text) for text in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        found += [Requirement(text) for text in extra]
    return [requirement for requirement in found if requirement.name != "joinedup"]


def locked() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", (ROOT / "requirements.lock").read_text(), re.M)
    return {canonicalize_name(name): version for name, version in pins}


def test_every_dependency_has_an_upper_bound() -> None:
    unbounded = [
        str(requirement)
        for requirement in declared()
        if not any(spec.operator in ("<", "<=", "==", "~=") for spec in requirement.specifier)
    ]
    assert not unbounded, f"give these an upper bound in pyproject.toml: {unbounded}"


def test_the_lock_pins_every_dependency_within_its_bounds() -> None:
    pins = locked()
    missing = [r.name for r in declared() if canonicalize_name(r.name) not in pins]
    assert not missing, f"run `make lock`: {missing} are not in requirements.lock"
    outside = [
        f"{r.name}=={pins[canonicalize_name(r.name)]} (wants {r.specifier})"
        for r in declared()
        if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert not outside, f"run `make lock`: {outside}"

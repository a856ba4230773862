"""The ``joinedup`` command: one small module per noun; each verb calls one library function.

Only Typer is imported here: heavy libraries load inside the verbs, so ``joinedup --help``
stays fast.
"""

from __future__ import annotations

import typer

from joinedup.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    typer.run(main)

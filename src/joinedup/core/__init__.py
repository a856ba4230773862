"""Plumbing every domain shares, and which knows none of them.

Reading the files people fill in (:mod:`~joinedup.core.files`) and the cells of published returns
(:mod:`~joinedup.core.cells`), typed fields as people type them (:mod:`~joinedup.core.fields`) and
financial years (:mod:`~joinedup.core.financial_year`). Nothing here imports another part of
JoinedUp but :mod:`joinedup.errors` and :mod:`joinedup.textsafety` (import-linter holds it, see
``[tool.importlinter]`` in pyproject.toml).
"""

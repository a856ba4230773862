"""Records kept in the warehouse: registers people keep, and the audit log of every change.

:mod:`~joinedup.records.registers` declares a register's fields once and applies rows to it inside
one transaction; :mod:`~joinedup.records.audit` appends each change. Governance, places,
priorities and the planner keep their registers through here, so none borrows another's internals.
"""

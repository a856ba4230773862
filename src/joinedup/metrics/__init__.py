"""Shared metrics: definitions as data, statistics, values, quality assurance and SPC."""

"""Publishing: disclosure control, reports, charts and open data exports."""

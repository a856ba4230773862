"""JoinedUp: joint reporting, benchmarking and governance for England's Integrated Care Systems."""

__version__ = "0.1.0"

__all__ = ["__version__"]

"""matchdesk: sports video review (VAR) and athlete monitoring."""

__version__ = "0.1.0"

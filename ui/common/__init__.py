"""Shared by every window: background jobs, language, fonts, the display check."""

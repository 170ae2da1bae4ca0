"""The VAR part of the desk: incidents, decisions, the offside tool, export, sync."""

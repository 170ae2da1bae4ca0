"""Coding a training session: the code window's buttons, coded events with labels, Sportscode XML and CSV."""

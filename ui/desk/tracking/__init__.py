"""The tracking part of the desk: tracking angles in the background, overlays, the coach view."""

"""One training session on video: its angles, their clocks, its squad, the names on its tracks."""

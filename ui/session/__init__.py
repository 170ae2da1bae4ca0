"""The training session's window: video with each athlete's name, heart rate and speed on it, the
timeline of curves and coded events under it, and the code window."""

"""The live part of the desk: the live edge of a recording, replays, the referee monitor."""

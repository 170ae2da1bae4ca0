"""Training-load, heart-rate, HRV and GPS science: pure functions on numbers, no storage, no Qt."""

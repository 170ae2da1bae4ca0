"""The photo-finish view: the composite, the results, and the judge's clicks."""

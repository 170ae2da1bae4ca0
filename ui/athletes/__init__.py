"""The athletes window: roster, athlete page, imports, live heart rate, reports."""

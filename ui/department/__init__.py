"""The department's records window: squads, competitions and results, the month's days and pay
table, the year's indicators; spreadsheets imported with a preview; reports written and signed."""

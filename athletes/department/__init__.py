"""The department's records of its high-performance athletes: squads, grades, competitions and
results, camp and competition days, the rates they are paid at; and what is made from them: the
sector's indicators and the month's pay table."""

"""Who may see and change athletes' health data: accounts and roles, consent, the access log,
encryption at rest, and the athlete's rights (export, erasure)."""

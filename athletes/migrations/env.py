"""Alembic environment: runs on the connection that ``athletes.database`` hands over."""

from __future__ import annotations

from alembic import context

import athletes.access.tables
import athletes.department.tables  # noqa: F401  (and the department's records)
from athletes.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

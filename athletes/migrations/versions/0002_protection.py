"""protection: accounts, consents, the access log, corrections, erased counts; on PostgreSQL the
group roles, their privileges and the row-level security policies

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from athletes.access.chain import GENESIS_HASH

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

HEALTH_TABLES = ("sessions", "wellness", "tests", "consents", "record_changes")
GROUPS = ("admin", "coach", "medical", "analyst", "athlete")

STATISTICS_VIEW = """
CREATE VIEW athlete_statistics AS
SELECT t.name AS team, a.sport AS sport, a.sex AS sex, a.level AS level,
       count(DISTINCT a.id) AS athletes, count(s.id) AS sessions,
       coalesce(sum(s.duration_s), 0) / 60.0 AS minutes, avg(s.hr_mean) AS hr_mean,
       sum(s.distance_m) / 1000.0 AS distance_km
FROM athletes a
LEFT JOIN teams t ON t.id = a.team_id
LEFT JOIN sessions s ON s.athlete_id = a.id
WHERE (SELECT c.given FROM consents c WHERE c.athlete_id = a.id AND c.purpose = 'statistics'
       ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)
GROUP BY t.name, a.sport, a.sex, a.level
HAVING count(DISTINCT a.id) >= 5
"""


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=63), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    op.create_table(
        "user_teams",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "team_id"),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=63), nullable=False),
        sa.Column("guardian", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_consents_athlete_id"), "consents", ["athlete_id"], unique=False)
    op.create_table(
        "access_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("user_login", sa.String(length=63), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("athletes", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("hash"),
    )
    op.create_table(
        "record_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=63), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_record_changes_athlete_id"), "record_changes", ["athlete_id"], unique=False)
    op.create_table(
        "erased_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("erased_on", sa.Date(), nullable=False),
        sa.Column("sport", sa.String(length=100), nullable=True),
        sa.Column("level", sa.String(length=20), nullable=True),
        sa.Column("athletes", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(STATISTICS_VIEW)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_security()
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER access_log_no_{event.lower()} BEFORE {event} ON access_log "
                "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END"
            )


def _postgresql_security() -> None:
    """Group roles, what each may touch, and row-level security: a login sees in the database only
    what the app would show it (the owner, the department's admin, bypasses it)."""
    # Group roles belong to the server, not the database: another database on it may be creating them
    # at this very moment, and then its role is ours.
    for group in GROUPS:
        op.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'matchdesk_{group}') "
            f"THEN CREATE ROLE matchdesk_{group} NOLOGIN; END IF; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    op.execute(
        """
CREATE FUNCTION matchdesk_is_admin() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM users WHERE login = session_user AND role = 'admin')
$$;
CREATE FUNCTION matchdesk_may_see(athlete integer, notes boolean DEFAULT false) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (
    SELECT 1 FROM users u WHERE u.login = session_user AND (
      u.role = 'admin'
      OR (u.role = 'athlete' AND u.athlete_id = athlete)
      OR ((u.role = 'medical' OR (u.role = 'coach' AND NOT notes)) AND EXISTS (
            SELECT 1 FROM user_teams ut JOIN athletes a ON a.team_id = ut.team_id
            WHERE ut.user_id = u.id AND a.id = athlete))))
$$;
CREATE FUNCTION matchdesk_may_see_session(session integer) RETURNS boolean LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce((SELECT matchdesk_may_see(s.athlete_id) FROM sessions s WHERE s.id = session), false)
$$;
"""
    )
    op.execute(
        f"""
CREATE FUNCTION matchdesk_chain_access_log() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public AS $$
DECLARE last_seq integer; last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('matchdesk access_log'));
  SELECT seq, hash INTO last_seq, last_hash FROM access_log ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, '{GENESIS_HASH}');
  NEW.user_login := session_user;
  NEW.at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || E'\\n' || NEW.seq || E'\\n' || NEW.at || E'\\n'
      || NEW.user_login || E'\\n' || NEW.action || E'\\n' || NEW.athletes || E'\\n' || NEW.detail,
      'UTF8')), 'hex');
  RETURN NEW;
END $$;
CREATE TRIGGER access_log_chain BEFORE INSERT ON access_log
  FOR EACH ROW EXECUTE FUNCTION matchdesk_chain_access_log();
CREATE FUNCTION matchdesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$;
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION matchdesk_append_only();
"""
    )
    every = ", ".join(f"matchdesk_{g}" for g in GROUPS)
    op.execute(f"GRANT USAGE ON SCHEMA public TO {every}")
    op.execute(f"GRANT SELECT ON teams, users, user_teams, alembic_version TO {every}")
    op.execute(f"GRANT SELECT, INSERT ON access_log TO {every}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {every}")
    op.execute("GRANT SELECT ON athlete_statistics, erased_counts TO matchdesk_analyst, matchdesk_admin")
    op.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO matchdesk_admin")
    health = "athletes, sessions, session_series, live_samples, wellness, tests, consents, record_changes"
    op.execute(f"GRANT SELECT ON {health} TO matchdesk_coach, matchdesk_medical, matchdesk_athlete")
    op.execute("GRANT SELECT ON notes TO matchdesk_medical, matchdesk_athlete")
    op.execute(
        "GRANT INSERT, UPDATE ON sessions, session_series, live_samples, wellness, tests, consents "
        "TO matchdesk_coach, matchdesk_medical"
    )
    # A finished live session replaces its placeholder (rows of their own teams only, by the policies).
    op.execute("GRANT DELETE ON sessions, live_samples TO matchdesk_coach, matchdesk_medical")
    op.execute("GRANT INSERT, UPDATE ON notes TO matchdesk_medical")
    op.execute("GRANT INSERT, UPDATE ON wellness TO matchdesk_athlete")
    policies = {
        "athletes": "matchdesk_may_see(id)",
        "sessions": "matchdesk_may_see(athlete_id)",
        "wellness": "matchdesk_may_see(athlete_id)",
        "tests": "matchdesk_may_see(athlete_id)",
        "consents": "matchdesk_may_see(athlete_id)",
        "record_changes": "matchdesk_may_see(athlete_id)",
        "notes": "matchdesk_may_see(athlete_id, true)",
        "session_series": "matchdesk_may_see_session(session_id)",
        "live_samples": "matchdesk_may_see_session(session_id)",
        "users": "login = session_user OR matchdesk_is_admin()",
        "user_teams": "matchdesk_is_admin() OR user_id IN (SELECT id FROM users WHERE login = session_user)",
    }
    for table, rule in policies.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_rows ON {table} USING ({rule}) WITH CHECK ({rule})")
    op.execute("ALTER TABLE access_log ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY access_log_read ON access_log FOR SELECT USING (matchdesk_is_admin() OR EXISTS ("
        "SELECT 1 FROM users u WHERE u.login = session_user AND u.role = 'athlete' "
        "AND u.athlete_id::text = ANY (SELECT jsonb_array_elements_text(access_log.athletes::jsonb))))"
    )
    op.execute("CREATE POLICY access_log_append ON access_log FOR INSERT WITH CHECK (true)")


def downgrade() -> None:
    op.execute("DROP VIEW athlete_statistics")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE access_log CASCADE")
        for function in (
            "matchdesk_chain_access_log()",
            "matchdesk_append_only()",
            "matchdesk_may_see_session(integer)",
            "matchdesk_may_see(integer, boolean)",
            "matchdesk_is_admin()",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    else:
        op.drop_table("access_log")
    for table in ("erased_counts", "record_changes", "consents", "user_teams", "users"):
        op.drop_table(table)

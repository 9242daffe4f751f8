--sqlite -- Care (SQLite): focus sessions from the editor's heartbeats, weekly check-ins, and the alerts already sent to
--postgres -- Care (PostgreSQL): focus sessions from the editor's heartbeats, weekly check-ins, and the alerts already sent to
-- managers (so a streak raises one alert per figure and day, however many processes run the daily job).

-- A run of heartbeats from one page: the composer (compose), a post waiting for review (review), a report (report).
-- A heartbeat within 45 s of the session's end extends it; a later one starts a new row. One row per session, not
-- per heartbeat, keeps the table small.
CREATE TABLE focus_sessions (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    user_id {int} NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    started_at {int} NOT NULL,
    ended_at {int} NOT NULL
);
CREATE INDEX focus_sessions_user ON focus_sessions (user_id, ended_at);

-- One check-in per person and week (week_start: the person's local Monday 00:00). The note is private: only its
-- author's own pages read it.
CREATE TABLE checkins (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    user_id {int} NOT NULL REFERENCES users(id),
    week_start {int} NOT NULL,
    energy {int} NOT NULL,
    workload {int} NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at {int} NOT NULL,
    updated_at {int} NOT NULL,
    UNIQUE (user_id, week_start)
);
CREATE INDEX checkins_workspace_week ON checkins (workspace_id, week_start);

-- Alerts sent: figure over its threshold for `streak` days up to the local date `day`.
CREATE TABLE care_alerts (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    user_id {int} NOT NULL REFERENCES users(id),
    figure TEXT NOT NULL,
    day TEXT NOT NULL,
    streak {int} NOT NULL,
    created_at {int} NOT NULL,
    UNIQUE (user_id, figure, day)
);

-- The care pages read a person's log by action over a window.
CREATE INDEX activity_user_action_at ON activity (user_id, action, at);

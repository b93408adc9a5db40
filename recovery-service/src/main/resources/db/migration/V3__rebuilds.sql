-- Rebuilds asked of a service through the recovery-service: the target service does the work under its own id
-- (target_id, null while the target has not answered yet); recovery keeps its last known status. No token is stored.
CREATE TABLE rebuild (
    seq              BIGSERIAL PRIMARY KEY,
    id               TEXT        NOT NULL UNIQUE,
    service          TEXT        NOT NULL,
    target_id        TEXT,
    state            TEXT        NOT NULL CHECK (state IN ('RUNNING', 'DONE', 'FAILED')),
    records_replayed BIGINT      NOT NULL DEFAULT 0,
    records_total    BIGINT      NOT NULL DEFAULT 0,
    per_second       BIGINT      NOT NULL DEFAULT 0,
    eta_seconds      BIGINT      NOT NULL DEFAULT 0,
    failure          TEXT,
    requested_by     TEXT        NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the last time the target answered about this rebuild: how long it has been unreachable is measured from here
    last_reached_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at      TIMESTAMPTZ
);

-- one running rebuild per service: a second one is refused by the database, whoever asks at the same time
CREATE UNIQUE INDEX rebuild_one_running_per_service ON rebuild (service) WHERE state = 'RUNNING';

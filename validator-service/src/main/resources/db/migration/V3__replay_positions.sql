-- Where a rebuild's replay of dsh.tx.validated and dsh.tx.rejected into this schema stopped: the next offset to read
-- per partition, written in the same database transaction as the state that replayed batch derived, so the catch-up
-- replay goes on from there. Empty in a schema the validator filled itself.
CREATE TABLE replay_positions (
    topic       text   NOT NULL,
    partition   int    NOT NULL,
    next_offset bigint NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- Where a replay into this schema goes on from (a rebuild replays twice: while the service serves, then to catch up):
-- the next offset of each partition of each topic it read. Empty in the live schema until a rebuilt one replaces it.
CREATE TABLE replay_position (
    topic           TEXT    NOT NULL,
    kafka_partition INTEGER NOT NULL,
    next_offset     BIGINT  NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);

-- The genesis document this node's chain starts from (docs/ledger-format.md, section 4c): at most one row, written
-- with the first block. Its hash is SHA-256 of the stored canonical JSON, checked here too.
CREATE TABLE genesis (
    hash     BYTEA   NOT NULL PRIMARY KEY CHECK (octet_length(hash) = 32),
    document BYTEA   NOT NULL,
    only_one BOOLEAN NOT NULL DEFAULT TRUE CHECK (only_one),
    CONSTRAINT genesis_hash_of_document CHECK (hash = sha256(document)),
    CONSTRAINT genesis_once UNIQUE (only_one)
);

-- Block 0 links to the genesis hash, or to 64 zeros in a ledger without a genesis document; any other previous hash
-- at height 0 has no genesis row to reference.
ALTER TABLE block DROP CONSTRAINT block_links_previous;
ALTER TABLE block ADD CONSTRAINT block_links_previous CHECK (
    (height = 0 AND previous_height IS NULL)
    OR (height > 0 AND previous_height IS NOT NULL AND previous_height = height - 1));
ALTER TABLE block ADD COLUMN genesis_hash BYTEA GENERATED ALWAYS AS (
    CASE WHEN height = 0 AND previous_hash <> decode(repeat('00', 32), 'hex') THEN previous_hash END) STORED;
ALTER TABLE block ADD CONSTRAINT block_genesis_exists FOREIGN KEY (genesis_hash) REFERENCES genesis (hash);

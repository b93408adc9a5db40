package health.datasafe.bench.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The ledger's {@code block} and {@code ledger_tx} tables in a scratch schema. The two CREATE TABLEs and their indexes
 * mirror ledger-service/src/main/resources/db/migration/V1__ledger.sql, copied verbatim (same columns, constraints
 * and indexes) so the benchmark reads rows shaped and indexed exactly as the ledger's; keep them in step with it.
 */
final class LedgerTables {

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    // --- mirrors ledger-service/src/main/resources/db/migration/V1__ledger.sql (CREATE TABLE block, ledger_tx) ---
    private static final String BLOCK = """
            CREATE TABLE block (
                shard           INTEGER     NOT NULL CHECK (shard >= 0),
                height          BIGINT      NOT NULL CHECK (height >= 0),
                hash            BYTEA       NOT NULL CHECK (octet_length(hash) = 32),
                -- height - 1, repeated so that the link to the previous block can be a foreign key; null only at height 0
                previous_height BIGINT,
                previous_hash   BYTEA       NOT NULL CHECK (octet_length(previous_hash) = 32),
                merkle_root     BYTEA       NOT NULL CHECK (octet_length(merkle_root) = 32),
                tx_count        INTEGER     NOT NULL CHECK (tx_count > 0),
                log_size        BIGINT      NOT NULL CHECK (log_size >= tx_count),
                block_timestamp TIMESTAMPTZ NOT NULL,
                -- key id (Ed25519.VerifyingKey.keyId) of the node that signed, and its 64-byte Ed25519 signature
                signer          TEXT        NOT NULL,
                signature       BYTEA       NOT NULL CHECK (octet_length(signature) = 64),
                -- outbox: true once BlockCommitted for this block is on dsh.ledger.blocks
                published       BOOLEAN     NOT NULL DEFAULT FALSE,
                committed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
                CONSTRAINT block_height_unique PRIMARY KEY (shard, height),
                CONSTRAINT block_hash_unique UNIQUE (shard, height, hash),
                CONSTRAINT block_links_previous CHECK (
                    (height = 0 AND previous_height IS NULL AND previous_hash = decode(repeat('00', 32), 'hex'))
                    OR (height > 0 AND previous_height IS NOT NULL AND previous_height = height - 1)),
                CONSTRAINT block_previous_exists FOREIGN KEY (shard, previous_height, previous_hash)
                    REFERENCES block (shard, height, hash)
            )""";

    private static final String BLOCK_INDEX = "CREATE INDEX block_unpublished ON block (shard, height) WHERE NOT published";

    private static final String LEDGER_TX = """
            CREATE TABLE ledger_tx (
                tx_id          TEXT    NOT NULL,
                shard          INTEGER NOT NULL,
                height         BIGINT  NOT NULL,
                leaf_index     BIGINT  NOT NULL CHECK (leaf_index >= 0),
                tx_hash        BYTEA   NOT NULL CHECK (octet_length(tx_hash) = 32),
                canonical_json BYTEA   NOT NULL,
                -- whose history it belongs to (null for a non-patient's IDENTITY_REGISTERED); a copy of the field in
                -- canonical_json, used only to let a patient look up their own transactions
                patient_id     TEXT,
                CONSTRAINT ledger_tx_id_unique UNIQUE (tx_id),
                CONSTRAINT ledger_tx_leaf PRIMARY KEY (shard, leaf_index),
                CONSTRAINT ledger_tx_block FOREIGN KEY (shard, height) REFERENCES block (shard, height)
            )""";

    private static final String LEDGER_TX_INDEX = "CREATE INDEX ledger_tx_by_block ON ledger_tx (shard, height, leaf_index)";
    // --- end of the mirror ---

    private LedgerTables() {
    }

    /** Refuses a schema name that is not a plain lowercase identifier, so it can be put into SQL text. */
    static String checkedSchema(String schema) {
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must match " + SCHEMA_NAME.pattern() + ", was " + schema);
        }
        return schema;
    }

    /** Drops {@code schema} if it is there and creates it afresh holding empty {@code block} and {@code ledger_tx}. */
    static void create(Connection connection, String schema) throws SQLException {
        checkedSchema(schema);
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            ddl.execute("CREATE SCHEMA " + schema);
            ddl.execute("SET search_path TO " + schema);
            ddl.execute(BLOCK);
            ddl.execute(BLOCK_INDEX);
            ddl.execute(LEDGER_TX);
            ddl.execute(LEDGER_TX_INDEX);
        }
    }

    /** Gathers fresh statistics after the load, as autovacuum would in time, so the planner sees the real sizes. */
    static void analyze(Connection connection, String schema) throws SQLException {
        try (Statement analyze = connection.createStatement()) {
            analyze.execute("VACUUM ANALYZE " + checkedSchema(schema) + ".block");
            analyze.execute("VACUUM ANALYZE " + schema + ".ledger_tx");
        }
    }

    static void drop(Connection connection, String schema) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS " + checkedSchema(schema) + " CASCADE");
        }
    }
}

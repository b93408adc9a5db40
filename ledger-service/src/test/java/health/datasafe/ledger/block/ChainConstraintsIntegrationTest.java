package health.datasafe.ledger.block;

import health.datasafe.integrity.Sha256;
import health.datasafe.ledger.LedgerServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The schema itself refuses rows that break the chain, whoever writes them. Every test works in a shard no committer
 * uses, inside a transaction that is rolled back.
 */
class ChainConstraintsIntegrationTest extends LedgerServiceTestBase {

    private static final byte[] ZEROS = new byte[32];

    @Autowired
    DataSource dataSource;

    private final int shard = 1000 + ThreadLocalRandom.current().nextInt(1_000_000);

    @Test
    void aBlockWhosePreviousHashIsNotTheHashOfTheBlockBeforeIsRefused() throws Exception {
        inRolledBackTransaction(db -> {
            byte[] genesis = hash("genesis");
            insertBlock(db, 0, genesis, null, ZEROS);
            assertThatThrownBy(() -> insertBlock(db, 1, hash("one"), 0L, hash("not the genesis hash")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("block_previous_exists");
        });
    }

    @Test
    void aBlockLinkingToTheRightPreviousHashIsAccepted() throws Exception {
        inRolledBackTransaction(db -> {
            byte[] genesis = hash("genesis");
            insertBlock(db, 0, genesis, null, ZEROS);
            assertThatCode(() -> insertBlock(db, 1, hash("one"), 0L, genesis)).doesNotThrowAnyException();
        });
    }

    @Test
    void aBlockSkippingAHeightIsRefused() throws Exception {
        inRolledBackTransaction(db -> {
            byte[] genesis = hash("genesis");
            insertBlock(db, 0, genesis, null, ZEROS);
            assertThatThrownBy(() -> insertBlock(db, 2, hash("two"), 0L, genesis))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("block_links_previous");
        });
    }

    @Test
    void aFirstBlockLinkedToNeitherZerosNorTheStoredGenesisIsRefused() throws Exception {
        inRolledBackTransaction(db -> assertThatThrownBy(() -> insertBlock(db, 0, hash("genesis"), null, hash("x")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("block_genesis_exists"));
    }

    @Test
    void aFirstBlockLinkedToTheStoredGenesisIsAccepted() throws Exception {
        byte[] document = "{\"genesis\":\"document\"}".getBytes(StandardCharsets.UTF_8);
        inRolledBackTransaction(db -> {
            insertGenesis(db, Sha256.hash(document), document);
            assertThatCode(() -> insertBlock(db, 0, hash("genesis"), null, Sha256.hash(document)))
                    .doesNotThrowAnyException();
        });
    }

    @Test
    void aGenesisWhoseHashIsNotTheSha256OfItsDocumentOrASecondGenesisIsRefused() throws Exception {
        byte[] document = "{\"genesis\":\"document\"}".getBytes(StandardCharsets.UTF_8);
        inRolledBackTransaction(db -> assertThatThrownBy(() -> insertGenesis(db, hash("other"), document))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("genesis_hash_of_document"));
        byte[] second = "{\"genesis\":\"second\"}".getBytes(StandardCharsets.UTF_8);
        inRolledBackTransaction(db -> {
            insertGenesis(db, Sha256.hash(document), document);
            assertThatThrownBy(() -> insertGenesis(db, Sha256.hash(second), second))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("genesis_once");
        });
    }

    @Test
    void aSecondBlockAtTheSameHeightIsRefused() throws Exception {
        inRolledBackTransaction(db -> {
            insertBlock(db, 0, hash("genesis"), null, ZEROS);
            assertThatThrownBy(() -> insertBlock(db, 0, hash("other genesis"), null, ZEROS))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("block_height_unique");
        });
    }

    @Test
    void aHashThatIsNot32BytesIsRefused() throws Exception {
        inRolledBackTransaction(db -> assertThatThrownBy(() -> insertBlock(db, 0, new byte[31], null, ZEROS))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("hash_check"));
    }

    @Test
    void aTransactionIdCommittedTwiceIsRefused() throws Exception {
        inRolledBackTransaction(db -> {
            insertBlock(db, 0, hash("genesis"), null, ZEROS);
            insertTx(db, "tx-" + shard, 0);
            assertThatThrownBy(() -> insertTx(db, "tx-" + shard, 1))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("ledger_tx_id_unique");
        });
    }

    @Test
    void aTransactionOfABlockThatDoesNotExistIsRefused() throws Exception {
        inRolledBackTransaction(db -> assertThatThrownBy(() -> insertTx(db, "tx-" + shard, 0))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("ledger_tx_block"));
    }

    private interface Work {
        void run(Connection db) throws Exception;
    }

    private void inRolledBackTransaction(Work work) throws Exception {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try {
                work.run(db);
            } finally {
                db.rollback();
                db.setAutoCommit(true);
            }
        }
    }

    private void insertBlock(Connection db, long height, byte[] hash, Long previousHeight, byte[] previousHash)
            throws SQLException {
        try (var insert = db.prepareStatement("""
                INSERT INTO block (shard, height, hash, previous_height, previous_hash, merkle_root, tx_count, log_size,
                                   block_timestamp, signer, signature)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, 'test-signer', ?)""")) {
            insert.setInt(1, shard);
            insert.setLong(2, height);
            insert.setBytes(3, hash);
            insert.setObject(4, previousHeight);
            insert.setBytes(5, previousHash);
            insert.setBytes(6, hash("root"));
            insert.setLong(7, height + 1);
            insert.setObject(8, OffsetDateTime.now());
            insert.setBytes(9, new byte[64]);
            insert.executeUpdate();
        }
    }

    private static void insertGenesis(Connection db, byte[] hash, byte[] document) throws SQLException {
        try (var insert = db.prepareStatement("INSERT INTO genesis (hash, document) VALUES (?, ?)")) {
            insert.setBytes(1, hash);
            insert.setBytes(2, document);
            insert.executeUpdate();
        }
    }

    private void insertTx(Connection db, String txId, long leafIndex) throws SQLException {
        try (var insert = db.prepareStatement("""
                INSERT INTO ledger_tx (tx_id, shard, height, leaf_index, tx_hash, canonical_json) VALUES (?, ?, 0, ?, ?, ?)""")) {
            insert.setString(1, txId);
            insert.setInt(2, shard);
            insert.setLong(3, leafIndex);
            insert.setBytes(4, hash(txId));
            insert.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private static byte[] hash(String text) {
        return Sha256.hash(text.getBytes(StandardCharsets.UTF_8));
    }
}

package health.datasafe.ledger.verify;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.integrity.ChainVerifier;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.integrity.StoredBlock;
import health.datasafe.ledger.node.NodeKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Streams every block with its transaction rows, shard by shard in height order, through a {@link ChainVerifier}: tx
 * hashes are recomputed from the stored canonical JSON, then Merkle roots, block hashes, links and signatures. One
 * query in a read-only transaction, read with a cursor, so the ledger is never loaded whole and is seen as of one
 * instant while blocks keep being committed.
 */
@Component
class ChainAudit {

    private static final int FETCH_SIZE = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final NodeKey key;

    ChainAudit(DataSource dataSource, PlatformTransactionManager transactionManager, NodeKey key) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.key = key;
    }

    Verification verify() {
        var verifier = new ChainVerifier(key::signer);
        try {
            readOnly.executeWithoutResult(status -> jdbc.query("""
                    SELECT b.shard, b.height, b.hash, b.previous_hash, b.merkle_root, b.tx_count, b.log_size,
                           b.block_timestamp, b.signer, b.signature, t.leaf_index, t.tx_hash, t.canonical_json
                    FROM block b LEFT JOIN ledger_tx t ON t.shard = b.shard AND t.height = b.height
                    ORDER BY b.shard, b.height, t.leaf_index""", (ResultSetExtractor<Void>) new BlockAssembler(verifier)::all));
        } catch (LedgerInvalid failure) {
            return Verification.Invalid.of(failure);
        }
        return new Verification.Valid(verifier.blocksVerified(), verifier.transactionsVerified());
    }

    /** Gathers the rows of one block and hands the block to the verifier when the next one starts, and at the end. */
    private static final class BlockAssembler {

        private final ChainVerifier verifier;
        private StoredBlock current;
        private final List<StoredBlock.StoredTransaction> transactions = new ArrayList<>();

        BlockAssembler(ChainVerifier verifier) {
            this.verifier = verifier;
        }

        Void all(ResultSet rs) throws SQLException {
            while (rs.next()) {
                row(rs);
            }
            flush();
            return null;
        }

        private void row(ResultSet rs) throws SQLException {
            int shard = rs.getInt("shard");
            long height = rs.getLong("height");
            if (current == null || current.header().shard() != shard || current.header().height() != height) {
                flush();
                var header = new BlockHeader(shard, height, Hex.of(rs.getBytes("previous_hash")),
                        Hex.of(rs.getBytes("merkle_root")), rs.getInt("tx_count"), rs.getLong("log_size"),
                        rs.getObject("block_timestamp", OffsetDateTime.class).toInstant());
                current = new StoredBlock(header, Hex.of(rs.getBytes("hash")), rs.getString("signer"),
                        Base64.getEncoder().encodeToString(rs.getBytes("signature")), List.of());
            }
            byte[] txHash = rs.getBytes("tx_hash");
            if (txHash != null) {
                transactions.add(new StoredBlock.StoredTransaction(rs.getBytes("canonical_json"), Hex.of(txHash)));
            }
        }

        private void flush() {
            if (current != null) {
                verifier.verify(new StoredBlock(current.header(), current.blockHash(), current.signer(),
                        current.signature(), List.copyOf(transactions)));
                current = null;
                transactions.clear();
            }
        }
    }
}

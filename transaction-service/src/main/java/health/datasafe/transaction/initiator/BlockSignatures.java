package health.datasafe.transaction.initiator;

import health.datasafe.contracts.BlockSigned;
import health.datasafe.integrity.Quorum;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * The ledger nodes' signatures of block hashes, in table {@code block_signatures}: what makes a committed transaction
 * final ({@link TrackedTransaction.Finality}). Written by the live listeners and by a replay alike, so it takes the
 * schema to write to; every signature is stored once per block hash and signer, under the name the quorum gives its
 * key (never the name the record claims).
 */
public final class BlockSignatures {

    private BlockSignatures() {
    }

    /** Stores the (screened) signatures, one batch; those stored already are left as they are. */
    public static void record(JdbcTemplate target, List<BlockSigned> signatures, Quorum quorum) {
        var rows = new ArrayList<Object[]>(signatures.size());
        for (BlockSigned signed : signatures) {
            rows.add(new Object[]{signed.shard(), signed.height(), signed.blockHash(), signed.signer(),
                    quorum.nameOf(signed.signer()), signed.signature(), signed.checkpoint()});
        }
        target.batchUpdate("""
                INSERT INTO block_signatures (shard, height, block_hash, signer, node, signature, checkpoint)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (shard, height, block_hash, signer) DO NOTHING""", rows);
    }
}

package health.datasafe.contracts;

import java.util.List;

/**
 * On {@link Topics#LEDGER_BLOCKS}: a ledger node committed a block. Keyed by shard.
 *
 * @param header       the hashed header
 * @param blockHash    hex SHA-256 of the canonical header
 * @param signer       key id of the ledger node that signed
 * @param signature    base64 Ed25519 signature over the 32 bytes of the block hash
 * @param transactions the block's transactions in order
 * @param logFrontier  hex hashes of the perfect subtrees covering the shard's log before this block's first leaf,
 *                     largest first (one per bit set in that log size): with the block's tx hashes, enough to compute
 *                     the shard's log root after the block and an inclusion proof for each of its transactions
 * @param checkpoint   the signed checkpoint (C2SP signed note) the node made at the end of this block's epoch, in
 *                     which this shard's log size is {@code header.logSize()} (a shard has at most one block per
 *                     epoch); null from nodes that do not make one
 */
public record BlockCommitted(BlockHeader header, String blockHash, String signer, String signature,
                             List<CommittedTransaction> transactions, List<String> logFrontier, String checkpoint) {

    /** A block announced without log data (frontier and checkpoint). */
    public BlockCommitted(BlockHeader header, String blockHash, String signer, String signature,
                          List<CommittedTransaction> transactions) {
        this(header, blockHash, signer, signature, transactions, null, null);
    }
}

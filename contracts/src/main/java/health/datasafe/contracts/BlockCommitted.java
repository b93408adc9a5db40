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
 */
public record BlockCommitted(BlockHeader header, String blockHash, String signer, String signature,
                             List<CommittedTransaction> transactions) {
}

package health.datasafe.contracts;

import java.time.Instant;

/**
 * The hashed part of a block. The block hash is SHA-256 of the RFC 8785 canonical JSON of this record;
 * the rules live in the integrity module and are written down in docs/ledger-format.md.
 *
 * @param shard        ledger shard (partition of {@link Topics#TX_VALIDATED})
 * @param height       position in the shard's chain, 0 for the first block
 * @param previousHash hex hash of the block at height - 1; 64 zeros for height 0
 * @param merkleRoot   hex RFC 9162 Merkle tree hash of this block's tx hashes, in order
 * @param txCount      number of transactions in the block (at least 1)
 * @param logSize      number of transactions in the shard up to and including this block
 * @param timestamp    when the block was cut, millisecond precision, UTC
 */
public record BlockHeader(int shard, long height, String previousHash, String merkleRoot, int txCount, long logSize,
                          Instant timestamp) {
}

package health.datasafe.recovery.witness;

import java.time.Instant;
import java.util.List;

/** A block as the witness accepted it: its header, hash, signature and its transactions' hashes in block order. */
public record WitnessedBlock(int shard, long height, String blockHash, String previousHash, String merkleRoot,
                             int txCount, long logSize, Instant timestamp, String signer, String signature,
                             List<String> txHashes) {
}

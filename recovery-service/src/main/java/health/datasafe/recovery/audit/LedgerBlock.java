package health.datasafe.recovery.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;

/** A block as the ledger serves it: {@code GET /api/ledger/blocks/{height}?shard=S}, and each of a page of blocks. */
@JsonIgnoreProperties(ignoreUnknown = true)
record LedgerBlock(int shard, long height, String previousHash, String merkleRoot, int txCount, long logSize,
                   Instant timestamp, String blockHash, String signer, String signature, List<String> txHashes) {
}

package health.datasafe.recovery.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** The ledger's answer to {@code GET /api/ledger/head}: the latest block of every shard. */
@JsonIgnoreProperties(ignoreUnknown = true)
record LedgerHead(List<Shard> shards) {

    LedgerHead {
        shards = shards == null ? List.of() : List.copyOf(shards);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Shard(int shard, long height, String blockHash, long logSize) {
    }
}

package health.datasafe.recovery.witness;

/** The latest block the witness accepted in one shard. */
public record WitnessTip(int shard, long height, String blockHash) {
}

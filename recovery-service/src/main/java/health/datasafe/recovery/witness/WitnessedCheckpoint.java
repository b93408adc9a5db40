package health.datasafe.recovery.witness;

/** The newest checkpoint a ledger origin signed, as received on the checkpoint topic: signed right after that block. */
public record WitnessedCheckpoint(String origin, int shard, long height, String note) {
}

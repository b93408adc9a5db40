package health.datasafe.contracts;

/**
 * On {@link Topics#LEDGER_CHECKPOINTS}: a ledger node signed a checkpoint of every shard's Merkle log at the end of an
 * epoch ({@link EpochEnded}) that added blocks, naming the epoch's last block (the highest shard's). Keyed by origin.
 * Witnesses cosign it; auditors keep it to check consistency proofs against later ones.
 *
 * @param origin the ledger's origin, the note's first line
 * @param shard  the shard of the epoch's last block
 * @param height that block's height
 * @param note   the signed note (C2SP signed-note text), exactly as served by {@code GET /api/ledger/checkpoint}
 */
public record CheckpointSigned(String origin, int shard, long height, String note) {
}

package health.datasafe.contracts;

/**
 * On {@link Topics#LEDGER_CHECKPOINTS}: a ledger node signed a checkpoint of every shard's Merkle log, right after
 * committing block {@code height} of {@code shard}. Keyed by origin. Witnesses cosign it; auditors keep it to check
 * consistency proofs against later ones.
 *
 * @param origin the ledger's origin, the note's first line
 * @param shard  the shard whose block the checkpoint follows
 * @param height that block's height
 * @param note   the signed note (C2SP signed-note text), exactly as served by {@code GET /api/ledger/checkpoint}
 */
public record CheckpointSigned(String origin, int shard, long height, String note) {
}

package health.datasafe.recovery.witness;

import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.TrustedKeys;

import java.util.Optional;

/**
 * Keeps the newest signed checkpoint of every ledger origin, for audits to hold the ledger's logs to. A checkpoint is
 * kept only if it verifies with a key of {@code dsh.trust.ledger-keys} (without configured keys there is nothing to
 * verify with, and checkpoints are not kept), and only if it is newer than the one kept: every shard at least as long.
 * An older one (a redelivery) changes nothing. It works on the schema its store points at, in the caller's transaction.
 */
class CheckpointWitness {

    private final WitnessStore store;
    private final TrustedKeys trusted;

    CheckpointWitness(WitnessStore store, TrustedKeys trusted) {
        this.store = store;
        this.trusted = trusted;
    }

    /** Keeps the checkpoint if it is newer than the one kept; answers why it was refused, if it was. */
    Optional<String> receive(CheckpointSigned signed) {
        if (trusted.isEmpty()) {
            return Optional.empty();
        }
        Checkpoint checkpoint;
        try {
            checkpoint = BundleVerifier.verifiedCheckpoint(signed.note(), trusted.keys());
        } catch (CheckpointInvalid invalid) {
            return Optional.of(invalid.getClass().getSimpleName() + ": " + invalid.getMessage());
        }
        if (!checkpoint.origin().equals(signed.origin())) {
            return Optional.of("the checkpoint's origin is %s, the record names %s".formatted(checkpoint.origin(),
                    signed.origin()));
        }
        var kept = store.checkpoint(signed.origin()).map(w -> Checkpoint.parse(w.note()));
        if (kept.isEmpty() || newer(checkpoint, kept.get())) {
            store.keepCheckpoint(new WitnessedCheckpoint(signed.origin(), signed.shard(), signed.height(), signed.note()));
        }
        return Optional.empty();
    }

    private static boolean newer(Checkpoint received, Checkpoint kept) {
        if (received.shards().size() < kept.shards().size()) {
            return false;
        }
        for (Checkpoint.ShardLog log : kept.shards()) {
            if (received.shard(log.shard()).size() < log.size()) {
                return false;
            }
        }
        return !received.equals(kept);
    }
}

package health.datasafe.recovery.witness;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.recovery.incident.IncidentLog;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The witness writing into one schema (the live one, or one a replay fills): what each record of
 * {@code dsh.ledger.blocks}, {@code dsh.ledger.checkpoints} and {@code dsh.integrity.alerts} does to it. The one code
 * path of the listeners and of a replay; a record it cannot take is {@link RecordRefused} with the reason.
 */
final class Witness {

    private final BlockScreen screen;
    private final EventReader events;
    private final WitnessStore store;
    private final IncidentLog incidents;
    private final BlockWitness blocks;
    private final CheckpointWitness checkpoints;
    private final TransactionTemplate inOneTransaction;

    Witness(BlockScreen screen, EventReader events, WitnessStore store, IncidentLog incidents,
            BlockWitness blocks, CheckpointWitness checkpoints, TransactionTemplate inOneTransaction) {
        this.screen = screen;
        this.events = events;
        this.store = store;
        this.incidents = incidents;
        this.blocks = blocks;
        this.checkpoints = checkpoints;
        this.inOneTransaction = inOneTransaction;
    }

    WitnessStore store() {
        return store;
    }

    /** Runs {@code work} in one transaction of this witness's schema. */
    <T> T inOneTransaction(Supplier<T> work) {
        return inOneTransaction.execute(status -> work.get());
    }

    /**
     * A record of the blocks topic: refused unless it is a whole block ({@link BlockScreen#read}); witnessed, or
     * recorded as an incident, whose failure is answered.
     */
    Optional<IntegrityFailure> block(byte[] value) {
        return receive(read(value));
    }

    /** A record of the blocks topic, read: refused unless it is a whole block ({@link BlockScreen#read}). */
    BlockCommitted read(byte[] value) {
        return screen.read(value);
    }

    Optional<IntegrityFailure> receive(BlockCommitted block) {
        return blocks.receive(block);
    }

    /** A record of the checkpoints topic: kept if newer; refused if not a checkpoint signed by a trusted key. */
    void checkpoint(byte[] value) {
        CheckpointSigned signed = events.read(value, CheckpointSigned.class);
        checkpoints.receive(signed).ifPresent(refusal -> {
            throw new RecordRefused("checkpoint refused: " + refusal);
        });
    }

    /**
     * A record of the alerts topic: the incident it raised, alerted at {@code sentAt} (when the record was written).
     * Only a replay reads it; the live service is the one that raises them.
     */
    void alert(byte[] value, Instant sentAt) {
        IntegrityAlertRaised alert = events.read(value, IntegrityAlertRaised.class);
        if (alert.fingerprint() == null || alert.fingerprint().isBlank() || alert.kind() == null
                || alert.detectedAt() == null) {
            throw new RecordRefused("alert without fingerprint, kind or detectedAt");
        }
        incidents.restoreAlerted(alert, sentAt);
    }
}

package health.datasafe.recovery.witness;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The witness's writers that read topics, the block, checkpoint and dead-letter listeners: paused while a rebuild catches up and
 * checks, so that nothing else writes the witness copy meanwhile, and resumed after. Paused, not stopped: they share
 * the consumer group {@code recovery-service}, and stopping and starting them made the group rebalance, holding the
 * other listener up for as long as a member took to rejoin.
 */
@Component
public class WitnessWriting {

    private static final List<String> LISTENERS = List.of(WitnessListener.ID, CheckpointListener.ID,
            DeadLetterListener.ID, LedgerAlertListener.ID);
    private static final Duration PAUSING = Duration.ofSeconds(60);
    private static final long CHECK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final KafkaListenerEndpointRegistry listeners;

    WitnessWriting(KafkaListenerEndpointRegistry listeners) {
        this.listeners = listeners;
    }

    /**
     * Returns once both listeners are paused: the records they had fetched processed, none read after. Throws
     * {@link IllegalStateException} if they are not within a minute (the rebuild then fails, and they resume).
     */
    public void pause() {
        LISTENERS.forEach(id -> listener(id).pause());
        long deadline = System.nanoTime() + PAUSING.toNanos();
        for (String id : LISTENERS) {
            MessageListenerContainer container = listener(id);
            while (container.isRunning() && !container.isContainerPaused()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("listener " + id + " did not pause within " + PAUSING);
                }
                LockSupport.parkNanos(CHECK_EVERY_NANOS);
            }
        }
    }

    public void resume() {
        LISTENERS.forEach(id -> listener(id).resume());
    }

    private MessageListenerContainer listener(String id) {
        MessageListenerContainer container = listeners.getListenerContainer(id);
        if (container == null) {
            throw new IllegalStateException("no listener container " + id);
        }
        return container;
    }
}

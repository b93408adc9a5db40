package health.datasafe.recovery.witness;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The witness's writers that read topics, the block and checkpoint listeners: stopped while a rebuild catches up and
 * checks, so that nothing else writes the witness copy meanwhile, and started again after.
 */
@Component
public class WitnessWriting {

    private static final List<String> LISTENERS = List.of(WitnessListener.ID, CheckpointListener.ID);

    private final KafkaListenerEndpointRegistry listeners;

    WitnessWriting(KafkaListenerEndpointRegistry listeners) {
        this.listeners = listeners;
    }

    /** Returns once both listeners have stopped (their last records processed and their offsets committed). */
    public void pause() {
        LISTENERS.forEach(id -> listener(id).stop());
    }

    public void resume() {
        LISTENERS.forEach(id -> listener(id).start());
    }

    private MessageListenerContainer listener(String id) {
        MessageListenerContainer container = listeners.getListenerContainer(id);
        if (container == null) {
            throw new IllegalStateException("no listener container " + id);
        }
        return container;
    }
}

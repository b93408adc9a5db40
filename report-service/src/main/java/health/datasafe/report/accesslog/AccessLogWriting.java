package health.datasafe.report.accesslog;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The live access log's one writer, the block listener: stopped while a rebuild catches up and checks, so that
 * nothing else writes meanwhile, and started again after.
 */
@Component
public class AccessLogWriting {

    private final KafkaListenerEndpointRegistry listeners;

    AccessLogWriting(KafkaListenerEndpointRegistry listeners) {
        this.listeners = listeners;
    }

    /** Returns once the listener has stopped (its last records processed and their offsets committed). */
    public void pause() {
        listener().stop();
    }

    public void resume() {
        listener().start();
    }

    private MessageListenerContainer listener() {
        MessageListenerContainer container = listeners.getListenerContainer(LedgerBlockListener.ID);
        if (container == null) {
            throw new IllegalStateException("no listener container " + LedgerBlockListener.ID);
        }
        return container;
    }
}

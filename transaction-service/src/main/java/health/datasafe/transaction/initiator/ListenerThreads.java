package health.datasafe.transaction.initiator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * The service's Kafka consumers run on platform threads of their own, while its HTTP requests run on virtual threads
 * ({@code spring.threads.virtual.enabled}). On virtual threads the consumers queued for the same few carrier threads as
 * hundreds of waiting requests: under load, the block listener that answers those requests ran seconds late
 * ("block committed → answered" p50 1 s in the overload bench), holding each request, and its slot, longer still. A
 * platform thread gets its share of the processor from the operating system however many requests wait.
 */
@Configuration(proxyBeanMethods = false)
class ListenerThreads {

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> platformListenerThreads() {
        return container -> container.getContainerProperties()
                .setListenerTaskExecutor(new SimpleAsyncTaskExecutor(container.getListenerId() + "-"));
    }
}

package health.datasafe.recovery.rebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Polls the running rebuilds' targets every {@code dsh.recovery.rebuilds.poll-interval} (after the previous round
 * ends); a round that fails (the database away) is logged and the next one tries again.
 */
@Component
class RebuildPoller implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RebuildPoller.class);

    private final Rebuilds rebuilds;
    private final RebuildSettings settings;

    RebuildPoller(Rebuilds rebuilds, RebuildSettings settings) {
        this.rebuilds = rebuilds;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        var interval = settings.rebuilds().pollInterval();
        registrar.addFixedDelayTask(new FixedDelayTask(this::run, interval, interval));
    }

    void run() {
        try {
            rebuilds.pollRunning();
        } catch (RuntimeException e) {
            log.warn("Polling the running rebuilds failed, tried again in {}: {}", settings.rebuilds().pollInterval(),
                    e.toString());
        }
    }
}

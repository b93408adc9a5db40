package health.datasafe.ledger.rebuild;

import health.datasafe.kit.rebuild.RebuildRunning;
import health.datasafe.kit.rebuild.Rebuilds;
import health.datasafe.ledger.fork.ForkDetected;
import health.datasafe.ledger.node.LedgerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A node that finds itself on a fork rebuilds itself by replay, as {@code POST /api/ledger/rebuilds} would, unless
 * {@code dsh.ledger.recover-forks} is false (then an operator starts the rebuild). The rebuild must reach the quorum's
 * checkpoint ({@link LedgerRebuild}); the schema it replaces keeps the fork for inspection.
 */
@Component
class ForkRecovery {

    private static final Logger log = LoggerFactory.getLogger(ForkRecovery.class);

    private final Rebuilds rebuilds;
    private final boolean enabled;

    ForkRecovery(Rebuilds rebuilds, LedgerSettings settings) {
        this.rebuilds = rebuilds;
        this.enabled = settings.recoverForks();
    }

    @EventListener
    void onFork(ForkDetected fork) {
        if (!enabled) {
            log.warn("dsh.ledger.recover-forks is false: rebuild node {} by POST /api/ledger/rebuilds", fork.node());
            return;
        }
        try {
            var rebuild = rebuilds.start(null);
            log.warn("Node {} on a fork at block {} of shard {}: rebuilding by replay ({})", fork.node(), fork.height(),
                    fork.shard(), rebuild.id());
        } catch (RebuildRunning running) {
            log.info("Node {} on a fork: a rebuild is already running", fork.node());
        }
    }
}

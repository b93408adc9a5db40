package health.datasafe.report.accesslog;

import java.util.List;

/**
 * What one screened block of {@code dsh.ledger.blocks} adds to the access log: its access attempts (often none), and
 * how far it takes its shard's log.
 */
record ProjectedBlock(int shard, long height, long logSize, List<AccessAttempt> attempts) {

    ProjectedBlock {
        attempts = List.copyOf(attempts);
    }
}

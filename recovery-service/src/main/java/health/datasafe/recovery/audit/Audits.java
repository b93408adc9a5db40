package health.datasafe.recovery.audit;

import health.datasafe.recovery.incident.AlertPublisher;
import health.datasafe.recovery.incident.Finding;
import health.datasafe.recovery.incident.IncidentLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs an audit, on demand or on schedule alike, and acts on it: every finding becomes an incident (a finding seen
 * before only moves its incident's last sighting), and the alerts of new incidents are raised. Not while audits are
 * paused ({@link AuditWriting}).
 */
@Component
class Audits {

    private static final Logger log = LoggerFactory.getLogger(Audits.class);

    private final LedgerAudit audit;
    private final IncidentLog incidents;
    private final AlertPublisher alerts;
    private final AuditWriting writing;

    Audits(LedgerAudit audit, IncidentLog incidents, AlertPublisher alerts, AuditWriting writing) {
        this.audit = audit;
        this.incidents = incidents;
        this.alerts = alerts;
        this.writing = writing;
    }

    /** Throws {@link AuditsPaused} while audits are paused. */
    AuditResult run(String bearerToken) {
        return writing.run(() -> audit(bearerToken));
    }

    private AuditResult audit(String bearerToken) {
        LedgerAudit.Report report = audit.audit(bearerToken);
        for (Finding finding : report.findings()) {
            if (incidents.record(finding)) {
                log.error("Audit: new incident {} in shard {} at height {}: {}", finding.failure(), finding.shard(),
                        finding.height(), finding.detail());
            } else {
                log.debug("Audit: incident {} in shard {} at height {} seen again", finding.failure(), finding.shard(),
                        finding.height());
            }
        }
        alerts.publishPending();
        if (report.findings().isEmpty()) {
            log.info("Audit: the ledger agrees with the witness on all {} witnessed blocks", report.blocksCompared());
        }
        return AuditResult.of(report);
    }
}

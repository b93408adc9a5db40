package health.datasafe.recovery.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.datasafe.recovery.incident.Finding;

/**
 * The outcome of an audit: {@code {consistent:true, blocksCompared}} or, for the first finding,
 * {@code {consistent:false, findings, kind, shard, height, field, witnessed, ledger}} ({@code findings}: how many there
 * were; every one is an incident, see {@code GET /api/recovery/incidents}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditResult(boolean consistent, Long blocksCompared, Integer findings, String kind, Integer shard, Long height,
                   String field, String witnessed, String ledger) {

    static AuditResult of(LedgerAudit.Report report) {
        if (report.findings().isEmpty()) {
            return new AuditResult(true, report.blocksCompared(), null, null, null, null, null, null, null);
        }
        Finding first = report.findings().getFirst();
        return new AuditResult(false, null, report.findings().size(), first.failure(), first.shard(), first.height(),
                first.field(), first.expected(), first.actual());
    }
}

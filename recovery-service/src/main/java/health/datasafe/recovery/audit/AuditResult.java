package health.datasafe.recovery.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of an audit: {@code {consistent:true, blocksCompared}} or, at the first difference found,
 * {@code {consistent:false, shard, height, field, witnessed, ledger}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditResult(boolean consistent, Long blocksCompared, Integer shard, Long height, String field, String witnessed,
                   String ledger) {

    static AuditResult consistent(long blocksCompared) {
        return new AuditResult(true, blocksCompared, null, null, null, null, null);
    }

    static AuditResult difference(int shard, long height, String field, Object witnessed, Object ledger) {
        return new AuditResult(false, null, shard, height, field, witnessed == null ? null : witnessed.toString(),
                ledger == null ? null : ledger.toString());
    }
}

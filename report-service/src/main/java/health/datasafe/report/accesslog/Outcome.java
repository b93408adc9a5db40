package health.datasafe.report.accesslog;

/**
 * How an access attempt ended: content released (RECORD_ACCESSED), a read refused (ACCESS_DENIED), a record added to
 * the patient's chart by someone else (RECORD_ADDED by a clinician, under her consent), a write refused
 * (ACCESS_DENIED with {@code action=write}), her key replaced by an administrator (KEY_RECOVERED), or a clinician's
 * break-glass opening a window of emergency reads without her consent (EMERGENCY_ACCESS), or an auditor's review of one
 * (EMERGENCY_REVIEWED, its finding as the reason), her erasure of a record (RECORD_ERASED) and the vault's
 * confirmation that it destroyed it (ERASURE_CONFIRMED).
 */
enum Outcome {
    READ, DENIED, WRITTEN, WRITE_DENIED, KEY_RECOVERED, BREAK_GLASS, BREAK_GLASS_REVIEWED, ERASED, ERASURE_CONFIRMED;

    boolean refused() {
        return this == DENIED || this == WRITE_DENIED;
    }
}

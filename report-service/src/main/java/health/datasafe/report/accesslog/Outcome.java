package health.datasafe.report.accesslog;

/**
 * How an access attempt ended: content released (RECORD_ACCESSED), refused (ACCESS_DENIED), or a record added to the
 * patient's chart by someone else (RECORD_ADDED by a clinician, under her consent), or her key replaced by an
 * administrator (KEY_RECOVERED).
 */
enum Outcome {
    READ, DENIED, WRITTEN, KEY_RECOVERED
}

package health.datasafe.report.accesslog;

/** How an access attempt ended: content released (RECORD_ACCESSED) or refused (ACCESS_DENIED). */
enum Outcome {
    READ, DENIED
}

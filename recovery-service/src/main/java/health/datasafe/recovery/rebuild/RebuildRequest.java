package health.datasafe.recovery.rebuild;

/**
 * The body of {@code POST /api/recovery/rebuilds}.
 *
 * @param service    which service rebuilds, one of {@link RebuildTargets#SERVICES}
 * @param checkpoint optionally a signed checkpoint note an auditor kept, which the rebuilt state must reach
 */
record RebuildRequest(String service, String checkpoint) {
}

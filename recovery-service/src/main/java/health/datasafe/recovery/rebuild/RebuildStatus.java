package health.datasafe.recovery.rebuild;

/**
 * A rebuild as recovery answers it, from the target's last status recovery saw.
 *
 * @param id              recovery's id of the rebuild ({@code /api/recovery/rebuilds/{id}})
 * @param service         the service rebuilding
 * @param state           RUNNING, DONE or FAILED
 * @param recordsReplayed records replayed so far
 * @param recordsTotal    records the replay reads (more may join while it catches up)
 * @param perSecond       records per second so far
 * @param etaSeconds      seconds left at that rate
 * @param failure         why it failed (the target's reason, or that the target became unreachable or forgot it);
 *                        else null
 */
record RebuildStatus(String id, String service, State state, long recordsReplayed, long recordsTotal, long perSecond,
                     long etaSeconds, String failure) {

    enum State { RUNNING, DONE, FAILED }
}

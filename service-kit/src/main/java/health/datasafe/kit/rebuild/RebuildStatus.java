package health.datasafe.kit.rebuild;

/**
 * Where a rebuild stands, as a service's {@code GET /api/.../rebuilds/{id}} answers it.
 *
 * @param state           RUNNING, DONE (the rebuilt state passed every check and replaced the old one) or
 *                        FAILED (the old state stays; {@code failure} says why)
 * @param recordsReplayed records of the input topics read so far
 * @param recordsTotal    records the replay reads (more may join while it catches up)
 * @param perSecond       records per second so far
 * @param etaSeconds      seconds left at that rate; 0 when not running
 * @param failure         why it failed, naming shard, height, expected and actual values where a log differs; else null
 */
public record RebuildStatus(String id, String service, State state, long recordsReplayed, long recordsTotal,
                            long perSecond, long etaSeconds, String failure) {

    public enum State { RUNNING, DONE, FAILED }
}

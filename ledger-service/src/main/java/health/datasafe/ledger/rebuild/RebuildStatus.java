package health.datasafe.ledger.rebuild;

/**
 * Where a rebuild stands, as {@code GET /api/ledger/rebuilds/{id}} answers it.
 *
 * @param state           RUNNING, DONE (the rebuilt ledger matched every signed checkpoint and replaced the old one) or
 *                        FAILED (the old ledger stays; {@code failure} says why)
 * @param recordsReplayed records of {@code dsh.tx.validated} read so far
 * @param recordsTotal    records the replay reads (more may join while it catches up)
 * @param perSecond       records per second so far
 * @param etaSeconds      seconds left at that rate; 0 when not running
 * @param failure         why it failed, naming shard, height, expected and actual values where a log differs; else null
 */
public record RebuildStatus(String id, String service, State state, long recordsReplayed, long recordsTotal,
                            long perSecond, long etaSeconds, String failure) {

    public enum State { RUNNING, DONE, FAILED }
}

package health.datasafe.bench.verify;

import health.datasafe.ledger.verify.ChainCursors;

import java.util.List;
import java.util.Locale;

/**
 * One run of the verify benchmark, as printed and as written to {@code verify-result.json}.
 *
 * @param startedAt    ISO-8601 instant the run began
 * @param java         the Java runtime's version
 * @param processors   processors the JVM sees
 * @param postgres     the PostgreSQL server's version
 * @param chain        the synthetic ledger read
 * @param warmupRounds rounds run before the measured ones
 * @param readQueries  the two queries the scan reads side by side, the same ChainAudit reads
 * @param readPlan     how PostgreSQL runs them ({@code EXPLAIN}, with the read's {@code random_page_cost})
 * @param loadAverage  the machine's one-minute load average before the run began and at the end of the measured
 *                     rounds (from /proc/loadavg; null where there is none). Before the run, above about 0.5, something
 *                     else was running; at the end it includes this benchmark's own threads and PostgreSQL's
 * @param scan         plain scans: every column of every row read, nothing verified
 * @param verify       ChainAudit verifications of the same rows, the whole of {@code GET /api/ledger/verify}'s work
 * @param ratio        verify tx/s ÷ scan tx/s of the median rounds; null when verification failed
 * @param goal         the ratio aimed at
 * @param goalMet      whether {@code ratio >= goal}; null when verification failed
 */
public record VerifyResult(String startedAt, String java, int processors, String postgres, FilledChain chain,
                           int warmupRounds, List<String> readQueries, List<String> readPlan, List<Double> loadAverage,
                           ReadFigures scan, ReadFigures verify, Double ratio, double goal, Boolean goalMet) {

    /** Verification should run at least at half the speed of merely reading the same rows. */
    public static final double GOAL = 0.5;

    static Double ratio(ReadFigures scan, ReadFigures verify) {
        if (verify.failure() != null || verify.median() == null || scan.median() == null) {
            return null;
        }
        return verify.median().transactionsPerSecond() / scan.median().transactionsPerSecond();
    }

    /** The human-readable report. */
    String table() {
        var out = new StringBuilder();
        line(out, "%nDataSafeHealth verify benchmark, started %s%n", startedAt);
        line(out, "  Java %s, %d processors, %s%n", java, processors, postgres);
        line(out, "  ledger: %,d transactions (%.0f bytes of canonical JSON on average), %,d blocks of up to %d,"
                        + " %d shards, a checkpoint after every block, every Merkle log node stored;"
                        + " generated, signed and inserted in %.1f s%n",
                chain.transactions(), chain.averageTxBytes(), chain.blocks(), chain.blockSize(), chain.shards(),
                chain.seconds());
        line(out, "  read (scan and ChainAudit alike): one connection, one read-only transaction, blocks (with their"
                + " checkpoints) by shard and height%n    and transactions by shard, height and leaf, two cursors"
                + " read side by side, %d rows per fetch, binary format%n", ChainCursors.FETCH_SIZE);
        line(out, "    PostgreSQL's plan: %s%n", String.join("; ", readPlan.stream()
                .filter(l -> l.contains("Scan") || l.contains("Sort") || l.contains("Join"))
                .map(l -> l.replaceFirst("^\\s*(->)?\\s*", "").replaceFirst("\\s*\\(cost=.*$", ""))
                .toList()));
        if (loadAverage != null) {
            line(out, "  load average (1 min) before the run / at the end of the rounds (this run included): %.2f / %.2f"
                    + " on %d processors%n", loadAverage.get(0), loadAverage.get(1), processors);
        }
        line(out, "  %d warm-up round(s), %d measured round(s); figures are the median round%n%n", warmupRounds,
                scan.rounds().size());
        line(out, "%-52s %9s %12s %10s %9s%n", "", "seconds", "tx/s", "blocks/s", "µs/tx");
        figures(out, "Plain scan (every column read, nothing checked)", scan.median());
        if (verify.failure() != null) {
            line(out, "%-52s %s%n", "ChainAudit (GET /api/ledger/verify)", "FAILED, no rate");
            line(out, "  %s at shard %d, block %d: %s%n", verify.failure().kind(), verify.failure().shard(),
                    verify.failure().height(), verify.failure().message());
            line(out, "%nRatio ChainAudit/scan: n/a, the ledger does not verify%n");
            return out.toString();
        }
        figures(out, "ChainAudit (GET /api/ledger/verify)", verify.median());
        line(out, "%nRatio ChainAudit/scan (tx/s): %.3f   goal >= %.1f: %s%n", ratio, goal,
                Boolean.TRUE.equals(goalMet) ? "MET" : "NOT MET");
        for (int i = 0; i < scan.rounds().size(); i++) {
            line(out, "  round %d: scan %.3f s (%,.0f tx/s)", i + 1, scan.rounds().get(i).seconds(),
                    scan.rounds().get(i).transactionsPerSecond());
            if (i < verify.rounds().size()) {
                line(out, ", ChainAudit %.3f s (%,.0f tx/s)", verify.rounds().get(i).seconds(),
                        verify.rounds().get(i).transactionsPerSecond());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void figures(StringBuilder out, String label, ReadRound round) {
        if (round == null) {
            line(out, "%-52s %s%n", label, "no round completed");
            return;
        }
        line(out, "%-52s %9.3f %,12.0f %,10.1f %9.3f%n", label, round.seconds(), round.transactionsPerSecond(),
                round.blocksPerSecond(), 1e6 / round.transactionsPerSecond());
    }

    private static void line(StringBuilder out, String format, Object... values) {
        out.append(String.format(Locale.ROOT, format, values));
    }
}

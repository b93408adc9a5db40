package health.datasafe.bench.verify;

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
 * @param threads      shards read at the same time, each on its own thread and connection
 * @param fetchSize    rows per cursor fetch
 * @param warmupRounds rounds run before the measured ones
 * @param readQueries  the SQL both kinds of pass run, once per shard
 * @param readPlan     how PostgreSQL runs them, for shard 0 ({@code EXPLAIN})
 * @param loadAverage  the machine's one-minute load average before the run began and at the end of the measured
 *                     rounds (from /proc/loadavg; null where there is none). Before the run, above about 0.5, something
 *                     else was running; at the end it includes this benchmark's own threads and PostgreSQL's
 * @param scan         plain scans: every column of every row read, nothing verified
 * @param verify       full verifications of the same rows through the same read path
 * @param breakdown    where verification time goes; null when verification failed
 * @param ratio        verify tx/s ÷ scan tx/s of the median rounds; null when verification failed
 * @param goal         the ratio aimed at
 * @param goalMet      whether {@code ratio >= goal}; null when verification failed
 */
public record VerifyResult(String startedAt, String java, int processors, String postgres, FilledChain chain,
                           int threads, int fetchSize, int warmupRounds, List<String> readQueries,
                           List<String> readPlan, List<Double> loadAverage, ReadFigures scan,
                           ReadFigures verify, Breakdown breakdown, Double ratio, double goal, Boolean goalMet) {

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
                        + " %d shards; generated, signed and inserted in %.1f s%n",
                chain.transactions(), chain.averageTxBytes(), chain.blocks(), chain.blockSize(), chain.shards(),
                chain.seconds());
        line(out, "  read path (scan and verify alike): per shard, its blocks in height order and its ledger_tx rows in"
                + " height and leaf order,%n    two index scans through cursors of %d rows, matched by height;"
                + " %d shard(s) at a time, each on its own thread and connection%n", fetchSize, threads);
        line(out, "    PostgreSQL's plan: %s%n", String.join("; ", readPlan.stream()
                .filter(l -> l.contains("Scan") || l.contains("Sort") || l.contains("Gather"))
                .map(l -> l.replaceFirst("^\\s*(->)?\\s*", "").replaceFirst("\\s*\\(cost=.*$", ""))
                .toList()));
        if (loadAverage != null) {
            line(out, "  load average (1 min) before the run / at the end of the rounds (this run included): %.2f / %.2f"
                    + " on %d processors%n",
                    loadAverage.get(0), loadAverage.get(1), processors);
        }
        line(out, "  %d warm-up round(s), %d measured round(s); figures are the median round%n%n", warmupRounds,
                scan.rounds().size());
        line(out, "%-46s %9s %12s %10s %9s%n", "", "seconds", "tx/s", "blocks/s", "MB/s");
        figures(out, "Plain scan (every column read, nothing checked)", scan.median());
        if (verify.failure() != null) {
            line(out, "%-46s %s%n", "Full verification (ChainVerifier)", "FAILED, no rate");
            line(out, "  %s at shard %d, block %d: %s%n", verify.failure().kind(), verify.failure().shard(),
                    verify.failure().height(), verify.failure().message());
            line(out, "%nRatio verify/scan: n/a, the ledger does not verify%n");
            return out.toString();
        }
        figures(out, "Full verification (ChainVerifier)", verify.median());
        line(out, "%nRatio verify/scan (tx/s): %.3f   goal >= %.1f: %s%n", ratio, goal,
                Boolean.TRUE.equals(goalMet) ? "MET" : "NOT MET");
        ReadRound median = verify.median();
        if (median != null && median.threadSeconds() > 0) {
            line(out, "  in the median verify round each shard's verifier thread was inside ChainVerifier.verify %.0f %% of"
                    + " the time its shard took (reading and verifying overlap)%n",
                    100 * median.verifierSeconds() / median.threadSeconds());
        }
        for (int i = 0; i < scan.rounds().size(); i++) {
            line(out, "  round %d: scan %.3f s (%,.0f tx/s)", i + 1, scan.rounds().get(i).seconds(),
                    scan.rounds().get(i).transactionsPerSecond());
            if (i < verify.rounds().size()) {
                line(out, ", verify %.3f s (%,.0f tx/s)", verify.rounds().get(i).seconds(),
                        verify.rounds().get(i).transactionsPerSecond());
            }
            out.append('\n');
        }
        if (breakdown != null) {
            line(out, "%nWhere verification time goes (one extra pass, one thread, shards in turn, %.2f s, %.2f µs/tx):%n",
                    breakdown.seconds(), breakdown.microsPerTransaction());
            part(out, "read rows, build blocks (hex, base64)", breakdown.readMicrosPerTransaction());
            part(out, "tx rehash (SHA-256 of canonical JSON, hex)", breakdown.txHashMicrosPerTransaction());
            part(out, "leaf hashes (SHA-256 of 0x00 || tx hash)", breakdown.leafHashMicrosPerTransaction());
            part(out, "block Merkle roots (from the leaf hashes)", breakdown.merkleRootMicrosPerTransaction());
            part(out, "header hashes (canonical JSON, SHA-256)", breakdown.headerMicrosPerTransaction());
            part(out, "block signatures (Ed25519 verify)", breakdown.signatureMicrosPerTransaction());
            part(out, "shard log frontier (append every leaf)", breakdown.logMicrosPerTransaction());
        }
        return out.toString();
    }

    private void part(StringBuilder out, String label, double micros) {
        line(out, "  %-44s %7.3f µs/tx  %5.1f %%%n", label, micros,
                breakdown.microsPerTransaction() == 0 ? 0 : 100 * micros / breakdown.microsPerTransaction());
    }

    private static void figures(StringBuilder out, String label, ReadRound round) {
        if (round == null) {
            line(out, "%-46s %s%n", label, "no round completed");
            return;
        }
        line(out, "%-46s %9.3f %,12.0f %,10.1f %9.1f%n", label, round.seconds(), round.transactionsPerSecond(),
                round.blocksPerSecond(), round.megabytesPerSecond());
    }

    private static void line(StringBuilder out, String format, Object... values) {
        out.append(String.format(Locale.ROOT, format, values));
    }
}

package health.datasafe.bench.replay;

import java.util.List;
import java.util.Locale;

/**
 * One run of the replay benchmark, as printed and as written to {@code replay-result.json}.
 *
 * @param startedAt        ISO-8601 instant the run began
 * @param java             the Java runtime's version
 * @param processors       processors the JVM sees
 * @param postgres         the PostgreSQL server's version
 * @param topic            what was written to {@code dsh.tx.validated}
 * @param ledger           the rows one replay stores (and the insert yardstick inserts), by table
 * @param warmupRounds     rounds run before the measured ones
 * @param loadAverage      the machine's one-minute load average before the run began and at the end of the measured
 *                         rounds (from /proc/loadavg; null where there is none)
 * @param consume          plain consumes of every record of the topic
 * @param insert           plain batched inserts of every row a replay stores, into a fresh schema each
 * @param replay           LedgerReplay into a fresh schema each
 * @param consumePerSecond transactions per second of the median consume
 * @param insertPerSecond  transactions per second of the median insert
 * @param replayPerSecond  transactions per second of the median replay
 * @param ratio            {@code replayPerSecond / min(consumePerSecond, insertPerSecond)}
 * @param goal             the ratio aimed at
 * @param goalMet          whether {@code ratio >= goal}
 * @param confirmedNote    the newest checkpoint every rebuilt ledger was confirmed against (its first line and
 *                         shard lines)
 * @param breakdown        where a replay's time goes
 */
public record ReplayResult(String startedAt, String java, int processors, String postgres, FilledTopic topic,
                           LedgerRows.Counts ledger, int warmupRounds, List<Double> loadAverage, PassFigures consume,
                           PassFigures insert, PassFigures replay, double consumePerSecond, double insertPerSecond,
                           double replayPerSecond, double ratio, double goal, boolean goalMet, String confirmedNote,
                           StageBreakdown breakdown) {

    /** A replay should run at no less than 0.4 of the slower of merely reading the records and merely storing the rows. */
    public static final double GOAL = 0.4;

    static double ratio(double replay, double consume, double insert) {
        return replay / Math.min(consume, insert);
    }

    /** The human-readable report. */
    String table() {
        var out = new StringBuilder();
        line(out, "%nDataSafeHealth replay benchmark, started %s%n", startedAt);
        line(out, "  Java %s, %d processors, %s, Kafka broker in process (KRaft)%n", java, processors, postgres);
        line(out, "  topic dsh.tx.validated: %,d TransactionValidated (%.0f bytes on average) in %d partitions %s,"
                        + " %,d epochs ended after %d in one partition (%,d EpochEnded records), %,d records,"
                        + " one Kafka transaction per epoch; generated, signed and produced in %.1f s%n",
                topic.transactions(), topic.averageTransactionBytes(), topic.partitions(),
                topic.transactionsByPartition(), topic.epochs(), topic.epochSize(), topic.epochs() * topic.partitions(),
                topic.records(), topic.seconds());
        line(out, "  a rebuilt ledger: %,d blocks, %,d ledger_tx, %,d merkle_node, %,d checkpoint rows,"
                        + " %,d consumed_offset upserts, in %,d database transactions (one per epoch)%n",
                ledger.blocks(), ledger.transactions(), ledger.nodes(), ledger.checkpoints(), ledger.offsetUpdates(),
                ledger.offsetUpdates() / Math.max(1, topic.partitions()));
        line(out, "  consume: a plain KafkaConsumer, the service's settings (read_committed, 500 records per poll),"
                + " every partition assigned, from the beginning to the end offsets%n");
        line(out, "  insert:  plain JDBC, the rows a replay stored (all tables above), each table's rows of an epoch"
                + " in one batch, one commit per epoch, one connection, into a fresh migrated schema%n");
        line(out, "  replay:  the ledger-service's LedgerReplay.replay into a fresh migrated schema, one connection;"
                + " then confirm() against the ledger's own newest checkpoint (not timed)%n");
        if (loadAverage != null) {
            line(out, "  load average (1 min) before the run / at the end of the rounds (this run included): %.2f / %.2f"
                    + " on %d processors%n", loadAverage.get(0), loadAverage.get(1), processors);
        }
        line(out, "  %d warm-up round(s), %d measured round(s), each consume, replay, insert; figures are the median"
                + " round%n%n", warmupRounds, replay.rounds().size());
        line(out, "%-58s %9s %12s %9s%n", "", "seconds", "tx/s", "µs/tx");
        figures(out, "Plain consume (every record read, nothing done)", consume.median());
        figures(out, "Plain insert (every row stored, nothing computed)", insert.median());
        figures(out, "LedgerReplay (admit, cut, sign, store)", replay.median());
        line(out, "%nRatio replay / min(consume, insert) (tx/s): %.3f   goal >= %.1f: %s%n", ratio, goal,
                goalMet ? "MET" : "NOT MET");
        for (int i = 0; i < replay.rounds().size(); i++) {
            line(out, "  round %d: consume %.3f s, replay %.3f s, insert %.3f s%n", i + 1,
                    consume.rounds().get(i).seconds(), replay.rounds().get(i).seconds(),
                    insert.rounds().get(i).seconds());
        }
        if (breakdown != null) {
            double total = breakdown.replaySeconds();
            line(out, "%nWhere a replay's time goes (one more replay, its Kafka and JDBC calls timed; %.3f s):%n", total);
            share(out, "  inside Kafka consumer calls (fetch, deserialize)", breakdown.kafkaSeconds(), total);
            share(out, "  inside JDBC calls (id lookups, inserts, commits)", breakdown.jdbcSeconds(), total);
            share(out, "  the service's own code in the replay thread", breakdown.serviceSeconds(), total);
            line(out, "For scale, the same records on one thread (the service admits a poll on every processor, so these are"
                    + " not shares of the above):%n");
            line(out, "  admission (Intake.admit of every record)                %9.3f s%n", breakdown.admissionSeconds());
            line(out, "    of which initiator signature checks (Ed25519)         %9.3f s%n", breakdown.signatureSeconds());
            line(out, "    of which validator signature checks (statement, Ed25519) %6.3f s%n",
                    breakdown.decisionSignatureSeconds());
        }
        return out.toString();
    }

    private static void figures(StringBuilder out, String label, Pass pass) {
        line(out, "%-58s %9.3f %,12.0f %9.2f%n", label, pass.seconds(), pass.transactionsPerSecond(),
                1e6 / pass.transactionsPerSecond());
    }

    private static void share(StringBuilder out, String label, double seconds, double total) {
        line(out, "%-58s %9.3f s %5.1f %%%n", label, seconds, 100 * seconds / total);
    }

    private static void line(StringBuilder out, String format, Object... values) {
        out.append(String.format(Locale.ROOT, format, values));
    }
}

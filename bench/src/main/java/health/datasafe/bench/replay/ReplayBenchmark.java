package health.datasafe.bench.replay;

import health.datasafe.bench.MachineLoad;
import health.datasafe.bench.OptionValues;
import health.datasafe.bench.ResultFile;
import health.datasafe.bench.verify.LedgerDatabase;
import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Decisions;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.ledger.block.LedgerReplay;
import health.datasafe.ledger.intake.Admission;
import health.datasafe.ledger.intake.Intake;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * How fast the ledger-service rebuilds a ledger from its topic compared with merely reading the records and merely
 * storing the rows: starts its own PostgreSQL (zonky's embedded binaries) and Kafka broker (in-process KRaft), fills
 * {@code dsh.tx.validated} as the validator would ({@link ValidatedTopic}), then alternates plain consumes
 * ({@link PlainConsume}), replays by the service's own {@link LedgerReplay} into a fresh schema, each confirmed
 * against its own newest checkpoint, and plain inserts of the rows a replay stored ({@link LedgerRows}); finally one
 * more replay, timed by stage ({@link StageClock}). See docs/bench.md.
 */
@Command(name = "replay", sortOptions = false, sortSynopsis = false, usageHelpAutoWidth = true,
        description = {"The ledger-service's LedgerReplay (rebuilding a ledger from dsh.tx.validated) versus a plain"
                + " Kafka consume of the same records and a plain JDBC insert of the same rows, on its own embedded"
                + " PostgreSQL and Kafka broker."},
        footerHeading = "%n",
        footer = {"Numbers: 200000, 200_000, 200k or 2m.",
                "Exit status: 0 every replay rebuilt the ledger and confirmed it (goal met or not), 1 one did not or"
                        + " something failed, 2 bad option."})
public final class ReplayBenchmark implements Callable<Integer> {

    static final String REPLAY_SCHEMA = "bench_replay_ledger";
    static final String INSERT_SCHEMA = "bench_replay_insert";
    static final String TIMED_SCHEMA = "bench_replay_timed";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    @Option(names = "--transactions", paramLabel = "N", defaultValue = "200000",
            converter = OptionValues.CountConverter.class,
            description = "transactions in the topic, and so in the rebuilt ledger (default: ${DEFAULT-VALUE})")
    int transactions;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", converter = OptionValues.CountConverter.class,
            description = "partitions of dsh.tx.validated, the ledger's shards (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--epoch-size", paramLabel = "N", defaultValue = "500", converter = OptionValues.CountConverter.class,
            description = "transactions one partition holds when the epoch is ended in every partition, as"
                    + " dsh.validator.max-block-transactions (default: ${DEFAULT-VALUE})")
    int epochSize;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", converter = OptionValues.CountConverter.class,
            description = "measured rounds, each one consume, one replay and one insert (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "1",
            converter = OptionValues.CountConverter.class,
            description = "rounds run first and not counted (default: ${DEFAULT-VALUE})")
    int warmupRounds;

    @Option(names = "--output", paramLabel = "FILE",
            description = "where the JSON result goes (default: bench/target/replay-result.json, next to the jar)")
    Path output;

    ReplayBenchmark() {
    }

    @Override
    public Integer call() throws Exception {
        OptionValues.within(spec, "--transactions", transactions, 1, 10_000_000);
        OptionValues.within(spec, "--partitions", partitions, 1, 64);
        OptionValues.within(spec, "--epoch-size", epochSize, 1, 10_000);
        OptionValues.within(spec, "--rounds", rounds, 1, 100);
        OptionValues.within(spec, "--warmup-rounds", warmupRounds, 0, 100);
        PrintStream out = System.out;
        Double loadBefore = MachineLoad.oneMinute();
        out.println("dsh-bench replay: starting an embedded PostgreSQL and an in-process Kafka broker ...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             KafkaBroker broker = KafkaBroker.start(partitions)) {
            String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
            ReplayResult result = run(jdbcUrl, "postgres", "postgres", broker.bootstrapServers(), loadBefore, out);
            out.print(result.table());
            Path file = output != null ? output : ResultFile.defaultPath("replay-result.json");
            ResultFile.write(JsonMapper.builder().build(), result, file);
            out.println("Result written to " + file);
            return 0;
        }
    }

    /** Fills the topic, runs the rounds and the timed replay against this database and broker. */
    ReplayResult run(String jdbcUrl, String username, String password, String bootstrapServers, Double loadBefore,
                     PrintStream out) throws Exception {
        var initiator = Ed25519.SigningKey.generate();
        var validator = Ed25519.SigningKey.generate();
        var node = Ed25519.SigningKey.generate();
        var consume = new PlainConsume(bootstrapServers);
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try (var replaying = new ReplayingNode(consume.factory(), node.toPkcs8(), initiator.verifyingKey().toX509(),
                validator.verifyingKey().toX509())) {
            out.printf(Locale.ROOT, "dsh-bench replay: generating, signing and producing %,d transactions to %s,"
                    + " %d partitions, an epoch ended after %d in one partition ...%n", transactions,
                    Topics.TX_VALIDATED, partitions, epochSize);
            FilledTopic topic = new ValidatedTopic(bootstrapServers, replaying.json(), initiator, validator)
                    .fill(transactions, partitions, epochSize);
            out.printf(Locale.ROOT, "dsh-bench replay: %,d records (%,d transactions, %,d epochs) in %.1f s%n",
                    topic.records(), topic.transactions(), topic.epochs(), topic.seconds());
            var ledgerDb = new LedgerDatabase(jdbcUrl, username, password, REPLAY_SCHEMA);
            var insertDb = new LedgerDatabase(jdbcUrl, username, password, INSERT_SCHEMA);
            List<Pass> consumes = new ArrayList<>();
            List<Pass> replays = new ArrayList<>();
            List<Pass> inserts = new ArrayList<>();
            LedgerRows rows = null;
            String confirmed = null;
            for (int round = 0; round < warmupRounds + rounds; round++) {
                boolean warmup = round < warmupRounds;
                String name = warmup ? "warm-up " + (round + 1) : "round " + (round - warmupRounds + 1);

                checkpoint(ledgerDb);
                long began = System.nanoTime();
                PlainConsume.Count count = consume.read();
                Pass consumed = Pass.of(System.nanoTime() - began, topic.transactions());
                if (count.records() != topic.records()) {
                    throw new IllegalStateException("the consume read " + count.records() + " records of "
                            + topic.records());
                }
                report(out, name, "consume", consumed);

                ledgerDb.create();
                checkpoint(ledgerDb);
                var target = new SingleConnectionDataSource(ledgerDb.url(), username, password, true);
                try {
                    began = System.nanoTime();
                    LedgerReplay.Replayed replayed = replaying.replay().replay(target, progress -> { });
                    Pass replay = Pass.of(System.nanoTime() - began, replayed.transactions());
                    report(out, name, "replay", replay);
                    confirmed = confirm(replaying.replay(), target, replayed, topic, node);
                    if (rows == null) {
                        try (Connection connection = target.getConnection()) {
                            rows = LedgerRows.read(connection, Topics.TX_VALIDATED, partitions);
                        }
                    }
                    if (!warmup) {
                        replays.add(replay);
                    }
                } finally {
                    target.destroy();
                }
                ledgerDb.drop();

                insertDb.create();
                checkpoint(insertDb);
                try (Connection connection = DriverManager.getConnection(insertDb.url(), username, password)) {
                    began = System.nanoTime();
                    rows.insert(connection);
                    Pass insert = Pass.of(System.nanoTime() - began, topic.transactions());
                    report(out, name, "insert", insert);
                    checkCounts(connection, rows.counts());
                    if (!warmup) {
                        inserts.add(insert);
                    }
                }
                insertDb.drop();
                if (!warmup) {
                    consumes.add(consumed);
                }
            }
            Double loadAtEnd = MachineLoad.oneMinute();
            StageBreakdown breakdown = breakdown(consume, new LedgerDatabase(jdbcUrl, username, password, TIMED_SCHEMA),
                    node, initiator, validator, topic, out);
            PassFigures consumeFigures = PassFigures.of(consumes);
            PassFigures insertFigures = PassFigures.of(inserts);
            PassFigures replayFigures = PassFigures.of(replays);
            double ratio = ReplayResult.ratio(replayFigures.perSecond(), consumeFigures.perSecond(),
                    insertFigures.perSecond());
            return new ReplayResult(startedAt, Runtime.version().toString(), Runtime.getRuntime().availableProcessors(),
                    postgresVersion(ledgerDb), topic, rows.counts(), warmupRounds,
                    loadBefore == null || loadAtEnd == null ? null : List.of(loadBefore, loadAtEnd), consumeFigures,
                    insertFigures, replayFigures, consumeFigures.perSecond(), insertFigures.perSecond(),
                    replayFigures.perSecond(), ratio, ReplayResult.GOAL, ratio >= ReplayResult.GOAL, confirmed,
                    breakdown);
        }
    }

    /**
     * Checks a replay: every transaction of the topic rebuilt, no record refused, and the rebuilt ledger confirmed
     * ({@link LedgerReplay#confirm}) against its own newest checkpoint, whose signature is verified with the node's key.
     * Answers that checkpoint's text.
     */
    private static String confirm(LedgerReplay replay, DataSource target, LedgerReplay.Replayed replayed,
                                  FilledTopic topic, Ed25519.SigningKey node) throws SQLException {
        // recordsReplayed counts offsets, the Kafka transactions' commit markers included
        if (replayed.transactions() != topic.transactions() || replayed.recordsRefused() != 0
                || replayed.recordsReplayed() < topic.records()) {
            throw new IllegalStateException("the replay rebuilt %d transactions from %d offsets (%d records refused);"
                    .formatted(replayed.transactions(), replayed.recordsReplayed(), replayed.recordsRefused())
                    + " the topic holds %d transactions in %d records".formatted(topic.transactions(), topic.records()));
        }
        String newest;
        try (Connection connection = target.getConnection(); Statement query = connection.createStatement();
             ResultSet rs = query.executeQuery("SELECT note FROM checkpoint ORDER BY id DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("the rebuilt ledger has no checkpoint");
            }
            newest = rs.getString(1);
        }
        Checkpoint checkpoint = Checkpoint.verify(newest, node.verifyingKey());
        replay.confirm(target, checkpoint);
        long size = checkpoint.shards().stream().mapToLong(Checkpoint.ShardLog::size).sum();
        if (size != topic.transactions()) {
            throw new IllegalStateException("the newest checkpoint states " + size + " transactions, the topic holds "
                    + topic.transactions());
        }
        return newest.substring(0, newest.indexOf("\n\n"));
    }

    /**
     * One more replay, not one of the rounds, with its Kafka and JDBC calls timed ({@link StageClock}); then the
     * intake's work alone on the same records, on this thread: every record admitted, and every transaction's
     * initiator signature checked.
     */
    private static StageBreakdown breakdown(PlainConsume consume, LedgerDatabase database, Ed25519.SigningKey node,
                                            Ed25519.SigningKey initiator, Ed25519.SigningKey validator,
                                            FilledTopic topic, PrintStream out)
            throws Exception {
        var clock = new StageClock();
        double replaySeconds;
        database.create();
        checkpoint(database);
        try (var timed = new ReplayingNode(clock.consumers(consume.factory()), node.toPkcs8(),
                initiator.verifyingKey().toX509(), validator.verifyingKey().toX509())) {
            var target = new SingleConnectionDataSource(database.url(), database.username(), database.password(), true);
            try {
                long began = System.nanoTime();
                LedgerReplay.Replayed replayed = timed.replay().replay(clock.dataSource(target), progress -> { });
                replaySeconds = (System.nanoTime() - began) / 1e9;
                confirm(timed.replay(), target, replayed, topic, node);
            } finally {
                target.destroy();
            }
            database.drop();
            out.printf(Locale.ROOT, "dsh-bench replay: timed replay %.3f s: %.3f s in Kafka calls, %.3f s in JDBC"
                    + " calls%n", replaySeconds, clock.kafkaNanos() / 1e9, clock.jdbcNanos() / 1e9);

            List<ConsumerRecord<String, byte[]>> records = consume.collect();
            Intake intake = timed.intake();
            long began = System.nanoTime();
            var admitted = new ArrayList<Transaction>(records.size());
            for (ConsumerRecord<String, byte[]> record : records) {
                if (intake.admit(record) instanceof Admission.Accepted accepted) {
                    admitted.add(accepted.transaction().transaction());
                }
            }
            double admissionSeconds = (System.nanoTime() - began) / 1e9;
            if (admitted.size() != topic.transactions()) {
                throw new IllegalStateException("the intake accepted " + admitted.size() + " transactions of "
                        + topic.transactions());
            }
            Ed25519.VerifyingKey key = initiator.verifyingKey();
            began = System.nanoTime();
            int valid = 0;
            for (Transaction tx : admitted) {
                valid += Transactions.signatureValid(tx, key) ? 1 : 0;
            }
            double signatureSeconds = (System.nanoTime() - began) / 1e9;
            if (valid != admitted.size()) {
                throw new IllegalStateException(admitted.size() - valid + " signatures did not verify");
            }
            var validators = TrustedKeys.of(List.of(validator.verifyingKey()));
            var decisions = new ArrayList<TransactionValidated>(admitted.size());
            var ends = new ArrayList<EpochEnded>();
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.headers().lastHeader(Topics.EVENT_HEADER) == null) {
                    decisions.add(timed.json().readValue(record.value(), TransactionValidated.class));
                } else {
                    ends.add(timed.json().readValue(record.value(), EpochEnded.class));
                }
            }
            began = System.nanoTime();
            decisions.forEach(decision -> Decisions.verify(decision, validators));
            ends.forEach(end -> Decisions.verify(end, validators));
            double decisionSignatureSeconds = (System.nanoTime() - began) / 1e9;
            double kafka = clock.kafkaNanos() / 1e9;
            double jdbc = clock.jdbcNanos() / 1e9;
            double service = replaySeconds - kafka - jdbc;
            out.printf(Locale.ROOT, "dsh-bench replay: admission alone %.3f s, of which initiator signature checks"
                    + " %.3f s, validator signature checks %.3f s%n", admissionSeconds, signatureSeconds,
                    decisionSignatureSeconds);
            return new StageBreakdown(replaySeconds, kafka, jdbc, service, clock.kafkaCalls(), clock.jdbcCalls(),
                    admissionSeconds, signatureSeconds, decisionSignatureSeconds);
        }
    }

    /** Has PostgreSQL write out its dirty pages now, so that no pass pays for the one before it. */
    private static void checkpoint(LedgerDatabase database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    private static void checkCounts(Connection connection, LedgerRows.Counts expected) throws SQLException {
        var found = new LedgerRows.Counts(count(connection, "block"), count(connection, "ledger_tx"),
                count(connection, "merkle_node"), count(connection, "checkpoint"), expected.offsetUpdates());
        if (!found.equals(expected)) {
            throw new IllegalStateException("the insert stored " + found + ", expected " + expected);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void report(PrintStream out, String round, String pass, Pass figures) {
        out.printf(Locale.ROOT, "dsh-bench replay: %-10s %-8s %7.3f s  %,10.0f tx/s%n", round, pass, figures.seconds(),
                figures.transactionsPerSecond());
    }

    private static String postgresVersion(LedgerDatabase database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement query = connection.createStatement();
             ResultSet result = query.executeQuery("SHOW server_version")) {
            result.next();
            return "PostgreSQL " + result.getString(1);
        }
    }
}

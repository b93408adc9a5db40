package health.datasafe.bench.capacity;

import health.datasafe.bench.latency.LatencySummary;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of a committed transaction went, from what the services stored about it: the transaction-service's
 * {@code tx.transactions} ({@code created_at}, {@code published_at}), the validator's {@code validator.decisions}
 * ({@code decided_at}) and the ledger's {@code ledger.block} ({@code committed_at}, through {@code ledger.ledger_tx}),
 * with the client's own clock before and after them (when the request was due, when its commit was seen). Every
 * query on those schemas is in this class, so a renamed column is changed here only. All processes share the
 * machine's clock, so the differences are meaningful to the millisecond; {@code created_at} is the start of the
 * transaction-service's database transaction ({@code now()}).
 */
public final class StoredTimestamps {

    /** The stages, in order, as named in the report. */
    public static final List<String> STAGES = List.of("request->created", "created->published",
            "published->validated", "validated->block committed", "block committed->answered", "request->answered");

    static final String QUERY = """
            SELECT t.id,
                   (extract(epoch FROM t.created_at) * 1000000)::bigint,
                   (extract(epoch FROM t.published_at) * 1000000)::bigint,
                   (extract(epoch FROM d.decided_at) * 1000000)::bigint,
                   (extract(epoch FROM b.committed_at) * 1000000)::bigint
              FROM tx.transactions t
              JOIN validator.decisions d ON d.tx_id = t.id
              JOIN ledger.ledger_tx lt ON lt.tx_id = t.id
              JOIN ledger.block b ON b.shard = lt.shard AND b.height = lt.height
             WHERE t.type = 'RECORD_ADDED' AND t.id = ANY (?)""";

    static final String BLOCK_COMMITTED = """
            SELECT lt.tx_id, (extract(epoch FROM b.committed_at) * 1000000)::bigint
              FROM ledger.ledger_tx lt
              JOIN ledger.block b ON b.shard = lt.shard AND b.height = lt.height
             WHERE lt.tx_id = ANY (?)""";

    private final String jdbcUrl;
    private final String username;
    private final String password;

    public StoredTimestamps(String jdbcUrl, String username, String password) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    /**
     * One committed transaction as the client saw it.
     *
     * @param transactionId  its id
     * @param dueWallMicros  when it was due, wall clock, microseconds since the epoch
     * @param answeredWallMicros when its commit was seen, likewise
     */
    public record Seen(String transactionId, long dueWallMicros, long answeredWallMicros) {
    }

    /**
     * An arrival that got a transaction id, final or not.
     *
     * @param transactionId its id
     * @param dueWallMicros when it was due, wall clock, microseconds since the epoch
     */
    public record Submitted(String transactionId, long dueWallMicros) {
    }

    /**
     * For each of these transactions that the ledger's node 1 (schema {@code ledger}) committed: nanoseconds from when
     * it was due to when the block holding it was committed there ({@code ledger.block.committed_at}), final or not.
     * With several ledger nodes this is the COMMITTED moment; final comes once a quorum signed the block.
     */
    public long[] dueToBlockCommitted(List<Submitted> submitted) throws SQLException {
        if (submitted.isEmpty()) {
            return new long[0];
        }
        Map<String, Long> dueById = new HashMap<>();
        for (Submitted one : submitted) {
            dueById.put(one.transactionId(), one.dueWallMicros());
        }
        List<Long> nanos = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             PreparedStatement query = connection.prepareStatement(BLOCK_COMMITTED)) {
            query.setArray(1, connection.createArrayOf("text", dueById.keySet().toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Long due = dueById.get(result.getString(1));
                    long committed = result.getLong(2);
                    if (due != null && !result.wasNull()) {
                        nanos.add((committed - due) * 1000);
                    }
                }
            }
        }
        return nanos.stream().mapToLong(Long::longValue).toArray();
    }

    /** The split of these transactions; a failing query is reported in the result, not thrown. */
    public StageSplit split(List<Seen> seen) {
        if (seen.isEmpty()) {
            return StageSplit.of(0, 0, Map.of(), null);
        }
        Map<String, Seen> byId = new HashMap<>();
        for (Seen one : seen) {
            byId.put(one.transactionId(), one);
        }
        List<long[]> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             PreparedStatement query = connection.prepareStatement(QUERY)) {
            Array ids = connection.createArrayOf("text", byId.keySet().toArray());
            query.setArray(1, ids);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Seen one = byId.get(result.getString(1));
                    if (one != null && !anyNull(result)) {
                        rows.add(new long[]{one.dueWallMicros(), result.getLong(2), result.getLong(3),
                                result.getLong(4), result.getLong(5), one.answeredWallMicros()});
                    }
                }
            }
        } catch (SQLException e) {
            return StageSplit.of(seen.size(), 0, Map.of(), e.getSQLState() + ": " + e.getMessage());
        }
        Map<String, LatencySummary> stages = new LinkedHashMap<>();
        for (int stage = 0; stage < STAGES.size(); stage++) {
            long[] nanos = new long[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                long[] row = rows.get(i);
                long from = stage == STAGES.size() - 1 ? row[0] : row[stage];
                long to = stage == STAGES.size() - 1 ? row[5] : row[stage + 1];
                nanos[i] = (to - from) * 1000;
            }
            stages.put(STAGES.get(stage), LatencySummary.ofNanos(nanos));
        }
        return StageSplit.of(seen.size(), rows.size(), stages, null);
    }

    private static boolean anyNull(ResultSet result) throws SQLException {
        for (int column = 2; column <= 5; column++) {
            result.getLong(column);
            if (result.wasNull()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The split of one measured window.
     *
     * @param transactions committed transactions the client saw in the window
     * @param found        of those, how many have every stored timestamp
     * @param stages       per stage, in order: latency of that stage (milliseconds); a stage's p50s do not add up
     *                     to the whole's p50, percentiles never do
     * @param failure      why the query failed, or null
     */
    public record StageSplit(long transactions, long found, Map<String, LatencySummary> stages, String failure) {

        static StageSplit of(long transactions, long found, Map<String, LatencySummary> stages, String failure) {
            return new StageSplit(transactions, found, stages, failure);
        }
    }
}

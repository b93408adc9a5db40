package health.datasafe.systemtests;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.devstack.ServiceInstance;
import health.datasafe.systemtests.SteadyLoad.Kind;
import health.datasafe.systemtests.SteadyLoad.Request;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11's node fault on real processes: three ledger nodes under a steady open-loop load ({@link SteadyLoad}, 4
 * visits a second, about 8 transactions; what the stack cannot take is shed with 503), one of them (node 2) killed
 * with SIGKILL for about fifteen seconds and started again. While it is down, registrations keep being answered 201, which the transaction-service gives only
 * once the block is FINAL (two of three signed its hash). Once it is back it catches up from the log: every node then
 * holds the same blocks with the same hashes, every accepted transaction exactly once and nothing that was refused; no
 * node ever signed two different hashes at one height on {@code dsh.ledger.signatures}, before or after its crash;
 * every accepted transaction reads COMMITTED and final; an auditor verifies the chain; the recovery-service raised no
 * incident (no fork was seen).
 *
 * <p>About four minutes on two cores, so not in the default build: {@code ./mvnw -q clean install -DskipTests && ./mvnw
 * -Pfaults -pl system-tests verify} (with issue 9's {@link FaultsUnderLoadIntegrationTest}).
 */
@OnTheDevstack.LedgerNodes(3)
class LedgerNodeKilledIntegrationTest extends OnTheDevstack {

    private static final double VISITS_PER_SECOND = 4;
    private static final int VISITS_BEFORE = 40;
    private static final int VISITS_WHILE_DOWN = 60;
    private static final int VISITS_AFTER = 40;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String run = "nk-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void blocksKeepBecomingFinalWhileOneOfThreeNodesIsKilledAndItCatchesUpWithNothingLostOrCommittedTwice()
            throws Exception {
        ServiceInstance killed = stack.ledgerNode(2);
        List<Request> requests;
        long killedAt;
        long restartedAt;
        try (var load = new SteadyLoad(stack.gatewayUrl(), stack.tokens(), run)) {
            load.start(VISITS_PER_SECOND);
            load.awaitMoreVisits(VISITS_BEFORE);
            killedAt = System.nanoTime();
            stack.kill(killed);
            load.awaitMoreVisits(VISITS_WHILE_DOWN);
            restartedAt = System.nanoTime();
            stack.start(killed);
            load.awaitMoreVisits(VISITS_AFTER);
            load.stop();
            requests = load.requests();
        }

        var registeredWhileDown = requests.stream().filter(r -> r.kind() == Kind.IDENTITY_REGISTERED
                && r.sentAt() > killedAt && r.answeredAt() < restartedAt).toList();
        long finalWhileDown = registeredWhileDown.stream().filter(r -> r.status() == 201).count();
        long shedWhileDown = registeredWhileDown.stream().filter(r -> r.status() == 503).count();
        System.out.printf("%nOne of three ledger nodes killed: %d requests; registrations sent and answered while node 2 "
                        + "was down, by answer: %s%n", requests.size(), registeredWhileDown.stream()
                .collect(Collectors.groupingBy(Request::status, TreeMap::new, Collectors.counting())));
        assertThat(finalWhileDown).as("registrations answered 201 (final) while node 2 was down, of those not shed")
                .isPositive().isGreaterThanOrEqualTo((registeredWhileDown.size() - shedWhileDown) * 9 / 10);

        var accepted = requests.stream().filter(Request::accepted).toList();
        Map<String, JsonNode> views = transactionsOnceSettled(accepted, Duration.ofMinutes(3),
                view -> "COMMITTED".equals(view.path("status").asString())
                        && view.path("finality").path("final").asBoolean());
        var notFinal = accepted.stream().map(Request::transactionId).filter(id -> views.get(id) == null
                || !views.get(id).path("finality").path("final").asBoolean()).map(id -> id + " " + views.get(id)).toList();
        assertThat(notFinal).as("accepted transactions not COMMITTED and final").isEmpty();

        List<String> schemas = IntStream.rangeClosed(1, stack.ledgerNodes())
                .mapToObj(node -> stack.ledgerNode(node).schema().orElseThrow()).toList();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> schemas.stream().map(this::blocksOf).distinct().count() == 1);
        Set<String> acceptedIds = new TreeSet<>(accepted.stream().map(Request::transactionId).toList());
        Set<String> unanswered = new HashSet<>(requests.stream().filter(r -> r.status() == 0)
                .map(r -> r.patient() + " " + r.kind()).toList());
        for (String schema : schemas) {
            Map<String, List<String>> committed = committedByPatientAndKind(schema, run);
            var committedTwice = committed.entrySet().stream().filter(e -> e.getValue().size() > 1).toList();
            assertThat(committedTwice).as(schema + ": patient and kind committed more than once").isEmpty();
            Set<String> committedIds = new TreeSet<>();
            List<String> committedUnasked = new ArrayList<>();
            committed.forEach((key, ids) -> ids.forEach(id -> {
                committedIds.add(id);
                if (!acceptedIds.contains(id) && !unanswered.contains(key)) {
                    committedUnasked.add(key + " " + id);
                }
            }));
            assertThat(committedIds).as(schema + ": accepted transactions it committed").containsAll(acceptedIds);
            assertThat(committedUnasked).as(schema + ": transactions it committed that were refused (one left "
                    + "unanswered may be committed once)").isEmpty();
        }
        assertThat(nodesThatSignedTwoHashesAtOneHeight()).as("nodes that signed two hashes at one height").isEmpty();

        Gateway auditor = as("auditor-" + run, Role.AUDITOR);
        JsonNode verified = auditor.get("/api/ledger/verify").json();
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        JsonNode incidents = auditor.get("/api/recovery/incidents").json().get("incidents");
        assertThat(incidents).as("integrity incidents after a node was killed").isEmpty();
    }


    /** A node's blocks, one line per block: shard, height and hash, in order. */
    private String blocksOf(String schema) {
        try (Connection db = database(); var rows = db.createStatement().executeQuery(
                "SELECT shard, height, encode(hash, 'hex') FROM " + schema + ".block ORDER BY shard, height")) {
            var out = new StringBuilder();
            while (rows.next()) {
                out.append(rows.getInt(1)).append(' ').append(rows.getLong(2)).append(' ').append(rows.getString(3))
                        .append('\n');
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every signature on {@code dsh.ledger.signatures} from the start, grouped by node, shard and height: those where
     * one node signed more than one block hash (a node that forgot what it signed before its crash would).
     */
    private Map<String, Set<String>> nodesThatSignedTwoHashesAtOneHeight() {
        Map<String, Set<String>> hashes = new TreeMap<>();
        readFromTheBeginning(List.of(Topics.LEDGER_SIGNATURES), Duration.ofMinutes(1), record -> {
            JsonNode signed = JSON.readTree(record.value());
            hashes.computeIfAbsent(signed.path("node").asString() + " shard " + signed.path("shard").asInt()
                    + " height " + signed.path("height").asLong(), key -> new TreeSet<>())
                    .add(signed.path("blockHash").asString());
        });
        assertThat(hashes).as("signatures on " + Topics.LEDGER_SIGNATURES).isNotEmpty();
        hashes.values().removeIf(signed -> signed.size() == 1);
        return hashes;
    }
}

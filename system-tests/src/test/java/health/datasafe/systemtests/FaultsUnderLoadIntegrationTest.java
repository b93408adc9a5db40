package health.datasafe.systemtests;

import health.datasafe.contracts.Role;
import health.datasafe.devstack.Service;
import health.datasafe.systemtests.SteadyLoad.Kind;
import health.datasafe.systemtests.SteadyLoad.Request;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9's faults on real processes, under a steady open-loop load ({@link SteadyLoad}: 32 visits a second, a
 * registration and a record each, about 64 transactions a second offered, at least 50 in the ten seconds after a
 * warm-up; what the stack cannot take is shed with 503 and counted as refused): every service killed with SIGKILL in turn
 * and started again, the broker stopped and started, PostgreSQL stopped and started, with about ten seconds of load
 * before, between and after; an auditor verifies the whole chain after each. Then, with the ledger as the judge:
 * every transaction that was answered 201 or 202 is committed exactly once (the ledger holds that id and no other of
 * its kind for the patient) and reads COMMITTED; nothing that was answered with an error is committed; a request
 * that was out when the gateway or the transaction-service holding it was killed (or got no answer at all) is in
 * doubt, and committed at most once; the recovery-service raised no incident. Prints the counts per phase.
 *
 * <p>About ten minutes on two cores, so not in the default build: {@code ./mvnw -q install -DskipTests && ./mvnw
 * -Pfaults -pl system-tests verify}.
 */
class FaultsUnderLoadIntegrationTest extends OnTheDevstack {

    private static final double VISITS_PER_SECOND = 32;
    /** About ten seconds of load before, between and after the faults. */
    private static final int VISITS_BETWEEN_FAULTS = 320;
    /** How long an outage of the broker or the database lasts: about five seconds of visits. */
    private static final int VISITS_WHILE_DOWN = 160;
    private static final Duration SETTLING = Duration.ofMinutes(5);
    private static final Set<Service> ON_THE_REQUEST_PATH = Set.of(Service.GATEWAY, Service.TRANSACTION);

    private final String run = "fl-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Phase> phases = new ArrayList<>();
    /** When each service on a request's path was killed. */
    private final List<Long> requestPathKills = new ArrayList<>();

    /** A stretch of the run, from {@code startedAt} to the next one's start. */
    record Phase(String name, long startedAt) {
    }

    @Test
    void everyAcceptedTransactionIsCommittedExactlyOnceAndNoRefusedOneIsCommittedThroughCrashesAndOutages()
            throws Exception {
        List<Request> requests;
        long endedAt;
        try (var load = new SteadyLoad(stack.gatewayUrl(), stack.tokens(), run)) {
            load.start(VISITS_PER_SECOND);
            // the services' JIT warms up first: the rate must hold in the steady phase that follows
            phase(load, "warm-up", () -> {
            });
            phase(load, "steady load", () -> {
            });
            for (Service service : Service.values()) {
                phase(load, "kill -9 " + service.module(), () -> {
                    if (ON_THE_REQUEST_PATH.contains(service)) {
                        requestPathKills.add(System.nanoTime());
                    }
                    stack.kill(service);
                    stack.start(service);
                });
            }
            phase(load, "Kafka stopped, started", () -> {
                stack.stopKafka();
                load.awaitMoreVisits(VISITS_WHILE_DOWN);
                stack.startKafka();
            });
            phase(load, "PostgreSQL stopped, started", () -> {
                stack.stopPostgres();
                load.awaitMoreVisits(VISITS_WHILE_DOWN);
                stack.startPostgres();
            });
            load.stop();
            endedAt = System.nanoTime();
            requests = load.requests();
        }

        var byTransaction = requests.stream().collect(Collectors.groupingBy(r -> r.patient() + " " + r.kind(),
                LinkedHashMap::new, Collectors.toList()));
        var accepted = requests.stream().filter(Request::accepted).toList();
        Map<String, String> status = awaitSettled(accepted);
        Map<String, List<String>> ledger = committedByPatientAndKind("ledger", run);

        var table = new PhaseTable(phases, endedAt);
        List<String> violations = new ArrayList<>();
        byTransaction.forEach((key, attempts) -> {
            List<String> committed = ledger.getOrDefault(key, List.of());
            var acceptedIds = attempts.stream().filter(Request::accepted).map(Request::transactionId).toList();
            boolean inDoubt = attempts.stream().anyMatch(this::inDoubt);
            if (!acceptedIds.isEmpty()) {
                if (!committed.equals(acceptedIds)) {
                    violations.add(key + ": accepted as " + acceptedIds + ", committed as " + committed);
                }
                acceptedIds.forEach(id -> {
                    if (!"COMMITTED".equals(status.get(id))) {
                        violations.add(key + ": accepted as " + id + ", reads " + status.get(id));
                    }
                });
            } else if (inDoubt ? committed.size() > 1 : !committed.isEmpty()) {
                violations.add(key + ": answered " + attempts.stream().map(r -> r.status() + " " + r.failure()).toList()
                        + (inDoubt ? " (in doubt)" : "") + ", committed as " + committed);
            }
            attempts.forEach(attempt -> table.count(attempt, inDoubt(attempt),
                    attempt.transactionId() != null && committed.contains(attempt.transactionId())));
            if (acceptedIds.isEmpty() && inDoubt && committed.size() == 1) {
                table.inDoubtCommitted(attempts.getFirst());
            }
        });
        System.out.println(table.render());
        System.out.println(answersOtherThanAccepted(requests));

        assertThat(violations).as("transactions whose outcome broke the rules").isEmpty();
        assertThat(table.sentPerSecond("steady load")).as("transactions offered a second before any fault")
                .isGreaterThanOrEqualTo(50);
        Gateway auditor = as("auditor-" + run, Role.AUDITOR);
        JsonNode verified = auditor.get("/api/ledger/verify").json();
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        JsonNode incidents = auditor.get("/api/recovery/incidents").json().get("incidents");
        assertThat(incidents).as("integrity incidents after crashes and outages").isEmpty();
    }

    /** How many requests got each answer other than 201/202, with an example of each, for the output. */
    private static String answersOtherThanAccepted(List<Request> requests) {
        var byAnswer = requests.stream().filter(r -> !r.accepted()).collect(Collectors.groupingBy(
                r -> r.kind() + " " + (r.status() == 0 ? "no answer" : "HTTP " + r.status()), TreeMap::new,
                Collectors.toList()));
        var out = new StringBuilder("Answers other than 201/202:\n");
        byAnswer.forEach((answer, examples) -> {
            String example = String.valueOf(examples.getFirst().failure());
            out.append("  %-36s %6d  e.g. %s%n".formatted(answer, examples.size(),
                    example.length() > 160 ? example.substring(0, 160) + "..." : example));
        });
        return out.toString();
    }

    private interface Fault {
        void strike() throws Exception;
    }

    /**
     * Starts a phase, strikes its fault (and undoes it), lets the load run on for a while, and has an auditor verify
     * the whole chain while it does.
     */
    private void phase(SteadyLoad load, String name, Fault fault) throws Exception {
        phases.add(new Phase(name, System.nanoTime()));
        fault.strike();
        load.awaitMoreVisits(VISITS_BETWEEN_FAULTS);
        // an auditor asks again while the ledger, under load and maybe just restarted, cannot answer in time
        Gateway auditor = as("auditor-" + run, Role.AUDITOR);
        var verified = await().atMost(Duration.ofMinutes(3)).ignoreExceptions()
                .until(() -> auditor.get("/api/ledger/verify"), reply -> reply.status() == 200);
        assertThat(verified.json().get("valid").asBoolean()).as("after " + name + ": " + verified).isTrue();
    }


    /** Out when a process on its path was killed, and answered by the gateway's 5xx or not at all. */
    private boolean inDoubt(Request request) {
        return request.status() == 0
                || request.status() >= 500 && requestPathKills.stream().anyMatch(request::inFlightAt);
    }

    /** Each accepted transaction's status as its patient reads it, once none is PENDING any more (or time is up). */
    private Map<String, String> awaitSettled(List<Request> accepted) {
        Map<String, String> status = new HashMap<>();
        transactionsOnceSettled(accepted, SETTLING, view -> settled(view.path("status").asString()))
                .forEach((id, view) -> status.put(id, view.path("status").asString()));
        return status;
    }

    private static boolean settled(String status) {
        return "COMMITTED".equals(status) || "REJECTED".equals(status);
    }

    /** Counts per phase, by when each request was sent. */
    private static final class PhaseTable {

        private final List<Phase> phases;
        private final long endedAt;
        private final Map<String, long[]> counts = new LinkedHashMap<>();
        private static final int SENT = 0, ACCEPTED = 1, REFUSED = 2, IN_DOUBT = 3, IN_DOUBT_COMMITTED = 4, COMMITTED = 5;

        PhaseTable(List<Phase> phases, long endedAt) {
            this.phases = phases;
            this.endedAt = endedAt;
            phases.forEach(phase -> counts.put(phase.name(), new long[6]));
        }

        void count(Request request, boolean inDoubt, boolean committed) {
            long[] row = counts.get(phaseOf(request).name());
            row[SENT]++;
            row[request.accepted() ? ACCEPTED : inDoubt ? IN_DOUBT : REFUSED]++;
            row[COMMITTED] += committed ? 1 : 0;
        }

        void inDoubtCommitted(Request first) {
            long[] row = counts.get(phaseOf(first).name());
            row[IN_DOUBT_COMMITTED]++;
            row[COMMITTED]++;
        }

        double sentPerSecond(String phase) {
            return counts.get(phase)[SENT] / seconds(phases.indexOf(phases.stream()
                    .filter(p -> p.name().equals(phase)).findFirst().orElseThrow()));
        }

        private double seconds(int index) {
            long until = index + 1 < phases.size() ? phases.get(index + 1).startedAt() : endedAt;
            return (until - phases.get(index).startedAt()) / 1e9;
        }

        private Phase phaseOf(Request request) {
            Phase found = phases.getFirst();
            for (Phase phase : phases) {
                if (phase.startedAt() <= request.sentAt()) {
                    found = phase;
                }
            }
            return found;
        }

        String render() {
            var out = new StringBuilder("\nFaults under load: requests by the phase they were sent in\n");
            out.append("%-30s %7s %8s %6s %9s %8s %8s %10s%n".formatted("phase", "seconds", "sent/s", "sent",
                    "accepted", "refused", "in doubt", "committed"));
            long[] total = new long[6];
            for (int i = 0; i < phases.size(); i++) {
                long[] row = counts.get(phases.get(i).name());
                double seconds = seconds(i);
                out.append("%-30s %7.1f %8.1f %6d %9d %8d %8s %10d%n".formatted(phases.get(i).name(), seconds,
                        row[SENT] / seconds, row[SENT], row[ACCEPTED], row[REFUSED],
                        row[IN_DOUBT] + (row[IN_DOUBT] > 0 ? " (" + row[IN_DOUBT_COMMITTED] + "c)" : ""), row[COMMITTED]));
                for (int c = 0; c < total.length; c++) {
                    total[c] += row[c];
                }
            }
            out.append("%-30s %7.1f %8.1f %6d %9d %8d %8s %10d%n".formatted("all",
                    (endedAt - phases.getFirst().startedAt()) / 1e9,
                    total[SENT] / ((endedAt - phases.getFirst().startedAt()) / 1e9), total[SENT], total[ACCEPTED],
                    total[REFUSED], total[IN_DOUBT] + " (" + total[IN_DOUBT_COMMITTED] + "c)", total[COMMITTED]));
            out.append("accepted: answered 201/202, each committed exactly once; refused: any other answer, none "
                    + "committed; in doubt: unanswered, or out when the gateway or the transaction-service holding it "
                    + "was killed (Nc: N of them committed, once each)\n");
            return out.toString();
        }
    }
}

package health.datasafe.recovery.audit;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.recovery.RecoveryServiceTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Nobody calls {@code POST /api/recovery/audit} here unless a test says so: the service audits by itself. */
class ScheduledAuditIntegrationTest extends RecoveryServiceTestBase {

    private final TestLedger ledger = new TestLedger(LEDGER_KEY);

    @Test
    void theNewestBlockDeletedFromTheLedgerBecomesATruncationIncidentAndAlertWithoutAnAuditBeingAsked() throws Exception {
        int shard = newShard();
        commit(ledger.block(shard, read("patient-s1")));
        commit(ledger.block(shard, read("patient-s1")));
        var newest = ledger.block(shard, read("patient-s1"));
        commit(newest);
        awaitWitnessed(shard, 2);

        var deleted = ledgerApi.remove(shard, 2);
        try {
            JsonNode incident = awaitIncident(shard, "LedgerTruncated");

            assertThat(incident.get("source").asString()).isEqualTo("audit");
            assertThat(incident.get("height").asLong()).isEqualTo(2);
            assertThat(incident.get("expected").asString()).isEqualTo("2");
            assertThat(incident.get("actual").asString()).isEqualTo("1");
            // an audit that read the head just before the deletion sees block 2 missing instead: also true, also alerted
            var alert = await().atMost(PATIENCE).until(() -> alerts(shard).stream()
                    .filter(raised -> raised.kind().equals("LedgerTruncated")).findFirst(), found -> found.isPresent())
                    .orElseThrow();
            assertThat(alert).isEqualTo(new IntegrityAlertRaised(incident.get("fingerprint").asString(),
                    "LedgerTruncated", shard, 2, "2", "1", Instant.parse(incident.get("detectedAt").asString())));
        } finally {
            ledgerApi.restore(deleted);
        }
    }

    @Test
    void aFindingSeenByAuditAfterAuditIsStillOneIncidentAndOneAlert() throws Exception {
        int shard = newShard();
        commit(ledger.block(shard, read("patient-s2")));
        var edited = ledger.block(shard, read("patient-s2"));
        commit(edited);
        awaitWitnessed(shard, 1);
        String rewritten = "cd".repeat(32);

        var original = ledgerApi.tamper(shard, 1, "blockHash", rewritten);
        try {
            JsonNode first = awaitIncident(shard, "BlockEdited");
            // later scheduled audits see it again, and so does one asked for
            await().atMost(PATIENCE).until(() -> incident(shard, "BlockEdited"),
                    seen -> Instant.parse(seen.get("lastSeen").asString())
                            .isAfter(Instant.parse(first.get("detectedAt").asString())));
            var asked = callForJson("POST", "/api/recovery/audit", auditorToken());

            assertThat(asked.get("consistent").asBoolean()).isFalse();
            assertThat(incidents(shard)).hasSize(1).first().satisfies(incident -> {
                assertThat(incident.get("field").asString()).isEqualTo("blockHash");
                assertThat(incident.get("expected").asString()).isEqualTo(edited.blockHash());
                assertThat(incident.get("actual").asString()).isEqualTo(rewritten);
                assertThat(incident.get("fingerprint").asString()).isEqualTo(first.get("fingerprint").asString());
            });
            assertThat(alerts(shard)).hasSize(1).first().satisfies(alert -> {
                assertThat(alert.kind()).isEqualTo("BlockEdited");
                assertThat(alert.height()).isEqualTo(1);
            });
        } finally {
            ledgerApi.restore(original);
        }
    }

    @Test
    void aLedgerShorterThanTheCheckpointItSignedBecomesAnIncident() throws Exception {
        int shard = newShard();
        var first = ledger.block(shard, read("patient-s3"));
        var second = ledger.block(shard, read("patient-s3"), read("patient-s3"));
        // the ledger signed a checkpoint after a third block, then that block was deleted before anyone saw it
        var third = ledger.block(shard, read("patient-s3"));
        commit(first);
        commit(second);
        awaitWitnessed(shard, 1);

        publishCheckpoint(shard, third, List.of(first, second, third));

        JsonNode incident = awaitIncident(shard, "CheckpointNotReached");
        assertThat(incident.get("expected").asString()).isEqualTo(Long.toString(third.header().logSize()));
        assertThat(incident.get("actual").asString()).isEqualTo(Long.toString(second.header().logSize()));
        assertThat(incident.get("height").asLong()).isEqualTo(2);
        assertThat(await().atMost(PATIENCE).until(() -> alerts(shard), alerts -> !alerts.isEmpty()))
                .extracting(IntegrityAlertRaised::kind).containsExactly("CheckpointNotReached");
    }

    @Test
    void aTransactionReplacedUnderASignedCheckpointIsFoundAgainstTheWitnessAndTheCheckpoint() throws Exception {
        int shard = newShard();
        var first = ledger.block(shard, read("patient-s4"), read("patient-s4"));
        var second = ledger.block(shard, read("patient-s4"));
        commit(first);
        commit(second);
        awaitWitnessed(shard, 1);
        publishCheckpoint(shard, second, List.of(first, second));
        String replacement = "ef".repeat(32);

        var original = ledgerApi.tamper(shard, 0, "txHashes",
                List.of(replacement, first.transactions().get(1).txHash()));
        try {
            JsonNode replaced = awaitIncident(shard, "TransactionReplaced");
            JsonNode rootMismatch = awaitIncident(shard, "CheckpointRootMismatch");

            assertThat(replaced.get("field").asString()).isEqualTo("txHashes[0]");
            assertThat(replaced.get("actual").asString()).isEqualTo(replacement);
            assertThat(rootMismatch.get("expected").asString()).isEqualTo(root(List.of(first, second)));
            assertThat(await().atMost(PATIENCE).until(() -> alerts(shard), alerts -> alerts.size() >= 2))
                    .extracting(IntegrityAlertRaised::kind)
                    .containsExactlyInAnyOrder("TransactionReplaced", "CheckpointRootMismatch");
        } finally {
            ledgerApi.restore(original);
        }
    }

    private JsonNode awaitIncident(int shard, String failure) {
        return await().atMost(PATIENCE).until(() -> incident(shard, failure), incident -> incident != null);
    }

    private JsonNode incident(int shard, String failure) throws Exception {
        return incidents(shard).stream().filter(i -> i.get("failure").asString().equals(failure)).findFirst()
                .orElse(null);
    }

    /**
     * A checkpoint signed with the trusted ledger key after {@code after}, stating the shard's log as the given blocks'
     * transactions (every other shard empty), published under an origin of the test's own.
     */
    private void publishCheckpoint(int shard, BlockCommitted after, List<BlockCommitted> blocks) throws Exception {
        String origin = "test.local/ledger-" + UUID.randomUUID().toString().substring(0, 8);
        String empty = Hex.of(MerkleTree.emptyRoot());
        var logs = new ArrayList<Checkpoint.ShardLog>();
        IntStream.range(0, shard).forEach(other -> logs.add(new Checkpoint.ShardLog(other, 0, empty)));
        logs.add(new Checkpoint.ShardLog(shard, after.header().logSize(), root(blocks)));
        String note = new Checkpoint(origin, logs).sign(LEDGER_KEY);
        kafka.send(Topics.LEDGER_CHECKPOINTS, origin, json.writeValueAsBytes(
                new CheckpointSigned(origin, shard, after.header().height(), note))).get(10, TimeUnit.SECONDS);
    }

    private static String root(List<BlockCommitted> blocks) {
        return MerkleTree.rootHex(blocks.stream().flatMap(block -> block.transactions().stream())
                .map(CommittedTransaction::txHash).toList());
    }

    private Transaction read(String patient) {
        return ledger.accessed(patient + "-" + UUID.randomUUID().toString().substring(0, 6), "clinician-1", "rec-1",
                Purpose.TREATMENT);
    }
}

package health.datasafe.ledger.proof;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Bundle;
import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import health.datasafe.ledger.node.LedgerSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static health.datasafe.ledger.proof.ProofApiIntegrationTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportIntegrationTest extends LedgerServiceTestBase {

    @Test
    void anExportedBundleVerifiesOfflineWithTheNodeKey() throws Exception {
        String patient = TestInitiator.unique("p-export");
        Transaction a = INITIATOR.recordAccessed(patient);
        publish(a);
        Committed first = awaitCommitted(List.of(a)).getFirst();
        List<Transaction> batch = List.of(INITIATOR.recordAccessed(patient), INITIATOR.recordAccessed(patient));
        for (Transaction tx : batch) {
            publish(tx);
        }
        Committed last = awaitCommitted(batch).getLast();
        int shard = first.shard();
        String path = "/api/ledger/export?shard=%d&fromHeight=%d&toHeight=%d".formatted(shard, first.height(),
                last.height());

        var response = getBytes(path, token("auditor-1", Role.AUDITOR));

        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"dsh-shard-%d-%d-%d.json\"".formatted(shard, first.height(), last.height()));
        Bundle bundle = Bundle.parse(response.body());
        assertThat(bundle.origin()).isEqualTo(LedgerSettings.DEFAULT_ORIGIN);
        assertThat(bundle.checkpoint()).isEqualTo(storedCheckpoint(shard, last.height()));
        assertThat(bundle.keys()).extracting(Bundle.Key::keyId).contains(NODE_KEY.verifyingKey().keyId());
        var verified = BundleVerifier.verify(bundle, List.of(NODE_KEY.verifyingKey()));
        assertThat(verified.blocks()).isEqualTo(last.height() - first.height() + 1);
        assertThat(verified.logSize()).isEqualTo(logSize(shard, last.height()));
        assertThat(verified.logRoot()).isEqualTo(Checkpoint.parse(bundle.checkpoint()).shard(shard).root());

        // an admin may export too, by default the whole shard
        var whole = getBytes("/api/ledger/export?shard=" + shard, token("admin-1", Role.ADMIN));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(BundleVerifier.verify(Bundle.parse(whole.body()), List.of(NODE_KEY.verifyingKey())).fromHeight())
                .isZero();
    }

    @Test
    void anEditedTransactionRowFailsAFreshExportAtItsBlockAndTheLedgerVerification() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-export-tamper"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        byte[] original = jdbc.queryForObject("SELECT canonical_json FROM ledger_tx WHERE tx_id = ?", byte[].class, tx.id());
        String auditor = token("auditor-1", Role.AUDITOR);
        try {
            int edited = jdbc.update("""
                    UPDATE ledger_tx SET canonical_json = convert_to(replace(convert_from(canonical_json, 'UTF8'),
                        'TREATMENT', 'RESEARCH'), 'UTF8')
                    WHERE tx_id = ?""", tx.id());
            assertThat(edited).isEqualTo(1);

            var response = getBytes("/api/ledger/export?shard=%d&fromHeight=%d&toHeight=%d".formatted(place.shard(),
                    Math.max(0, place.height() - 1), place.height()), auditor);

            assertThat(response.statusCode()).isEqualTo(200);
            Bundle bundle = Bundle.parse(response.body());
            assertThatThrownBy(() -> BundleVerifier.verify(bundle, List.of(NODE_KEY.verifyingKey())))
                    .isInstanceOfSatisfying(LedgerInvalid.TransactionHashMismatch.class, failure -> {
                        assertThat(failure.height()).isEqualTo(place.height());
                        assertThat(failure.shard()).isEqualTo(place.shard());
                        assertThat(failure.expected()).isEqualTo(place.txHash());
                    })
                    .hasMessageContaining("block " + place.height());
            var verification = body(get("/api/ledger/verify", auditor));
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("failure").asString()).isEqualTo("TransactionHashMismatch");
            assertThat(verification.get("shard").asInt()).isEqualTo(place.shard());
            assertThat(verification.get("height").asLong()).isEqualTo(place.height());
        } finally {
            jdbc.update("UPDATE ledger_tx SET canonical_json = ? WHERE tx_id = ?", original, tx.id());
        }
    }

    @Test
    void patientsAndCliniciansMayNotExport() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-a"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        String path = "/api/ledger/export?shard=%d&fromHeight=%d&toHeight=%d".formatted(place.shard(), place.height(),
                place.height());

        for (String token : List.of(token(TestInitiator.unique("p-b"), Role.PATIENT), token(tx.patientId(), Role.PATIENT),
                token("clinician-1", Role.CLINICIAN))) {
            var response = get(path, token);
            assertThat(response.statusCode()).isEqualTo(403);
            assertProblem(response);
            assertThat(response.body()).doesNotContain(tx.id());
        }
    }

    @Test
    void exportsOutOfRangeOrTooLargeAreProblem400s() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-export-bad"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        int shard = place.shard();
        String auditor = token("auditor-1", Role.AUDITOR);
        List<String> paths = List.of(
                "/api/ledger/export?shard=%d&fromHeight=0&toHeight=1000000".formatted(shard),
                "/api/ledger/export?shard=%d&fromHeight=1&toHeight=0".formatted(shard),
                "/api/ledger/export?shard=%d&fromHeight=-1&toHeight=0".formatted(shard),
                "/api/ledger/export?shard=%d&fromHeight=%d".formatted(shard, place.height() + 5),
                "/api/ledger/export?shard=%d&fromHeight=0&toHeight=%d".formatted(shard, place.height() + 5),
                "/api/ledger/export?shard=999",
                "/api/ledger/export?shard=x",
                "/api/ledger/export");
        for (String path : paths) {
            var response = get(path, auditor);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
            assertProblem(response);
        }
        assertThat(body(get(paths.getFirst(), auditor)).get("title").asString()).isEqualTo("Export too large");
    }
}

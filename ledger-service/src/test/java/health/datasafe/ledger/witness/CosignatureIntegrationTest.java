package health.datasafe.ledger.witness;

import health.datasafe.contracts.Role;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Cosignature;
import health.datasafe.integrity.Ed25519;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pinned witness hands in its cosignature of a checkpoint; the node keeps it and serves the checkpoint with it. A
 * cosignature by a witness the node does not pin, or of a text the node never signed, is refused and kept nowhere;
 * only auditors and admins may hand one in.
 */
class CosignatureIntegrationTest extends LedgerServiceTestBase {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPinnedWitnessCosignatureIsKeptAndServedWithTheCheckpoint() throws Exception {
        var place = awaitCommitted(List.of(publishedRead())).getFirst();
        String note = storedCheckpoint(place.shard(), place.height());
        String cosigned = Cosignature.add(note, Cosignature.line(note, WITNESS, WITNESS_KEY, 1_764_000_000L));

        var taken = post(cosigned, token("witness-operator", Role.AUDITOR));

        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
        assertThat(body(taken).get("witnesses").get(0).asString()).isEqualTo(WITNESS);
        String served = get("/api/ledger/checkpoint?shard=" + place.shard() + "&height=" + place.height(),
                token("auditor-1", Role.AUDITOR)).body();
        assertThat(Cosignature.verify(served, WITNESS, WITNESS_KEY.verifyingKey())).isEqualTo(1_764_000_000L);
        assertThat(Checkpoint.verify(served, NODE_KEY.verifyingKey())).isEqualTo(Checkpoint.parse(note));
    }

    @Test
    void aCosignatureByAnUnpinnedWitnessOrOfAnotherTextIsRefusedAndNothingIsKept() throws Exception {
        var place = awaitCommitted(List.of(publishedRead())).getFirst();
        String note = storedCheckpoint(place.shard(), place.height());
        var stranger = Ed25519.SigningKey.generate();
        String byStranger = Cosignature.add(note, Cosignature.line(note, WITNESS, stranger, 1_764_000_000L));
        String otherText = new Checkpoint("other.example/ledger", Checkpoint.parse(note).shards()).sign(NODE_KEY);
        String ofOtherText = Cosignature.add(otherText, Cosignature.line(otherText, WITNESS, WITNESS_KEY, 5));

        assertThat(body(post(byStranger, token("witness-operator", Role.AUDITOR))).get("detail").asString())
                .contains("no line of it is a valid cosignature of a witness this ledger pins");
        assertThat(post(ofOtherText, token("witness-operator", Role.AUDITOR)).statusCode()).isEqualTo(400);
        String served = get("/api/ledger/checkpoint?shard=" + place.shard() + "&height=" + place.height(),
                token("auditor-1", Role.AUDITOR)).body();
        assertThatThrownBy(() -> Cosignature.verify(served, WITNESS, WITNESS_KEY.verifyingKey()))
                .isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class);
    }

    @Test
    void aPatientOrClinicianCannotHandInACosignature() throws Exception {
        var place = awaitCommitted(List.of(publishedRead())).getFirst();
        String note = storedCheckpoint(place.shard(), place.height());
        String cosigned = Cosignature.add(note, Cosignature.line(note, WITNESS, WITNESS_KEY, 7));

        assertThat(post(cosigned, token("patient-b", Role.PATIENT)).statusCode()).isEqualTo(403);
        assertThat(post(cosigned, token("clinician-c", Role.CLINICIAN)).statusCode()).isEqualTo(403);
        assertThat(post(cosigned, null).statusCode()).isEqualTo(401);
    }

    private health.datasafe.contracts.Transaction publishedRead() throws Exception {
        var tx = INITIATOR.recordAccessed(TestInitiator.unique("p-cosign"));
        publish(tx);
        return tx;
    }

    private HttpResponse<String> post(String note, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/ledger/checkpoints/cosignatures"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(note, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

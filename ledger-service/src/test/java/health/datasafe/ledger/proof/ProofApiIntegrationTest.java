package health.datasafe.ledger.proof;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleProofs;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProofApiIntegrationTest extends LedgerServiceTestBase {

    @Test
    void theCheckpointAfterABlockAndTheLatestAreServedAsExactSignedNotes() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-note"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        String clinician = token("clinician-1", Role.CLINICIAN);

        var afterBlock = getBytes("/api/ledger/checkpoint?shard=" + place.shard() + "&height=" + place.height(), clinician);
        var latest = getBytes("/api/ledger/checkpoint", token(tx.patientId(), Role.PATIENT));

        assertThat(afterBlock.statusCode()).isEqualTo(200);
        assertThat(afterBlock.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "").toLowerCase()).isEqualTo("text/plain;charset=utf-8"));
        assertThat(afterBlock.body())
                .isEqualTo(storedCheckpoint(place.shard(), place.height()).getBytes(StandardCharsets.UTF_8));
        Checkpoint checkpoint = Checkpoint.verify(new String(afterBlock.body(), StandardCharsets.UTF_8),
                NODE_KEY.verifyingKey());
        assertThat(checkpoint.shard(place.shard()).size()).isEqualTo(logSize(place.shard(), place.height()));

        assertThat(latest.statusCode()).isEqualTo(200);
        Checkpoint newest = Checkpoint.verify(new String(latest.body(), StandardCharsets.UTF_8), NODE_KEY.verifyingKey());
        assertThat(newest.shard(place.shard()).size()).isGreaterThan(place.leafIndex());
    }

    @Test
    void inclusionProofsVerifyAgainstTheCheckpointOfEveryLaterTreeSize() throws Exception {
        String patient = TestInitiator.unique("p-incl");
        List<Committed> blocks = new ArrayList<>();
        List<Transaction> all = new ArrayList<>();
        for (int size : new int[] {2, 1, 2}) {
            List<Transaction> batch = IntStream.range(0, size).mapToObj(i -> INITIATOR.recordAccessed(patient)).toList();
            for (Transaction tx : batch) {
                publish(tx);
            }
            blocks.add(awaitCommitted(batch).getLast());
            all.addAll(batch);
        }
        Transaction first = all.getFirst();
        String txHash = Transactions.hash(first);
        String token = token(patient, Role.PATIENT);
        int shard = blocks.getFirst().shard();

        for (Committed block : blocks) {
            long treeSize = logSize(shard, block.height());
            var response = get("/api/ledger/proofs/inclusion?txHash=" + txHash + "&treeSize=" + treeSize, token);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode proof = body(response);
            assertThat(proof.get("txHash").asString()).isEqualTo(txHash);
            assertThat(proof.get("shard").asInt()).isEqualTo(shard);
            assertThat(proof.get("treeSize").asLong()).isEqualTo(treeSize);
            assertThat(proof.get("leafHash").asString()).isEqualTo(Hex.of(MerkleTree.leafHash(Hex.parseHash(txHash))));
            String note = proof.get("checkpoint").asString();
            assertThat(note).isEqualTo(storedCheckpoint(shard, block.height()));
            Checkpoint.ShardLog stated = Checkpoint.verify(note, NODE_KEY.verifyingKey()).shard(shard);
            assertThat(stated.size()).isEqualTo(treeSize);
            assertThat(proof.get("root").asString()).isEqualTo(stated.root());
            MerkleProofs.verifyInclusion(Hex.parseHash(proof.get("leafHash").asString()), proof.get("leafIndex").asLong(),
                    treeSize, hashes(proof.get("proof")), Hex.parseHash(stated.root()));
        }

        // any other size: the proof leads to the root served, with the checkpoint of that size if a block ends there
        long other = logSize(shard, blocks.getLast().height()) - 1;
        JsonNode between = body(get("/api/ledger/proofs/inclusion?txHash=" + txHash + "&treeSize=" + other, token));
        String noteAtSize = jdbc.query("""
                SELECT c.note FROM block b JOIN checkpoint c ON c.shard = b.shard AND c.height = b.height
                WHERE b.shard = ? AND b.log_size = ?""", (rs, row) -> rs.getString(1), shard, other)
                .stream().findFirst().orElse(null);
        if (noteAtSize == null) {
            assertThat(between.get("checkpoint").isNull()).as(between.toString()).isTrue();
        } else {
            assertThat(between.get("checkpoint").asString()).isEqualTo(noteAtSize);
        }
        MerkleProofs.verifyInclusion(MerkleTree.leafHash(Hex.parseHash(txHash)), between.get("leafIndex").asLong(), other,
                hashes(between.get("proof")), Hex.parseHash(between.get("root").asString()));

        // by default: the latest checkpoint, upper case hex accepted
        JsonNode latest = body(get("/api/ledger/proofs/inclusion?txHash=" + txHash.toUpperCase(), token));
        Checkpoint.ShardLog stated = Checkpoint.verify(latest.get("checkpoint").asString(), NODE_KEY.verifyingKey())
                .shard(shard);
        assertThat(latest.get("treeSize").asLong()).isEqualTo(stated.size());
        MerkleProofs.verifyInclusion(MerkleTree.leafHash(Hex.parseHash(txHash)), latest.get("leafIndex").asLong(),
                stated.size(), hashes(latest.get("proof")), Hex.parseHash(stated.root()));
    }

    @Test
    void consistencyProofsBetweenTwoCheckpointsVerify() throws Exception {
        String patient = TestInitiator.unique("p-cons");
        Transaction a = INITIATOR.recordAccessed(patient);
        publish(a);
        Committed older = awaitCommitted(List.of(a)).getFirst();
        List<Transaction> batch = List.of(INITIATOR.recordAccessed(patient), INITIATOR.recordAccessed(patient));
        for (Transaction tx : batch) {
            publish(tx);
        }
        Committed newer = awaitCommitted(batch).getLast();
        int shard = older.shard();
        Checkpoint.ShardLog from = verifiedCheckpoint(shard, older.height()).shard(shard);
        Checkpoint.ShardLog to = verifiedCheckpoint(shard, newer.height()).shard(shard);

        var response = get("/api/ledger/proofs/consistency?shard=" + shard + "&from=" + from.size() + "&to=" + to.size(),
                token(patient, Role.PATIENT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode proof = body(response);
        assertThat(proof.get("fromRoot").asString()).isEqualTo(from.root());
        assertThat(proof.get("toRoot").asString()).isEqualTo(to.root());
        MerkleProofs.verifyConsistency(from.size(), to.size(), hashes(proof.get("proof")), Hex.parseHash(from.root()),
                Hex.parseHash(to.root()));
        // and up to the shard's current size by default
        JsonNode current = body(get("/api/ledger/proofs/consistency?shard=" + shard + "&from=" + from.size(),
                token("auditor-1", Role.AUDITOR)));
        assertThat(current.get("to").asLong()).isGreaterThanOrEqualTo(to.size());
        MerkleProofs.verifyConsistency(from.size(), current.get("to").asLong(), hashes(current.get("proof")),
                Hex.parseHash(from.root()), Hex.parseHash(current.get("toRoot").asString()));
    }

    @Test
    void patientBOrAClinicianGetsNoInclusionProofForPatientAsTransaction() throws Exception {
        String patientA = TestInitiator.unique("p-a");
        Transaction tx = INITIATOR.recordAccessed(patientA);
        publish(tx);
        awaitCommitted(List.of(tx));
        String path = "/api/ledger/proofs/inclusion?txHash=" + Transactions.hash(tx);

        var refused = get(path, token(TestInitiator.unique("p-b"), Role.PATIENT));

        assertThat(refused.statusCode()).isEqualTo(404);
        assertProblem(refused);
        assertThat(refused.body()).doesNotContain(patientA).doesNotContain(tx.id());
        var unknown = get("/api/ledger/proofs/inclusion?txHash=" + Sha256.hex("nothing".getBytes(StandardCharsets.UTF_8)),
                token(patientA, Role.PATIENT));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(refused).get("title").asString()).isEqualTo(body(unknown).get("title").asString());
        var ofAClinician = get(path, token("clinician-1", Role.CLINICIAN));
        assertThat(ofAClinician.statusCode()).isEqualTo(404);
        assertThat(body(ofAClinician).get("title").asString()).isEqualTo(body(unknown).get("title").asString());
        // the owner and an auditor do get it
        assertThat(get(path, token(patientA, Role.PATIENT)).statusCode()).isEqualTo(200);
        assertThat(get(path, token("auditor-1", Role.AUDITOR)).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedOrOutOfRangeProofRequestsAreProblem400s() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-bad"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        String txHash = Transactions.hash(tx);
        long size = logSize(place.shard(), place.height());
        String auditor = token("auditor-1", Role.AUDITOR);
        List<String> paths = List.of(
                "/api/ledger/proofs/inclusion?txHash=not-hex",
                "/api/ledger/proofs/inclusion?txHash=" + txHash.substring(1),
                "/api/ledger/proofs/inclusion?txHash=" + txHash + "00",
                "/api/ledger/proofs/inclusion",
                "/api/ledger/proofs/inclusion?txHash=" + txHash + "&treeSize=0",
                "/api/ledger/proofs/inclusion?txHash=" + txHash + "&treeSize=" + (size + 1_000_000),
                "/api/ledger/proofs/inclusion?txHash=" + txHash + "&treeSize=" + place.leafIndex(),
                "/api/ledger/proofs/inclusion?txHash=" + txHash + "&treeSize=many",
                "/api/ledger/proofs/consistency?shard=" + place.shard() + "&from=2&to=1",
                "/api/ledger/proofs/consistency?shard=" + place.shard() + "&from=-1&to=1",
                "/api/ledger/proofs/consistency?shard=" + place.shard() + "&from=1&to=" + (size + 1_000_000),
                "/api/ledger/proofs/consistency?shard=" + place.shard(),
                "/api/ledger/proofs/consistency?shard=999&from=0",
                "/api/ledger/proofs/consistency?shard=-1&from=0",
                "/api/ledger/checkpoint?shard=999&height=0",
                "/api/ledger/checkpoint?shard=" + place.shard(),
                "/api/ledger/checkpoint?height=0",
                "/api/ledger/checkpoint?shard=" + place.shard() + "&height=-1");
        for (String path : paths) {
            var response = get(path, auditor);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
            assertProblem(response);
        }
        var absent = get("/api/ledger/checkpoint?shard=" + place.shard() + "&height=" + Long.MAX_VALUE, auditor);
        assertThat(absent.statusCode()).isEqualTo(404);
        assertProblem(absent);
    }

    static List<byte[]> hashes(JsonNode array) {
        var hashes = new ArrayList<byte[]>();
        array.forEach(hash -> hashes.add(Hex.parseHash(hash.asString())));
        return hashes;
    }

    static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
    }
}

package health.datasafe.ledger.query;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Ed25519;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import health.datasafe.devsupport.TokenDefects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerApiIntegrationTest extends LedgerServiceTestBase {

    private static final List<String> PATHS = List.of("/api/ledger/head", "/api/ledger/blocks/0?shard=0",
            "/api/ledger/blocks?shard=0&from=0&limit=10",
            "/api/ledger/keys", "/api/ledger/transactions/some-id", "/api/ledger/verify", "/api/ledger/checkpoint",
            "/api/ledger/checkpoint?shard=0&height=0", "/api/ledger/proofs/inclusion?txHash=" + "ab".repeat(32),
            "/api/ledger/proofs/consistency?shard=0&from=0", "/api/ledger/export?shard=0");

    @Test
    void theHeadNamesTheLatestBlockOfEveryShard() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-head"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();

        var response = get("/api/ledger/head", token("clinician-1", Role.CLINICIAN));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode shard = null;
        for (JsonNode candidate : body(response).get("shards")) {
            if (candidate.get("shard").asInt() == place.shard()) {
                shard = candidate;
            }
        }
        assertThat(shard).as(response.body()).isNotNull();
        assertThat(shard.get("height").asLong()).isGreaterThanOrEqualTo(place.height());
        assertThat(shard.get("blockHash").asString()).hasSize(64);
        assertThat(shard.get("logSize").asLong()).isGreaterThan(place.leafIndex());
    }

    @Test
    void aBlockIsServedWithItsHeaderHashSignatureAndTxHashes() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-block"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        String patient = token(tx.patientId(), Role.PATIENT);

        var response = get("/api/ledger/blocks/" + place.height() + "?shard=" + place.shard(), patient);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode block = body(response);
        var header = new BlockHeader(block.get("shard").asInt(), block.get("height").asLong(),
                block.get("previousHash").asString(), block.get("merkleRoot").asString(), block.get("txCount").asInt(),
                block.get("logSize").asLong(), Instant.parse(block.get("timestamp").asString()));
        assertThat(header.shard()).isEqualTo(place.shard());
        assertThat(header.height()).isEqualTo(place.height());
        assertThat(Blocks.hash(header)).isEqualTo(block.get("blockHash").asString());
        var txHashes = new ArrayList<String>();
        block.get("txHashes").forEach(hash -> txHashes.add(hash.asString()));
        assertThat(txHashes).hasSize(header.txCount()).contains(place.txHash());

        JsonNode keys = body(get("/api/ledger/keys", patient));
        assertThat(keys.get("keyId").asString()).isEqualTo(block.get("signer").asString());
        var nodeKey = Ed25519.VerifyingKey.fromX509(keys.get("publicKey").asString());
        assertThat(nodeKey.keyId()).isEqualTo(NODE_KEY.verifyingKey().keyId());
        assertThat(Blocks.signatureValid(block.get("blockHash").asString(), block.get("signature").asString(), nodeKey))
                .isTrue();
    }

    @Test
    void theFirstBlockOfAShardLinksToZeros() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-genesis"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();

        JsonNode genesis = body(get("/api/ledger/blocks/0?shard=" + place.shard(), token("auditor-1", Role.AUDITOR)));

        assertThat(genesis.get("height").asLong()).isZero();
        assertThat(genesis.get("previousHash").asString()).isEqualTo(Blocks.GENESIS_PREVIOUS_HASH);
    }

    @Test
    void anAbsentBlockIsAProblem404() throws Exception {
        var response = get("/api/ledger/blocks/" + Long.MAX_VALUE + "?shard=0", token("auditor-1", Role.AUDITOR));

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response);
        assertThat(body(response).get("height").asLong()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aShardThatIsNotANumberIsAProblem400() throws Exception {
        var response = get("/api/ledger/blocks/0?shard=first", token("auditor-1", Role.AUDITOR));

        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response);
    }

    @Test
    void aPageOfBlocksIsTheBlocksServedOneByOneInHeightOrder() throws Exception {
        Transaction first = INITIATOR.recordAccessed(TestInitiator.unique("p-page"));
        publish(first);
        Committed place = awaitCommitted(List.of(first)).getFirst();
        Transaction second = INITIATOR.recordAccessed(first.patientId());
        publish(second);
        awaitCommitted(List.of(second));
        String auditor = token("auditor-1", Role.AUDITOR);

        long start = Math.max(0, place.height() - 2);

        var response = get("/api/ledger/blocks?shard=" + place.shard() + "&from=" + start + "&limit=1000", auditor);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode page = body(response);
        assertThat(page.get("shard").asInt()).isEqualTo(place.shard());
        assertThat(page.get("from").asLong()).isEqualTo(start);
        long height = start;
        for (JsonNode block : page.get("blocks")) {
            assertThat(block.get("height").asLong()).isEqualTo(height);
            assertThat(block).isEqualTo(body(get("/api/ledger/blocks/" + height + "?shard=" + place.shard(), auditor)));
            height++;
        }
        assertThat(height).isGreaterThan(place.height());

        JsonNode from = body(get("/api/ledger/blocks?shard=" + place.shard() + "&from=" + place.height() + "&limit=1",
                auditor));
        assertThat(from.get("blocks")).hasSize(1);
        assertThat(from.get("blocks").get(0).get("txHashes").toString()).contains(place.txHash());
    }

    @Test
    void aPageBeyondTheLatestBlockIsEmpty() throws Exception {
        var response = get("/api/ledger/blocks?shard=0&from=" + (Long.MAX_VALUE - 1), token("auditor-1", Role.AUDITOR));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).get("blocks")).isEmpty();
    }

    @Test
    void aPageFromANegativeHeightOrOfMoreThanAThousandBlocksIsAProblem400() throws Exception {
        for (String query : List.of("from=-1", "limit=0", "limit=1001", "from=first")) {
            var response = get("/api/ledger/blocks?shard=0&" + query, token("auditor-1", Role.AUDITOR));

            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertProblem(response);
        }
    }

    @Test
    void patientBReadingPagesOfBlocksFindsNoTraceOfPatientA() throws Exception {
        String patientA = TestInitiator.unique("p-a-page");
        Transaction tx = INITIATOR.recordAccessed(patientA);
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();

        var response = get("/api/ledger/blocks?shard=" + place.shard() + "&from=" + place.height(),
                token(TestInitiator.unique("p-b-page"), Role.PATIENT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains(place.txHash()).doesNotContain(patientA).doesNotContain(tx.id());
    }

    @Test
    void aTransactionIsFoundByIdWithItsBlockAndLeafIndex() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-find"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();

        for (String token : List.of(token("auditor-1", Role.AUDITOR), token(tx.patientId(), Role.PATIENT))) {
            var response = get("/api/ledger/transactions/" + tx.id(), token);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode found = body(response);
            assertThat(found.get("txId").asString()).isEqualTo(tx.id());
            assertThat(found.get("txHash").asString()).isEqualTo(place.txHash());
            assertThat(found.get("shard").asInt()).isEqualTo(place.shard());
            assertThat(found.get("height").asLong()).isEqualTo(place.height());
            assertThat(found.get("leafIndex").asLong()).isEqualTo(place.leafIndex());
        }
    }

    @Test
    void anUnknownTransactionIsAProblem404() throws Exception {
        var response = get("/api/ledger/transactions/no-such-transaction", token("auditor-1", Role.AUDITOR));

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response);
    }

    @Test
    void patientBOrAClinicianFindsNoneOfPatientAsTransactions() throws Exception {
        String patientA = TestInitiator.unique("p-a");
        Transaction tx = INITIATOR.recordAccessed(patientA);
        publish(tx);
        awaitCommitted(List.of(tx));

        for (String token : List.of(token(TestInitiator.unique("p-b"), Role.PATIENT), token("clinician-1", Role.CLINICIAN))) {
            var response = get("/api/ledger/transactions/" + tx.id(), token);

            assertThat(response.statusCode()).isEqualTo(404);
            assertProblem(response);
            assertThat(response.body()).doesNotContain(patientA);
        }
    }

    @Test
    void everyEndpointRefusesAMissingOrExpiredToken() throws Exception {
        String expired = RealInfrastructure.tokens().mint("auditor-1", Role.AUDITOR, Duration.ofMinutes(-5));
        for (String path : PATHS) {
            for (String token : new String[] {null, expired, "not-a-jwt"}) {
                var response = get(path, token);
                assertThat(response.statusCode()).as(path + " with " + token).isEqualTo(401);
                assertProblem(response);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                        assertThat(value).startsWith("Bearer"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("defectiveAuditorTokens")
    void everyEndpointRefusesADefectiveToken(TokenDefects.Defect defect) throws Exception {
        for (String path : PATHS) {
            var response = get(path, defect.token());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertProblem(response);
            assertThat(response.body()).contains("the bearer token is invalid or has expired");
        }
    }

    static List<TokenDefects.Defect> defectiveAuditorTokens() {
        return TokenDefects.of(RealInfrastructure.tokens(), "auditor-defect", Role.AUDITOR);
    }

    @Test
    void healthIsOpenToAnyone() throws Exception {
        var health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
    }
}

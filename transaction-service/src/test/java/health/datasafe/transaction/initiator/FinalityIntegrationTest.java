package health.datasafe.transaction.initiator;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockSigned;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.TransactionType;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.Receipt;
import health.datasafe.integrity.SignedNote;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The transaction-service of a three-node ledger (a genesis whose first node is the stand-in ledger, quorum 2): a
 * transaction committed in a block only the stand-in signed is COMMITTED but not final, a read of it releases
 * nothing, and once a second genesis node's signature of the same block hash arrives on {@code dsh.ledger.signatures}
 * it is final, with both nodes' signatures on its receipt's checkpoint. A second node (this test's cosigner) signs
 * every block the stand-in announces, except those it is told to hold back. Its own consumer group
 * ({@code dsh.instance-id}), so the shared context of the other tests reads every record too.
 */
class FinalityIntegrationTest extends TransactionServiceTestBase {

    private static final Ed25519.SigningKey NODE_2 = Ed25519.SigningKey.generate();
    private static final Ed25519.SigningKey NODE_3 = Ed25519.SigningKey.generate();
    private static final Genesis GENESIS = Genesis.of(TestLedger.ORIGIN, List.of(
            new Genesis.Node("ledger-1", LEDGER_KEY.verifyingKey().toX509()),
            new Genesis.Node("ledger-2", NODE_2.verifyingKey().toX509()),
            new Genesis.Node("ledger-3", NODE_3.verifyingKey().toX509())));
    private static Cosigner cosigner;

    @DynamicPropertySource
    static void threeNodeLedger(DynamicPropertyRegistry registry) {
        registry.add("dsh.trust.genesis", () -> new String(GENESIS.canonicalJson(), StandardCharsets.UTF_8));
        registry.add("dsh.instance-id", () -> "tx-finality");
        registry.add("dsh.read.timeout", () -> "3s");
    }

    @BeforeAll
    static void startCosigner() {
        cosigner = new Cosigner();
        cosigner.start();
    }

    @AfterAll
    static void stopCosigner() {
        cosigner.running = false;
    }

    @Test
    void aReadIsReleasedOnlyOnceASecondGenesisNodeSignedItsBlockAndItsReceiptCarriesBothSignatures() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        HeldRead held = heldRead(patient, token, "final only");

        var problem = assertProblem(held.answer(), 503);
        assertThat(problem.get("title").asString()).isEqualTo("Access not yet final");
        assertThat(new String(held.answer().body(), StandardCharsets.UTF_8)).doesNotContain("final only");
        String readTx = held.transactionId();
        String recordId = held.recordId();
        JsonNode committed = awaitStatus(readTx, token, status -> status.get("status").asString().equals("COMMITTED"));
        assertThat(committed.get("finality").get("final").asBoolean()).isFalse();
        assertThat(committed.get("finality").get("signers").valueStream().map(JsonNode::asString))
                .containsExactly("ledger-1");
        assertThat(committed.get("finality").get("quorum").asInt()).isEqualTo(2);

        cosigner.sign(readTx);

        JsonNode settled = awaitStatus(readTx, token, status -> status.get("finality").get("final").asBoolean());
        assertThat(settled.get("finality").get("signers").valueStream().map(JsonNode::asString))
                .containsExactly("ledger-1", "ledger-2");
        Receipt receipt = Receipt.parse(json.writeValueAsBytes(settled.get("receipt")));
        var keys = GENESIS.keys().keys();
        assertThat(receipt.verify(keys, 2).signers()).containsExactlyInAnyOrder(LEDGER_KEY.verifyingKey().keyId(),
                NODE_2.verifyingKey().keyId());
        assertThatThrownBy(() -> receipt.verify(keys, 3)).isInstanceOf(CheckpointInvalid.TooFewSigners.class);

        cosigner.release(recordId);
        var released = get("/api/patients/" + patient + "/records/" + recordId, token);
        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(released.body()).isEqualTo("final only".getBytes(StandardCharsets.UTF_8));
        Receipt header = Receipt.fromHeader(released.headers().firstValue("DSH-Receipt").orElseThrow());
        assertThat(header.verify(keys, 2).signers()).hasSize(2);
    }

    @Test
    void aSignatureByAKeyTheGenesisDoesNotListIsDeadLetteredAndMakesNothingFinal() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String readTx = heldRead(patient, token, "held").transactionId();
        awaitStatus(readTx, token, status -> status.get("status").asString().equals("COMMITTED"));
        var stranger = Ed25519.SigningKey.generate();

        String forged = cosigner.signAs(readTx, stranger, "ledger-2");

        assertThat(awaitDeadLetter(Topics.LEDGER_SIGNATURES, forged::equals).get(Topics.REASON_HEADER))
                .contains("is not a trusted ledger key");
        JsonNode status = jsonOf(send("GET", "/api/transactions/" + readTx, token, null, null));
        assertThat(status.get("finality").get("final").asBoolean()).isFalse();
        assertThat(status.get("finality").get("signers").valueStream().map(JsonNode::asString)).containsExactly("ledger-1");
    }

    /** A record the patient added, and her read of it, which the cosigner holds back: it answers 503. */
    private record HeldRead(String recordId, String transactionId, java.net.http.HttpResponse<byte[]> answer) {
    }

    private HeldRead heldRead(String patient, String token, String content) throws Exception {
        String recordId = addRecord(patient, token, "text/plain", content.getBytes(StandardCharsets.UTF_8));
        cosigner.holdBack(recordId);
        var answer = get("/api/patients/" + patient + "/records/" + recordId, token);
        return new HeldRead(recordId, json.readTree(answer.body()).get("transactionId").asString(), answer);
    }

    private JsonNode awaitStatus(String txId, String token, java.util.function.Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(PATIENCE).until(() -> {
            last[0] = jsonOf(send("GET", "/api/transactions/" + txId, token, null, null));
            return until.test(last[0]);
        });
        return last[0];
    }

    /**
     * A second genesis node: signs, as ledger-2, every block on {@code dsh.ledger.blocks} that the stand-in ledger
     * announced, except blocks holding a read or write of a record it was told to hold back; remembers every block.
     */
    private static final class Cosigner extends Thread {

        private final Set<String> heldBack = ConcurrentHashMap.newKeySet();
        private final Map<String, BlockCommitted> blockOf = new ConcurrentHashMap<>();
        private volatile boolean running = true;

        Cosigner() {
            super("finality-test-cosigner");
            setDaemon(true);
        }

        void holdBack(String recordId) {
            heldBack.add(recordId);
        }

        void release(String recordId) {
            heldBack.remove(recordId);
        }

        /** Signs, as ledger-2, the block holding the transaction. */
        void sign(String txId) {
            signAs(txId, NODE_2, "ledger-2");
        }

        /** Publishes a signature of the block holding the transaction by this key; answers the record's value. */
        String signAs(String txId, Ed25519.SigningKey key, String node) {
            await().atMost(PATIENCE).until(() -> blockOf.containsKey(txId));
            String value = signature(blockOf.get(txId), key, node);
            LEDGER.publish(Topics.LEDGER_SIGNATURES, Integer.toString(blockOf.get(txId).header().shard()), value);
            return value;
        }

        private static String signature(BlockCommitted block, Ed25519.SigningKey key, String node) {
            String text = SignedNote.parse(block.checkpoint()).text();
            var signed = new BlockSigned(block.header().shard(), block.header().height(), block.blockHash(),
                    block.header(), node,
                    key.verifyingKey().keyId(), Blocks.sign(block.blockHash(), key),
                    SignedNote.sign(text, TestLedger.ORIGIN, key));
            return new String(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(signed),
                    StandardCharsets.UTF_8);
        }

        @Override
        public void run() {
            var json = tools.jackson.databind.json.JsonMapper.builder().build();
            try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER_BLOCKS).stream()
                        .map(p -> new TopicPartition(Topics.LEDGER_BLOCKS, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                while (running) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        BlockCommitted block;
                        try {
                            block = json.readValue(record.value(), BlockCommitted.class);
                        } catch (RuntimeException notABlock) {
                            continue;
                        }
                        if (block.header() == null || block.transactions() == null || block.checkpoint() == null
                                || !LEDGER_KEY.verifyingKey().keyId().equals(block.signer())) {
                            continue;
                        }
                        block.transactions().forEach(tx -> blockOf.put(tx.transaction().id(), block));
                        boolean held = block.transactions().stream().anyMatch(tx ->
                                tx.transaction().type() == TransactionType.RECORD_ACCESSED
                                        && heldBack.contains(String.valueOf(tx.transaction().meta(Metadata.RECORD_ID))));
                        if (!held) {
                            LEDGER.publish(Topics.LEDGER_SIGNATURES, record.key(), signature(block, NODE_2, "ledger-2"));
                        }
                    }
                }
            }
        }
    }
}

package health.datasafe.ledger.node;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.Hex;
import health.datasafe.ledger.GenesisNode;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import health.datasafe.ledger.verify.ChainAudit;
import health.datasafe.ledger.verify.Verification;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Several ledger nodes of one genesis, each with its own key and database schema, read the same
 * {@code dsh.tx.validated} (everything every test published so far) and build the same chain, block 0 linking to the
 * genesis hash; each signs it with its own key. A node the genesis does not list, or whose database holds another
 * chain, refuses to start with one sentence. The nodes sign under an origin of their own, so the node under test
 * ignores their checkpoints.
 */
class GenesisNodesIntegrationTest extends LedgerServiceTestBase {

    private static final Duration CATCHING_UP = Duration.ofMinutes(2);
    private static final String ORIGIN = "genesis-nodes.test/ledger";
    private static final String HASHED_COLUMNS = "SELECT shard, height, hash, previous_hash, merkle_root, tx_count,"
            + " log_size, block_timestamp FROM block ORDER BY shard, height";

    private final List<Ed25519.SigningKey> keys = GenesisNode.keys(3);
    private final Genesis genesis = GenesisNode.genesis(ORIGIN, keys);

    @Test
    void threeNodesOfOneGenesisBuildTheSameChainFromItEachSigningWithItsOwnKey() throws Exception {
        EpochEnded last = publishWorkload();
        String run = unique();
        var nodes = new ArrayList<ConfigurableApplicationContext>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(node("ledger_gen_" + run + "_" + i, "ledger-" + (i + 1), keys.get(i), text(genesis)));
            }
            await().atMost(CATCHING_UP).until(() -> nodes.stream().allMatch(node -> lastEpoch(node) >= last.epoch()));

            List<Map<String, Object>> chain = rows(jdbc(nodes.get(0)), HASHED_COLUMNS);
            assertThat(chain).isNotEmpty();
            for (var node : nodes.subList(1, 3)) {
                assertThat(rows(jdbc(node), HASHED_COLUMNS)).isEqualTo(chain);
            }
            for (int i = 0; i < 3; i++) {
                JdbcTemplate jdbc = jdbc(nodes.get(i));
                String keyId = keys.get(i).verifyingKey().keyId();
                assertThat(jdbc.queryForList("SELECT DISTINCT signer FROM block", String.class)).containsExactly(keyId);
                assertThat(jdbc.queryForList("SELECT DISTINCT previous_hash FROM block WHERE height = 0", byte[].class))
                        .extracting(Hex::of).containsExactly(genesis.hash());
                assertThat(jdbc.queryForObject("SELECT document FROM genesis", byte[].class))
                        .isEqualTo(genesis.canonicalJson());
                assertThat(nodes.get(i).getBean(ChainAudit.class).verify()).isInstanceOf(Verification.Valid.class);
                String note = jdbc.queryForObject("SELECT note FROM checkpoint ORDER BY id DESC LIMIT 1", String.class);
                assertThat(Checkpoint.verify(note, keys.get(i).verifyingKey()).origin()).isEqualTo(ORIGIN);
            }
            // each node serves its checkpoints with the other nodes' signatures of the same text: a quorum's
            var first = nodes.getFirst();
            await().atMost(CATCHING_UP).ignoreExceptionsInstanceOf(CheckpointInvalid.TooFewSigners.class)
                    .untilAsserted(() -> assertThat(Checkpoint.verifyQuorum(servedCheckpoint(first),
                            genesis.keys().keys(), 3).signers()).hasSize(3));
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    @Test
    void aNodeWhoseKeyTheGenesisDoesNotListUnderItsNameRefusesToStartSayingSo() {
        String schema = "ledger_gen_" + unique();
        var stranger = Ed25519.SigningKey.generate();

        assertThatThrownBy(() -> node(schema, "ledger-2", stranger, text(genesis)))
                .satisfies(failure -> assertThat(rootCause(failure)).isInstanceOf(NodeNotInGenesis.class)
                        .hasMessage("Ledger node ledger-2 refuses to start: its key is %s but the genesis lists key %s"
                                        + " for it (genesis %s).", stranger.verifyingKey().keyId(),
                                keys.get(1).verifyingKey().keyId(), genesis.hash()));
        assertThatThrownBy(() -> node(schema, "ledger-9", keys.get(0), text(genesis)))
                .satisfies(failure -> assertThat(rootCause(failure)).isInstanceOf(NodeNotInGenesis.class)
                        .hasMessageContaining("lists no node of that name"));
    }

    @Test
    void aNodeWhoseDatabaseHoldsAChainOfAnotherGenesisRefusesToStartSayingSo() throws Exception {
        EpochEnded last = publishWorkload();
        String schema = "ledger_gen_" + unique();
        try (var node = node(schema, "ledger-1", keys.get(0), text(genesis))) {
            await().atMost(CATCHING_UP).until(() -> lastEpoch(node) >= last.epoch());
        }
        var other = Genesis.of(ORIGIN, List.of(genesis.nodes().getFirst()));

        assertThatThrownBy(() -> node(schema, "ledger-1", keys.get(0), text(other)))
                .satisfies(failure -> assertThat(rootCause(failure)).isInstanceOf(GenesisDiffers.class)
                        .hasMessage("Ledger node ledger-1 refuses to start: its database holds a chain from genesis %s"
                                + " but it is configured with genesis %s; give it the genesis its chain was built from,"
                                + " or an empty database.", genesis.hash(), other.hash()));
        assertThatThrownBy(() -> node(schema, "ledger-1", keys.get(0), null))
                .satisfies(failure -> assertThat(rootCause(failure)).isInstanceOf(GenesisDiffers.class)
                        .hasMessageContaining("configured with no genesis document (block 0 links to 64 zeros)"));
    }

    /** Two epochs of one patient's reads. */
    private EpochEnded publishWorkload() throws Exception {
        String patient = TestInitiator.unique("p-gen");
        for (int i = 0; i < 3; i++) {
            publishInOpenEpoch(INITIATOR.recordAccessed(patient));
        }
        endEpoch();
        Transaction tx = INITIATOR.recordAccessed(patient);
        publishInOpenEpoch(tx);
        return endEpoch();
    }

    private String servedCheckpoint(ConfigurableApplicationContext node) throws Exception {
        int port = node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                        + "/api/ledger/checkpoint"))
                .header("Authorization", "Bearer " + token("auditor-1", health.datasafe.contracts.Role.AUDITOR)).build();
        return java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static ConfigurableApplicationContext node(String schema, String name, Ed25519.SigningKey key,
                                                       String genesis) {
        return GenesisNode.start(schema, ORIGIN, name, key, genesis);
    }

    private static long lastEpoch(ConfigurableApplicationContext node) {
        return GenesisNode.lastEpoch(node);
    }

    private static JdbcTemplate jdbc(ConfigurableApplicationContext node) {
        return GenesisNode.jdbc(node);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String text(Genesis genesis) {
        return GenesisNode.text(genesis);
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}

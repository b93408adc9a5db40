package health.datasafe.ledger.fork;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.BlockSigned;
import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.Hex;
import health.datasafe.kit.rebuild.RebuildStatus;
import health.datasafe.kit.rebuild.Rebuilds;
import health.datasafe.ledger.GenesisNode;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A ledger node reads its peers' signatures a poll at a time: in one batch a forged signature goes to the dead-letter
 * topic while a genuine one beside it is kept, and a quorum of peers that signed another hash than the node's own
 * block is a fork, found as the signatures arrive.
 */
class PeerSignaturesIntegrationTest extends LedgerServiceTestBase {

    private static final Duration WAITING = Duration.ofMinutes(2);
    private static final String ORIGIN = "peers.test/ledger";

    private final List<Ed25519.SigningKey> keys = GenesisNode.keys(3);
    private final Genesis genesis = GenesisNode.genesis(ORIGIN, keys);

    @Test
    void aForgedPeerSignatureIsDeadLetteredBesideAGenuineOneAndAQuorumOfAnotherHashIsAFork() throws Exception {
        String patient = TestInitiator.unique("p-peers");
        publishInOpenEpoch(INITIATOR.recordAccessed(patient));
        endEpoch();
        publishInOpenEpoch(INITIATOR.recordAccessed(patient));
        var last = endEpoch();
        // the fork stays recorded: no rebuild by replay follows it here
        ConfigurableApplicationContext node = GenesisNode.start(GenesisNode.schema("ledger_peers"), ORIGIN, "ledger-1",
                keys.getFirst(), genesis, Map.of("dsh.ledger.recover-forks", "false"));
        try {
            await().atMost(WAITING).until(() -> GenesisNode.lastEpoch(node) >= last.epoch());
            String own = keys.getFirst().verifyingKey().keyId();
            List<BlockSigned> ownSignatures = await().atMost(WAITING).until(() -> recordsOf(Topics.LEDGER_SIGNATURES).stream()
                    .map(value -> json.readValue(value, BlockSigned.class))
                    .filter(signed -> own.equals(signed.signer()))
                    .toList(), signatures -> signatures.size() >= 2);
            BlockSigned first = ownSignatures.get(0);
            BlockSigned second = ownSignatures.get(1);

            String peer = keys.get(1).verifyingKey().keyId();
            var forged = new BlockSigned(first.shard(), first.height(), first.blockHash(), first.header(), "ledger-2",
                    peer, first.signature(), null);
            var genuine = new BlockSigned(first.shard(), first.height(), first.blockHash(), first.header(), "ledger-2",
                    peer, Blocks.sign(first.blockHash(), keys.get(1)), null);
            String key = Integer.toString(first.shard());
            producer().send(new ProducerRecord<>(Topics.LEDGER_SIGNATURES, key, json.writeValueAsBytes(forged)));
            producer().send(new ProducerRecord<>(Topics.LEDGER_SIGNATURES, key, json.writeValueAsBytes(genuine)))
                    .get(10, TimeUnit.SECONDS);

            var letter = new DeadLetterTopic(Topics.LEDGER_SIGNATURES).awaitOne(json.writeValueAsBytes(forged));
            assertThat(letter.reason()).contains("does not verify");
            await().atMost(WAITING).until(() -> GenesisNode.jdbc(node).queryForObject(
                    "SELECT count(*) FROM peer_signature WHERE shard = ? AND height = ? AND signer = ?", Long.class,
                    first.shard(), first.height(), peer) == 1);
            assertThat(node.getBean(ForkWatch.class).forked()).as("one peer agreeing is no fork").isFalse();

            // the two other nodes sign another block at the node's second height: the node forked from the quorum
            var theirs = new BlockHeader(second.shard(), second.height(), second.header().previousHash(),
                    Hex.of(new byte[32]), second.header().txCount(), second.header().logSize(), second.header().timestamp());
            String theirHash = Blocks.hash(theirs);
            for (int k = 1; k <= 2; k++) {
                var signed = new BlockSigned(second.shard(), second.height(), theirHash, theirs, "ledger-" + (k + 1),
                        keys.get(k).verifyingKey().keyId(), Blocks.sign(theirHash, keys.get(k)), null);
                producer().send(new ProducerRecord<>(Topics.LEDGER_SIGNATURES, key, json.writeValueAsBytes(signed)))
                        .get(10, TimeUnit.SECONDS);
            }
            await().atMost(WAITING).until(() -> node.getBean(ForkWatch.class).forked());
            IntegrityAlertRaised alert = await().atMost(WAITING).until(() -> recordsOf(Topics.INTEGRITY_ALERTS).stream()
                    .map(value -> json.readValue(value, IntegrityAlertRaised.class))
                    .filter(raised -> raised.shard() == second.shard() && raised.height() == second.height()
                            && raised.expected().contains(theirHash))
                    .findFirst().orElse(null), found -> found != null);
            assertThat(alert.kind()).isEqualTo(ForkWatch.KIND);
            assertThat(alert.actual()).isEqualTo("ledger-1: blockHash=" + second.blockHash() + ", merkleRoot="
                    + second.header().merkleRoot());
        } finally {
            node.close();
        }
    }

    @Test
    void aNodeRebuiltByReplayKeepsItsPeersSignaturesSoItsCheckpointsStayCosigned() throws Exception {
        String patient = TestInitiator.unique("p-rebuilt-peers");
        publishInOpenEpoch(INITIATOR.recordAccessed(patient));
        var last = endEpoch();
        ConfigurableApplicationContext node = GenesisNode.start(GenesisNode.schema("ledger_rebuilt_peers"), ORIGIN,
                "ledger-1", keys.getFirst(), genesis, Map.of("dsh.ledger.recover-forks", "false"));
        try {
            await().atMost(WAITING).until(() -> GenesisNode.lastEpoch(node) >= last.epoch());
            String own = keys.getFirst().verifyingKey().keyId();
            BlockSigned mine = await().atMost(WAITING).until(() -> recordsOf(Topics.LEDGER_SIGNATURES).stream()
                    .map(value -> json.readValue(value, BlockSigned.class))
                    .filter(signed -> own.equals(signed.signer()))
                    .findFirst().orElse(null), signed -> signed != null);
            String peer = keys.get(2).verifyingKey().keyId();
            var peers = new BlockSigned(mine.shard(), mine.height(), mine.blockHash(), mine.header(), "ledger-3", peer,
                    Blocks.sign(mine.blockHash(), keys.get(2)), null);
            producer().send(new ProducerRecord<>(Topics.LEDGER_SIGNATURES, Integer.toString(mine.shard()),
                    json.writeValueAsBytes(peers))).get(10, TimeUnit.SECONDS);
            String stored = "SELECT count(*) FROM peer_signature WHERE shard = ? AND height = ? AND signer = ?";
            await().atMost(WAITING).until(() -> GenesisNode.jdbc(node).queryForObject(stored, Long.class,
                    mine.shard(), mine.height(), peer) == 1);

            var rebuilds = node.getBean(Rebuilds.class);
            String id = rebuilds.start(null).id();
            RebuildStatus done = await().atMost(WAITING).until(() -> rebuilds.status(id),
                    status -> status.state() != RebuildStatus.State.RUNNING);

            assertThat(done.state()).as(done.failure()).isEqualTo(RebuildStatus.State.DONE);
            assertThat(GenesisNode.jdbc(node).queryForObject(stored, Long.class, mine.shard(), mine.height(), peer))
                    .as("the peer's signature, in the rebuilt ledger").isEqualTo(1);
        } finally {
            node.close();
        }
    }
}

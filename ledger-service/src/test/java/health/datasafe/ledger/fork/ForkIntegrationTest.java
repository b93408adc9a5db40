package health.datasafe.ledger.fork;

import health.datasafe.contracts.BlockSigned;
import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.contracts.Topics;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.Sha256;
import health.datasafe.ledger.GenesisNode;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Forks are loud: of three nodes of one genesis, the third has its newest block's hash rewritten in its database while
 * it is stopped. At its next start it finds that the two others signed another hash at that height, raises
 * {@value ForkWatch#KIND} on {@code dsh.integrity.alerts} naming the height, signs nothing more, rebuilds itself by
 * replay up to the quorum's checkpoint, and then holds the quorum's chain and signs again.
 */
class ForkIntegrationTest extends LedgerServiceTestBase {

    private static final Duration RECOVERING = Duration.ofMinutes(3);
    private static final String ORIGIN = "fork.test/ledger";

    private final List<Ed25519.SigningKey> keys = GenesisNode.keys(3);
    private final Genesis genesis = GenesisNode.genesis(ORIGIN, keys);

    @Test
    void aNodeWhoseStoredBlockDiffersFromTheQuorumsAlertsStopsSigningAndRebuildsItselfToTheQuorumsChain() throws Exception {
        EpochEnded first = publishEpochs("p-fork-1");
        var schemas = List.of(GenesisNode.schema("ledger_fork_1"), GenesisNode.schema("ledger_fork_2"),
                GenesisNode.schema("ledger_fork_3"));
        var nodes = new ArrayList<ConfigurableApplicationContext>();
        ConfigurableApplicationContext third = null;
        try {
            for (int i = 0; i < 2; i++) {
                nodes.add(GenesisNode.start(schemas.get(i), ORIGIN, "ledger-" + (i + 1), keys.get(i), genesis));
            }
            third = GenesisNode.start(schemas.get(2), ORIGIN, "ledger-3", keys.get(2), genesis);
            var started = third;
            await().atMost(RECOVERING).until(() -> GenesisNode.lastEpoch(started) >= first.epoch()
                    && nodes.stream().allMatch(node -> GenesisNode.lastEpoch(node) >= first.epoch()));
            Map<String, Object> tip = GenesisNode.jdbc(third).queryForMap(
                    "SELECT shard, height, hash FROM block ORDER BY block_timestamp DESC, shard LIMIT 1");
            int shard = (Integer) tip.get("shard");
            long height = (Long) tip.get("height");
            String honest = Hex.of((byte[]) tip.get("hash"));
            await().atMost(RECOVERING).until(() -> GenesisNode.jdbc(started).queryForObject(
                    "SELECT count(DISTINCT signer) FROM peer_signature WHERE shard = ? AND height = ?", Long.class,
                    shard, height) >= 2);
            third.close();
            byte[] rewritten = Sha256.hash("not the block".getBytes(StandardCharsets.UTF_8));
            GenesisNode.jdbc(nodes.getFirst()).update("UPDATE " + schemas.get(2)
                    + ".block SET hash = ? WHERE shard = ? AND height = ?", rewritten, shard, height);

            third = GenesisNode.start(schemas.get(2), ORIGIN, "ledger-3", keys.get(2), genesis);

            IntegrityAlertRaised alert = awaitAlert(shard, height, Hex.of(rewritten));
            assertThat(alert.kind()).isEqualTo("ForkDetected");
            assertThat(alert.expected()).isEqualTo("blockHash=" + honest);
            assertThat(alert.actual()).isEqualTo("ledger-3: blockHash=" + Hex.of(rewritten));
            var recovering = third;
            await().atMost(RECOVERING).until(() -> honest.equals(hashAt(recovering, shard, height))
                    && !recovering.getBean(ForkWatch.class).forked());

            EpochEnded next = publishEpochs("p-fork-2");
            await().atMost(RECOVERING).until(() -> GenesisNode.lastEpoch(recovering) >= next.epoch());
            String signer = keys.get(2).verifyingKey().keyId();
            await().atMost(RECOVERING).until(() -> signaturesOf(signer).stream()
                    .anyMatch(signed -> signed.header().timestamp().equals(next.endedAt())));
            for (BlockSigned signed : signaturesOf(signer)) {
                if (signed.header().timestamp().equals(next.endedAt())) {
                    assertThat(signed.blockHash()).isEqualTo(hashAt(nodes.getFirst(), signed.shard(), signed.height()));
                }
            }
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
            if (third != null) {
                third.close();
            }
        }
    }

    /** Two epochs of one patient's reads; answers the last epoch end. */
    private EpochEnded publishEpochs(String prefix) throws Exception {
        String patient = TestInitiator.unique(prefix);
        publishInOpenEpoch(INITIATOR.recordAccessed(patient));
        endEpoch();
        publishInOpenEpoch(INITIATOR.recordAccessed(patient));
        return endEpoch();
    }

    private static String hashAt(ConfigurableApplicationContext node, int shard, long height) {
        return GenesisNode.jdbc(node).queryForList("SELECT hash FROM block WHERE shard = ? AND height = ?",
                byte[].class, shard, height).stream().map(Hex::of).findFirst().orElse(null);
    }

    private IntegrityAlertRaised awaitAlert(int shard, long height, String ownHash) {
        var found = new ArrayList<IntegrityAlertRaised>();
        await().atMost(RECOVERING).until(() -> {
            for (var record : recordsOf(Topics.INTEGRITY_ALERTS)) {
                IntegrityAlertRaised alert = json.readValue(record, IntegrityAlertRaised.class);
                if (alert.shard() == shard && alert.height() == height && alert.actual() != null
                        && alert.actual().contains(ownHash)) {
                    found.add(alert);
                }
            }
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    private List<BlockSigned> signaturesOf(String signer) {
        return recordsOf(Topics.LEDGER_SIGNATURES).stream().map(value -> json.readValue(value, BlockSigned.class))
                .filter(signed -> signer.equals(signed.signer())).toList();
    }
}

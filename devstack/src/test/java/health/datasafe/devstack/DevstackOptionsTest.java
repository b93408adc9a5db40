package health.datasafe.devstack;

import org.junit.jupiter.api.Test;

import health.datasafe.devstack.keys.LedgerKeys;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevstackOptionsTest {

    @Test
    void noArgumentsMeanGatewayOn8080ThreePartitionsAndKeptData() {
        DevstackOptions options = DevstackOptions.parse();

        assertThat(options.dataDir()).isNull();
        assertThat(options.repository()).isNull();
        assertThat(options.gatewayPort()).isEqualTo(8080);
        assertThat(options.partitions()).isEqualTo(3);
        assertThat(options.ledgerNodes()).as("as many as the data directory has, three for a new one")
                .isEqualTo(LedgerKeys.AS_KEPT);
        assertThat(DevstackOptions.DEFAULT_LEDGER_NODES).isEqualTo(3);
        assertThat(options.fresh()).isFalse();
        assertThat(options.startupTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(options.kafkaAuth()).as("Kafka takes any client on the loopback interface").isFalse();
    }

    @Test
    void kafkaAuthLocksKafkaDownAndTakesNoValue() {
        assertThat(DevstackOptions.parse("--kafka-auth").kafkaAuth()).isTrue();
        assertThat(DevstackOptions.parse("--kafka-auth", "--fresh").withLedgerNodes(3).kafkaAuth()).isTrue();
        assertThatThrownBy(() -> DevstackOptions.parse("--kafka-auth=yes")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("takes no value");
        assertThat(DevstackOptions.USAGE).contains("--kafka-auth");
    }

    @Test
    void ledgerNodesAreOneToSeven() {
        assertThat(DevstackOptions.parse("--ledger-nodes", "5").ledgerNodes()).isEqualTo(5);
        assertThat(DevstackOptions.parse("--ledger-nodes=1").ledgerNodes()).isEqualTo(1);
        assertThat(DevstackOptions.parse("--ledger-nodes=7").ledgerNodes()).isEqualTo(7);
        for (String wrong : new String[] {"0", "8", "-1"}) {
            assertThatThrownBy(() -> DevstackOptions.parse("--ledger-nodes", wrong)).as(wrong).isInstanceOf(InvalidOption.class)
                    .hasMessageContaining("--ledger-nodes").hasMessageContaining("between 1 and 7");
        }
        assertThatThrownBy(() -> DevstackOptions.parse("--ledger-nodes", "three")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("whole number");
        assertThat(DevstackOptions.USAGE).contains("--ledger-nodes");
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        DevstackOptions options = DevstackOptions.parse("--data-dir", "/tmp/dsh", "--fresh", "--port=0", "--partitions", "6",
                "--startup-timeout=90");

        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/dsh"));
        assertThat(options.fresh()).isTrue();
        assertThat(options.gatewayPort()).isZero();
        assertThat(options.partitions()).isEqualTo(6);
        assertThat(options.startupTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aRelativeDataDirIsResolvedAgainstTheWorkingDirectory() {
        assertThat(DevstackOptions.parse("--data-dir=here").dataDir()).isEqualTo(Path.of("here").toAbsolutePath().normalize());
    }

    @Test
    void repoMustBeAnExistingDirectory() {
        assertThatThrownBy(() -> DevstackOptions.parse("--repo", "/no/such/dir"))
                .isInstanceOf(InvalidOption.class).hasMessageContaining("--repo");
    }

    @Test
    void unknownOptionsAndBadValuesAreRefusedByName() {
        assertThatThrownBy(() -> DevstackOptions.parse("--colour")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--colour").hasMessageContaining("unknown");
        assertThatThrownBy(() -> DevstackOptions.parse("--port", "eighty")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> DevstackOptions.parse("--port", "70000")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("65535");
        assertThatThrownBy(() -> DevstackOptions.parse("--partitions", "0")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("--partitions");
        assertThatThrownBy(() -> DevstackOptions.parse("--data-dir")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DevstackOptions.parse("--data-dir", "--fresh")).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DevstackOptions.parse("--fresh=yes")).isInstanceOf(InvalidOption.class);
    }

    @Test
    void helpIsRecognisedAnywhereOnTheLine() {
        assertThat(DevstackOptions.wantsHelp("--fresh", "-h")).isTrue();
        assertThat(DevstackOptions.wantsHelp("--help")).isTrue();
        assertThat(DevstackOptions.wantsHelp("--fresh")).isFalse();
        assertThat(DevstackOptions.USAGE).contains("--data-dir", "--fresh", "--port", "--partitions", "--repo");
    }

    @Test
    void testsGetAFreeGatewayPortAndTheirOwnDataDirectory() {
        DevstackOptions options = DevstackOptions.forTests(Path.of("/tmp/x"));

        assertThat(options.gatewayPort()).isZero();
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.fresh()).isFalse();
        assertThat(options.ledgerNodes()).as("one ledger node unless a test asks for more").isEqualTo(1);
        assertThat(options.withLedgerNodes(3).ledgerNodes()).isEqualTo(3);
        assertThat(options.withLedgerNodes(3).withFresh(true).withGatewayPort(9).ledgerNodes()).isEqualTo(3);
        assertThatThrownBy(() -> options.withLedgerNodes(8)).isInstanceOf(InvalidOption.class);
    }
}

package health.datasafe.devstack.kafka;

import health.datasafe.contracts.TopicAccess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compose's broker ({@code deploy/kafka/server.sh}) is locked down with the settings the devstack's locked broker runs
 * with, so what {@link LockedKafkaIntegrationTest} shows of one holds for the other.
 */
class ComposeBrokerSettingsTest {

    @Test
    void composesBrokerIsLockedDownWithTheDevstacksSettings() throws Exception {
        Map<String, String> compose = serverProperties();
        assertThat(compose).containsAllEntriesOf(PersistentKafka.LOCKED_DOWN);
        assertThat(compose.get("listeners")).isEqualTo("SASL_PLAINTEXT://:9092,CONTROLLER://localhost:9093");
        assertThat(compose.get("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + TopicAccess.ADMIN_PRINCIPAL + "\" password=\"$DSH_KAFKA_PASSWORD_ADMIN\";");
        assertThat(compose).containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void theStorageIsFormattedWithTheAdminsCredential() throws Exception {
        assertThat(Files.readString(root().resolve("deploy/kafka/server.sh")))
                .contains("--add-scram \"SCRAM-SHA-512=[name=dsh_admin,password=$DSH_KAFKA_PASSWORD_ADMIN]\"");
    }

    /** The lines of the here-document server.sh writes to the broker's server.properties. */
    private static Map<String, String> serverProperties() throws Exception {
        String script = Files.readString(root().resolve("deploy/kafka/server.sh"));
        int start = script.indexOf("cat > \"$config\" <<PROPERTIES\n");
        assertThat(start).as("server.sh writes the properties in a here-document").isNotNegative();
        String body = script.substring(script.indexOf('\n', start) + 1, script.indexOf("\nPROPERTIES\n", start));
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            properties.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return properties;
    }

    private static Path root() {
        // the repository root, wherever the tests run from inside it
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("docker-compose.yml"))) {
                return directory;
            }
        }
        throw new AssertionError("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
}

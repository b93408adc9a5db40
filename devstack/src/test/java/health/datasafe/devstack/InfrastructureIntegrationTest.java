package health.datasafe.devstack;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.devstack.datadir.DataDirectory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the services run on, started and stopped for real: a KRaft broker, an embedded PostgreSQL, the token issuer. */
class InfrastructureIntegrationTest {

    @TempDir
    Path temp;

    @Test
    void startsABrokerWithEveryTopicADatabaseAndTheTokenIssuerAndClosingStopsThemAndReleasesTheDataDirectory() throws Exception {
        Path dataDir = temp.resolve("data");
        String jdbcUrl;
        try (var infrastructure = new Infrastructure(DataDirectory.open(dataDir))) {
            infrastructure.prepareDataDirectory(false);
            infrastructure.start(2, 1, false);

            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
                var topics = admin.describeTopics(Topics.all()).allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics).containsOnlyKeys(Topics.all());
                assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
            }
            var postgres = infrastructure.postgres();
            jdbcUrl = postgres.jdbcUrl();
            try (var db = DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
                 var one = db.createStatement().executeQuery("SELECT 1")) {
                assertThat(one.next()).isTrue();
            }
            assertThat(infrastructure.tokens().mint("alice", Role.PATIENT)).isNotBlank();
            assertThat(infrastructure.keys()).isNotNull();
            assertThat(dataDir.resolve("keys/ledger-node.pkcs8")).exists();
            assertThat(dataDir.resolve("keys/genesis.json")).exists();
            assertThat(infrastructure.keys().ledger().nodes()).hasSize(1);
            Files.writeString(infrastructure.data().description(), "{}");
        }

        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl, "postgres", "postgres").close()).isInstanceOf(SQLException.class);
        assertThat(dataDir.resolve("devstack.json")).doesNotExist();
        assertThat(dataDir.resolve("logs/devstack.log")).content().contains("Devstack stopped; data kept in " + dataDir);
        DataDirectory.open(dataDir).close();
    }
}

package health.datasafe.devstack.kafka;

import health.datasafe.devsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaStorageWithoutAdminIntegrationTest {

    @TempDir
    Path directory;

    @Test
    void aStorageFormattedWithoutTheAdminCredentialRefusesToBeLockedAndSaysHowToGoOn() throws Exception {
        try (var kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties())) {
            assertThat(kafka.locked()).isFalse();
        }
        // as a data directory made before the devstack kept Kafka credentials
        Files.delete(directory.resolve("credentials.properties"));

        assertThatThrownBy(() -> PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties(), true))
                .isInstanceOf(KafkaStorageWithoutAdmin.class)
                .hasMessageContaining("start once with --fresh to use --kafka-auth");
        // unlocked it still starts
        try (var kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties())) {
            assertThat(kafka.locked()).isFalse();
        }
    }

    @Test
    void aStorageMadeUnlockedCanBeLockedLaterAndKeepsItsRecords() {
        try (var kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties())) {
            kafka.createTopicsIfAbsent(java.util.List.of("dsh.tx.submitted"), 1, topic -> java.util.Map.of());
        }
        try (var kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties(), true)) {
            assertThat(kafka.locked()).isTrue();
            assertThat(kafka.createTopicsIfAbsent(java.util.List.of("dsh.tx.submitted"), 3, topic -> java.util.Map.of()))
                    .containsEntry("dsh.tx.submitted", 1);
            var restarted = kafka.restart();
            assertThat(restarted.locked()).isTrue();
            restarted.close();
        }
    }
}

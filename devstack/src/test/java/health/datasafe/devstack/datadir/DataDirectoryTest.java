package health.datasafe.devstack.datadir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DataDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void onlyOneDevstackAtATimeMayUseADataDirectory() {
        Path root = parent.resolve("data");
        try (var first = DataDirectory.open(root)) {
            assertThatThrownBy(() -> DataDirectory.open(root)).isInstanceOf(DataDirectoryInUse.class)
                    .hasMessageContaining(root.toString());
        }
        DataDirectory.open(root).close();
    }

    @Test
    void freshWipesEverythingTheDevstackKeptThere() throws Exception {
        try (var data = DataDirectory.open(parent.resolve("data"))) {
            Files.createDirectories(data.kafka().resolve("logs/dsh.tx.submitted-0"));
            Files.writeString(data.kafka().resolve("cluster.id"), "abc");
            Files.createDirectories(data.keys());
            Files.writeString(data.keys().resolve("ledger-node.pkcs8"), "key");
            Files.createDirectories(data.logs());
            Files.writeString(data.log("ledger-service"), "log");

            data.wipe();

            try (var left = Files.list(data.root())) {
                assertThat(left.map(path -> path.getFileName().toString())).containsExactly(".lock");
            }
        }
    }

    @Test
    void freshRefusesADirectoryHoldingFilesTheDevstackDidNotCreate() throws Exception {
        Path home = parent.resolve("someones-home");
        Files.createDirectories(home.resolve("keys"));
        Files.writeString(home.resolve("thesis.tex"), "years of work");
        try (var data = DataDirectory.open(home)) {
            assertThatThrownBy(data::wipe).isInstanceOf(NotADevstackDirectory.class).hasMessageContaining("thesis.tex");
        }
        assertThat(home.resolve("thesis.tex")).hasContent("years of work");
        assertThat(home.resolve("keys")).isDirectory();
    }

    @Test
    void servicesLeftRunningByADeadDevstackAreStoppedAndOthersAreLeftAlone() throws Exception {
        // stand-ins for service JVMs: a process whose command line names the service's jar, and one that does not
        Process leftover = new ProcessBuilder("bash", "-c", "sleep 60; true", "/repo/ledger-service/target/ledger-service.jar").start();
        Process secondNode = new ProcessBuilder("bash", "-c", "sleep 60; true", "/repo/ledger-service/target/ledger-service.jar").start();
        Process unrelated = new ProcessBuilder("bash", "-c", "sleep 60; true", "/somewhere/else.jar").start();
        try (var data = DataDirectory.open(parent.resolve("data"))) {
            Files.writeString(data.description(), """
                    {"services": {"ledger-service": {"port": 1, "pid": %d},
                                  "ledger-service-2": {"module": "ledger-service", "port": 4, "pid": %d},
                                  "report-service": {"port": 2, "pid": %d},
                                  "gateway-service": {"port": 3, "pid": null}}}"""
                    .formatted(leftover.pid(), secondNode.pid(), unrelated.pid()));

            assertThat(data.stopLeftoverServices()).containsExactly("ledger-service", "ledger-service-2");

            await().atMost(Duration.ofSeconds(10)).until(() -> !leftover.isAlive() && !secondNode.isAlive());
            assertThat(unrelated.isAlive()).isTrue();
            assertThat(data.description()).doesNotExist();
        } finally {
            leftover.destroyForcibly();
            secondNode.destroyForcibly();
            unrelated.destroyForcibly();
        }
    }
}

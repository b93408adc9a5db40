package health.datasafe.devstack;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.devstack.datadir.DataDirectory;
import health.datasafe.devstack.keys.DevstackKeys;
import health.datasafe.devstack.keys.KeptLedgerDiffers;
import health.datasafe.devstack.keys.LedgerKeys;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The whole devstack as {@code ./dsh-devstack} and the system tests start it: infrastructure, then the services, the
 * description for tools, and everything stopped on close; against a real broker, a real database and real child JVMs
 * running stand-in jars. {@link InfrastructureIntegrationTest} and {@link ServiceSupervisorIntegrationTest} look at
 * the two halves alone.
 */
class DevstackIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private DevstackOptions options(Path repository, Path dataDir) {
        return new DevstackOptions(dataDir, repository, 0, 2, false, Duration.ofSeconds(90));
    }

    @Test
    void startsEveryServiceAndLedgerNodeWithItsSettingsRestartsOneAndStopsAllOnClose() throws Exception {
        Path repository = StandInRepository.create(temp.resolve("repo"));
        Path dataDir = temp.resolve("data");
        List<Long> pids = new ArrayList<>();
        DevstackKeys keys;

        try (RunningDevstack stack = Devstack.start(options(repository, dataDir).withLedgerNodes(2))) {
            keys = stack.keys();
            assertThat(stack.ledgerNodes()).isEqualTo(2);
            JsonNode description = JSON.readTree(stack.descriptionFile().toFile());
            assertThat(description.get("gatewayUrl").asString()).isEqualTo(stack.gatewayUrl());
            assertThat(description.get("kafkaBootstrapServers").asString()).isEqualTo(stack.kafkaBootstrapServers());
            assertThat(description.get("jdbcUrl").asString()).isEqualTo(stack.postgres().jdbcUrl());
            assertThat(description.get("tokenUri").asString()).isEqualTo(stack.tokenUri());
            assertThat(description.get("ledgerNodes").asInt()).isEqualTo(2);
            assertThat(description.get("genesis").asString()).isEqualTo(dataDir.resolve("keys/genesis.json").toString());
            assertThat(description.get("genesisHash").asString()).isEqualTo(keys.ledger().genesis().hash());
            assertThat(stack.instances()).hasSize(Service.values().length + 1);
            for (ServiceInstance instance : stack.instances()) {
                JsonNode entry = description.get("services").get(instance.name());
                assertThat(entry.get("module").asString()).isEqualTo(instance.service().module());
                assertThat(entry.get("port").asInt()).isEqualTo(stack.port(instance));
                assertThat(entry.get("pid").asLong()).isEqualTo(stack.pid(instance).orElseThrow());
                pids.add(entry.get("pid").asLong());
            }
            assertThat(description.get("services").get("ledger-service-2").get("schema").asString()).isEqualTo("ledger_2");
            assertThat(description.get("services").get("ledger-service-2").get("node").asString()).isEqualTo("ledger-2");

            String genesis = dataDir.resolve("keys/genesis.json").toString();
            String ledgerLog = Files.readString(stack.logFile(Service.LEDGER));
            assertThat(ledgerLog).contains("arg --spring.datasource.url=" + stack.postgres().jdbcUrl("ledger"),
                    "arg --spring.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers(),
                    "arg --dsh.trust.initiators=" + keys.initiatorPublicKey(),
                    "arg --dsh.ledger.node=ledger-1", "arg --dsh.ledger.genesis=" + genesis,
                    "env DSH_LEDGER_PRIVATEKEY=" + keys.ledgerPrivateKey());
            assertThat(ledgerLog.lines().filter(line -> line.startsWith("arg "))).noneMatch(line -> line.contains(keys.ledgerPrivateKey()));
            assertThat(Files.readString(stack.logFile(stack.ledgerNode(2)))).contains(
                    "arg --spring.datasource.url=" + stack.postgres().jdbcUrl("ledger_2"), "arg --dsh.ledger.node=ledger-2",
                    "env DSH_LEDGER_PRIVATEKEY=" + keys.ledger().node(2).privateKey());
            assertThat(Files.readString(stack.logFile(Service.REPORT))).contains("arg --dsh.trust.genesis=" + genesis);
            assertThat(stack.logFile(stack.ledgerNode(2))).isEqualTo(dataDir.resolve("logs/ledger-service-2.log"));
            var welcome = new ByteArrayOutputStream();
            Devstack.printWelcome(stack, new PrintStream(welcome, true, StandardCharsets.UTF_8));
            assertThat(welcome.toString(StandardCharsets.UTF_8)).contains(
                    "ledger:" + stack.port(Service.LEDGER), "ledger-2:" + stack.port(stack.ledgerNode(2)),
                    "2 nodes (ledger-1 :" + stack.port(Service.LEDGER) + " schema ledger, ledger-2 :"
                            + stack.port(stack.ledgerNode(2)) + " schema ledger_2)");
            assertThat(Files.readString(stack.logFile(Service.GATEWAY))).contains(
                    "arg --dsh.gateway.dev-token-uri=" + stack.tokenUri(),
                    "arg --server.port=" + stack.port(Service.GATEWAY));

            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
                var topics = admin.describeTopics(Topics.all()).allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics.values()).as("--partitions reaches the broker").allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
            }
            assertThat(stack.tokens().mint("alice", Role.PATIENT)).isNotBlank();

            long ledgerPid = stack.pid(Service.LEDGER).orElseThrow();
            stack.kill(Service.LEDGER);
            assertThat(stack.isRunning(Service.LEDGER)).isFalse();
            assertThat(JSON.readTree(stack.descriptionFile().toFile()).get("services").get("ledger-service").get("pid").isNull()).isTrue();
            stack.start(Service.LEDGER);
            assertThat(stack.pid(Service.LEDGER).orElseThrow()).isNotEqualTo(ledgerPid);
            pids.add(stack.pid(Service.LEDGER).orElseThrow());
            assertThat(Files.readString(stack.logFile(Service.LEDGER))).contains("stand-in listening on " + stack.port(Service.LEDGER));

            stack.stop(Service.REPORT);
            assertThat(stack.isRunning(Service.REPORT)).isFalse();
            stack.start(Service.REPORT);
            assertThat(stack.isRunning(Service.REPORT)).isTrue();
            pids.add(stack.pid(Service.REPORT).orElseThrow());

            long secondPid = stack.pid(stack.ledgerNode(2)).orElseThrow();
            stack.kill(stack.ledgerNode(2));
            assertThat(JSON.readTree(stack.descriptionFile().toFile()).get("services").get("ledger-service-2").get("pid").isNull()).isTrue();
            assertThat(stack.isRunning(Service.LEDGER)).isTrue();
            stack.start(stack.ledgerNode(2));
            assertThat(stack.pid(stack.ledgerNode(2)).orElseThrow()).isNotEqualTo(secondPid);
            pids.add(stack.pid(stack.ledgerNode(2)).orElseThrow());
        }

        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d after close", pid).isEmpty();
        }
        assertThat(dataDir.resolve("devstack.json")).doesNotExist();
        assertThat(dataDir.resolve("logs/devstack.log")).content().contains("All services are up");

        // the next start finds the same keys, and as many ledger nodes when it does not say how many
        try (RunningDevstack again = Devstack.start(options(repository, dataDir).withLedgerNodes(LedgerKeys.AS_KEPT))) {
            assertThat(again.keys()).isEqualTo(keys);
            assertThat(again.ledgerNodes()).isEqualTo(2);
        }
        // another number of nodes is refused before Kafka or PostgreSQL start
        Path devstackLog = dataDir.resolve("logs/devstack.log");
        long postgresStarts = Files.readString(devstackLog).lines().filter(line -> line.contains("PostgreSQL at")).count();
        assertThatThrownBy(() -> Devstack.start(options(repository, dataDir).withLedgerNodes(3)))
                .isInstanceOf(KeptLedgerDiffers.class).hasMessageContaining("has 2 nodes");
        assertThat(Files.readString(devstackLog).lines().filter(line -> line.contains("PostgreSQL at"))).hasSize((int) postgresStarts);
    }

    @Test
    void aServiceThatDiesWhileStartingFailsTheStartWithTheTailOfItsLogAndNothingIsLeftRunning() {
        Path repository = StandInRepository.create(temp.resolve("repo"));
        StandInRepository.breakService(repository, Service.VALIDATOR);
        Path dataDir = temp.resolve("data");

        assertThatThrownBy(() -> Devstack.start(options(repository, dataDir)))
                .isInstanceOfSatisfying(ServiceDidNotStart.class, failure -> {
                    assertThat(failure.service()).isEqualTo(Service.VALIDATOR);
                    assertThat(failure.reason()).contains("exited with code 3");
                    assertThat(failure.logTail()).contains("stand-in refuses to start");
                    assertThat(failure.getMessage()).contains("validator-service", "stand-in refuses to start");
                });

        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(process -> process.info().commandLine().orElse("").contains(repository.toString())));
        DataDirectory.open(dataDir).close();
    }

    @Test
    void missingJarsAreNamedWithTheCommandThatBuildsThem() throws Exception {
        Path repository = StandInRepository.create(temp.resolve("repo"));
        Files.delete(Service.GATEWAY.jar(repository));

        assertThatThrownBy(() -> Devstack.start(options(repository, temp.resolve("data"))))
                .isInstanceOf(ServiceJarsMissing.class)
                .hasMessageContaining("gateway-service/target/gateway-service.jar")
                .hasMessageContaining("./mvnw -DskipTests package");
        assertThat(temp.resolve("data")).doesNotExist();
    }

    @Test
    void aTakenGatewayPortIsRefusedBeforeAnythingStarts() throws Exception {
        Path repository = StandInRepository.create(temp.resolve("repo"));
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            var options = options(repository, temp.resolve("data")).withGatewayPort(taken.getLocalPort());

            assertThatThrownBy(() -> Devstack.start(options)).isInstanceOf(PortInUse.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void theRepositoryIsFoundAboveTheWorkingDirectory() {
        Path here = Path.of("").toAbsolutePath();

        assertThat(RepositoryRoot.above(here)).hasValueSatisfying(root -> assertThat(root.resolve("devstack")).isDirectory());
        assertThat(RepositoryRoot.isRepository(temp)).isFalse();
        assertThatThrownBy(() -> RepositoryRoot.locate(temp)).isInstanceOf(RepositoryNotFound.class);
    }
}

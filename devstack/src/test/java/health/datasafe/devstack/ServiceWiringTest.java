package health.datasafe.devstack;

import health.datasafe.devstack.keys.DevstackKeys;
import health.datasafe.devsupport.PostgresDatabase;
import health.datasafe.contracts.TopicAccess;
import health.datasafe.devstack.kafka.KafkaCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceWiringTest {

    private final DevstackKeys keys = new DevstackKeys("INITIATOR-PRIVATE", "INITIATOR-PUBLIC", "VALIDATOR-PRIVATE",
            "VALIDATOR-PUBLIC", "LEDGER-PRIVATE", "LEDGER-PUBLIC",
            "VAULT-MASTER");
    private final ServiceWiring wiring = wiring(keys);

    @TempDir
    Path keysDirectory;

    private static ServiceWiring wiring(DevstackKeys keys) {
        return new ServiceWiring("127.0.0.1:9092",
                new PostgresDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "postgres"),
                "http://127.0.0.1:9000/jwks", "http://127.0.0.1:9000/token", keys, ports(keys.ledger().nodes().size()),
                "AUDIT-TOKEN");
    }

    /** The gateway on 8080, the others from 8081 in launch order; ledger nodes 2, 3, ... from 8091. */
    private static Map<ServiceInstance, Integer> ports(int ledgerNodes) {
        Map<ServiceInstance, Integer> ports = new LinkedHashMap<>();
        int port = 8081;
        for (ServiceInstance instance : ServiceInstance.all(ledgerNodes)) {
            ports.put(instance, instance.service() == Service.GATEWAY ? 8080
                    : instance.node() > 1 ? 8089 + instance.node() : port++);
        }
        return ports;
    }

    @Test
    void onALockedKafkaEachServiceLogsInAsItsOwnPrincipalWithThePasswordInTheEnvironment() {
        var credentials = new KafkaCredentials(Map.of(TopicAccess.ADMIN_PRINCIPAL, "ADMIN-PASSWORD",
                "dsh_tx", "TX-PASSWORD", "dsh_validator", "VALIDATOR-PASSWORD", "dsh_ledger", "LEDGER-PASSWORD",
                "dsh_recovery", "RECOVERY-PASSWORD", "dsh_report", "REPORT-PASSWORD"));
        var locked = new ServiceWiring(wiring.kafkaBootstrapServers(), wiring.postgres(), wiring.jwkSetUri(),
                wiring.tokenUri(), keys, wiring.ports(), wiring.auditToken(), Optional.of(credentials));

        for (Service service : Service.values()) {
            var launch = locked.launch(service);
            String jaas = launch.environment().get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
            if (service == Service.GATEWAY) {
                assertThat(jaas).as("the gateway uses no Kafka").isNull();
                continue;
            }
            String principal = ServiceWiring.topicAccess(service).orElseThrow().principal();
            assertThat(launch.arguments()).contains("--spring.kafka.security.protocol=SASL_PLAINTEXT",
                    "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512");
            assertThat(jaas).isEqualTo(credentials.jaasConfig(principal)).contains("username=\"" + principal + "\"");
            assertThat(String.join(" ", launch.arguments())).doesNotContain("PASSWORD");
        }
        assertThat(wiring.launch(Service.LEDGER).arguments()).noneMatch(argument -> argument.contains("sasl"));
    }

    @Test
    void everyServiceWithASchemaGetsItsOwnSchemaOnTheSharedDatabase() {
        var ledger = wiring.launch(Service.LEDGER).arguments();

        assertThat(ledger).contains("--server.port=8083", "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=127.0.0.1:9092",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=ledger",
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--spring.flyway.schemas=ledger", "--spring.flyway.default-schema=ledger",
                "--dsh.security.jwk-set-uri=http://127.0.0.1:9000/jwks", "--dsh.security.issuer=dsh-dev",
                "--dsh.security.audience=datasafehealth", "--dsh.kafka.create-topics=false");
        assertThat(wiring.launch(Service.GATEWAY).arguments()).noneMatch(argument -> argument.startsWith("--spring.datasource"));
    }

    @Test
    void privateKeysAndTokensTravelInTheEnvironmentNeverOnTheCommandLine() {
        var transaction = wiring.launch(Service.TRANSACTION);
        var ledger = wiring.launch(Service.LEDGER);

        assertThat(transaction.environment()).containsEntry("DSH_INITIATOR_PRIVATEKEY", "INITIATOR-PRIVATE")
                .containsEntry("DSH_VAULT_MASTERKEY", "VAULT-MASTER");
        assertThat(ledger.environment()).containsEntry("DSH_LEDGER_PRIVATEKEY", "LEDGER-PRIVATE");
        assertThat(wiring.launch(Service.VALIDATOR).environment())
                .containsEntry("DSH_VALIDATOR_PRIVATEKEY", "VALIDATOR-PRIVATE");
        assertThat(wiring.launch(Service.RECOVERY).environment())
                .containsEntry("DSH_RECOVERY_AUDIT_LEDGERTOKEN", "AUDIT-TOKEN");
        for (Service service : Service.values()) {
            assertThat(String.join(" ", wiring.launch(service).arguments()))
                    .doesNotContain("INITIATOR-PRIVATE", "VALIDATOR-PRIVATE", "LEDGER-PRIVATE", "VAULT-MASTER",
                            "AUDIT-TOKEN");
        }
    }

    @Test
    void verifiersTrustTheKeptPublicKeys() {
        assertThat(wiring.launch(Service.VALIDATOR).arguments()).contains("--dsh.trust.initiators=INITIATOR-PUBLIC");
        assertThat(wiring.launch(Service.LEDGER).arguments()).contains("--dsh.trust.initiators=INITIATOR-PUBLIC",
                "--dsh.trust.validators=VALIDATOR-PUBLIC");
        assertThat(wiring.launch(Service.TRANSACTION).arguments()).contains("--dsh.trust.ledger-keys=LEDGER-PUBLIC",
                "--dsh.trust.validators=VALIDATOR-PUBLIC");
        assertThat(wiring.launch(Service.RECOVERY).arguments()).contains("--dsh.trust.ledger-keys=LEDGER-PUBLIC",
                "--dsh.recovery.ledger-url=http://127.0.0.1:8083",
                "--dsh.recovery.services.validator-service.url=http://127.0.0.1:8082",
                "--dsh.recovery.services.report-service.url=http://127.0.0.1:8085",
                "--dsh.recovery.services.transaction-service.url=http://127.0.0.1:8081",
                "--dsh.recovery.services.recovery-service.url=http://127.0.0.1:8084");
        assertThat(wiring.launch(Service.REPORT).arguments()).contains("--dsh.trust.ledger-keys=LEDGER-PUBLIC");
    }

    @Test
    void theGatewayKnowsEveryServiceAndTheTokenIssuer() {
        assertThat(wiring.launch(Service.GATEWAY).arguments()).contains("--server.port=8080",
                "--dsh.gateway.dev-token-uri=http://127.0.0.1:9000/token",
                "--dsh.gateway.transaction-url=http://127.0.0.1:8081",
                "--dsh.gateway.ledger-url=http://127.0.0.1:8083", "--dsh.gateway.recovery-url=http://127.0.0.1:8084",
                "--dsh.gateway.report-url=http://127.0.0.1:8085");
    }

    @Test
    void eachLedgerNodeGetsItsNameItsKeyItsPortItsSchemaAndTheGenesis() {
        DevstackKeys kept = DevstackKeys.loadOrCreate(keysDirectory, 3);
        ServiceWiring threeNodes = wiring(kept);
        String genesis = keysDirectory.resolve("genesis.json").toString();

        var second = threeNodes.launch(ServiceInstance.ledger(2));

        assertThat(threeNodes.instances()).containsExactly(ServiceInstance.of(Service.TRANSACTION), ServiceInstance.of(Service.VALIDATOR),
                ServiceInstance.ledger(1), ServiceInstance.ledger(2), ServiceInstance.ledger(3), ServiceInstance.of(Service.RECOVERY),
                ServiceInstance.of(Service.REPORT), ServiceInstance.of(Service.GATEWAY));
        assertThat(second.arguments()).contains("--server.port=8091",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=ledger_2",
                "--spring.flyway.schemas=ledger_2", "--spring.flyway.default-schema=ledger_2",
                "--dsh.ledger.node=ledger-2", "--dsh.ledger.genesis=" + genesis,
                "--dsh.ledger.origin=datasafehealth.local/ledger",
                "--dsh.trust.initiators=" + kept.initiatorPublicKey(), "--dsh.trust.validators=" + kept.validatorPublicKey());
        assertThat(second.environment()).containsEntry("DSH_LEDGER_PRIVATEKEY", kept.ledger().node(2).privateKey());
        assertThat(String.join(" ", second.arguments())).doesNotContain(kept.ledger().node(2).privateKey());
        var first = threeNodes.launch(Service.LEDGER);
        assertThat(first.arguments()).contains("--server.port=8083", "--spring.flyway.schemas=ledger", "--dsh.ledger.node=ledger-1",
                "--dsh.ledger.genesis=" + genesis);
        assertThat(first.environment()).containsEntry("DSH_LEDGER_PRIVATEKEY", kept.ledgerPrivateKey());
        assertThat(threeNodes.launch(ServiceInstance.ledger(3)).arguments()).contains("--server.port=8092",
                "--spring.flyway.schemas=ledger_3", "--dsh.ledger.node=ledger-3");
    }

    @Test
    void withAGenesisTheLedgersReadersTrustItAndTheGatewayAndRecoveryAskNodeOne() {
        ServiceWiring threeNodes = wiring(DevstackKeys.loadOrCreate(keysDirectory, 3));
        String genesis = "--dsh.trust.genesis=" + keysDirectory.resolve("genesis.json");

        for (Service reader : new Service[] {Service.TRANSACTION, Service.REPORT, Service.RECOVERY}) {
            assertThat(threeNodes.launch(reader).arguments()).as(reader.module()).contains(genesis)
                    .noneMatch(argument -> argument.startsWith("--dsh.trust.ledger-keys="));
        }
        assertThat(threeNodes.launch(Service.GATEWAY).arguments()).contains("--dsh.gateway.ledger-url=http://127.0.0.1:8083");
        assertThat(threeNodes.launch(Service.RECOVERY).arguments()).contains("--dsh.recovery.ledger-url=http://127.0.0.1:8083");
    }

    @Test
    void aLedgerWithoutAGenesisRunsOneNodeAsBefore() {
        assertThat(wiring.launch(Service.LEDGER).arguments()).noneMatch(argument -> argument.startsWith("--dsh.ledger."));
        assertThat(wiring.instances()).hasSize(Service.values().length);
        assertThatThrownBy(() -> wiring.launch(ServiceInstance.ledger(2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void environmentNamesFollowSpringBootsRelaxedBinding() {
        assertThat(ServiceWiring.environmentVariable("dsh.ledger.private-key")).isEqualTo("DSH_LEDGER_PRIVATEKEY");
        assertThat(ServiceWiring.environmentVariable("dsh.vault.master-key")).isEqualTo("DSH_VAULT_MASTERKEY");
    }
}

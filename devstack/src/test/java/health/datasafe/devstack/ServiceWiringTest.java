package health.datasafe.devstack;

import health.datasafe.devstack.keys.DevstackKeys;
import health.datasafe.devsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceWiringTest {

    private final DevstackKeys keys = new DevstackKeys("INITIATOR-PRIVATE", "INITIATOR-PUBLIC", "VALIDATOR-PRIVATE",
            "VALIDATOR-PUBLIC", "LEDGER-PRIVATE", "LEDGER-PUBLIC",
            "VAULT-MASTER");
    private final ServiceWiring wiring = new ServiceWiring("127.0.0.1:9092",
            new PostgresDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "postgres"),
            "http://127.0.0.1:9000/jwks", "http://127.0.0.1:9000/token", keys, ports(), "AUDIT-TOKEN");

    private static Map<Service, Integer> ports() {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        int port = 8081;
        for (Service service : Service.values()) {
            ports.put(service, service == Service.GATEWAY ? 8080 : port++);
        }
        return ports;
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
    void environmentNamesFollowSpringBootsRelaxedBinding() {
        assertThat(ServiceWiring.environmentVariable("dsh.ledger.private-key")).isEqualTo("DSH_LEDGER_PRIVATEKEY");
        assertThat(ServiceWiring.environmentVariable("dsh.vault.master-key")).isEqualTo("DSH_VAULT_MASTERKEY");
    }
}

package health.datasafe.devstack;

import health.datasafe.contracts.TopicAccess;
import health.datasafe.devstack.kafka.KafkaCredentials;
import health.datasafe.devstack.keys.DevstackKeys;
import health.datasafe.devstack.keys.LedgerKeys;
import health.datasafe.devstack.keys.LedgerNodeKey;
import health.datasafe.devsupport.DevTokenIssuer;
import health.datasafe.devsupport.PostgresDatabase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each service JVM is told at launch: where Kafka, its schema and the token issuer are, its port, and the keys
 * and peer URLs it needs; each ledger node its name, its key, its own schema and the genesis document, and the
 * services reading the ledger the genesis (clients of the ledger's API ask node 1). Everything is a Spring Boot
 * property; public values travel as {@code --name=value} arguments, secrets (private keys, the vault master key) as
 * environment variables in Spring Boot's relaxed form ({@code dsh.ledger.private-key} becomes
 * {@code DSH_LEDGER_PRIVATEKEY}), so {@code ps} does not show them.
 *
 * @param kafkaBootstrapServers the broker
 * @param postgres              the database (without a schema)
 * @param jwkSetUri             where services fetch the token issuer's public key
 * @param tokenUri              the token issuer's {@code POST /token}
 * @param keys                  the kept keys
 * @param ports                 the HTTP port of every service JVM, in launch order
 * @param auditToken            an AUDITOR token for the recovery-service's scheduled audits of the ledger
 * @param kafkaCredentials      the broker's SCRAM passwords when it is locked down: each service then logs in as its
 *                              own principal ({@link TopicAccess}), its JAAS line passed as a secret; empty for a
 *                              broker any client may use
 */
record ServiceWiring(String kafkaBootstrapServers, PostgresDatabase postgres, String jwkSetUri, String tokenUri,
                     DevstackKeys keys, Map<ServiceInstance, Integer> ports, String auditToken,
                     Optional<KafkaCredentials> kafkaCredentials) {

    /** Connections per service pool; six to twelve JVMs share one PostgreSQL. */
    static final int POOL_SIZE = 5;

    /** Wiring to a broker any client may use. */
    ServiceWiring(String kafkaBootstrapServers, PostgresDatabase postgres, String jwkSetUri, String tokenUri,
                  DevstackKeys keys, Map<ServiceInstance, Integer> ports, String auditToken) {
        this(kafkaBootstrapServers, postgres, jwkSetUri, tokenUri, keys, ports, auditToken, Optional.empty());
    }

    ServiceWiring {
        ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
        for (ServiceInstance instance : ports.keySet()) {
            if (instance.service() == Service.LEDGER && instance.node() > keys.ledger().nodes().size()) {
                throw new IllegalArgumentException(instance + " has a port, but the ledger keeps "
                        + keys.ledger().nodes().size() + " node key(s)");
            }
        }
    }

    /** How a service is launched: its program arguments and the environment variables added for it. */
    record Launch(List<String> arguments, Map<String, String> environment) {
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** Every JVM wired, in launch order. */
    List<ServiceInstance> instances() {
        return List.copyOf(ports.keySet());
    }

    /** The service's URL; for the ledger, node 1's. */
    String url(Service service) {
        return url(ServiceInstance.of(service));
    }

    String url(ServiceInstance instance) {
        return url(port(instance));
    }

    int port(ServiceInstance instance) {
        Integer port = ports.get(instance);
        if (port == null) {
            throw new IllegalArgumentException("the devstack runs no " + instance);
        }
        return port;
    }

    /** How the service's only JVM (the ledger's node 1) is launched. */
    Launch launch(Service service) {
        return launch(ServiceInstance.of(service));
    }

    Launch launch(ServiceInstance instance) {
        Service service = instance.service();
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        properties.put("server.port", Integer.toString(port(instance)));
        properties.put("server.address", "127.0.0.1");
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        // the devstack created the topics with its own --partitions; the services leave them as they are
        properties.put("dsh.kafka.create-topics", "false");
        topicAccess(service).ifPresent(access -> kafkaCredentials.ifPresent(credentials -> {
            properties.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
            properties.put("spring.kafka.properties.sasl.mechanism", TopicAccess.SCRAM_MECHANISM);
            secrets.put("spring.kafka.properties.sasl.jaas.config", credentials.jaasConfig(access.principal()));
        }));
        properties.put("dsh.security.jwk-set-uri", jwkSetUri);
        properties.put("dsh.security.issuer", DevTokenIssuer.ISSUER);
        properties.put("dsh.security.audience", DevTokenIssuer.AUDIENCE);
        // /actuator/health/liveness: the devstack restarts a service whose liveness fails, not one whose database is away
        properties.put("management.endpoint.health.probes.enabled", "true");
        instance.schema().ifPresent(schema -> {
            properties.put("spring.datasource.url", postgres.jdbcUrl(schema));
            properties.put("spring.datasource.username", postgres.username());
            properties.put("spring.datasource.password", postgres.password());
            properties.put("spring.datasource.hikari.maximum-pool-size", Integer.toString(POOL_SIZE));
            properties.put("spring.flyway.schemas", schema);
            properties.put("spring.flyway.default-schema", schema);
        });
        switch (service) {
            case TRANSACTION -> {
                trustTheLedger(properties);
                properties.put("dsh.trust.validators", keys.validatorPublicKey());
                secrets.put("dsh.initiator.private-key", keys.initiatorPrivateKey());
                secrets.put("dsh.vault.master-key", keys.vaultMasterKey());
            }
            case VALIDATOR -> {
                properties.put("dsh.trust.initiators", keys.initiatorPublicKey());
                secrets.put("dsh.validator.private-key", keys.validatorPrivateKey());
            }
            case LEDGER -> {
                LedgerKeys ledger = keys.ledger();
                LedgerNodeKey node = ledger.node(instance.node());
                properties.put("dsh.trust.initiators", keys.initiatorPublicKey());
                properties.put("dsh.trust.validators", keys.validatorPublicKey());
                if (ledger.hasGenesis()) {
                    properties.put("dsh.ledger.node", node.name());
                    properties.put("dsh.ledger.genesis", ledger.genesisFile().toString());
                    properties.put("dsh.ledger.origin", ledger.genesis().origin());
                }
                secrets.put("dsh.ledger.private-key", node.privateKey());
            }
            case RECOVERY -> {
                // audits and rebuilds of the ledger go to node 1, as the gateway's requests do
                properties.put("dsh.recovery.ledger-url", url(Service.LEDGER));
                // the services that rebuild by replay when an admin asks recovery to
                properties.put("dsh.recovery.services.validator-service.url", url(Service.VALIDATOR));
                properties.put("dsh.recovery.services.report-service.url", url(Service.REPORT));
                properties.put("dsh.recovery.services.transaction-service.url", url(Service.TRANSACTION));
                // and its own state, at its own /api/recovery-witness/rebuilds
                properties.put("dsh.recovery.services.recovery-service.url", url(Service.RECOVERY));
                trustTheLedger(properties);
                secrets.put("dsh.recovery.audit.ledger-token", auditToken);
            }
            case REPORT -> trustTheLedger(properties);
            case GATEWAY -> {
                properties.put("dsh.gateway.transaction-url", url(Service.TRANSACTION));
                properties.put("dsh.gateway.ledger-url", url(Service.LEDGER));
                properties.put("dsh.gateway.recovery-url", url(Service.RECOVERY));
                properties.put("dsh.gateway.report-url", url(Service.REPORT));
                properties.put("dsh.gateway.dev-token-uri", tokenUri);
            }
        }
        List<String> arguments = new ArrayList<>();
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        Map<String, String> environment = new LinkedHashMap<>();
        secrets.forEach((name, value) -> environment.put(environmentVariable(name), value));
        return new Launch(List.copyOf(arguments), Map.copyOf(environment));
    }

    /** The Kafka principal a service logs in as; the gateway uses no Kafka. */
    static Optional<TopicAccess> topicAccess(Service service) {
        return switch (service) {
            case TRANSACTION -> Optional.of(TopicAccess.TRANSACTION);
            case VALIDATOR -> Optional.of(TopicAccess.VALIDATOR);
            case LEDGER -> Optional.of(TopicAccess.LEDGER);
            case RECOVERY -> Optional.of(TopicAccess.RECOVERY);
            case REPORT -> Optional.of(TopicAccess.REPORT);
            case GATEWAY -> Optional.empty();
        };
    }

    /**
     * A reader of blocks and checkpoints trusts the ledger's genesis document (every node it lists, and block 0 linked
     * to its hash), or for a ledger from before genesis documents its one node's key.
     */
    private void trustTheLedger(Map<String, String> properties) {
        LedgerKeys ledger = keys.ledger();
        if (ledger.hasGenesis()) {
            properties.put("dsh.trust.genesis", ledger.genesisFile().toString());
        } else {
            properties.put("dsh.trust.ledger-keys", keys.ledgerPublicKey());
        }
    }

    /** Spring Boot's relaxed binding: dots become underscores, dashes go, all upper case. */
    static String environmentVariable(String property) {
        return property.replace('.', '_').replace("-", "").toUpperCase(java.util.Locale.ROOT);
    }
}

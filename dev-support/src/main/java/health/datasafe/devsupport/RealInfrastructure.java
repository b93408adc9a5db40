package health.datasafe.devsupport;

import health.datasafe.contracts.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One real Kafka broker, one real PostgreSQL and one token issuer per JVM, started on first use and stopped
 * when the JVM exits. Containers (Testcontainers) when a Docker engine is reachable, otherwise an in-process
 * KRaft broker (spring-kafka-test) and zonky's embedded PostgreSQL binaries. Never a mock.
 */
public final class RealInfrastructure {

    /** Partitions of every topic in tests: more than one, so sharding is exercised. */
    public static final int PARTITIONS = 3;

    private static final Logger log = LoggerFactory.getLogger(RealInfrastructure.class);

    private static String kafka;
    private static PostgresDatabase postgres;
    private static DevTokenIssuer tokens;

    private RealInfrastructure() {
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = dockerAvailable() ? startKafkaContainer() : startKafkaInProcess();
        }
        return kafka;
    }

    public static synchronized PostgresDatabase postgres() {
        if (postgres == null) {
            postgres = dockerAvailable() ? startPostgresContainer() : startPostgresEmbedded();
        }
        return postgres;
    }

    public static synchronized DevTokenIssuer tokens() {
        if (tokens == null) {
            tokens = DevTokenIssuer.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(tokens::close));
        }
        return tokens;
    }

    /** Points a Spring Boot service under test at the broker, its own schema and the token issuer. */
    public static void register(DynamicPropertyRegistry registry, String schema) {
        PostgresDatabase db = postgres();
        registry.add("spring.kafka.bootstrap-servers", RealInfrastructure::kafkaBootstrapServers);
        registry.add("spring.datasource.url", () -> db.jdbcUrl(schema));
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.default-schema", () -> schema);
        registerTokens(registry);
    }

    /**
     * The same settings as {@link #register} as a map, for a second instance of a service started by hand (e.g. with
     * {@code SpringApplicationBuilder.properties}) next to the one under test.
     */
    public static Map<String, Object> properties(String schema) {
        PostgresDatabase db = postgres();
        return Map.of(
                "spring.kafka.bootstrap-servers", kafkaBootstrapServers(),
                "spring.datasource.url", db.jdbcUrl(schema),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password(),
                "spring.flyway.schemas", schema,
                "spring.flyway.default-schema", schema,
                "dsh.security.jwk-set-uri", tokens().jwkSetUri(),
                "dsh.security.issuer", DevTokenIssuer.ISSUER,
                "dsh.security.audience", DevTokenIssuer.AUDIENCE);
    }

    /** Points a service under test at the token issuer: its JWKS, issuer and audience ({@code dsh.security.*}). */
    public static void registerTokens(DynamicPropertyRegistry registry) {
        registry.add("dsh.security.jwk-set-uri", () -> tokens().jwkSetUri());
        registry.add("dsh.security.issuer", () -> DevTokenIssuer.ISSUER);
        registry.add("dsh.security.audience", () -> DevTokenIssuer.AUDIENCE);
    }

    private static boolean dockerAvailable() {
        boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
        try {
            return socket && DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Broker settings a single node needs for consumer groups and Kafka transactions. */
    public static Map<String, String> singleNodeBrokerProperties() {
        return Map.of(
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false");
    }

    private static String startKafkaInProcess() {
        var broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(singleNodeBrokerProperties());
        broker.afterPropertiesSet();
        broker.addTopics(topics().toArray(NewTopic[]::new));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        log.info("In-process KRaft broker at {}", broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }

    /** Every topic of the system, with {@link #PARTITIONS} partitions and its configs (retention, compaction). */
    private static List<NewTopic> topics() {
        return Topics.all().stream()
                .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1).configs(Topics.configs(topic)))
                .toList();
    }

    @SuppressWarnings("resource")
    private static String startKafkaContainer() {
        var container = new KafkaContainer("apache/kafka:4.1.0");
        container.start();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", container.getBootstrapServers()))) {
            admin.createTopics(topics()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return container.getBootstrapServers();
    }

    private static PostgresDatabase startPostgresEmbedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            log.info("Embedded PostgreSQL on port {}", pg.getPort());
            return new PostgresDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    @SuppressWarnings("resource")
    private static PostgresDatabase startPostgresContainer() {
        var container = new PostgreSQLContainer("postgres:17");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return new PostgresDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
}

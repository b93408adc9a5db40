package health.datasafe.devstack;

import health.datasafe.contracts.Role;
import health.datasafe.devstack.datadir.DataDirectory;
import health.datasafe.devstack.keys.DevstackKeys;
import health.datasafe.devstack.keys.LedgerKeys;
import health.datasafe.devstack.process.FreePort;
import health.datasafe.devstack.process.HealthProbe;
import health.datasafe.devsupport.DevTokenIssuer;
import health.datasafe.devsupport.PostgresDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

/**
 * A started devstack: its {@link Infrastructure} (the data directory, Kafka, PostgreSQL, the token issuer) and the
 * service JVMs (the six services, the ledger with each of its nodes) under a {@link ServiceSupervisor}. Close it (or
 * let the JVM exit: a shutdown hook does the same) to stop the services, then Kafka, then PostgreSQL; the data
 * directory keeps everything for the next start. Single services, or single ledger nodes ({@link ServiceInstance}),
 * can be stopped, killed and started again, on the same port, and so can the broker and the database, to exercise
 * faults; a method given a {@link Service} means its only JVM, for the ledger node 1. While it runs,
 * {@code devstack.json} in the data directory describes it to tools.
 */
public final class RunningDevstack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningDevstack.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DevstackOptions options;
    private final Path repository;
    private final Infrastructure infrastructure;
    private final Thread shutdownHook;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final Instant startedAt = Instant.now();

    private ServiceSupervisor services;
    private boolean closed;

    private RunningDevstack(DevstackOptions options, Path repository, Infrastructure infrastructure) {
        this.options = options;
        this.repository = repository;
        this.infrastructure = infrastructure;
        this.shutdownHook = new Thread(this::close, "devstack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Checks what can be checked before anything starts, then starts everything; on failure stops what started. */
    static RunningDevstack boot(DevstackOptions options) {
        Path repository = RepositoryRoot.locate(options.repository());
        List<Path> missing = new ArrayList<>();
        for (Service service : Service.values()) {
            if (!Files.isRegularFile(service.jar(repository))) {
                missing.add(service.jar(repository));
            }
        }
        if (!missing.isEmpty()) {
            throw new ServiceJarsMissing(repository, missing);
        }
        if (options.gatewayPort() != 0 && !FreePort.isFree(options.gatewayPort())) {
            throw new PortInUse(options.gatewayPort(), "the gateway's, --port");
        }
        Path dataDir = options.dataDir() != null ? options.dataDir() : repository.resolve(DevstackOptions.DEFAULT_DATA_DIR);
        var stack = new RunningDevstack(options, repository, new Infrastructure(DataDirectory.open(dataDir)));
        try {
            stack.startEverything();
            return stack;
        } catch (RuntimeException | Error e) {
            if (stack.isClosed() && !(e instanceof DevstackStopped)) {
                // closed by the shutdown hook while starting: whatever failed, failed because of that
                var stopped = new DevstackStopped("starting");
                stopped.addSuppressed(e);
                throw stopped;
            }
            try {
                stack.close();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    /** The recovery-service audits the ledger on its own with this long a token; a devstack rarely runs longer. */
    private static final Duration AUDIT_TOKEN_LIFETIME = Duration.ofDays(30);

    private void startEverything() {
        infrastructure.prepareDataDirectory(options.fresh());
        log.info("Starting DataSafeHealth from {} with data in {}", repository, dataDir());
        infrastructure.start(options.partitions(), options.ledgerNodes(), options.kafkaAuth());

        DevTokenIssuer tokens = infrastructure.tokens();
        int ledgerNodes = infrastructure.keys().ledger().nodes().size();
        var wiring = new ServiceWiring(infrastructure.kafkaBootstrapServers(), infrastructure.postgres(), tokens.jwkSetUri(),
                tokens.tokenUri(), infrastructure.keys(), ServiceSupervisor.ports(options.gatewayPort(), ledgerNodes),
                tokens.mint("recovery-audit", Role.AUDITOR, AUDIT_TOKEN_LIFETIME), infrastructure.kafkaCredentials());
        var supervisor = new ServiceSupervisor(repository, infrastructure.data(), wiring,
                new HealthProbe(() -> tokens.mint("devstack", Role.ADMIN)), options.startupTimeout(), options.restarts(),
                restarted -> writeDescription());
        synchronized (this) {
            if (closed) {
                throw new DevstackStopped("starting the services");
            }
            services = supervisor;
        }
        supervisor.startAll();
        writeDescription();
        log.info("All services are up after {} s", Duration.between(startedAt, Instant.now()).toSeconds());
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private synchronized void writeDescription() {
        if (closed) {
            return;
        }
        PostgresDatabase database = infrastructure.postgres();
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("gatewayUrl", gatewayUrl());
        description.put("tokenUri", tokenUri());
        description.put("jwkSetUri", infrastructure.tokens().jwkSetUri());
        description.put("jdbcUrl", database.jdbcUrl());
        description.put("username", database.username());
        description.put("password", database.password());
        description.put("kafkaBootstrapServers", kafkaBootstrapServers());
        description.put("kafkaLocked", kafkaLocked());
        description.put("partitions", options.partitions());
        description.put("ledgerNodes", ledgerNodes());
        LedgerKeys ledger = keys().ledger();
        if (ledger.hasGenesis()) {
            description.put("genesis", ledger.genesisFile().toString());
            description.put("genesisHash", ledger.genesis().hash());
        }
        description.put("dataDir", dataDir().toString());
        description.put("startedAt", startedAt.toString());
        description.put("devstackPid", ProcessHandle.current().pid());
        Map<String, Object> entries = new LinkedHashMap<>();
        for (ServiceInstance instance : instances()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("module", instance.service().module());
            if (instance.service() == Service.LEDGER) {
                entry.put("node", ledger.node(instance.node()).name());
            }
            entry.put("port", port(instance));
            entry.put("url", url(instance));
            OptionalLong pid = pid(instance);
            entry.put("pid", pid.isPresent() ? pid.getAsLong() : null);
            instance.schema().ifPresent(schema -> entry.put("schema", schema));
            entry.put("log", logFile(instance).toString());
            entries.put(instance.name(), entry);
        }
        description.put("services", entries);
        Path file = descriptionFile();
        try {
            Path temporary = file.resolveSibling(DataDirectory.DESCRIPTION + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), description);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The gateway, the one URL clients use, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        return url(Service.GATEWAY);
    }

    /** Any service's base URL (the ledger's node 1), for tests that look behind the gateway. */
    public String url(Service service) {
        return url(ServiceInstance.of(service));
    }

    /** A service JVM's base URL, e.g. {@code url(ServiceInstance.ledger(2))}. */
    public String url(ServiceInstance instance) {
        return services.url(instance);
    }

    public int port(Service service) {
        return port(ServiceInstance.of(service));
    }

    public int port(ServiceInstance instance) {
        return services.port(instance);
    }

    /** The pid of the service's JVM (the ledger's node 1) while it runs. */
    public OptionalLong pid(Service service) {
        return pid(ServiceInstance.of(service));
    }

    public OptionalLong pid(ServiceInstance instance) {
        return services.pid(instance);
    }

    public boolean isRunning(Service service) {
        return isRunning(ServiceInstance.of(service));
    }

    public boolean isRunning(ServiceInstance instance) {
        return services.isRunning(instance);
    }

    /** How many ledger nodes run: as {@link DevstackOptions#ledgerNodes()} asked, or as the data directory keeps them. */
    public int ledgerNodes() {
        return keys().ledger().nodes().size();
    }

    /** Ledger node {@code node} (1 to {@link #ledgerNodes()}), to address it in the methods taking a {@link ServiceInstance}. */
    public ServiceInstance ledgerNode(int node) {
        if (node < 1 || node > ledgerNodes()) {
            throw new IllegalArgumentException("this devstack runs ledger nodes 1 to " + ledgerNodes() + ", not " + node);
        }
        return ServiceInstance.ledger(node);
    }

    /** Every service JVM, in launch order: the six services, the ledger with each of its nodes. */
    public List<ServiceInstance> instances() {
        return services.instances();
    }

    /** The token issuer the services trust: {@code tokens().mint(subject, role)}. */
    public DevTokenIssuer tokens() {
        return infrastructure.tokens();
    }

    /** The issuer's {@code POST /token} (form fields subject, role, optional ttlSeconds). */
    public String tokenUri() {
        return infrastructure.tokens().tokenUri();
    }

    /** The database every service's schema lives in; {@code postgres().jdbcUrl("ledger")} reaches one schema. */
    public PostgresDatabase postgres() {
        return infrastructure.postgres();
    }

    public String kafkaBootstrapServers() {
        return infrastructure.kafkaBootstrapServers();
    }

    /** Whether Kafka is locked down ({@code --kafka-auth}): every client authenticates and is held to its ACLs. */
    public boolean kafkaLocked() {
        return infrastructure.kafkaCredentials().isPresent();
    }

    /**
     * The settings of a Kafka client of this devstack authenticating as {@code principal} (a service's, from
     * {@link health.datasafe.contracts.TopicAccess}, or its admin): the address, and when Kafka is locked down the
     * SASL/SCRAM login.
     */
    public Map<String, Object> kafkaClientSettings(String principal) {
        return infrastructure.kafkaClientSettings(principal);
    }

    /** The keys handed to the services (public halves for verifying what they sign). */
    public DevstackKeys keys() {
        return infrastructure.keys();
    }

    public Path dataDir() {
        return infrastructure.data().root();
    }

    public Path logFile(Service service) {
        return logFile(ServiceInstance.of(service));
    }

    /** {@code logs/ledger-service.log} for ledger node 1, {@code logs/ledger-service-2.log} for node 2, ... */
    public Path logFile(ServiceInstance instance) {
        return services.logFile(instance);
    }

    public Path descriptionFile() {
        return infrastructure.data().description();
    }

    /**
     * Stops one service (the ledger's node 1) gracefully (SIGTERM, then SIGKILL after 10 s). Kafka, PostgreSQL and
     * the others keep running.
     */
    public void stop(Service service) {
        stop(ServiceInstance.of(service));
    }

    /** Stops one service JVM, e.g. {@code stop(stack.ledgerNode(2))}, gracefully; the others keep running. */
    public void stop(ServiceInstance instance) {
        services.stop(instance);
        writeDescription();
    }

    /** Kills one service (the ledger's node 1) at once (SIGKILL), as a crash would. */
    public void kill(Service service) {
        kill(ServiceInstance.of(service));
    }

    /** Kills one service JVM at once (SIGKILL), as a crash would. */
    public void kill(ServiceInstance instance) {
        services.kill(instance);
        writeDescription();
    }

    /** Starts a stopped service (the ledger's node 1) again, on its port and with its settings, and waits until it is healthy. */
    public void start(Service service) {
        start(ServiceInstance.of(service));
    }

    /** Starts a stopped service JVM again, on its port and with its settings, and waits until it is healthy. */
    public void start(ServiceInstance instance) {
        services.start(instance);
        writeDescription();
    }

    /** Stops the Kafka broker cleanly, as an outage would take it away; the services keep running. */
    public void stopKafka() {
        infrastructure.stopKafka();
    }

    /** Starts the Kafka broker again with its topics, records and offsets, at the address the services know. */
    public void startKafka() {
        infrastructure.startKafka();
    }

    /** Stops PostgreSQL (a fast shutdown: connections are cut); the services keep running. */
    public void stopPostgres() {
        infrastructure.stopPostgres();
    }

    /** Starts PostgreSQL again with every schema and row, at the address the services know. */
    public void startPostgres() {
        infrastructure.startPostgres();
    }

    /** Blocks until the devstack is closed (by {@link #close()} or the shutdown hook). */
    public void awaitClosed() {
        try {
            closedLatch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the services (all at once; SIGKILL for any still running after 10 s), then Kafka, then PostgreSQL. */
    @Override
    public void close() {
        ServiceSupervisor servicesToStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            servicesToStop = services;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; the hook may be running this very method
            }
        }
        log.info("Stopping the devstack");
        try {
            if (servicesToStop != null) {
                servicesToStop.close();
            }
        } finally {
            try {
                infrastructure.close();
            } finally {
                closedLatch.countDown();
            }
        }
    }
}

package health.datasafe.devstack;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.devstack.datadir.DataDirectory;
import health.datasafe.devstack.kafka.PersistentKafka;
import health.datasafe.devstack.keys.DevstackKeys;
import health.datasafe.devstack.postgres.PersistentPostgres;
import health.datasafe.devstack.process.ChildJvm;
import health.datasafe.devstack.process.FreePort;
import health.datasafe.devstack.process.HealthProbe;
import health.datasafe.devsupport.DevTokenIssuer;
import health.datasafe.devsupport.PostgresDatabase;
import health.datasafe.devsupport.RealInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A started devstack: Kafka and PostgreSQL in this JVM's care, the token issuer, and the six service JVMs. Close it
 * (or let the JVM exit: a shutdown hook does the same) to stop the services, then Kafka, then PostgreSQL; the data
 * directory keeps everything for the next start. Single services can be stopped, killed and started again, on the
 * same port, to exercise faults.
 */
public final class RunningDevstack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningDevstack.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration HEALTH_POLL = Duration.ofMillis(500);
    private static final int TAIL_LINES = 40;
    /** Small, quick-starting JVMs: six of them share a developer's machine with Kafka and PostgreSQL. */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx320m");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DevstackOptions options;
    private final Path repository;
    private final DataDirectory data;
    private final Thread shutdownHook;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final Map<Service, ChildJvm> children = new EnumMap<>(Service.class);
    private final Set<Service> stopping = EnumSet.noneOf(Service.class);
    private final Instant startedAt = Instant.now();

    private DevstackLog devstackLog;
    private DevstackKeys keys;
    private DevTokenIssuer tokens;
    private PersistentKafka kafka;
    private PersistentPostgres postgres;
    private CompletableFuture<PersistentPostgres> postgresStarting;
    private ServiceWiring wiring;
    private HealthProbe probe;
    private boolean closed;
    /** Set once every service was healthy: from then on an exit nobody asked for is worth a warning. */
    private boolean up;

    private RunningDevstack(DevstackOptions options, Path repository, DataDirectory data) {
        this.options = options;
        this.repository = repository;
        this.data = data;
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
        var stack = new RunningDevstack(options, repository, DataDirectory.open(dataDir));
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

    private void startEverything() {
        List<String> leftovers = data.stopLeftoverServices();
        if (options.fresh()) {
            data.wipe();
        }
        createDirectories(data.logs());
        adopt(DevstackLog.attach(data.log("devstack")), file -> devstackLog = file);
        if (!leftovers.isEmpty()) {
            log.warn("Stopped {} left running by an earlier devstack", leftovers);
        }
        log.info("Starting DataSafeHealth from {} with data in {}", repository, data.root());
        keys = DevstackKeys.loadOrCreate(data.keys());

        var postgresStart = CompletableFuture.supplyAsync(() -> PersistentPostgres.start(data.postgres(), data.log("postgres")));
        synchronized (this) {
            postgresStarting = postgresStart;
        }
        RuntimeException failure = null;
        try {
            adopt(DevTokenIssuer.start(0, data.keys().resolve("token-issuer.jwk")), issuer -> tokens = issuer);
            adopt(PersistentKafka.start(data.kafka(), RealInfrastructure.singleNodeBrokerProperties()), broker -> kafka = broker);
            kafka.createTopicsIfAbsent(Topics.all(), options.partitions()).forEach((topic, partitions) -> {
                if (partitions != options.partitions()) {
                    log.warn("Topic {} keeps its {} partitions (--partitions {} applies to new topics only)", topic, partitions,
                            options.partitions());
                }
            });
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            adopt(postgresStart.join(), database -> postgres = database);
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : e;
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }

        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        Set<Integer> taken = new HashSet<>();
        if (options.gatewayPort() != 0) {
            ports.put(Service.GATEWAY, options.gatewayPort());
            taken.add(options.gatewayPort());
        }
        for (Service service : Service.values()) {
            if (!ports.containsKey(service)) {
                int port;
                do {
                    port = FreePort.any();
                } while (!taken.add(port));
                ports.put(service, port);
            }
        }
        wiring = new ServiceWiring(kafka.bootstrapServers(), postgres.database(), tokens.jwkSetUri(), tokens.tokenUri(), keys, ports);
        probe = new HealthProbe(() -> tokens.mint("devstack", Role.ADMIN));
        log.info("Starting {} service JVMs (logs in {})", Service.values().length, data.logs());
        for (Service service : Service.values()) {
            launch(service);
        }
        awaitHealthy(EnumSet.allOf(Service.class));
        synchronized (this) {
            up = true;
        }
        writeDescription();
        log.info("All services are up after {} s", Duration.between(startedAt, Instant.now()).toSeconds());
    }

    /**
     * Takes a started resource into the stack's care, to be closed with it. If the stack was closed meanwhile (Ctrl-C
     * while starting), the resource is closed at once instead.
     */
    private synchronized <T extends AutoCloseable> void adopt(T resource, Consumer<T> field) {
        if (closed) {
            quietly(new ArrayList<>(), resource);
            throw new DevstackStopped("starting");
        }
        field.accept(resource);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private synchronized ChildJvm launch(Service service) {
        if (closed) {
            throw new DevstackStopped("starting " + service.module());
        }
        ServiceWiring.Launch launch = wiring.launch(service);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(service.jar(repository).toString());
        command.addAll(launch.arguments());
        ChildJvm child = ChildJvm.start(service.module(), command, launch.environment(), data.root(), data.log(service.module()));
        stopping.remove(service);
        children.put(service, child);
        child.onExit().thenRun(() -> exited(service, child));
        return child;
    }

    private void exited(Service service, ChildJvm child) {
        synchronized (this) {
            if (!up || closed || stopping.contains(service) || children.get(service) != child) {
                return;
            }
        }
        log.warn("{} exited unexpectedly with code {}; its log: {}", service.module(), child.exitCode(), child.logFile());
    }

    private void awaitHealthy(Set<Service> services) {
        long deadline = System.nanoTime() + options.startupTimeout().toNanos();
        Instant began = Instant.now();
        Set<Service> pending = EnumSet.copyOf(services);
        Map<Service, String> lastAnswer = new EnumMap<>(Service.class);
        while (!pending.isEmpty()) {
            ServiceDidNotStart failure = null;
            for (Service service : List.copyOf(pending)) {
                ChildJvm child = child(service);
                if (!child.isAlive()) {
                    failure = together(failure, new ServiceDidNotStart(service, "its JVM exited with code " + child.exitCode(),
                            child.logFile(), child.logTail(TAIL_LINES)));
                    continue;
                }
                HealthProbe.Answer answer = probe.probe(URI.create(wiring.url(service)));
                lastAnswer.put(service, answer.summary());
                if (answer.healthy()) {
                    pending.remove(service);
                    log.info("  {} is up on {} ({} s)", service.module(), wiring.url(service),
                            Duration.between(began, Instant.now()).toSeconds());
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (!pending.isEmpty() && System.nanoTime() > deadline) {
                for (Service service : pending) {
                    ChildJvm child = child(service);
                    failure = together(failure, new ServiceDidNotStart(service, "not healthy after " + options.startupTimeout().toSeconds()
                            + " s (last answer to GET /actuator/health: " + lastAnswer.getOrDefault(service, "none") + ")",
                            child.logFile(), child.logTail(TAIL_LINES)));
                }
                throw failure;
            }
            try {
                Thread.sleep(HEALTH_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + pending, e);
            }
        }
    }

    private static ServiceDidNotStart together(ServiceDidNotStart first, ServiceDidNotStart next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private synchronized ChildJvm child(Service service) {
        if (closed) {
            throw new DevstackStopped("waiting for " + service.module());
        }
        return children.get(service);
    }

    private synchronized void writeDescription() {
        if (closed) {
            return;
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("gatewayUrl", gatewayUrl());
        description.put("tokenUri", tokens.tokenUri());
        description.put("jwkSetUri", tokens.jwkSetUri());
        description.put("jdbcUrl", postgres.database().jdbcUrl());
        description.put("username", postgres.database().username());
        description.put("password", postgres.database().password());
        description.put("kafkaBootstrapServers", kafka.bootstrapServers());
        description.put("partitions", options.partitions());
        description.put("dataDir", data.root().toString());
        description.put("startedAt", startedAt.toString());
        description.put("devstackPid", ProcessHandle.current().pid());
        Map<String, Object> services = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("port", port(service));
            entry.put("url", url(service));
            ChildJvm child = children.get(service);
            entry.put("pid", child != null && child.isAlive() ? child.pid() : null);
            service.schema().ifPresent(schema -> entry.put("schema", schema));
            entry.put("log", data.log(service.module()).toString());
            services.put(service.module(), entry);
        }
        description.put("services", services);
        try {
            Path temporary = data.description().resolveSibling(DataDirectory.DESCRIPTION + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), description);
            Files.move(temporary, data.description(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + data.description(), e);
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gateway, the one URL clients use, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        return url(Service.GATEWAY);
    }

    /** Any service's base URL, for tests that look behind the gateway. */
    public String url(Service service) {
        return wiring.url(service);
    }

    public int port(Service service) {
        return wiring.ports().get(service);
    }

    /** The pid of the service's JVM while it runs. */
    public synchronized OptionalLong pid(Service service) {
        ChildJvm child = children.get(service);
        return child != null && child.isAlive() ? OptionalLong.of(child.pid()) : OptionalLong.empty();
    }

    public synchronized boolean isRunning(Service service) {
        ChildJvm child = children.get(service);
        return child != null && child.isAlive();
    }

    /** The token issuer the services trust: {@code tokens().mint(subject, role)}. */
    public DevTokenIssuer tokens() {
        return tokens;
    }

    /** The issuer's {@code POST /token} (form fields subject, role, optional ttlSeconds). */
    public String tokenUri() {
        return tokens.tokenUri();
    }

    /** The database every service's schema lives in; {@code postgres().jdbcUrl("ledger")} reaches one schema. */
    public PostgresDatabase postgres() {
        return postgres.database();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The keys handed to the services (public halves for verifying what they sign). */
    public DevstackKeys keys() {
        return keys;
    }

    public Path dataDir() {
        return data.root();
    }

    public Path logFile(Service service) {
        return data.log(service.module());
    }

    public Path descriptionFile() {
        return data.description();
    }

    /** Stops one service gracefully (SIGTERM, then SIGKILL after 10 s). Kafka, PostgreSQL and the others keep running. */
    public void stop(Service service) {
        ChildJvm child;
        synchronized (this) {
            stopping.add(service);
            child = children.get(service);
        }
        if (child != null) {
            child.stop(STOP_GRACE);
            log.info("{} stopped", service.module());
        }
        writeDescription();
    }

    /** Kills one service at once (SIGKILL), as a crash would. */
    public void kill(Service service) {
        ChildJvm child;
        synchronized (this) {
            stopping.add(service);
            child = children.get(service);
        }
        if (child != null) {
            child.kill();
            log.info("{} killed", service.module());
        }
        writeDescription();
    }

    /** Starts a stopped service again, on its port and with its settings, and waits until it is healthy. */
    public void start(Service service) {
        synchronized (this) {
            ChildJvm child = children.get(service);
            if (child != null && child.isAlive()) {
                return;
            }
            launch(service);
        }
        awaitHealthy(EnumSet.of(service));
        writeDescription();
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
        List<ChildJvm> running;
        PersistentKafka kafkaToStop;
        DevTokenIssuer tokensToStop;
        PersistentPostgres postgresToStop;
        DevstackLog logToClose;
        CompletableFuture<PersistentPostgres> postgresInFlight;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = new ArrayList<>(children.values());
            kafkaToStop = kafka;
            tokensToStop = tokens;
            postgresToStop = postgres;
            postgresInFlight = postgresStarting;
            logToClose = devstackLog;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; the hook may be running this very method
            }
        }
        log.info("Stopping the devstack");
        List<RuntimeException> failures = new ArrayList<>();
        running.forEach(ChildJvm::requestStop);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ChildJvm child : running) {
            if (!child.awaitExit(Duration.ofNanos(deadline - System.nanoTime()))) {
                log.warn("{} did not stop within {} s: killing it", child.name(), STOP_GRACE.toSeconds());
                child.kill();
            }
        }
        quietly(failures, kafkaToStop);
        quietly(failures, tokensToStop);
        if (postgresToStop == null && postgresInFlight != null) {
            // closed while PostgreSQL was still starting: let it finish, so it can be stopped rather than orphaned
            try {
                postgresToStop = postgresInFlight.get(90, TimeUnit.SECONDS);
            } catch (Exception startFailed) {
                // nothing was started, or it is stuck: the next start stops what is left
            }
        }
        quietly(failures, postgresToStop);
        try {
            Files.deleteIfExists(data.description());
        } catch (IOException e) {
            failures.add(new UncheckedIOException(e));
        }
        log.info("Devstack stopped; data kept in {}", data.root());
        quietly(failures, logToClose);
        quietly(failures, data);
        closedLatch.countDown();
        if (!failures.isEmpty()) {
            var failure = new IllegalStateException("the devstack did not stop cleanly: " + failures.getFirst().getMessage(), failures.getFirst());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void quietly(List<RuntimeException> failures, AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (RuntimeException e) {
            failures.add(e);
        } catch (Exception e) {
            failures.add(new IllegalStateException(e));
        }
    }
}

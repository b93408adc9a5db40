package health.datasafe.devstack;

import health.datasafe.devstack.datadir.DataDirectory;
import health.datasafe.devstack.process.ChildJvm;
import health.datasafe.devstack.process.FreePort;
import health.datasafe.devstack.process.HealthProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The six service JVMs: launched in {@link Service} order with what {@link ServiceWiring} tells each, awaited until
 * each answers {@code GET /actuator/health} with UP, each with its output in {@code logs/<service>.log} of the data
 * directory. Single services can be stopped, killed and started again, on the same port. Closing stops them all; it
 * may happen from another thread while they start (Ctrl-C), and then the start fails with {@link DevstackStopped}.
 */
final class ServiceSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceSupervisor.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration HEALTH_POLL = Duration.ofMillis(500);
    private static final int TAIL_LINES = 40;
    /** Small, quick-starting JVMs: six of them share a developer's machine with Kafka and PostgreSQL. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx320m");

    private final Path repository;
    private final DataDirectory data;
    private final ServiceWiring wiring;
    private final HealthProbe probe;
    private final Duration startupTimeout;
    private final Map<Service, ChildJvm> children = new EnumMap<>(Service.class);
    private final Set<Service> stopping = EnumSet.noneOf(Service.class);
    private boolean closed;
    /** Set once every service was healthy: from then on an exit nobody asked for is worth a warning. */
    private boolean up;

    /**
     * @param repository     where the service jars are ({@link Service#jar(Path)})
     * @param data           the data directory: the services' working directory, with their logs
     * @param wiring         the ports and settings of every service
     * @param probe          asks a service whether it is healthy
     * @param startupTimeout how long the services together may take to become healthy
     */
    ServiceSupervisor(Path repository, DataDirectory data, ServiceWiring wiring, HealthProbe probe, Duration startupTimeout) {
        this.repository = repository;
        this.data = data;
        this.wiring = wiring;
        this.probe = probe;
        this.startupTimeout = startupTimeout;
    }

    /** A port for every service, all different: the gateway's is {@code gatewayPort} unless that is 0, the others free ones. */
    static Map<Service, Integer> ports(int gatewayPort) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        Set<Integer> taken = new HashSet<>();
        if (gatewayPort != 0) {
            ports.put(Service.GATEWAY, gatewayPort);
            taken.add(gatewayPort);
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
        return ports;
    }

    /**
     * Launches every service, all at once, and returns when all are healthy.
     *
     * @throws ServiceDidNotStart for each service whose JVM exited or that was not healthy in time (the others
     *                            suppressed in the first), with the tail of its log
     * @throws DevstackStopped    when closed meanwhile
     */
    void startAll() {
        log.info("Starting {} service JVMs (logs in {})", Service.values().length, data.logs());
        for (Service service : Service.values()) {
            launch(service);
        }
        awaitHealthy(EnumSet.allOf(Service.class));
        synchronized (this) {
            up = true;
        }
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
        long deadline = System.nanoTime() + startupTimeout.toNanos();
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
                    failure = together(failure, new ServiceDidNotStart(service, "not healthy after " + startupTimeout.toSeconds()
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

    String url(Service service) {
        return wiring.url(service);
    }

    int port(Service service) {
        return wiring.ports().get(service);
    }

    /** The pid of the service's JVM while it runs. */
    synchronized OptionalLong pid(Service service) {
        ChildJvm child = children.get(service);
        return child != null && child.isAlive() ? OptionalLong.of(child.pid()) : OptionalLong.empty();
    }

    synchronized boolean isRunning(Service service) {
        ChildJvm child = children.get(service);
        return child != null && child.isAlive();
    }

    Path logFile(Service service) {
        return data.log(service.module());
    }

    /** Stops one service gracefully (SIGTERM, then SIGKILL after 10 s); the others keep running. */
    void stop(Service service) {
        ChildJvm child;
        synchronized (this) {
            stopping.add(service);
            child = children.get(service);
        }
        if (child != null) {
            child.stop(STOP_GRACE);
            log.info("{} stopped", service.module());
        }
    }

    /** Kills one service at once (SIGKILL), as a crash would. */
    void kill(Service service) {
        ChildJvm child;
        synchronized (this) {
            stopping.add(service);
            child = children.get(service);
        }
        if (child != null) {
            child.kill();
            log.info("{} killed", service.module());
        }
    }

    /** Starts a stopped service again, on its port and with its settings, and waits until it is healthy. */
    void start(Service service) {
        synchronized (this) {
            ChildJvm child = children.get(service);
            if (child != null && child.isAlive()) {
                return;
            }
            launch(service);
        }
        awaitHealthy(EnumSet.of(service));
    }

    /** Stops every service at once (SIGTERM), and kills those still running after 10 s. */
    @Override
    public void close() {
        List<ChildJvm> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = new ArrayList<>(children.values());
        }
        running.forEach(ChildJvm::requestStop);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ChildJvm child : running) {
            if (!child.awaitExit(Duration.ofNanos(deadline - System.nanoTime()))) {
                log.warn("{} did not stop within {} s: killing it", child.name(), STOP_GRACE.toSeconds());
                child.kill();
            }
        }
    }
}

package health.datasafe.devstack;

import health.datasafe.devstack.archive.ArchivedLaunch;
import health.datasafe.devstack.archive.ClassDataSharing;
import health.datasafe.devstack.datadir.DataDirectory;
import health.datasafe.devstack.process.ChildJvm;
import health.datasafe.devstack.process.FreePort;
import health.datasafe.devstack.process.HealthProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The six service JVMs: launched in {@link Service} order with what {@link ServiceWiring} tells each, awaited until
 * each answers {@code GET /actuator/health} with UP, each with its output in {@code logs/<service>.log} of the data
 * directory. Single services can be stopped, killed and started again, on the same port. Closing stops them all; it
 * may happen from another thread while they start (Ctrl-C), and then the start fails with {@link DevstackStopped}.
 * <p>
 * Once all were up, a service nobody stopped is restarted, on its port, when its JVM exits or its liveness probes fail
 * ({@link RestartPolicy}), with a warning naming it, the reason and the count. A stop or kill through this class is
 * asked for, and restarts nothing; an explicit {@link #start(Service)} takes over from a restart still waiting, and
 * waits for one already launched rather than launching a second JVM.
 * <p>
 * The JVMs run with C2 (steady-state speed, crypto intrinsics) and start from class-data archives
 * ({@link ClassDataSharing}) to stay quick to start; the first run after a build trains the archives.
 */
final class ServiceSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceSupervisor.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** A training run records what it loaded on the way out: a few seconds, more on two busy cores. */
    private static final Duration TRAINING_STOP_GRACE = Duration.ofSeconds(90);
    private static final Duration HEALTH_POLL = Duration.ofMillis(500);
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final int TAIL_LINES = 40;

    private final Path repository;
    private final DataDirectory data;
    private final ServiceWiring wiring;
    private final HealthProbe probe;
    private final Duration startupTimeout;
    private final RestartPolicy restarts;
    private final Consumer<Service> restarted;
    private final ClassDataSharing archives = ClassDataSharing.forThisJava();
    private final Map<Service, ChildJvm> children = new EnumMap<>(Service.class);
    private final Map<Service, ArchivedLaunch> launches = new EnumMap<>(Service.class);
    /** Done once the exit of each JVM launched was handled (a training run's archive kept). */
    private final List<CompletableFuture<Void>> exitsHandled = new ArrayList<>();
    private final Map<Service, Watch> watches = new EnumMap<>(Service.class);
    private final Set<Service> stopping = EnumSet.noneOf(Service.class);
    private final ScheduledExecutorService watcher = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("devstack-watch-", 0).daemon().factory());
    private boolean closed;
    /** Set once every service was healthy: from then on an exit nobody asked for is restarted. */
    private boolean up;

    /** What the watch knows of one service: its probes, its restarts, and a restart waiting to happen. */
    private static final class Watch {
        int failedProbes;
        boolean healthySinceLaunch;
        long launchedAt = System.nanoTime();
        Long healthySince;
        int restarts;
        int restartsInARow;
        ScheduledFuture<?> pendingRestart;

        void launched() {
            failedProbes = 0;
            healthySinceLaunch = false;
            healthySince = null;
            launchedAt = System.nanoTime();
        }

        void cancelPendingRestart() {
            if (pendingRestart != null) {
                pendingRestart.cancel(false);
                pendingRestart = null;
            }
        }
    }

    /**
     * @param repository     where the service jars are ({@link Service#jar(Path)})
     * @param data           the data directory: the services' working directory, with their logs
     * @param wiring         the ports and settings of every service
     * @param probe          asks a service whether it is healthy
     * @param startupTimeout how long the services together may take to become healthy (and a restarted one)
     * @param restarts       when a service nobody stopped is restarted
     * @param restarted      told after a service was restarted (its pid changed)
     */
    ServiceSupervisor(Path repository, DataDirectory data, ServiceWiring wiring, HealthProbe probe, Duration startupTimeout,
                      RestartPolicy restarts, Consumer<Service> restarted) {
        this.repository = repository;
        this.data = data;
        this.wiring = wiring;
        this.probe = probe;
        this.startupTimeout = startupTimeout;
        this.restarts = restarts;
        this.restarted = restarted;
        for (Service service : Service.values()) {
            watches.put(service, new Watch());
        }
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
     * The JVM options of a service: C2 on (no {@code TieredStopAtLevel}: the steady state gets optimised code and the
     * crypto intrinsics), the Serial collector (six JVMs, Kafka and PostgreSQL share two cores: no GC threads to
     * compete, least overhead per collection for heaps this small), its own {@code -Xmx} (at most 512 MiB), and an exit
     * on {@link OutOfMemoryError}, so a JVM that lost threads to it is restarted rather than left half alive.
     */
    static List<String> jvmOptions(Service service) {
        return List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx" + service.maxHeapMiB() + "m", "-XX:+ExitOnOutOfMemoryError");
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
        Map<Service, CompletableFuture<ArchivedLaunch>> prepared = new EnumMap<>(Service.class);
        try (var preparing = Executors.newVirtualThreadPerTaskExecutor()) {
            // extracting the jars (after a build) takes a few seconds each: all at once
            for (Service service : Service.values()) {
                prepared.put(service, CompletableFuture.supplyAsync(() -> prepare(service), preparing));
            }
        }
        for (Service service : Service.values()) {
            launch(service, prepared.get(service).join(), null);
        }
        awaitHealthy(EnumSet.allOf(Service.class));
        synchronized (this) {
            if (closed) {
                throw new DevstackStopped("waiting for the services");
            }
            up = true;
            watcher.scheduleWithFixedDelay(this::probeAll, restarts.probeInterval().toMillis(), restarts.probeInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private ArchivedLaunch prepare(Service service) {
        return archives.prepare(service.jar(repository), jvmOptions(service));
    }

    /** Launches the service's JVM; {@code restart} names why when the devstack restarts it on its own. */
    private synchronized ChildJvm launch(Service service, ArchivedLaunch launch, String restart) {
        if (closed) {
            throw new DevstackStopped("starting " + service.module());
        }
        ServiceWiring.Launch wired = wiring.launch(service);
        List<String> command = new ArrayList<>(launch.command());
        command.addAll(wired.arguments());
        Path logFile = data.log(service.module());
        if (restart != null) {
            note(logFile, "==== devstack restarts " + service.module() + ": " + restart);
        }
        if (launch.training()) {
            note(logFile, "==== no class-data archive for this build yet: this run trains it (written when it stops)");
        }
        ChildJvm child = ChildJvm.start(service.module(), command, wired.environment(), data.root(), logFile);
        stopping.remove(service);
        children.put(service, child);
        launches.put(service, launch);
        watches.get(service).launched();
        exitsHandled.removeIf(CompletableFuture::isDone);
        exitsHandled.add(child.onExit().thenRun(() -> exited(service, child, launch)));
        return child;
    }

    private static void note(Path logFile, String line) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.writeString(logFile, System.lineSeparator() + line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.debug("Could not write to {}: {}", logFile, e.toString());
        }
    }

    private void exited(Service service, ChildJvm child, ArchivedLaunch launch) {
        launch.exited(service.module(), child.exitCode());
        synchronized (this) {
            Watch watch = watches.get(service);
            if (!up || closed || stopping.contains(service) || children.get(service) != child || watch.pendingRestart != null) {
                return;
            }
            restartLater(service, child, "its JVM exited with code " + child.exitCode());
        }
    }

    /** One round of liveness probes; a service that fails enough of them in a row is restarted. */
    private void probeAll() {
        for (Service service : Service.values()) {
            ChildJvm child;
            synchronized (this) {
                child = children.get(service);
                if (closed) {
                    return;
                }
                if (child == null || !child.isAlive() || stopping.contains(service) || watches.get(service).pendingRestart != null) {
                    continue;
                }
            }
            HealthProbe.Answer answer = probe.probe(URI.create(wiring.url(service)), LIVENESS);
            synchronized (this) {
                Watch watch = watches.get(service);
                if (closed || children.get(service) != child || stopping.contains(service) || watch.pendingRestart != null) {
                    continue;
                }
                long now = System.nanoTime();
                if (answer.healthy()) {
                    watch.failedProbes = 0;
                    watch.healthySinceLaunch = true;
                    if (watch.healthySince == null) {
                        watch.healthySince = now;
                    } else if (now - watch.healthySince >= restarts.maxDelay().toNanos()) {
                        watch.restartsInARow = 0;
                    }
                    continue;
                }
                watch.healthySince = null;
                if (!watch.healthySinceLaunch && now - watch.launchedAt < startupTimeout.toNanos()) {
                    continue; // still starting
                }
                watch.failedProbes++;
                if (watch.failedProbes >= restarts.failedProbes()) {
                    restartLater(service, child, "its health check failed " + watch.failedProbes + " times in a row (last answer to GET "
                            + LIVENESS + ": " + answer.summary() + ")");
                }
            }
        }
    }

    /** Stops what is left of the JVM now, and launches a new one after the back-off. Holds the lock. */
    private void restartLater(Service service, ChildJvm child, String reason) {
        Watch watch = watches.get(service);
        watch.restarts++;
        Duration delay = restarts.delay(watch.restartsInARow++);
        String why = reason + " (restart " + watch.restarts + ")";
        log.warn("{}: {}; restart {} in {} ms (log: {})", service.module(), reason, watch.restarts, delay.toMillis(), child.logFile());
        if (child.isAlive()) {
            watcher.execute(() -> child.stop(STOP_GRACE));
        }
        watch.pendingRestart = watcher.schedule(() -> restart(service, child, why), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Service service, ChildJvm previous, String why) {
        if (previous.isAlive()) {
            previous.kill();
        }
        try {
            ArchivedLaunch launch = prepare(service);
            synchronized (this) {
                Watch watch = watches.get(service);
                watch.pendingRestart = null;
                if (closed || stopping.contains(service) || children.get(service) != previous) {
                    return; // stopped, or started again, meanwhile
                }
                ChildJvm child = launch(service, launch, why);
                log.info("{} restarted (pid {}); it has {} s to become healthy", service.module(), child.pid(), startupTimeout.toSeconds());
            }
            restarted.accept(service);
        } catch (DevstackStopped stopped) {
            log.debug("{} not restarted: the devstack is stopping", service.module());
        } catch (RuntimeException e) {
            synchronized (this) {
                watches.get(service).pendingRestart = null;
                if (!closed && !stopping.contains(service) && children.get(service) == previous) {
                    restartLater(service, previous, "it could not be launched again: " + e.getMessage());
                }
            }
        }
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
                    sawHealthy(service, child);
                    log.info("  {} is up on {} ({} s{})", service.module(), wiring.url(service),
                            Duration.between(began, Instant.now()).toSeconds(), archiveNote(service));
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

    private synchronized void sawHealthy(Service service, ChildJvm child) {
        if (children.get(service) == child) {
            watches.get(service).healthySinceLaunch = true;
        }
    }

    private synchronized String archiveNote(Service service) {
        ArchivedLaunch launch = launches.get(service);
        if (launch == null || launch.archive() == null) {
            return "";
        }
        return launch.training() ? ", training its class-data archive" : ", from its class-data archive";
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

    /** How often the devstack restarted the service on its own. */
    synchronized int restarts(Service service) {
        return watches.get(service).restarts;
    }

    Path logFile(Service service) {
        return data.log(service.module());
    }

    /** Stops one service gracefully (SIGTERM, then SIGKILL after 10 s); the others keep running, and it stays stopped. */
    void stop(Service service) {
        ChildJvm child = stopping(service);
        if (child != null) {
            child.stop(STOP_GRACE);
            log.info("{} stopped", service.module());
        }
    }

    /** Kills one service at once (SIGKILL), as a crash would; it stays down until started. */
    void kill(Service service) {
        ChildJvm child = stopping(service);
        if (child != null) {
            child.kill();
            log.info("{} killed", service.module());
        }
    }

    private synchronized ChildJvm stopping(Service service) {
        stopping.add(service);
        watches.get(service).cancelPendingRestart();
        return children.get(service);
    }

    /**
     * Starts a stopped service again, on its port and with its settings, and waits until it is healthy. A service
     * still running (or already restarted by the devstack) is not launched twice: this waits for it instead.
     */
    void start(Service service) {
        boolean running;
        ChildJvm replaced = null;
        synchronized (this) {
            if (closed) {
                throw new DevstackStopped("starting " + service.module());
            }
            ChildJvm child = children.get(service);
            Watch watch = watches.get(service);
            // a JVM the devstack is about to replace (its health failed) is not the one to wait for
            boolean beingReplaced = watch.pendingRestart != null;
            running = child != null && child.isAlive() && !beingReplaced;
            watch.cancelPendingRestart();
            if (beingReplaced && child != null && child.isAlive()) {
                replaced = child;
                stopping.add(service); // its exit is asked for; launching the new JVM ends that
            } else {
                stopping.remove(service);
            }
        }
        if (replaced != null) {
            replaced.kill();
        }
        if (!running) {
            ArchivedLaunch launch = prepare(service);
            synchronized (this) {
                ChildJvm child = children.get(service);
                if (child == null || !child.isAlive()) {
                    launch(service, launch, null);
                }
            }
        }
        awaitHealthy(EnumSet.of(service));
    }

    /**
     * Stops every service at once (SIGTERM), and kills those still running after 10 s (90 s for a JVM writing its
     * class-data archive).
     */
    @Override
    public void close() {
        Map<ChildJvm, Duration> running = new LinkedHashMap<>();
        List<CompletableFuture<Void>> handlers;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            watches.values().forEach(Watch::cancelPendingRestart);
            children.forEach((service, child) -> running.put(child,
                    launches.get(service).training() ? TRAINING_STOP_GRACE : STOP_GRACE));
            handlers = List.copyOf(exitsHandled);
        }
        watcher.shutdownNow();
        if (running.values().stream().anyMatch(TRAINING_STOP_GRACE::equals)) {
            log.info("Writing the services' class-data archives as they stop (once per build)");
        }
        running.keySet().forEach(ChildJvm::requestStop);
        long start = System.nanoTime();
        running.forEach((child, grace) -> {
            if (!child.awaitExit(Duration.ofNanos(start + grace.toNanos() - System.nanoTime()))) {
                log.warn("{} did not stop within {} s: killing it", child.name(), grace.toSeconds());
                child.kill();
            }
        });
        try {
            // archives are kept by the exit handlers: before this JVM may exit
            CompletableFuture.allOf(handlers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Not every exit was handled: {}", e.toString());
        }
    }
}

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * The service JVMs, one per {@link ServiceInstance} the wiring has a port for (the six services, the ledger with each
 * of its nodes): launched in that order with what {@link ServiceWiring} tells each, awaited until each answers
 * {@code GET /actuator/health} with UP, each with its output in {@code logs/<name>.log} of the data directory
 * ({@code ledger-service.log}, {@code ledger-service-2.log}, ...). Single JVMs can be stopped, killed and started
 * again, on the same port. Closing stops them all; it may happen from another thread while they start (Ctrl-C), and
 * then the start fails with {@link DevstackStopped}.
 * <p>
 * Once all were up, a service nobody stopped is restarted, on its port, when its JVM exits or its liveness probes fail
 * ({@link RestartPolicy}), with a warning naming it, the reason and the count. A stop or kill through this class is
 * asked for, and restarts nothing; an explicit {@link #start(ServiceInstance)} takes over from a restart still
 * waiting, and waits for one already launched rather than launching a second JVM.
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
    private final Consumer<ServiceInstance> restarted;
    private final List<ServiceInstance> instances;
    private final ClassDataSharing archives = ClassDataSharing.forThisJava();
    private final Map<ServiceInstance, ChildJvm> children = new HashMap<>();
    private final Map<ServiceInstance, ArchivedLaunch> launches = new HashMap<>();
    /** Done once the exit of each JVM launched was handled (a training run's archive kept). */
    private final List<CompletableFuture<Void>> exitsHandled = new ArrayList<>();
    private final Map<ServiceInstance, Watch> watches = new HashMap<>();
    private final Set<ServiceInstance> stopping = new HashSet<>();
    private final ScheduledExecutorService watcher = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("devstack-watch-", 0).daemon().factory());
    private boolean closed;
    /** Set once every service was healthy: from then on an exit nobody asked for is restarted. */
    private boolean up;

    /** What the watch knows of one JVM: its probes, its restarts, and a restart waiting to happen. */
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
     * @param wiring         the ports and settings of every service JVM: the ones this supervises
     * @param probe          asks a service whether it is healthy
     * @param startupTimeout how long the services together may take to become healthy (and a restarted one)
     * @param restarts       when a service nobody stopped is restarted
     * @param restarted      told after a service was restarted (its pid changed)
     */
    ServiceSupervisor(Path repository, DataDirectory data, ServiceWiring wiring, HealthProbe probe, Duration startupTimeout,
                      RestartPolicy restarts, Consumer<ServiceInstance> restarted) {
        this.repository = repository;
        this.data = data;
        this.wiring = wiring;
        this.probe = probe;
        this.startupTimeout = startupTimeout;
        this.restarts = restarts;
        this.restarted = restarted;
        this.instances = wiring.instances();
        for (ServiceInstance instance : instances) {
            watches.put(instance, new Watch());
        }
    }

    /**
     * A port for every JVM of a devstack with {@code ledgerNodes} ledger nodes, all different, in launch order: the
     * gateway's is {@code gatewayPort} unless that is 0, the others free ones.
     */
    static Map<ServiceInstance, Integer> ports(int gatewayPort, int ledgerNodes) {
        Map<ServiceInstance, Integer> ports = new LinkedHashMap<>();
        Set<Integer> taken = new HashSet<>();
        if (gatewayPort != 0) {
            taken.add(gatewayPort);
        }
        for (ServiceInstance instance : ServiceInstance.all(ledgerNodes)) {
            if (instance.service() == Service.GATEWAY && gatewayPort != 0) {
                ports.put(instance, gatewayPort);
                continue;
            }
            int port;
            do {
                port = FreePort.any();
            } while (!taken.add(port));
            ports.put(instance, port);
        }
        return ports;
    }

    /**
     * The JVM options of a service JVM: C2 on (no {@code TieredStopAtLevel}: the steady state gets optimised code and the
     * crypto intrinsics), the Serial collector (six JVMs, Kafka and PostgreSQL share two cores: no GC threads to
     * compete, least overhead per collection for heaps this small), its own {@code -Xmx} (at most 512 MiB), and an exit
     * on {@link OutOfMemoryError}, so a JVM that lost threads to it is restarted rather than left half alive.
     */
    static List<String> jvmOptions(ServiceInstance instance) {
        return List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx" + instance.maxHeapMiB() + "m", "-XX:+ExitOnOutOfMemoryError");
    }

    /**
     * Launches every service JVM, all at once, and returns when all are healthy.
     *
     * @throws ServiceDidNotStart for each JVM that exited or that was not healthy in time (the others
     *                            suppressed in the first), with the tail of its log
     * @throws DevstackStopped    when closed meanwhile
     */
    void startAll() {
        log.info("Starting {} service JVMs (logs in {})", instances.size(), data.logs());
        Map<ServiceInstance, CompletableFuture<ArchivedLaunch>> prepared = new HashMap<>();
        try (var preparing = Executors.newVirtualThreadPerTaskExecutor()) {
            // extracting the jars (after a build) takes a few seconds each: all at once, each jar once (its first
            // JVM's preparation extracts it, the ledger's other nodes find it extracted)
            for (ServiceInstance instance : instances) {
                if (instance.node() == 1) {
                    prepared.put(instance, CompletableFuture.supplyAsync(() -> prepare(instance), preparing));
                }
            }
        }
        for (ServiceInstance instance : instances) {
            launch(instance, instance.node() == 1 ? prepared.get(instance).join() : prepare(instance), null);
        }
        awaitHealthy(new LinkedHashSet<>(instances));
        synchronized (this) {
            if (closed) {
                throw new DevstackStopped("waiting for the services");
            }
            up = true;
            watcher.scheduleWithFixedDelay(this::probeAll, restarts.probeInterval().toMillis(), restarts.probeInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private ArchivedLaunch prepare(ServiceInstance instance) {
        return archives.prepare(instance.jar(repository), jvmOptions(instance));
    }

    /** Launches the instance's JVM; {@code restart} names why when the devstack restarts it on its own. */
    private synchronized ChildJvm launch(ServiceInstance instance, ArchivedLaunch prepared, String restart) {
        if (closed) {
            throw new DevstackStopped("starting " + instance.name());
        }
        ArchivedLaunch launch = oneTrainingPerArchive(instance, prepared);
        ServiceWiring.Launch wired = wiring.launch(instance);
        List<String> command = new ArrayList<>(launch.command());
        command.addAll(wired.arguments());
        Path logFile = data.log(instance.name());
        if (restart != null) {
            note(logFile, "==== devstack restarts " + instance.name() + ": " + restart);
        }
        if (launch.training()) {
            note(logFile, "==== no class-data archive for this build yet: this run trains it (written when it stops)");
        } else if (prepared.training()) {
            note(logFile, "==== no class-data archive for this build yet: another JVM trains it, this one starts without");
        }
        ChildJvm child = ChildJvm.start(instance.name(), command, wired.environment(), data.root(), logFile);
        stopping.remove(instance);
        children.put(instance, child);
        launches.put(instance, launch);
        watches.get(instance).launched();
        exitsHandled.removeIf(CompletableFuture::isDone);
        exitsHandled.add(child.onExit().thenRun(() -> exited(instance, child, launch)));
        return child;
    }

    /**
     * The launch, or when another JVM (another ledger node) is training the same archive, the launch without
     * training: one training run per archive, so one assembly. Holds the lock.
     */
    private ArchivedLaunch oneTrainingPerArchive(ServiceInstance instance, ArchivedLaunch launch) {
        if (!launch.training()) {
            return launch;
        }
        boolean trainedElsewhere = children.entrySet().stream().anyMatch(other -> !other.getKey().equals(instance)
                && other.getValue().isAlive() && launches.get(other.getKey()).training()
                && launches.get(other.getKey()).archive().equals(launch.archive()));
        return trainedElsewhere ? launch.untrained() : launch;
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

    private void exited(ServiceInstance instance, ChildJvm child, ArchivedLaunch launch) {
        launch.exited(instance.name(), child.exitCode());
        synchronized (this) {
            Watch watch = watches.get(instance);
            if (!up || closed || stopping.contains(instance) || children.get(instance) != child || watch.pendingRestart != null) {
                return;
            }
            restartLater(instance, child, "its JVM exited with code " + child.exitCode());
        }
    }

    /** One round of liveness probes; a JVM that fails enough of them in a row is restarted. */
    private void probeAll() {
        for (ServiceInstance instance : instances) {
            ChildJvm child;
            synchronized (this) {
                child = children.get(instance);
                if (closed) {
                    return;
                }
                if (child == null || !child.isAlive() || stopping.contains(instance) || watches.get(instance).pendingRestart != null) {
                    continue;
                }
            }
            HealthProbe.Answer answer = probe.probe(URI.create(wiring.url(instance)), LIVENESS);
            synchronized (this) {
                Watch watch = watches.get(instance);
                if (closed || children.get(instance) != child || stopping.contains(instance) || watch.pendingRestart != null) {
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
                    restartLater(instance, child, "its health check failed " + watch.failedProbes + " times in a row (last answer to GET "
                            + LIVENESS + ": " + answer.summary() + ")");
                }
            }
        }
    }

    /** Stops what is left of the JVM now, and launches a new one after the back-off. Holds the lock. */
    private void restartLater(ServiceInstance instance, ChildJvm child, String reason) {
        Watch watch = watches.get(instance);
        watch.restarts++;
        Duration delay = restarts.delay(watch.restartsInARow++);
        String why = reason + " (restart " + watch.restarts + ")";
        log.warn("{}: {}; restart {} in {} ms (log: {})", instance.name(), reason, watch.restarts, delay.toMillis(), child.logFile());
        if (child.isAlive()) {
            watcher.execute(() -> child.stop(STOP_GRACE));
        }
        watch.pendingRestart = watcher.schedule(() -> restart(instance, child, why), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(ServiceInstance instance, ChildJvm previous, String why) {
        if (previous.isAlive()) {
            previous.kill();
        }
        try {
            ArchivedLaunch launch = prepare(instance);
            synchronized (this) {
                Watch watch = watches.get(instance);
                watch.pendingRestart = null;
                if (closed || stopping.contains(instance) || children.get(instance) != previous) {
                    return; // stopped, or started again, meanwhile
                }
                ChildJvm child = launch(instance, launch, why);
                log.info("{} restarted (pid {}); it has {} s to become healthy", instance.name(), child.pid(), startupTimeout.toSeconds());
            }
            restarted.accept(instance);
        } catch (DevstackStopped stopped) {
            log.debug("{} not restarted: the devstack is stopping", instance.name());
        } catch (RuntimeException e) {
            synchronized (this) {
                watches.get(instance).pendingRestart = null;
                if (!closed && !stopping.contains(instance) && children.get(instance) == previous) {
                    restartLater(instance, previous, "it could not be launched again: " + e.getMessage());
                }
            }
        }
    }

    private void awaitHealthy(Set<ServiceInstance> awaited) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        Instant began = Instant.now();
        Set<ServiceInstance> pending = new LinkedHashSet<>(awaited);
        Map<ServiceInstance, String> lastAnswer = new HashMap<>();
        while (!pending.isEmpty()) {
            ServiceDidNotStart failure = null;
            for (ServiceInstance instance : List.copyOf(pending)) {
                ChildJvm child = child(instance);
                if (!child.isAlive()) {
                    failure = together(failure, new ServiceDidNotStart(instance, "its JVM exited with code " + child.exitCode(),
                            child.logFile(), child.logTail(TAIL_LINES)));
                    continue;
                }
                HealthProbe.Answer answer = probe.probe(URI.create(wiring.url(instance)));
                lastAnswer.put(instance, answer.summary());
                if (answer.healthy()) {
                    pending.remove(instance);
                    sawHealthy(instance, child);
                    log.info("  {} is up on {} ({} s{})", instance.name(), wiring.url(instance),
                            Duration.between(began, Instant.now()).toSeconds(), archiveNote(instance));
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (!pending.isEmpty() && System.nanoTime() > deadline) {
                for (ServiceInstance instance : pending) {
                    ChildJvm child = child(instance);
                    failure = together(failure, new ServiceDidNotStart(instance, "not healthy after " + startupTimeout.toSeconds()
                            + " s (last answer to GET /actuator/health: " + lastAnswer.getOrDefault(instance, "none") + ")",
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

    private synchronized void sawHealthy(ServiceInstance instance, ChildJvm child) {
        if (children.get(instance) == child) {
            watches.get(instance).healthySinceLaunch = true;
        }
    }

    private synchronized String archiveNote(ServiceInstance instance) {
        ArchivedLaunch launch = launches.get(instance);
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

    private synchronized ChildJvm child(ServiceInstance instance) {
        if (closed) {
            throw new DevstackStopped("waiting for " + instance.name());
        }
        return children.get(instance);
    }

    /** Every service JVM it runs, in launch order. */
    List<ServiceInstance> instances() {
        return instances;
    }

    String url(ServiceInstance instance) {
        return wiring.url(instance);
    }

    int port(ServiceInstance instance) {
        return wiring.port(instance);
    }

    /** The pid of the JVM while it runs. */
    synchronized OptionalLong pid(ServiceInstance instance) {
        ChildJvm child = children.get(instance);
        return child != null && child.isAlive() ? OptionalLong.of(child.pid()) : OptionalLong.empty();
    }

    synchronized boolean isRunning(ServiceInstance instance) {
        ChildJvm child = children.get(instance);
        return child != null && child.isAlive();
    }

    /** How often the devstack restarted the JVM on its own. */
    synchronized int restarts(ServiceInstance instance) {
        return watches.get(instance).restarts;
    }

    Path logFile(ServiceInstance instance) {
        return data.log(instance.name());
    }

    /** Stops one service JVM gracefully (SIGTERM, then SIGKILL after 10 s); the others keep running, and it stays stopped. */
    void stop(ServiceInstance instance) {
        ChildJvm child = stopping(instance);
        if (child != null) {
            child.stop(STOP_GRACE);
            log.info("{} stopped", instance.name());
        }
    }

    /** Kills one service JVM at once (SIGKILL), as a crash would; it stays down until started. */
    void kill(ServiceInstance instance) {
        ChildJvm child = stopping(instance);
        if (child != null) {
            child.kill();
            log.info("{} killed", instance.name());
        }
    }

    private synchronized ChildJvm stopping(ServiceInstance instance) {
        Watch watch = watch(instance);
        stopping.add(instance);
        watch.cancelPendingRestart();
        return children.get(instance);
    }

    private synchronized Watch watch(ServiceInstance instance) {
        Watch watch = watches.get(instance);
        if (watch == null) {
            throw new IllegalArgumentException("the devstack runs no " + instance.name() + " (it runs " + instances + ")");
        }
        return watch;
    }

    /**
     * Starts a stopped service JVM again, on its port and with its settings, and waits until it is healthy. One
     * still running (or already restarted by the devstack) is not launched twice: this waits for it instead.
     */
    void start(ServiceInstance instance) {
        boolean running;
        ChildJvm replaced = null;
        synchronized (this) {
            if (closed) {
                throw new DevstackStopped("starting " + instance.name());
            }
            ChildJvm child = children.get(instance);
            Watch watch = watch(instance);
            // a JVM the devstack is about to replace (its health failed) is not the one to wait for
            boolean beingReplaced = watch.pendingRestart != null;
            running = child != null && child.isAlive() && !beingReplaced;
            watch.cancelPendingRestart();
            if (beingReplaced && child != null && child.isAlive()) {
                replaced = child;
                stopping.add(instance); // its exit is asked for; launching the new JVM ends that
            } else {
                stopping.remove(instance);
            }
        }
        if (replaced != null) {
            replaced.kill();
        }
        if (!running) {
            ArchivedLaunch launch = prepare(instance);
            synchronized (this) {
                ChildJvm child = children.get(instance);
                if (child == null || !child.isAlive()) {
                    launch(instance, launch, null);
                }
            }
        }
        awaitHealthy(Set.of(instance));
    }

    /**
     * Stops every service JVM at once (SIGTERM), and kills those still running after 10 s (90 s for a JVM writing its
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
            children.forEach((instance, child) -> running.put(child,
                    launches.get(instance).training() ? TRAINING_STOP_GRACE : STOP_GRACE));
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

package health.datasafe.bench.nodes;

import health.datasafe.bench.DevstackConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A devstack the benchmark starts as a child process, as an operator would ({@code java -jar
 * devstack/target/dsh-devstack-launcher.jar --fresh ...}), in a data directory of its own and with the gateway on a
 * free port, and stops as Ctrl-C does (SIGTERM: services, then Kafka, then PostgreSQL). A separate process, so the load
 * generator's JVM is not also the broker's.
 */
final class LaunchedDevstack implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final Path dataDir;

    private LaunchedDevstack(Process process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
    }

    /**
     * Starts a fresh devstack of {@code nodes} ledger nodes from the service jars under {@code repository}, its output
     * in {@code log}, and returns once it wrote its {@code devstack.json} (all services up).
     */
    static LaunchedDevstack start(Path repository, Path dataDir, int nodes, Duration timeout, Path log)
            throws IOException, InterruptedException {
        Path launcher = repository.resolve("devstack/target/dsh-devstack-launcher.jar");
        if (!Files.isRegularFile(launcher)) {
            throw new DevstackDidNotStart(nodes, log, launcher + " is not built (./mvnw -q -DskipTests package)");
        }
        Files.createDirectories(dataDir);
        Files.createDirectories(log.toAbsolutePath().getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-jar", launcher.toString(), "--repo", repository.toString(),
                "--data-dir", dataDir.toString(), "--fresh", "--port", "0", "--ledger-nodes", Integer.toString(nodes),
                "--startup-timeout", Long.toString(timeout.toSeconds())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var devstack = new LaunchedDevstack(process, dataDir);
        long deadline = System.nanoTime() + timeout.plusSeconds(30).toNanos();
        Path description = dataDir.resolve(DevstackConnection.FILE_NAME);
        while (!Files.isRegularFile(description)) {
            if (!process.isAlive()) {
                throw new DevstackDidNotStart(nodes, log, "it exited with " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                devstack.close();
                throw new DevstackDidNotStart(nodes, log, "no " + description + " after " + timeout.plusSeconds(30));
            }
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        return devstack;
    }

    DevstackConnection connection() {
        return DevstackConnection.read(dataDir);
    }

    /** Stops it as Ctrl-C does, and waits; kills it (and what it started) when that takes more than two minutes. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }
}

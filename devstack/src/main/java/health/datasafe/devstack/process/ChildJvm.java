package health.datasafe.devstack.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One child process (a service's JVM) whose standard output and error are appended to its own log file, each start
 * headed by a line naming the time and the command. Secrets travel in its environment, never on its command line.
 */
public final class ChildJvm {

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildJvm(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workingDirectory} with {@code environment} added to this JVM's environment.
     */
    public static ChildJvm start(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
                                 Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.writeString(logFile, "%n==== devstack starts %s at %s%n==== %s%n".formatted(name, Instant.now(), String.join(" ", command)),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            var builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            return new ChildJvm(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; only meaningful once {@link #isAlive()} is false. */
    public int exitCode() {
        return process.exitValue();
    }

    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    public Path logFile() {
        return logFile;
    }

    /** Asks the JVM to stop (SIGTERM: Spring shuts down gracefully), and kills it if it has not gone within {@code grace}. */
    public void stop(Duration grace) {
        requestStop();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    /** Sends SIGTERM and returns at once. */
    public void requestStop() {
        process.destroy();
    }

    /** Waits up to {@code timeout} for the JVM to exit; answers whether it has. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Kills the JVM at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    /** The last {@code lines} lines of the log (only what this process and its predecessors wrote). */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /** The last {@code lines} lines of a text file, reading at most its last 256 KiB. */
    public static String tail(Path file, int lines) {
        try (var reader = new RandomAccessFile(file.toFile(), "r")) {
            long length = reader.length();
            long from = Math.max(0, length - 256 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            reader.seek(from);
            reader.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ": " + e.getMessage() + ")";
        }
    }
}

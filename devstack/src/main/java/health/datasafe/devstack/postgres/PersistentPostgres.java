package health.datasafe.devstack.postgres;

import health.datasafe.devsupport.PostgresDatabase;
import health.datasafe.devstack.process.FreePort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL (zonky's embedded binaries) whose data directory is one we keep: initialised on first use,
 * reused afterwards, so every schema and row survives a restart. Listens on a free loopback port each start, or
 * {@link #restart()} on the same one (clients keep their JDBC URL through a database outage); superuser
 * {@code postgres}, trust authentication, database {@code postgres}.
 */
public final class PersistentPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    private static final Logger log = LoggerFactory.getLogger(PersistentPostgres.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Path logFile;
    private final PostgresDatabase database;
    private boolean closed;

    private PersistentPostgres(EmbeddedPostgres postgres, Path dataDirectory, Path logFile) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.database = new PostgresDatabase("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", USER, PASSWORD);
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory} (initialised when empty), its server output appended to
     * {@code logFile}. A server left running on the same directory by a crashed devstack is stopped first.
     */
    public static PersistentPostgres start(Path dataDirectory, Path logFile) {
        return start(dataDirectory, logFile, FreePort.any());
    }

    /** Stops this server (a fast shutdown), then starts it again on the same data directory and the same port. */
    public PersistentPostgres restart() {
        close();
        return start(dataDirectory, logFile, port());
    }

    private static PersistentPostgres start(Path dataDirectory, Path logFile, int port) {
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            stopLeftoverServer(dataDirectory);
            var redirect = ProcessBuilder.Redirect.appendTo(logFile.toFile());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // the devstack stops PostgreSQL itself, after the services that use it
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(redirect)
                    .setErrorRedirector(redirect)
                    .start();
            var started = new PersistentPostgres(postgres, dataDirectory, logFile);
            log.info("PostgreSQL at {}, data directory {}", started.database.jdbcUrl(), dataDirectory);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * A postmaster still running on this directory (its pid is the first line of {@code postmaster.pid}) belongs to a
     * devstack that died without stopping it: ask it for a fast shutdown, and kill it if it does not go.
     */
    static void stopLeftoverServer(Path dataDirectory) {
        leftoverServer(dataDirectory).ifPresent(postmaster -> {
            log.warn("Stopping PostgreSQL (pid {}) left running on {}", postmaster.pid(), dataDirectory);
            try {
                // SIGINT is PostgreSQL's fast shutdown: disconnect clients, checkpoint, exit
                new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start().waitFor();
                postmaster.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                postmaster.destroyForcibly();
                postmaster.onExit().join();
            }
        });
    }

    private static Optional<ProcessHandle> leftoverServer(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.getFirst().strip());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public PostgresDatabase database() {
        return database;
    }

    public int port() {
        return postgres.getPort();
    }

    /** A fast shutdown ({@code pg_ctl stop -m fast}): clients are disconnected, data is checkpointed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
            log.info("PostgreSQL stopped");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        }
    }
}

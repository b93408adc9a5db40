package health.datasafe.devstack.datadir;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The devstack's data directory: Kafka's logs, PostgreSQL's data, the keys, the logs and {@code devstack.json}.
 * Held under an exclusive lock while a devstack runs on it, so two never share one.
 */
public final class DataDirectory implements AutoCloseable {

    /** The file that describes a running devstack to tools. */
    public static final String DESCRIPTION = "devstack.json";
    private static final String LOCK = ".lock";
    /** Everything the devstack ever puts here; --fresh wipes nothing else. */
    private static final Set<String> OURS = Set.of(LOCK, DESCRIPTION, "kafka", "postgres", "keys", "logs");
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it; fails when another devstack holds it. */
    public static DataDirectory open(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new DataDirectoryInUse(root);
            }
            return new DataDirectory(root, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + root + " as the data directory: " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path postgres() {
        return root.resolve("postgres");
    }

    public Path keys() {
        return root.resolve("keys");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path log(String name) {
        return logs().resolve(name + ".log");
    }

    public Path description() {
        return root.resolve(DESCRIPTION);
    }

    /**
     * Deletes everything the devstack keeps here. Refuses, touching nothing, when the directory holds anything the
     * devstack did not create, so a mistyped --data-dir cannot wipe someone's files.
     */
    public void wipe() {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> all = entries.toList();
            List<String> foreign = all.stream().map(p -> p.getFileName().toString()).filter(name -> !OURS.contains(name)).sorted().toList();
            if (!foreign.isEmpty()) {
                throw new NotADevstackDirectory(root, foreign);
            }
            for (Path entry : all) {
                if (!entry.getFileName().toString().equals(LOCK)) {
                    deleteRecursively(entry);
                }
            }
            log.info("Wiped {}", root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + root + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Service JVMs that a devstack which died without stopping them (SIGKILL, power loss) left running: their pids
     * are in the {@code devstack.json} it left behind. Each one still alive and still running that service's jar is
     * stopped, so the new stack does not share the database with a ghost. Answers the services stopped.
     */
    public List<String> stopLeftoverServices() {
        Path description = description();
        if (!Files.exists(description)) {
            return List.of();
        }
        List<ProcessHandle> leftovers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            JsonNode services = JSON.readTree(description.toFile()).path("services");
            for (Map.Entry<String, JsonNode> service : services.properties()) {
                long pid = service.getValue().path("pid").asLong(-1);
                // ledger-service-2 runs the ledger-service's jar; a description from before ledger nodes has no module
                JsonNode module = service.getValue().path("module");
                String jar = "/" + (module.isString() ? module.asString() : service.getKey()) + ".jar";
                ProcessHandle.of(pid)
                        .filter(ProcessHandle::isAlive)
                        .filter(process -> process.info().commandLine().map(line -> line.contains(jar)).orElse(false))
                        .ifPresent(process -> {
                            log.warn("Stopping {} (pid {}) left running by an earlier devstack", service.getKey(), pid);
                            process.destroy();
                            leftovers.add(process);
                            names.add(service.getKey());
                        });
            }
        } catch (JacksonException e) {
            log.warn("Ignoring unreadable {}: {}", description, e.getMessage());
        }
        for (ProcessHandle process : leftovers) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
                process.onExit().join();
            }
        }
        try {
            Files.deleteIfExists(description);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Releases the lock; the data stays. */
    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

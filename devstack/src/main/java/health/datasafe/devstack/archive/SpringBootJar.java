package health.datasafe.devstack.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A Spring Boot executable jar and its extracted form. The executable jar loads its libraries through Spring Boot's
 * nested-jar class loader, which class-data sharing cannot archive; the extracted form (Spring Boot's
 * {@code java -Djarmode=tools -jar app.jar extract}: the application's own jar beside {@code lib/}, named in its
 * manifest's {@code Class-Path}) is a plain class path that it can.
 */
final class SpringBootJar {

    private static final Logger log = LoggerFactory.getLogger(SpringBootJar.class);
    private static final long EXTRACT_TIMEOUT_SECONDS = 180;

    private SpringBootJar() {
    }

    /** Whether {@code jar} is a Spring Boot executable jar (its manifest names the Spring Boot version). */
    static boolean isOne(Path jar) {
        try (var file = new JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Version") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The extracted form of {@code jar} in {@code destination}, extracted now unless it already is there. The
     * extraction happens in a directory of its own, moved into place whole, so a devstack never starts from half an
     * extraction, not even when two of them extract the same jar at once. Empty when the extraction failed (logged).
     */
    static Optional<Path> extracted(Path java, Path jar, Path destination) {
        Path extracted = destination.resolve(jar.getFileName());
        if (Files.isRegularFile(extracted)) {
            return Optional.of(extracted);
        }
        Path temporary = destination.resolveSibling(destination.getFileName() + ".extracting-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        Path output = temporary.resolveSibling(temporary.getFileName() + ".log");
        try {
            Files.createDirectories(destination.getParent());
            List<String> command = List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-Djarmode=tools", "-jar", jar.toString(),
                    "extract", "--destination", temporary.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            boolean ended = process.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!ended || process.exitValue() != 0 || !Files.isRegularFile(temporary.resolve(jar.getFileName()))) {
                process.destroyForcibly();
                log.warn("Could not extract {} for class-data sharing ({}); it starts from the jar, without an archive: {}", jar,
                        ended ? "exit code " + process.exitValue() : "no end after " + EXTRACT_TIMEOUT_SECONDS + " s",
                        Files.readString(output, StandardCharsets.UTF_8).strip());
                return Optional.empty();
            }
            try {
                Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherDevstackWasFaster) {
                log.debug("{} was extracted meanwhile by another devstack", jar);
            }
            return Files.isRegularFile(extracted) ? Optional.of(extracted) : Optional.empty();
        } catch (IOException e) {
            log.warn("Could not extract {} for class-data sharing ({}); it starts from the jar, without an archive", jar, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            deleteTree(temporary);
            deleteTree(output);
        }
    }

    /** Deletes a directory and everything in it, as far as it can; what cannot be deleted stays. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.debug("Could not delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.debug("Could not delete {}: {}", root, e.toString());
        }
    }
}

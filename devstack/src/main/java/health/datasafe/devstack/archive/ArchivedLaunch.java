package health.datasafe.devstack.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * One launch of a JVM as {@link ClassDataSharing} prepared it: the command, and when it is a training run, where its
 * JVM writes at exit what it loaded and where the archive goes once complete. The JVM writes to a name of its own;
 * only after a clean exit is the file moved, atomically, to the archive's name (or, for the AOT cache, handed to its
 * assembly), so a JVM never starts from half an archive (a SIGKILL in the middle of writing leaves a partial file,
 * which is deleted).
 *
 * @param command        the whole command line: java, options, {@code -jar} and the jar
 * @param trainingOutput where a training run's JVM writes the archive; {@code null} when not training
 * @param archive        the archive this launch starts from or trains; {@code null} when it has none
 * @param assembled      whether the training output is an AOT configuration, assembled into the archive afterwards
 *                       ({@link AotCacheAssembly})
 */
public record ArchivedLaunch(List<String> command, Path trainingOutput, Path archive, boolean assembled) {

    /** What a finished AOT training run's output is renamed to while its cache is assembled ({@link AotCacheAssembly}). */
    static final String CONFIGURATION_SUFFIX = ".aotconf";

    private static final Logger log = LoggerFactory.getLogger(ArchivedLaunch.class);
    /** What {@link Process#exitValue()} says of a JVM killed with SIGKILL. */
    static final int KILLED = 128 + 9;

    static ArchivedLaunch plain(List<String> command) {
        return new ArchivedLaunch(command, null, null, false);
    }

    static ArchivedLaunch using(List<String> command, Path archive) {
        return new ArchivedLaunch(command, null, archive, false);
    }

    static ArchivedLaunch training(List<String> command, Path output, Path archive, boolean assembled) {
        return new ArchivedLaunch(command, output, archive, assembled);
    }

    private static boolean isTrainingOption(String option) {
        return option.startsWith("-XX:AOTMode=") || option.startsWith("-XX:AOTConfiguration=")
                || option.startsWith("-XX:ArchiveClassesAtExit=");
    }

    /** This launch without its training: the same command, starting without an archive and writing none. */
    public ArchivedLaunch untrained() {
        return training() ? plain(command.stream().filter(option -> !isTrainingOption(option)).toList()) : this;
    }

    /** Whether the JVM writes the archive (or what it is assembled from) when it exits. */
    public boolean training() {
        return trainingOutput != null;
    }

    /** The archive it starts from, if any. */
    public Optional<Path> startsFrom() {
        return training() ? Optional.empty() : Optional.ofNullable(archive);
    }

    /**
     * Called once the JVM has exited: a training run's archive becomes usable if the JVM exited on its own or on
     * SIGTERM (then the JVM, and for the AOT cache the JVM it starts to assemble it, finished writing before it
     * exited); after SIGKILL what it wrote is deleted.
     */
    public void exited(String name, int exitCode) {
        if (!training()) {
            return;
        }
        try {
            if (exitCode != KILLED && Files.isRegularFile(trainingOutput) && Files.size(trainingOutput) > 0) {
                if (assembled) {
                    Path configuration = trainingOutput.resolveSibling(trainingOutput.getFileName() + CONFIGURATION_SUFFIX);
                    Files.move(trainingOutput, configuration, StandardCopyOption.ATOMIC_MOVE);
                    AotCacheAssembly.start(name, command.stream().filter(option -> !isTrainingOption(option)).toList(),
                            configuration, archive);
                    return;
                }
                Files.move(trainingOutput, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                log.info("{} wrote its class-data archive {} ({} MiB); its next start uses it", name, archive,
                        Files.size(archive) / (1024 * 1024));
            } else {
                log.debug("{} exited with code {} before writing its class-data archive", name, exitCode);
            }
        } catch (IOException e) {
            log.warn("{}: could not keep its class-data archive {}: {}", name, archive, e.toString());
        } finally {
            try {
                Files.deleteIfExists(trainingOutput);
            } catch (IOException e) {
                log.debug("Could not delete {}: {}", trainingOutput, e.toString());
            }
        }
    }
}

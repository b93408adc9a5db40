package health.datasafe.devstack.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Launches Spring Boot jars so that their JVMs start from a class-data archive, which keeps start-up quick with C2 on
 * (the alternative, C1 only, costs the steady state its crypto intrinsics and optimised code). Beside each jar, in
 * {@code devstack-jvm/<size>-<mtime>/} of its {@code target} directory (so a rebuilt jar never meets an archive of
 * the one before, and {@code mvn clean} removes both), it keeps:
 * <pre>
 *   app/&lt;module&gt;.jar, app/lib/          the jar's extracted form ({@link SpringBootJar})
 *   &lt;kind&gt;-&lt;java&gt;-&lt;options&gt;.aot|.jsa    the archive, one per Java version and JVM options
 * </pre>
 * The first launch after a build has no archive: it is the training run, and its JVM records what it loaded when it
 * exits cleanly (the devstack stopping it), from which the archive is made; every later launch starts from it. No extra step for the user, and nothing
 * depends on it: a jar that cannot be extracted starts as it is, and a JVM that cannot use its archive starts without.
 */
public final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);
    static final String DIRECTORY = "devstack-jvm";
    public static final String SWITCH = "DSH_DEVSTACK_CLASS_DATA_SHARING";
    private static final AtomicLong TRAININGS = new AtomicLong();
    /** A training run's output is named after its archive, with this and the devstack's pid and a counter. */
    private static final String TRAINING_INFIX = ".training-";
    /** How long an AOT cache's assembly may take before its configuration counts as left behind. */
    static final Duration ASSEMBLY_PATIENCE = Duration.ofMinutes(15);

    private final Path java;
    private final String javaVersion;
    private final ArchiveKind kind;

    ClassDataSharing(Path java, String javaVersion, ArchiveKind kind) {
        this.java = java;
        this.javaVersion = javaVersion.replaceAll("[^A-Za-z0-9.]", "_");
        this.kind = kind;
    }

    /**
     * For child JVMs of this JVM's own Java: the AOT cache on Java 25 and later, dynamic CDS before; none at all when
     * the environment variable {@value #SWITCH} is {@code off} (to compare, or to rule archives out).
     */
    public static ClassDataSharing forThisJava() {
        return new ClassDataSharing(Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().toString(),
                "off".equalsIgnoreCase(System.getenv(SWITCH)) ? null : ArchiveKind.forJava(Runtime.version()));
    }

    public Path java() {
        return java;
    }

    /** The kind of archive, empty when archives are switched off. */
    public Optional<ArchiveKind> kind() {
        return Optional.ofNullable(kind);
    }

    /**
     * How to launch {@code jar} with the JVM {@code options}: a Spring Boot jar from its extracted form, starting
     * from its archive when there is one and otherwise as the run that trains it; any other jar as it is (a small
     * program starts quickly without).
     */
    public ArchivedLaunch prepare(Path jar, List<String> options) {
        if (kind == null || !SpringBootJar.isOne(jar)) {
            return ArchivedLaunch.plain(command(options, List.of(), jar));
        }
        Optional<Path> home = home(jar);
        Optional<Path> extracted = home.flatMap(directory -> SpringBootJar.extracted(java, jar, directory.resolve("app")));
        if (extracted.isEmpty()) {
            return ArchivedLaunch.plain(command(options, List.of(), jar));
        }
        return archived(extracted.get(), home.get(), options);
    }

    /** {@code jar} launched with the archive in {@code directory}, or training it there. */
    ArchivedLaunch archived(Path jar, Path directory, List<String> options) {
        Path archive = directory.resolve(archiveName(options));
        if (isUsable(archive)) {
            return ArchivedLaunch.using(command(options, kind.use(archive), jar), archive);
        }
        if (assemblyUnderWay(directory, archive)) {
            // its cache is being assembled from an earlier run: start without one rather than train a second, whose
            // assembly would compete with the first (a start right after a stop made twelve on two cores)
            return ArchivedLaunch.plain(command(options, List.of(), jar));
        }
        Path output = directory.resolve(archive.getFileName() + TRAINING_INFIX + ProcessHandle.current().pid() + "-"
                + TRAININGS.incrementAndGet());
        return ArchivedLaunch.training(command(options, kind.train(output), jar), output, archive, kind.assembled());
    }

    private List<String> command(List<String> options, List<String> archiveOptions, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(options);
        command.addAll(archiveOptions);
        command.add("-jar");
        command.add(jar.toString());
        return List.copyOf(command);
    }

    /**
     * Whether an AOT configuration for {@code archive} is waiting for, or in, its assembly ({@link AotCacheAssembly}
     * deletes it when done); one older than {@link #ASSEMBLY_PATIENCE} was left by an assembly that was killed.
     */
    private static boolean assemblyUnderWay(Path directory, Path archive) {
        String prefix = archive.getFileName() + TRAINING_INFIX;
        long since = System.currentTimeMillis() - ASSEMBLY_PATIENCE.toMillis();
        try (var files = Files.list(directory)) {
            return files.anyMatch(file -> {
                String name = file.getFileName().toString();
                try {
                    return name.startsWith(prefix) && name.endsWith(ArchivedLaunch.CONFIGURATION_SUFFIX)
                            && Files.getLastModifiedTime(file).toMillis() > since;
                } catch (IOException e) {
                    return false; // gone meanwhile: assembled
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isUsable(Path archive) {
        try {
            return Files.isRegularFile(archive) && Files.size(archive) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The archive's name: its kind, the Java version and the JVM options it was made with (the JVM checks both). */
    String archiveName(List<String> options) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + javaVersion + "-"
                + sha256(String.join("\n", options)).substring(0, 12) + "." + kind.extension();
    }

    /**
     * {@code target/devstack-jvm/<size>-<mtime>} for this build of the jar; the directories of earlier builds go (their
     * jar is gone, so nothing can start from them again).
     */
    private static Optional<Path> home(Path jar) {
        try {
            Path base = jar.resolveSibling(DIRECTORY);
            String build = jar.getFileName() + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
            Path home = base.resolve(build);
            if (!Files.isDirectory(home)) {
                Files.createDirectories(home);
                try (Stream<Path> builds = Files.list(base)) {
                    builds.filter(other -> !other.equals(home) && other.getFileName().toString().startsWith(jar.getFileName() + "-"))
                            .forEach(SpringBootJar::deleteTree);
                }
            }
            return Optional.of(home);
        } catch (IOException e) {
            log.warn("No class-data archive for {} ({}); it starts from the jar", jar, e.toString());
            return Optional.empty();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

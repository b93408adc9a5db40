package health.datasafe.devstack.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * The kind of class-data archive a JVM can make of an application and start from. Java 25 and later have the AOT
 * cache (JEP 483: classes loaded and linked ahead of time; JEP 515: with the training run's method profiles, so C2
 * reaches its steady state sooner); Java 21 to 24 have the dynamic CDS archive (classes parsed ahead of time). The
 * training JVM records what it loaded when it exits: the dynamic CDS archive itself, or the AOT configuration, from
 * which a separate JVM assembles the cache ({@link AotCacheAssembly}; assembling it inside the exiting JVM, as
 * {@code -XX:AOTCacheOutput} does, took six services more than 90 s on two busy cores). Both are only an
 * optimisation: a JVM given an archive it cannot use says so in its output and starts without it.
 */
public enum ArchiveKind {
    AOT_CACHE("aot", "-XX:AOTMode=record -XX:AOTConfiguration=", "-XX:AOTCache="),
    DYNAMIC_CDS("jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=");

    private final String extension;
    private final String trainOption;
    private final String useOption;

    ArchiveKind(String extension, String trainOption, String useOption) {
        this.extension = extension;
        this.trainOption = trainOption;
        this.useOption = useOption;
    }

    /** The best kind the given Java version offers. */
    public static ArchiveKind forJava(Runtime.Version version) {
        return version.feature() >= 25 ? AOT_CACHE : DYNAMIC_CDS;
    }

    String extension() {
        return extension;
    }

    /** The options of a JVM that writes what it loaded (the archive, or the AOT configuration) to {@code output} at exit. */
    List<String> train(Path output) {
        String[] options = (trainOption + output).split(" ");
        return List.of(options);
    }

    /** Whether what a training run writes must still be assembled into the archive. */
    boolean assembled() {
        return this == AOT_CACHE;
    }

    /** The options of a JVM that starts from {@code archive}. */
    List<String> use(Path archive) {
        return List.of(useOption + archive);
    }
}

package health.datasafe.devstack.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * The kind of class-data archive a JVM can make of an application and start from. Java 25 and later have the AOT
 * cache (JEP 483: classes loaded and linked ahead of time; JEP 514: made in one step by a training run; JEP 515: with
 * the training run's method profiles, so C2 reaches its steady state sooner); Java 21 to 24 have the dynamic CDS
 * archive (classes parsed ahead of time, written at exit). Both are written when the training JVM exits, and both are
 * only an optimisation: a JVM given an archive it cannot use says so in its output and starts without it.
 */
public enum ArchiveKind {
    AOT_CACHE("aot", "-XX:AOTCacheOutput=", "-XX:AOTCache="),
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

    /** The options of a JVM that writes its archive to {@code output} when it exits. */
    List<String> train(Path output) {
        return List.of(trainOption + output);
    }

    /** The options of a JVM that starts from {@code archive}. */
    List<String> use(Path archive) {
        return List.of(useOption + archive);
    }
}

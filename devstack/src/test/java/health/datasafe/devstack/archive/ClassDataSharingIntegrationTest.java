package health.datasafe.devstack.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Training and using class-data archives with real JVMs of this JDK, both kinds (the AOT cache of Java 25+, and the
 * dynamic CDS archive the devstack uses on Java 21 to 24, which Java 25 still makes), on a small program.
 */
class ClassDataSharingIntegrationTest {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx64m");

    @TempDir
    Path temp;

    private ClassDataSharing sharing(ArchiveKind kind) {
        return new ClassDataSharing(Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().toString(), kind);
    }

    @ParameterizedTest
    @EnumSource(ArchiveKind.class)
    void theFirstRunTrainsTheArchiveAndTheNextStartsFromIt(ArchiveKind kind) throws Exception {
        Path jar = program();
        Path directory = Files.createDirectories(temp.resolve("archives"));

        ArchivedLaunch first = sharing(kind).archived(jar, directory, OPTIONS);
        assertThat(first.training()).isTrue();
        assertThat(first.startsFrom()).isEmpty();
        Run trained = run(first);
        first.exited("program", trained.exitCode());

        assertThat(trained.exitCode()).as(trained.output()).isZero();
        // the AOT cache is assembled in the background, then its training configuration deleted (just after the cache
        // is moved into place); the dynamic CDS archive is there at once
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(first.archive()).isNotEmptyFile();
            try (var left = Files.list(directory)) {
                assertThat(left.map(path -> path.getFileName().toString()))
                        .as("nothing but the archive and its assembly's log")
                        .allMatch(file -> file.equals(first.archive().getFileName().toString()) || file.endsWith(".log"));
            }
        });
        assertThat(first.trainingOutput()).doesNotExist();
        ArchivedLaunch second = sharing(kind).archived(jar, directory, OPTIONS);
        assertThat(second.training()).isFalse();
        assertThat(second.startsFrom()).contains(first.archive());
        assertThat(second.command()).contains(kind == ArchiveKind.AOT_CACHE ? "-XX:AOTCache=" + first.archive()
                : "-XX:SharedArchiveFile=" + first.archive());
        Run again = run(second);
        assertThat(again.exitCode()).isZero();
        assertThat(again.output()).contains("the program ran").doesNotContain("error");
        assertThat(sharing(kind).archived(jar, directory, List.of("-XX:+UseSerialGC", "-Xmx128m")).training())
                .as("other JVM options, another archive").isTrue();
    }

    @ParameterizedTest
    @EnumSource(ArchiveKind.class)
    void aJvmGivenAnArchiveItCannotUseStartsWithoutIt(ArchiveKind kind) throws Exception {
        Path jar = program();
        Path directory = Files.createDirectories(temp.resolve("archives"));
        Files.writeString(directory.resolve(sharing(kind).archiveName(OPTIONS)), "not an archive at all");

        ArchivedLaunch launch = sharing(kind).archived(jar, directory, OPTIONS);
        assertThat(launch.startsFrom()).isPresent();
        Run run = run(launch);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("the program ran");
    }

    @Test
    void aStartWhileTheCacheIsAssembledStartsWithoutOneAndTrainsNoSecond() throws Exception {
        Path jar = program();
        Path directory = Files.createDirectories(temp.resolve("archives"));
        String archive = sharing(ArchiveKind.AOT_CACHE).archiveName(OPTIONS);
        Files.writeString(directory.resolve(archive + ".training-1-1.aotconf"), "an earlier run's configuration");

        ArchivedLaunch launch = sharing(ArchiveKind.AOT_CACHE).archived(jar, directory, OPTIONS);

        assertThat(launch.training()).isFalse();
        assertThat(launch.startsFrom()).isEmpty();
        assertThat(launch.command()).noneMatch(option -> option.startsWith("-XX:AOT"));
    }

    @Test
    void aConfigurationLeftByAKilledAssemblyDoesNotStopTraining() throws Exception {
        Path jar = program();
        Path directory = Files.createDirectories(temp.resolve("archives"));
        String archive = sharing(ArchiveKind.AOT_CACHE).archiveName(OPTIONS);
        Path left = Files.writeString(directory.resolve(archive + ".training-1-1.aotconf"), "left behind");
        Files.setLastModifiedTime(left, FileTime.from(Instant.now()
                .minus(ClassDataSharing.ASSEMBLY_PATIENCE).minusSeconds(60)));

        assertThat(sharing(ArchiveKind.AOT_CACHE).archived(jar, directory, OPTIONS).training()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ArchiveKind.class)
    void aTrainingRunKilledLeavesNoArchive(ArchiveKind kind) throws Exception {
        Path directory = Files.createDirectories(temp.resolve("archives"));
        ArchivedLaunch launch = sharing(kind).archived(program(), directory, OPTIONS);
        Files.writeString(launch.trainingOutput(), "half an archive");

        launch.exited("program", ArchivedLaunch.KILLED);

        assertThat(launch.archive()).doesNotExist();
        assertThat(launch.trainingOutput()).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(ArchiveKind.class)
    void aPlainJarIsLaunchedAsItIsWithoutAnArchive(ArchiveKind kind) throws Exception {
        Path jar = program();

        ArchivedLaunch launch = sharing(kind).prepare(jar, OPTIONS);

        assertThat(launch.training()).isFalse();
        assertThat(launch.archive()).isNull();
        assertThat(launch.command()).endsWith("-jar", jar.toString());
        assertThat(jar.resolveSibling(ClassDataSharing.DIRECTORY)).doesNotExist();
    }

    @Test
    void theKindFollowsTheJavaVersion() {
        assertThat(ArchiveKind.forJava(Runtime.Version.parse("21.0.5"))).isEqualTo(ArchiveKind.DYNAMIC_CDS);
        assertThat(ArchiveKind.forJava(Runtime.Version.parse("24"))).isEqualTo(ArchiveKind.DYNAMIC_CDS);
        assertThat(ArchiveKind.forJava(Runtime.Version.parse("25.0.1"))).isEqualTo(ArchiveKind.AOT_CACHE);
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(ArchivedLaunch launch) throws IOException, InterruptedException {
        Path output = Files.createTempFile(temp, "run", ".log");
        Process process = new ProcessBuilder(launch.command()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the program ends").isTrue();
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** A jar whose program uses a few JDK classes beyond the default archive's, and exits. */
    private Path program() throws IOException {
        Path sources = Files.createDirectories(temp.resolve("src"));
        Path classes = Files.createDirectories(temp.resolve("classes"));
        Path source = sources.resolve("Program.java");
        Files.writeString(source, """
                public class Program {
                    public static void main(String[] args) throws Exception {
                        var digest = java.security.MessageDigest.getInstance("SHA-256").digest("x".getBytes());
                        System.out.println("the program ran " + java.util.HexFormat.of().formatHex(digest).length());
                    }
                }
                """);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString())).isZero();
        Path jar = temp.resolve("program.jar");
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Program");
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("Program.class"));
            out.write(Files.readAllBytes(classes.resolve("Program.class")));
            out.closeEntry();
        }
        return jar;
    }
}

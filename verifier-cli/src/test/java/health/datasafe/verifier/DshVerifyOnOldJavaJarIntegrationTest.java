package health.datasafe.verifier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where {@code java} on the PATH is a Java 17 (as on machines where only JAVA_HOME points to a newer JDK): the jar run
 * by it says in one line which Java it needs, and {@code ./dsh-verify} finds a newer JDK by itself. Runs after
 * {@code package}, like {@link DshVerifyJarIntegrationTest}; skipped where there is no Java 17 at {@link #JAVA_17}.
 */
class DshVerifyOnOldJavaJarIntegrationTest {

    private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    private static final byte[] SPACED_JSON = "{ \"b\": 1,\n  \"a\": [true, null] }".getBytes(StandardCharsets.UTF_8);

    private static Path jar;
    private static Path script;

    @BeforeAll
    static void theJarAndTheScript() {
        jar = Path.of(System.getProperty("dsh-verify.jar", "target/dsh-verify.jar")).toAbsolutePath();
        script = Path.of(System.getProperty("dsh-verify.script", "../dsh-verify")).toAbsolutePath().normalize();
        assertThat(jar).as("the shaded jar; run `./mvnw -pl verifier-cli verify`, which packages it first").isRegularFile();
        assertThat(script).isExecutable();
    }

    @Test
    void onJava17TheJarSaysInOneLineThatItNeedsJava21AndHowToRunItAndExitsTwo() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_17), "no Java 17 at " + JAVA_17);

        Path repository = script.getParent();
        var command = new ProcessBuilder(JAVA_17.toString(), "-jar", jar.toString(), "canonicalize", "-").directory(repository.toFile());

        Run run = Run.childProcess(command, SPACED_JSON).unusable();

        assertThat(run.stderr()).startsWith("dsh-verify: needs Java 21 or newer, and this java is 17 (")
                .contains("\"$JAVA_HOME/bin/java -jar " + repository.relativize(jar) + " ...\"", "./dsh-verify")
                .doesNotContain("UnsupportedClassVersionError");
    }

    @Test
    void theScriptRunsTheJarOnAJdk21OrNewerWhenPathsJavaIs17AndJavaHomeIsUnset() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_17), "no Java 17 at " + JAVA_17);
        assumeTrue(System.getProperty("java.home").startsWith("/usr/lib/jvm/"),
                "the script looks for a newer JDK in /usr/lib/jvm, and this one is elsewhere");

        assertThat(script(SPACED_JSON, "canonicalize", "-").valid().out()).isEqualTo("{\"a\":[true,null],\"b\":1}");
        assertThat(script(new byte[0], "--help").valid().out()).contains("Exit status:");
        script("{\"a\":".getBytes(StandardCharsets.UTF_8), "canonicalize", "-").unusable();
        script(new byte[0], "no-such-command").unusable();
    }

    /** {@code ./dsh-verify ARGS} from the repository root, with only Java 17's bin first on the PATH and no JAVA_HOME. */
    private static Run script(byte[] stdin, String... args) throws Exception {
        var command = new ProcessBuilder(script.toString()).directory(script.getParent().toFile());
        command.command().addAll(java.util.List.of(args));
        command.environment().remove("JAVA_HOME");
        command.environment().put("PATH", JAVA_17.getParent() + File.pathSeparator + System.getenv("PATH"));
        return Run.childProcess(command, stdin);
    }
}

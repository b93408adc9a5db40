package health.datasafe.verifier;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The jar's Main-Class, compiled for Java 8 (see the pom) so that an older {@code java} can run it: on Java 21 or
 * newer it hands over to {@link DshVerify}; on an older one it says in one line which Java dsh-verify needs and how
 * to run it, and exits 2 (unusable), instead of an {@code UnsupportedClassVersionError}. Only Java 8 API here.
 */
public final class DshVerifyLauncher {

    static final int REQUIRED_JAVA = 21;

    private DshVerifyLauncher() {
    }

    public static void main(String[] args) {
        int java = javaMajor(System.getProperty("java.specification.version", ""));
        if (java < REQUIRED_JAVA) {
            System.err.println(tooOld(java, System.getProperty("java.home", "?"), jar()));
            System.exit(DshVerify.UNUSABLE);
            return;
        }
        DshVerify.main(args);
    }

    /** {@code 1.8} is 8, {@code 17} is 17; what cannot be read counts as new enough, so the JVM has the last word. */
    static int javaMajor(String specificationVersion) {
        String version = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static String tooOld(int java, String javaHome, String jar) {
        return "dsh-verify: needs Java " + REQUIRED_JAVA + " or newer, and this java is " + java + " (" + javaHome + "); run "
                + "\"$JAVA_HOME/bin/java -jar " + jar + " ...\" with JAVA_HOME a JDK " + REQUIRED_JAVA
                + "+, or ./dsh-verify in the DataSafeHealth repository, which finds one";
    }

    /** This jar as the user named it: relative to the working directory when it lies below it. */
    private static String jar() {
        try {
            Path jar = Paths.get(DshVerifyLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path here = Paths.get("").toAbsolutePath();
            return jar.startsWith(here) ? here.relativize(jar).toString() : jar.toString();
        } catch (URISyntaxException | RuntimeException e) {
            return "dsh-verify.jar";
        }
    }
}

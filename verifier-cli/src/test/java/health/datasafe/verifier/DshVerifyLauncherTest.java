package health.datasafe.verifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DshVerifyLauncherTest {

    @Test
    void readsTheMajorVersionOfOldAndNewJavaSpecificationVersions() {
        assertThat(DshVerifyLauncher.javaMajor("1.8")).isEqualTo(8);
        assertThat(DshVerifyLauncher.javaMajor("11")).isEqualTo(11);
        assertThat(DshVerifyLauncher.javaMajor("17")).isEqualTo(17);
        assertThat(DshVerifyLauncher.javaMajor("21")).isEqualTo(21);
        assertThat(DshVerifyLauncher.javaMajor("25.0")).isEqualTo(25);
    }

    @Test
    void aVersionItCannotReadCountsAsNewEnoughSoTheJvmDecides() {
        assertThat(DshVerifyLauncher.javaMajor("")).isGreaterThanOrEqualTo(DshVerifyLauncher.REQUIRED_JAVA);
        assertThat(DshVerifyLauncher.javaMajor("zulu")).isGreaterThanOrEqualTo(DshVerifyLauncher.REQUIRED_JAVA);
    }

    @Test
    void theMessageForAnOldJavaIsOneLineNamingBothWaysToRunIt() {
        String message = DshVerifyLauncher.tooOld(17, "/usr/lib/jvm/java-17", "verifier-cli/target/dsh-verify.jar");

        assertThat(message).doesNotContain("\n").contains("Java 21 or newer", "this java is 17 (/usr/lib/jvm/java-17)",
                "\"$JAVA_HOME/bin/java -jar verifier-cli/target/dsh-verify.jar ...\"", "./dsh-verify");
    }
}

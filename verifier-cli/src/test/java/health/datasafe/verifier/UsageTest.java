package health.datasafe.verifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Help, version and usage errors: help on stdout with exit 0, any usage error one line on stderr with exit 2. */
class UsageTest {

    @Test
    void helpListsEveryCommandTheHexRuleAndTheExitCodes() {
        String help = Run.of("--help").valid().out();
        assertThat(help).contains("canonicalize", "tx-hash", "leaf-hash", "root", "inclusion", "consistency", "checkpoint",
                "bundle", "receipt", "upper or lower case; output is always lower case", "Exit status:",
                "1  invalid", "2  unusable");
        assertThat(Run.of("help", "bundle").valid().out()).contains("Verifies an exported bundle", "--public-key");
    }

    @Test
    void everyCommandHasHelpNamingTheExitCodes() {
        for (String command : new String[] {"canonicalize", "tx-hash", "leaf-hash", "root", "inclusion", "consistency",
                "checkpoint", "bundle", "receipt"}) {
            assertThat(Run.of(command, "--help").valid().out()).as(command)
                    .startsWith("Usage: dsh-verify " + command).contains("Exit status: 0 valid");
        }
    }

    @Test
    void versionIsPrinted() {
        assertThat(Run.of("--version").valid().out()).startsWith("dsh-verify ");
    }

    @Test
    void usageErrorsAreOneLineWithExitCodeTwo() {
        assertThat(Run.of().unusable().stderr()).isEqualTo("dsh-verify: error: no command given (see 'dsh-verify --help')\n");
        assertThat(Run.of("verify-everything").unusable().stderr()).contains("verify-everything");
        assertThat(Run.of("root", "--bogus", "x").unusable().stderr())
                .isEqualTo("dsh-verify root: error: Unknown option: '--bogus' (see 'dsh-verify root --help')\n");
        Run.of("--bogus").unusable();
    }

    @Test
    void exitCodesFollowIntegritysVerdicts() {
        assertThat(DshVerify.exitCodeOf(new health.datasafe.integrity.LedgerInvalid.ChainBroken(0, 1, "a", "b"))).isEqualTo(1);
        assertThat(DshVerify.exitCodeOf(new health.datasafe.integrity.CheckpointInvalid.CheckpointSignatureInvalid("o", "k", "w")))
                .isEqualTo(1);
        assertThat(DshVerify.exitCodeOf(new health.datasafe.integrity.CheckpointInvalid.CheckpointMalformed(2, "w"))).isEqualTo(2);
        assertThat(DshVerify.exitCodeOf(new IllegalStateException("bug"))).isEqualTo(3);
    }
}

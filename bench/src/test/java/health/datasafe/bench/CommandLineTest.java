package health.datasafe.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    @Test
    void everyOptionReachesTheReaderWithItsValueWrittenEitherWay() {
        Map<String, String> seen = new LinkedHashMap<>();

        boolean help = CommandLine.read(new String[]{"--a", "1", "--b=two", "--c=x=y"}, seen::put);

        assertThat(help).isFalse();
        assertThat(seen).containsExactly(Map.entry("--a", "1"), Map.entry("--b", "two"), Map.entry("--c", "x=y"));
    }

    @Test
    void helpIsReportedWhereverItStands() {
        assertThat(CommandLine.read(new String[]{"--a", "1", "--help"}, (n, v) -> { })).isTrue();
        assertThat(CommandLine.read(new String[]{"-h"}, (n, v) -> { })).isTrue();
    }

    @Test
    void aWordThatIsNotAnOptionIsRefused() {
        assertThatThrownBy(() -> CommandLine.read(new String[]{"verify"}, (n, v) -> { }))
                .isInstanceOf(InvalidOption.class).hasMessageContaining("not an option");
    }

    @Test
    void wholeNumbersAcceptUnderscoresAndThousandsSuffixes() {
        assertThat(CommandLine.integer("--n", "200000", 1, 10_000_000)).isEqualTo(200_000);
        assertThat(CommandLine.integer("--n", "200_000", 1, 10_000_000)).isEqualTo(200_000);
        assertThat(CommandLine.integer("--n", "200k", 1, 10_000_000)).isEqualTo(200_000);
        assertThat(CommandLine.integer("--n", "2M", 1, 10_000_000)).isEqualTo(2_000_000);
        assertThatThrownBy(() -> CommandLine.integer("--n", "2.5k", 1, 10_000_000))
                .isInstanceOf(InvalidOption.class).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> CommandLine.integer("--n", "0", 1, 10)).isInstanceOf(InvalidOption.class)
                .hasMessageContaining("between 1 and 10");
    }

    @Test
    void booleansAreWrittenAsWords() {
        assertThat(CommandLine.bool("--x", "yes")).isTrue();
        assertThat(CommandLine.bool("--x", "OFF")).isFalse();
        assertThatThrownBy(() -> CommandLine.bool("--x", "maybe")).isInstanceOf(InvalidOption.class);
    }
}

package health.datasafe.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionValuesTest {

    private final OptionValues.DurationConverter durations = new OptionValues.DurationConverter();
    private final OptionValues.CountConverter counts = new OptionValues.CountConverter();

    @Test
    void durationsAcceptUnitsPlainSecondsAndIso() {
        assertThat(durations.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(durations.convert("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(durations.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(durations.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(durations.convert("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(durations.convert("0s")).isZero();
    }

    @Test
    void aDurationThatIsNoneOrNegativeIsRefused() {
        assertThatThrownBy(() -> durations.convert("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> durations.convert("PT-5S")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void wholeNumbersAcceptUnderscoresAndThousandsSuffixes() {
        assertThat(counts.convert("200000")).isEqualTo(200_000);
        assertThat(counts.convert("200_000")).isEqualTo(200_000);
        assertThat(counts.convert("200k")).isEqualTo(200_000);
        assertThat(counts.convert("2M")).isEqualTo(2_000_000);
        assertThatThrownBy(() -> counts.convert("2.5k")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> counts.convert("9999999999")).isInstanceOf(TypeConversionException.class);
    }
}

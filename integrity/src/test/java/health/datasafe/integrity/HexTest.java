package health.datasafe.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HexTest {

    @Test
    void writesLowercaseAndReadsBothCases() {
        assertThat(Hex.of(new byte[]{0x00, (byte) 0xAB, 0x7f})).isEqualTo("00ab7f");
        assertThat(Hex.parse("00AB7f")).containsExactly(0x00, 0xab, 0x7f);
        assertThat(Hex.parse("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc", "zz", "0x00", " 00", "00 "})
    void refusesWhatIsNotHex(String text) {
        assertThatThrownBy(() -> Hex.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> Hex.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHashIsExactly32Bytes() {
        assertThat(Hex.parseHash("00".repeat(32))).hasSize(32);
        assertThatThrownBy(() -> Hex.parseHash("00".repeat(31))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31 bytes");
        assertThatThrownBy(() -> Hex.parseHash("00".repeat(33))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isHashAcceptsOnly64LowercaseHexDigits() {
        assertThat(Hex.isHash("0a".repeat(32))).isTrue();
        assertThat(Hex.isHash("0A".repeat(32))).isFalse();
        assertThat(Hex.isHash("0a".repeat(31))).isFalse();
        assertThat(Hex.isHash("g0".repeat(32))).isFalse();
        assertThat(Hex.isHash(null)).isFalse();
    }
}

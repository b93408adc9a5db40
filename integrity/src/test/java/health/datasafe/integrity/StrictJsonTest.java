package health.datasafe.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    @Test
    void anEventAsTheServicesWriteItPassesUnchanged() {
        String event = "{\"transaction\":{\"id\":\"5f0c\",\"metadata\":{\"purpose\":\"TREATMENT\"}},\"n\":9007199254740991,"
                + "\"x\":-1.5e300,\"s\":\"\\ud83d\\ude00 \\u00e9\"}";
        assertThat(StrictJson.decode(event.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":\"x\\ud800y\"}",           // a lone high surrogate
            "{\"a\":\"\\udc00\"}",             // a lone low surrogate
            "{\"\\ud800\":1}",                  // in a member name
            "{\"a\":\"x\\u0000y\"}",           // U+0000
            "{\"a\":1e-315}",                    // subnormal
            "{\"a\":1e400}",                     // beyond double range
            "{\"a\":9007199254740992}",          // beyond 2^53 - 1
            "{\"a\":1,\"a\":2}",                 // a duplicate name
            "{\"a\":1} {}",                      // text after the value
            "{\"a\":",                           // truncated
            "",                                   // nothing
            "{\"a\":01}"})                       // a leading zero
    void jsonThatCannotBeStoredOrCanonicalizedIsRefused(String json) {
        assertThatThrownBy(() -> StrictJson.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CanonicalJson.MalformedJson.class);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String allowed = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
        String deeper = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);

        assertThat(StrictJson.decode(allowed.getBytes(StandardCharsets.UTF_8))).isEqualTo(allowed);
        assertThatThrownBy(() -> StrictJson.decode(deeper.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CanonicalJson.MalformedJson.class);
    }

    @Test
    void bytesThatAreNotUtf8OrStartWithAByteOrderMarkAreRefused() {
        byte[] invalid = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};

        for (byte[] input : new byte[][]{invalid, overlong, bom}) {
            assertThatThrownBy(() -> StrictJson.decode(input)).isInstanceOf(CanonicalJson.MalformedJson.class);
        }
    }
}

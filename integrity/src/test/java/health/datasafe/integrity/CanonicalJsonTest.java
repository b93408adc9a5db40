package health.datasafe.integrity;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * RFC 8785 conformance against the reference test data of cyberphone/json-canonicalization
 * (testdata/input and testdata/output, copied unchanged into src/test/resources/jcs), plus the conventions
 * {@link CanonicalJson#of(Object)} adds for Java values.
 */
class CanonicalJsonTest {

    static List<String> referenceFiles() {
        return List.of("arrays.json", "french.json", "simpleString.json", "structures.json", "unicode.json",
                "values.json", "weird.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceFiles")
    void canonicalizesTheReferenceInputToExactlyTheReferenceOutput(String file) throws IOException {
        String input = new String(resource("jcs/input/" + file), StandardCharsets.UTF_8);
        byte[] expected = resource("jcs/output/" + file);

        assertThat(CanonicalJson.canonicalize(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceFiles")
    void canonicalOutputIsAFixedPoint(String file) throws IOException {
        byte[] expected = resource("jcs/output/" + file);

        assertThat(CanonicalJson.canonicalize(new String(expected, StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "{", "}", "[", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "[1 2]", "{'a':1}", "{a:1}",
            "{\"a\":1} x", "[1]]", "[1] [2]", "tru", "nul", "01", "[01]", "1.", "[.5]", "[+1]", "-", "NaN", "[Infinity]",
            "\"unterminated", "\"a\tb\"", "\"\\x\"", "// comment\n{}", "{\"a\":1 /* c */}", "\uFEFF{}"})
    void malformedJsonIsRefused(String text) {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(text)).isInstanceOf(CanonicalJson.MalformedJson.class)
                .hasMessageStartingWith("not valid JSON: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}"})
    void duplicatePropertyNamesAreRefused(String text) {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(text)).isInstanceOf(CanonicalJson.MalformedJson.class)
                .hasMessageContaining("Duplicate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1e400]", "[-1e400]", "1e999"})
    void numbersBeyondDoubleRangeAreRefused(String text) {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(text)).isInstanceOf(CanonicalJson.MalformedJson.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"\\ud800\"]", "{\"\\udc00\":1}", "\"x\\ud83d\"", "[\"\\ude02\\ud83d\"]", "[\"\ud800\"]"})
    void loneSurrogatesAreRefusedRatherThanWrittenAsQuestionMarks(String text) {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(text)).isInstanceOf(CanonicalJson.MalformedJson.class)
                .hasMessageContaining("lone surrogate");
        assertThat(CanonicalJson.canonicalize("[\"?\"]")).asString(StandardCharsets.UTF_8).isEqualTo("[\"?\"]");
    }

    @Test
    void nullIsRefusedAsMalformed() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(null)).isInstanceOf(CanonicalJson.MalformedJson.class);
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> CanonicalJson.canonicalize(deep)).isInstanceOf(CanonicalJson.MalformedJson.class)
                .hasMessageContaining("depth");

        String allowed = "[".repeat(500) + "]".repeat(500);
        assertThat(CanonicalJson.canonicalize(allowed)).asString(StandardCharsets.UTF_8).isEqualTo(allowed);
    }

    @Test
    void topLevelScalarsAreCanonicalizedLikeAnyOtherValue() {
        assertThat(text(" 1E30 ")).isEqualTo("1e+30");
        assertThat(text("-0.0")).isEqualTo("0");
        assertThat(text("\n true\t")).isEqualTo("true");
        assertThat(text("null")).isEqualTo("null");
        assertThat(text("\"\\u20ac\\/\"")).isEqualTo("\"\u20ac/\"");
        assertThat(text("[]")).isEqualTo("[]");
        assertThat(text(" { } ")).isEqualTo("{}");
    }

    @Test
    void numbersAreWrittenAsEcmaScriptDoublesAndStringsWithMinimalEscapes() {
        assertThat(text("[1.0,1e2,-0,0.1e-400,123456789012345678901234567890,1e21,1e-7,0.000001]"))
                .isEqualTo("[1,100,0,0,1.2345678901234568e+29,1e+21,1e-7,0.000001]");
        assertThat(text("[\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\\\u007f\\u00e9\"]"))
                .isEqualTo("[\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\\u007f\u00e9\"]");
    }

    @Test
    void propertiesAreSortedByUtf16CodeUnitsNotByCodePoints() {
        // U+FB33 sorts after U+1F602 by code point, but before it by UTF-16 code unit (0xFB33 > 0xD83D).
        assertThat(text("{\"\\ufb33\":1,\"\\ud83d\\ude02\":2,\"a\":3,\"B\":4}"))
                .isEqualTo("{\"B\":4,\"a\":3,\"\ud83d\ude02\":2,\"\ufb33\":1}");
    }

    @Test
    void javaValuesLeaveOutNullFieldsAndWriteInstantsAsIso8601() {
        var tx = new Transaction("t-1", TransactionType.CONSENT_REVOKED, null, "actor", null, Map.of("consentId", "c-1"),
                Instant.parse("2026-03-14T09:26:53.589Z"), "key", null);

        assertThat(CanonicalJson.of(tx)).asString(StandardCharsets.UTF_8).isEqualTo(
                "{\"actorId\":\"actor\",\"id\":\"t-1\",\"initiator\":\"key\",\"metadata\":{\"consentId\":\"c-1\"},"
                        + "\"submittedAt\":\"2026-03-14T09:26:53.589Z\",\"type\":\"CONSENT_REVOKED\"}");
    }

    @Test
    void instantsAreWrittenAsIsoInstantWithTheFractionOnlyAsLongAsNeeded() {
        assertThat(instant("2026-03-14T09:26:53.589Z")).isEqualTo("\"2026-03-14T09:26:53.589Z\"");
        assertThat(instant("2026-03-14T09:26:53.500Z")).isEqualTo("\"2026-03-14T09:26:53.500Z\"");
        assertThat(instant("2026-03-14T09:26:53Z")).isEqualTo("\"2026-03-14T09:26:53Z\"");
        assertThat(instant("2026-03-14T09:26:53.000001Z")).isEqualTo("\"2026-03-14T09:26:53.000001Z\"");
    }

    @Test
    void emptyMetadataIsWrittenAsAnEmptyObjectAndMetadataKeysAreSorted() {
        var map = new LinkedHashMap<String, String>();
        map.put("validUntil", "2027-01-01T00:00:00Z");
        map.put("action", "read");
        map.put("Grantee", "x");
        var tx = new Transaction("t", TransactionType.CONSENT_GRANTED, "p", "p", null, map, null, null, null);
        var empty = new Transaction("t", TransactionType.CONSENT_REVOKED, "p", "p", null, null, null, null, null);

        assertThat(CanonicalJson.of(tx)).asString(StandardCharsets.UTF_8)
                .contains("\"metadata\":{\"Grantee\":\"x\",\"action\":\"read\",\"validUntil\":\"2027-01-01T00:00:00Z\"}");
        assertThat(CanonicalJson.of(empty)).asString(StandardCharsets.UTF_8).contains("\"metadata\":{}");
    }

    @Test
    void aNullMetadataValueIsKeptAsJsonNull() {
        var map = new TreeMap<String, String>();
        map.put("reason", null);
        assertThat(CanonicalJson.of(map)).asString(StandardCharsets.UTF_8).isEqualTo("{\"reason\":null}");
    }

    @Test
    void blockHeadersAreWrittenWithAllSevenFieldsSorted() {
        var header = new BlockHeader(2, 7, "a".repeat(64), "b".repeat(64), 3, 21, Instant.parse("2026-03-14T09:26:53.589Z"));

        assertThat(CanonicalJson.of(header)).asString(StandardCharsets.UTF_8).isEqualTo(
                "{\"height\":7,\"logSize\":21,\"merkleRoot\":\"" + "b".repeat(64) + "\",\"previousHash\":\"" + "a".repeat(64)
                        + "\",\"shard\":2,\"timestamp\":\"2026-03-14T09:26:53.589Z\",\"txCount\":3}");
    }

    @Test
    void readingCanonicalJsonBackGivesTheSameValue() {
        var header = new BlockHeader(0, 0, Blocks.GENESIS_PREVIOUS_HASH, "c".repeat(64), 1, 1, Instant.parse("2026-03-14T09:26:53Z"));
        assertThat(CanonicalJson.read(CanonicalJson.of(header), BlockHeader.class)).isEqualTo(header);
    }

    private static String text(String json) {
        return new String(CanonicalJson.canonicalize(json), StandardCharsets.UTF_8);
    }

    private static String instant(String iso) {
        return new String(CanonicalJson.of(Instant.parse(iso)), StandardCharsets.UTF_8);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CanonicalJsonTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    /**
     * Found by fuzzing (IntegrityFuzzTest#canonicalize): the canonicalizer's number writer (java-json-canonicalization
     * 1.1, NumberDToA) throws on the subnormal double 1e-314 and writes 1e-320 as "0.000…01e-178". Each must be written
     * as ECMAScript writes it, or refused as MalformedJson.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1e-314", "1e-320", "-1e-320"})
    void aSubnormalNumberIsWrittenAsEcmaScriptDoesOrRefused(String number) {
        assertThat(canonicalOrRefused(number)).isIn("[" + number + "]", "refused");
    }

    /**
     * The same writer never returns on 1e-315 (nor -1e-315): a thread that spins until the JVM exits. So this runs only
     * once the quick cases above pass, when the canonicalizer is presumably fixed; until then it is skipped.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1e-315", "-1e-315"})
    void aSubnormalNumberThatHungTheCanonicalizerIsWrittenOrRefusedAtOnce(String number) {
        assumeTrue(List.of("1e-314", "1e-320").stream().allMatch(quick -> List.of("[" + quick + "]", "refused")
                .contains(canonicalOrRefused(quick))), "the canonicalizer still mishandles subnormal numbers");

        String result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> canonicalOrRefused(number),
                () -> "canonicalizing " + number + " does not return");

        assertThat(result).isIn("[" + number + "]", "refused");
    }

    private static String canonicalOrRefused(String number) {
        try {
            return new String(CanonicalJson.canonicalize("[" + number + "]"), StandardCharsets.UTF_8);
        } catch (CanonicalJson.MalformedJson refused) {
            return "refused";
        }
    }
}

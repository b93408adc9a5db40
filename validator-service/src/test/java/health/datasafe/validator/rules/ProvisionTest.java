package health.datasafe.validator.rules;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A provision is read from a consent's metadata, and refused, naming the field, when it breaks its shape's rules. */
class ProvisionTest {

    private static final Map<String, String> VALID = Map.of(Metadata.GRANTEE, "dr-gp,role:CLINICIAN,org:st-marys",
            Metadata.ACTION, "read,write", Metadata.PURPOSE, "TREATMENT,EMERGENCY",
            Metadata.VALID_FROM, "2026-01-01T00:00:00Z", Metadata.VALID_UNTIL, "2027-01-01T00:00:00Z");

    @Test
    void theRootIsReadFromTheMetadataKeysAndTheExceptionsFromTheirJson() {
        Provision provision = Provision.fromMetadata(with(Metadata.EXCEPTIONS,
                "[{\"securityLabels\":\"PSY\",\"validUntil\":\"2026-06-01T00:00:00Z\"}]"));

        assertThat(provision.type()).isEqualTo(Provision.Type.PERMIT);
        assertThat(provision.actors()).containsExactly("dr-gp", "role:CLINICIAN", "org:st-marys");
        assertThat(provision.actions()).containsExactlyInAnyOrder(Action.READ, Action.WRITE);
        assertThat(provision.purposes()).containsExactlyInAnyOrder(Purpose.TREATMENT, Purpose.EMERGENCY);
        Provision exception = provision.exceptions().getFirst();
        assertThat(exception.type()).as("an exception reverses its parent by default").isEqualTo(Provision.Type.DENY);
        assertThat(exception.start()).as("and keeps its period where it names none").isEqualTo(provision.start());
        assertThat(exception.end()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("end before start", with(Metadata.VALID_UNTIL, "2025-01-01T00:00:00Z"), Metadata.VALID_UNTIL),
                Arguments.of("end equal to start", with(Metadata.VALID_UNTIL, "2026-01-01T00:00:00Z"), Metadata.VALID_UNTIL),
                Arguments.of("a start that is no instant", with(Metadata.VALID_FROM, "yesterday"), Metadata.VALID_FROM),
                Arguments.of("an unknown purpose", with(Metadata.PURPOSE, "TREATMENT,MARKETING"), Metadata.PURPOSE),
                Arguments.of("an unknown action", with(Metadata.ACTION, "delete"), Metadata.ACTION),
                Arguments.of("an unknown resource type", with(Metadata.RESOURCE_TYPE, "Observation,Horoscope"), Metadata.RESOURCE_TYPE),
                Arguments.of("an unknown security label", with(Metadata.SECURITY_LABELS, "PSY,SECRET"), Metadata.SECURITY_LABELS),
                Arguments.of("an unknown role", with(Metadata.GRANTEE, "role:WIZARD"), Metadata.GRANTEE),
                Arguments.of("a grantee that is no id", with(Metadata.GRANTEE, "dr gp"), Metadata.GRANTEE),
                Arguments.of("an empty list entry", with(Metadata.ACTION, "read,"), Metadata.ACTION),
                Arguments.of("a repeated entry", with(Metadata.PURPOSE, "TREATMENT,TREATMENT"), Metadata.PURPOSE),
                Arguments.of("an unknown decision", with(Metadata.DECISION, "maybe"), Metadata.DECISION),
                Arguments.of("a missing grantee", without(Metadata.GRANTEE), Metadata.GRANTEE),
                Arguments.of("exceptions that are not JSON", with(Metadata.EXCEPTIONS, "[{"), Metadata.EXCEPTIONS),
                Arguments.of("exceptions that are no array", with(Metadata.EXCEPTIONS, "{}"), Metadata.EXCEPTIONS),
                Arguments.of("an empty exception list", with(Metadata.EXCEPTIONS, "[]"), Metadata.EXCEPTIONS),
                Arguments.of("an exception that agrees with its parent",
                        with(Metadata.EXCEPTIONS, "[{\"decision\":\"permit\",\"securityLabels\":\"PSY\"}]"), "exceptions[0].decision"),
                Arguments.of("an exception for an action its parent does not grant",
                        with(Metadata.EXCEPTIONS, "[{\"action\":\"manage\"}]"), "exceptions[0].action"),
                Arguments.of("an exception for a purpose its parent does not grant",
                        with(Metadata.EXCEPTIONS, "[{\"purpose\":\"RESEARCH\"}]"), "exceptions[0].purpose"),
                Arguments.of("an exception reaching past its parent's period",
                        with(Metadata.EXCEPTIONS, "[{\"validUntil\":\"2028-01-01T00:00:00Z\"}]"), "exceptions[0].validFrom"),
                Arguments.of("an exception with a key no provision has",
                        with(Metadata.EXCEPTIONS, "[{\"note\":\"hello\"}]"), "exceptions[0].note"),
                Arguments.of("an exception value that is not a string",
                        with(Metadata.EXCEPTIONS, "[{\"recordIds\":[\"r1\"]}]"), "exceptions[0].recordIds"),
                Arguments.of("an exception key given twice",
                        with(Metadata.EXCEPTIONS, "[{\"recordIds\":\"r1\",\"recordIds\":\"r2\"}]"), Metadata.EXCEPTIONS),
                Arguments.of("exceptions nested too deep", with(Metadata.EXCEPTIONS,
                        "[{\"exceptions\":[{\"exceptions\":[{\"exceptions\":[{\"recordIds\":\"r1\"}]}]}]}]"),
                        "exceptions[0].exceptions[0].exceptions[0].exceptions"),
                Arguments.of("a delegation with more than manage", with(Metadata.ACTION, "manage,read"), Metadata.ACTION),
                Arguments.of("a delegation that denies", with(with(Metadata.ACTION, "manage"), Metadata.DECISION, "deny"), Metadata.ACTION),
                Arguments.of("a delegation scoped to records",
                        with(with(Metadata.ACTION, "manage"), Metadata.RECORD_IDS, "r1"), Metadata.ACTION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void aProvisionBreakingItsRulesIsRefusedNamingTheField(String name, Map<String, String> metadata, String field) {
        assertThatThrownBy(() -> Provision.fromMetadata(metadata))
                .isInstanceOfSatisfying(ProvisionInvalid.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith("metadata." + field);
    }

    @Test
    void aConsentHoldsAtMostThirtyTwoProvisions() {
        String many = "[" + String.join(",", java.util.Collections.nCopies(32, "{\"recordIds\":\"r1\"}")) + "]";

        assertThatThrownBy(() -> Provision.fromMetadata(with(Metadata.EXCEPTIONS, many)))
                .isInstanceOf(ProvisionInvalid.class)
                .hasMessageContaining("more than 32");
    }

    @Test
    void anExceptionMayNameAnyRecordTypeOrLabelItsParentLeavesOpen() {
        Provision provision = Provision.fromMetadata(with(Metadata.EXCEPTIONS,
                "[{\"resourceType\":\"Condition\",\"securityLabels\":\"HIV\",\"recordIds\":\"r-1,r-2\"}]"));

        assertThat(provision.exceptions().getFirst().recordIds()).isEqualTo(Set.of("r-1", "r-2"));
    }

    private static Map<String, String> with(String key, String value) {
        return with(VALID, key, value);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        var metadata = new HashMap<>(base);
        metadata.put(key, value);
        return metadata;
    }

    private static Map<String, String> without(String key) {
        var metadata = new HashMap<>(VALID);
        metadata.remove(key);
        return metadata;
    }
}

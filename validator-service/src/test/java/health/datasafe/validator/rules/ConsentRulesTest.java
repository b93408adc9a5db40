package health.datasafe.validator.rules;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.validator.rules.Permission.Basis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static health.datasafe.contracts.Purpose.EMERGENCY;
import static health.datasafe.contracts.Purpose.PATIENT_REQUEST;
import static health.datasafe.contracts.Purpose.PAYMENT;
import static health.datasafe.contracts.Purpose.RESEARCH;
import static health.datasafe.contracts.Purpose.TREATMENT;
import static health.datasafe.validator.rules.Action.MANAGE;
import static health.datasafe.validator.rules.Action.READ;
import static health.datasafe.validator.rules.Action.WRITE;
import static health.datasafe.validator.rules.Permission.Basis.ACTION_NOT_GRANTED;
import static health.datasafe.validator.rules.Permission.Basis.DENIED_BY_CONSENT;
import static health.datasafe.validator.rules.Permission.Basis.DENIED_BY_EXCEPTION;
import static health.datasafe.validator.rules.Permission.Basis.EXPIRED;
import static health.datasafe.validator.rules.Permission.Basis.NOT_YET_VALID;
import static health.datasafe.validator.rules.Permission.Basis.NO_CONSENT;
import static health.datasafe.validator.rules.Permission.Basis.PERMITTED;
import static health.datasafe.validator.rules.Permission.Basis.PERMITTED_BY_EXCEPTION;
import static health.datasafe.validator.rules.Permission.Basis.PURPOSE_NOT_GRANTED;
import static health.datasafe.validator.rules.Permission.Basis.RECORD_NOT_COVERED;
import static health.datasafe.validator.rules.Permission.Basis.REVOKED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent rules as a table: one patient's consents (below), and for each request the decision, its basis and the
 * consent that decided. Every row runs on the same consents, so each also shows the others do not interfere.
 */
class ConsentRulesTest {

    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private static final String YEAR_FROM = "2026-01-01T00:00:00Z";
    private static final String YEAR_UNTIL = "2027-01-01T00:00:00Z";

    /** Who asks: role and organization as registered. */
    private static final Map<String, Actor> ACTORS = Map.ofEntries(
            actor("dr-gp", Role.CLINICIAN, "st-marys"),
            actor("dr-psy", Role.CLINICIAN, "st-marys"),
            actor("nurse-n", Role.CLINICIAN, "st-marys"),
            actor("dr-er", Role.CLINICIAN, "city-er"),
            actor("dr-x", Role.CLINICIAN, "city-er"),
            actor("dr-new", Role.CLINICIAN, null),
            actor("res-r", Role.CLINICIAN, "uni-lab"),
            actor("ins-i", Role.CLINICIAN, "acme-insurance"),
            actor("lab-l", Role.CLINICIAN, "lab-corp"),
            actor("stranger-s", Role.CLINICIAN, null),
            actor("son-bob", Role.PATIENT, null),
            actor("aud-a", Role.AUDITOR, null));

    /** What is read or written: resource type (null: undeclared) and labels. */
    private static final Map<String, Rec> RECORDS = Map.of(
            "r-obs", new Rec("Observation", Set.of()),
            "r-psy", new Rec("Condition", Set.of(SecurityLabel.PSY)),
            "r-hiv", new Rec("Observation", Set.of(SecurityLabel.HIV)),
            "r-img", new Rec("ImagingStudy", Set.of()),
            "r-claim", new Rec("Claim", Set.of()),
            "r-note", new Rec("DocumentReference", Set.of(SecurityLabel.PSY)),
            "r-untyped", new Rec(null, Set.of()),
            "r-new-obs", new Rec("Observation", Set.of()),
            "r-new-report", new Rec("DiagnosticReport", Set.of()));

    /** The patient's consents, as their CONSENT_GRANTED metadata would carry them. */
    private static final List<Consent> CONSENTS = List.of(
            // "my GP may read and add everything except my mental-health records"
            consent("c-gp", Map.of(Metadata.GRANTEE, "dr-gp", Metadata.ACTION, "read,write",
                    Metadata.PURPOSE, "TREATMENT", Metadata.EXCEPTIONS, "[{\"securityLabels\":\"PSY\"}]")),
            // "my psychiatrist may read my mental-health records"
            consent("c-psy", Map.of(Metadata.GRANTEE, "dr-psy", Metadata.ACTION, "read", Metadata.PURPOSE, "TREATMENT",
                    Metadata.SECURITY_LABELS, "PSY")),
            // "anyone at St Mary's may read my observations and imaging for treatment"
            consent("c-org", Map.of(Metadata.GRANTEE, "org:st-marys", Metadata.ACTION, "read",
                    Metadata.PURPOSE, "TREATMENT", Metadata.RESOURCE_TYPE, "Observation,ImagingStudy")),
            // "any clinician may read in an emergency, except HIV and mental-health records, but this one note yes"
            consent("c-er", Map.of(Metadata.GRANTEE, "role:CLINICIAN", Metadata.ACTION, "read",
                    Metadata.PURPOSE, "EMERGENCY", Metadata.EXCEPTIONS,
                    "[{\"decision\":\"deny\",\"securityLabels\":\"HIV,PSY\","
                            + "\"exceptions\":[{\"decision\":\"permit\",\"recordIds\":\"r-psy\"}]}]")),
            consent("c-research", Map.of(Metadata.GRANTEE, "res-r", Metadata.ACTION, "read", Metadata.PURPOSE, "RESEARCH",
                    Metadata.RESOURCE_TYPE, "Observation", Metadata.VALID_FROM, "2026-01-01T00:00:00Z",
                    Metadata.VALID_UNTIL, "2026-03-01T00:00:00Z")),
            consent("c-future", Map.of(Metadata.GRANTEE, "dr-new", Metadata.ACTION, "read", Metadata.PURPOSE, "TREATMENT",
                    Metadata.VALID_FROM, "2026-07-01T00:00:00Z")),
            consent("c-revoked", Map.of(Metadata.GRANTEE, "nurse-n", Metadata.ACTION, "read",
                    Metadata.PURPOSE, "TREATMENT")).revokedBy("tx-revoking"),
            // "never dr-x, not even in an emergency"
            consent("c-block", Map.of(Metadata.DECISION, "deny", Metadata.GRANTEE, "dr-x", Metadata.ACTION, "read,write",
                    Metadata.PURPOSE, "TREATMENT,EMERGENCY")),
            // "my son may manage my consents"
            consent("c-delegate", Map.of(Metadata.GRANTEE, "son-bob", Metadata.ACTION, "manage",
                    Metadata.PURPOSE, "PATIENT_REQUEST")),
            // "my insurer reads nothing for payment except my claims"
            consent("c-optout", Map.of(Metadata.DECISION, "deny", Metadata.GRANTEE, "org:acme-insurance",
                    Metadata.ACTION, "read", Metadata.PURPOSE, "PAYMENT", Metadata.EXCEPTIONS,
                    "[{\"decision\":\"permit\",\"resourceType\":\"Claim\"}]")),
            // "the lab may add observations"
            consent("c-write", Map.of(Metadata.GRANTEE, "lab-l", Metadata.ACTION, "write", Metadata.PURPOSE, "TREATMENT",
                    Metadata.RESOURCE_TYPE, "Observation")));

    static Stream<Arguments> decisions() {
        return Stream.of(
                // permit: by id, by organization, by role
                row("GP reads an observation", "dr-gp", READ, TREATMENT, "r-obs", T, PERMITTED, "c-gp"),
                row("GP reads imaging: the first permitting consent decides", "dr-gp", READ, TREATMENT, "r-img", T, PERMITTED, "c-gp"),
                row("GP reads a record of undeclared type", "dr-gp", READ, TREATMENT, "r-untyped", T, PERMITTED, "c-gp"),
                row("GP reads an HIV record: the exception names mental health only", "dr-gp", READ, TREATMENT, "r-hiv", T, PERMITTED, "c-gp"),
                row("a St Mary's nurse reads imaging through the organization", "nurse-n", READ, TREATMENT, "r-img", T, PERMITTED, "c-org"),
                row("a revoked consent does not hide another that permits", "nurse-n", READ, TREATMENT, "r-obs", T, PERMITTED, "c-org"),
                row("psychiatrist reads a mental-health record", "dr-psy", READ, TREATMENT, "r-psy", T, PERMITTED, "c-psy"),
                row("psychiatrist reads an observation through the organization", "dr-psy", READ, TREATMENT, "r-obs", T, PERMITTED, "c-org"),
                row("organization consent covers an HIV observation by type", "dr-psy", READ, TREATMENT, "r-hiv", T, PERMITTED, "c-org"),
                row("any clinician reads in an emergency", "stranger-s", READ, EMERGENCY, "r-obs", T, PERMITTED, "c-er"),
                row("ER doctor reads an observation in an emergency", "dr-er", READ, EMERGENCY, "r-obs", T, PERMITTED, "c-er"),
                row("psychiatrist reads imaging in an emergency", "dr-psy", READ, EMERGENCY, "r-img", T, PERMITTED, "c-er"),
                // nested exceptions
                row("GP denied a mental-health record by the exception", "dr-gp", READ, TREATMENT, "r-psy", T, DENIED_BY_EXCEPTION, "c-gp"),
                row("GP denied a mental-health document by the exception", "dr-gp", READ, TREATMENT, "r-note", T, DENIED_BY_EXCEPTION, "c-gp"),
                row("GP may not add a mental-health record either", "dr-gp", WRITE, TREATMENT, "r-psy", T, DENIED_BY_EXCEPTION, "c-gp"),
                row("emergency exception denies HIV records", "dr-er", READ, EMERGENCY, "r-hiv", T, DENIED_BY_EXCEPTION, "c-er"),
                row("emergency exception denies mental-health documents", "dr-er", READ, EMERGENCY, "r-note", T, DENIED_BY_EXCEPTION, "c-er"),
                row("an exception to the exception permits one record", "dr-er", READ, EMERGENCY, "r-psy", T, PERMITTED, "c-er"),
                // deny
                row("a denying consent overrides the emergency permit", "dr-x", READ, EMERGENCY, "r-obs", T, DENIED_BY_CONSENT, "c-block"),
                row("a denying consent blocks writes too", "dr-x", WRITE, TREATMENT, "r-new-obs", T, DENIED_BY_CONSENT, "c-block"),
                row("a denying consent applies only to its purposes", "dr-x", READ, RESEARCH, "r-obs", T, PURPOSE_NOT_GRANTED, "c-er"),
                row("opt-out denies the insurer an observation", "ins-i", READ, PAYMENT, "r-obs", T, DENIED_BY_CONSENT, "c-optout"),
                row("opt-out's exception permits the insurer a claim", "ins-i", READ, PAYMENT, "r-claim", T, PERMITTED_BY_EXCEPTION, "c-optout"),
                row("opt-out for payment leaves emergency reads alone", "ins-i", READ, EMERGENCY, "r-obs", T, PERMITTED, "c-er"),
                // expired, not yet valid, revoked
                row("research consent has expired", "res-r", READ, RESEARCH, "r-obs", T, EXPIRED, "c-research"),
                row("research consent permitted while it ran", "res-r", READ, RESEARCH, "r-obs", at("2026-02-01T00:00:00Z"), PERMITTED, "c-research"),
                row("GP's consent has ended", "dr-gp", READ, TREATMENT, "r-obs", at("2027-02-01T00:00:00Z"), EXPIRED, "c-gp"),
                row("a consent's end is exclusive", "dr-new", READ, TREATMENT, "r-obs", at(YEAR_UNTIL), EXPIRED, "c-future"),
                row("a consent applies until just before its end", "dr-new", READ, TREATMENT, "r-obs", at("2026-12-31T23:59:59.999Z"), PERMITTED, "c-future"),
                row("a consent does not apply before its start", "dr-new", READ, TREATMENT, "r-obs", T, NOT_YET_VALID, "c-future"),
                row("a consent's start is inclusive", "dr-new", READ, TREATMENT, "r-obs", at("2026-07-01T00:00:00Z"), PERMITTED, "c-future"),
                row("nurse's own consent was revoked", "nurse-n", READ, TREATMENT, "r-psy", T, REVOKED, "c-revoked"),
                // wrong purpose, wrong resource type, write without permission
                row("GP reads for research: wrong purpose", "dr-gp", READ, RESEARCH, "r-obs", T, PURPOSE_NOT_GRANTED, "c-gp"),
                row("researcher reads for treatment: wrong purpose", "res-r", READ, TREATMENT, "r-obs", at("2026-02-01T00:00:00Z"), PURPOSE_NOT_GRANTED, "c-research"),
                row("ER doctor reads for treatment: wrong purpose", "dr-er", READ, TREATMENT, "r-obs", T, PURPOSE_NOT_GRANTED, "c-er"),
                row("researcher reads imaging: wrong resource type", "res-r", READ, RESEARCH, "r-img", at("2026-02-01T00:00:00Z"), RECORD_NOT_COVERED, "c-research"),
                row("a type-scoped consent does not cover an undeclared type", "res-r", READ, RESEARCH, "r-untyped", at("2026-02-01T00:00:00Z"), RECORD_NOT_COVERED, "c-research"),
                row("psychiatrist's label-scoped consent does not cover a claim", "dr-psy", READ, TREATMENT, "r-claim", T, RECORD_NOT_COVERED, "c-psy"),
                row("insurer reads a claim for treatment: nothing is about that", "ins-i", READ, TREATMENT, "r-claim", T, PURPOSE_NOT_GRANTED, "c-er"),
                row("GP adds an observation", "dr-gp", WRITE, TREATMENT, "r-new-obs", T, PERMITTED, "c-gp"),
                row("lab adds an observation", "lab-l", WRITE, TREATMENT, "r-new-obs", T, PERMITTED, "c-write"),
                row("lab adds a report: wrong resource type", "lab-l", WRITE, TREATMENT, "r-new-report", T, RECORD_NOT_COVERED, "c-write"),
                row("lab may write but not read", "lab-l", READ, TREATMENT, "r-obs", T, ACTION_NOT_GRANTED, "c-write"),
                row("psychiatrist may read but not write", "dr-psy", WRITE, TREATMENT, "r-psy", T, ACTION_NOT_GRANTED, "c-psy"),
                row("emergency consent permits no write", "stranger-s", WRITE, EMERGENCY, "r-new-obs", T, ACTION_NOT_GRANTED, "c-er"),
                // delegate
                row("son manages his mother's consents", "son-bob", MANAGE, null, null, T, PERMITTED, "c-delegate"),
                row("a delegate may not read", "son-bob", READ, PATIENT_REQUEST, "r-obs", T, ACTION_NOT_GRANTED, "c-delegate"),
                row("the GP may not manage consents", "dr-gp", MANAGE, null, null, T, ACTION_NOT_GRANTED, "c-gp"),
                row("a stranger may not manage consents", "stranger-s", MANAGE, null, null, T, ACTION_NOT_GRANTED, "c-er"),
                // nobody
                row("an auditor holds no consent", "aud-a", READ, TREATMENT, "r-obs", T, NO_CONSENT, null));
    }

    static Stream<Arguments> namedDecisions() {
        return Stream.of(
                named("the named consent decides though another permits", "dr-gp", TREATMENT, "r-img", "c-org", PERMITTED, "c-org"),
                named("the named consent must permit", "dr-gp", TREATMENT, "r-psy", "c-org", RECORD_NOT_COVERED, "c-org"),
                named("a consent about someone else cannot be relied on", "dr-gp", TREATMENT, "r-obs", "c-psy", NO_CONSENT, null),
                named("a consent nobody granted cannot be relied on", "dr-gp", TREATMENT, "r-obs", "c-none", NO_CONSENT, null),
                named("naming a permit does not escape a denying consent", "dr-x", EMERGENCY, "r-obs", "c-er", DENIED_BY_CONSENT, "c-block"),
                named("a revoked consent cannot be relied on", "nurse-n", TREATMENT, "r-obs", "c-revoked", REVOKED, "c-revoked"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesEachRequestWithItsBasisAndTheDecidingConsent(String name, Request request, Basis basis, String consentId) {
        Permission permission = ConsentRules.decide(CONSENTS, request, null);

        assertThat(permission.basis()).as(permission.detail()).isEqualTo(basis);
        assertThat(permission.permitted()).isEqualTo(basis == PERMITTED || basis == PERMITTED_BY_EXCEPTION);
        assertThat(permission.consentId()).isEqualTo(consentId);
        assertThat(permission.detail()).isNotBlank();
        if (consentId != null) {
            assertThat(permission.detail()).contains(consentId);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedDecisions")
    void aRequestRelyingOnANamedConsentIsDecidedByThatConsent(String name, Request request, String named, Basis basis,
                                                             String consentId) {
        Permission permission = ConsentRules.decide(CONSENTS, request, named);

        assertThat(permission.basis()).as(permission.detail()).isEqualTo(basis);
        assertThat(permission.consentId()).isEqualTo(consentId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void theDecisionDoesNotDependOnTheOrderConsentsAreGivenIn(String name, Request request, Basis basis, String consentId) {
        var reversed = new java.util.ArrayList<>(CONSENTS);
        java.util.Collections.reverse(reversed);

        assertThat(ConsentRules.decide(reversed, request, null)).isEqualTo(ConsentRules.decide(CONSENTS, request, null));
    }

    private static Arguments row(String name, String actor, Action action, Purpose purpose, String record, Instant at,
                                 Basis basis, String consentId) {
        return Arguments.of(name, request(actor, action, purpose, record, at), basis, consentId);
    }

    private static Arguments named(String name, String actor, Purpose purpose, String record, String named, Basis basis,
                                   String consentId) {
        return Arguments.of(name, request(actor, READ, purpose, record, T), named, basis, consentId);
    }

    private static Request request(String actorId, Action action, Purpose purpose, String recordId, Instant at) {
        Actor actor = ACTORS.get(actorId);
        if (recordId == null) {
            return Request.manage(actorId, actor.role(), actor.organization(), at);
        }
        Rec record = RECORDS.get(recordId);
        return new Request(actorId, actor.role(), actor.organization(), action, purpose, recordId,
                record.resourceType(), record.labels(), at);
    }

    private static Consent consent(String consentId, Map<String, String> provision) {
        var metadata = new HashMap<>(provision);
        metadata.putIfAbsent(Metadata.VALID_FROM, YEAR_FROM);
        metadata.putIfAbsent(Metadata.VALID_UNTIL, YEAR_UNTIL);
        return Consent.granted(consentId, "alice", metadata, "tx-" + consentId);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Map.Entry<String, Actor> actor(String id, Role role, String organization) {
        return Map.entry(id, new Actor(role, organization));
    }

    private record Actor(Role role, String organization) {
    }

    private record Rec(String resourceType, Set<SecurityLabel> labels) {
    }
}

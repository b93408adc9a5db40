package health.datasafe.validator.consent;

import health.datasafe.contracts.Ids;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.ReviewFinding;
import health.datasafe.contracts.ResourceTypes;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.validator.rules.ConsentRules;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The shape every transaction must have before anything else is looked at: ids, hashes, timestamps and, per type,
 * exactly the metadata keys of docs/events.md with valid values. Metadata keys outside that list are refused too,
 * so metadata cannot become a side channel for health content.
 */
final class TransactionSchema {

    /** Patient, actor, record and consent ids. */
    static final Pattern ID = Ids.PATTERN;
    /** Transaction ids: a UUID in its canonical lowercase form, so one UUID cannot travel under two spellings. */
    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Longest metadata value accepted; the longest legitimate one is a media type, or a list of ids or codes. */
    static final int MAX_VALUE_LENGTH = 256;
    /** Longest {@code exceptions} accepted: a consent's nested provisions, as JSON. */
    static final int MAX_EXCEPTIONS_LENGTH = 2048;

    private record Keys(Set<String> required, Set<String> optional) {
    }

    /** A request its actor signs: her signature and the instant after which it is refused, both or neither. */
    private static final Set<String> USER_SIGNED = Set.of(Metadata.USER_SIGNATURE, Metadata.NOT_AFTER);

    /** The consent a read or write by someone other than the patient relies on, and the rules it asks for. */
    private static final Set<String> RELIES_ON_CONSENT = Set.of(Metadata.CONSENT_ID, Metadata.CONSENT_RULES);

    private static final Map<TransactionType, Keys> KEYS = new EnumMap<>(Map.ofEntries(
            Map.entry(TransactionType.IDENTITY_REGISTERED, new Keys(Set.of(Metadata.ROLE),
                    Set.of(Metadata.PUBLIC_KEY, Metadata.KEY_PROOF, Metadata.ORGANIZATION))),
            Map.entry(TransactionType.RECORD_ADDED, new Keys(Set.of(Metadata.RECORD_ID, Metadata.CONTENT_TYPE),
                    union(union(RELIES_ON_CONSENT, USER_SIGNED),
                            Set.of(Metadata.RESOURCE_TYPE, Metadata.SECURITY_LABELS, Metadata.PURPOSE)))),
            Map.entry(TransactionType.CONSENT_GRANTED, new Keys(Set.of(Metadata.CONSENT_ID, Metadata.GRANTEE,
                    Metadata.ACTION, Metadata.PURPOSE, Metadata.VALID_FROM, Metadata.VALID_UNTIL),
                    union(USER_SIGNED, Set.of(Metadata.DECISION, Metadata.RESOURCE_TYPE, Metadata.SECURITY_LABELS,
                            Metadata.RECORD_IDS, Metadata.EXCEPTIONS)))),
            Map.entry(TransactionType.CONSENT_REVOKED, new Keys(Set.of(Metadata.CONSENT_ID), USER_SIGNED)),
            Map.entry(TransactionType.RECORD_ACCESSED, new Keys(Set.of(Metadata.RECORD_ID, Metadata.PURPOSE),
                    union(RELIES_ON_CONSENT, USER_SIGNED))),
            Map.entry(TransactionType.ACCESS_DENIED, new Keys(Set.of(Metadata.RECORD_ID, Metadata.PURPOSE,
                    Metadata.ATTEMPT_ID, Metadata.REASON), Set.of(Metadata.ACTION))),
            Map.entry(TransactionType.KEY_ROTATED, new Keys(Set.of(Metadata.PUBLIC_KEY, Metadata.KEY_PROOF,
                    Metadata.USER_SIGNATURE, Metadata.NOT_AFTER), Set.of())),
            Map.entry(TransactionType.KEY_RECOVERED, new Keys(Set.of(Metadata.SUBJECT, Metadata.PUBLIC_KEY,
                    Metadata.KEY_PROOF, Metadata.RECOVERY), Set.of())),
            Map.entry(TransactionType.EMERGENCY_ACCESS, new Keys(Set.of(Metadata.CONSENT_ID, Metadata.PURPOSE,
                    Metadata.VALID_UNTIL), USER_SIGNED)),
            Map.entry(TransactionType.EMERGENCY_REVIEWED, new Keys(Set.of(Metadata.CONSENT_ID, Metadata.FINDING),
                    USER_SIGNED)),
            Map.entry(TransactionType.RECORD_ERASED, new Keys(Set.of(Metadata.RECORD_ID), USER_SIGNED)),
            Map.entry(TransactionType.ERASURE_CONFIRMED, new Keys(Set.of(Metadata.RECORD_ID, Metadata.ERASURE_ID),
                    Set.of()))));

    /** Why an administrator replaced a key. */
    static final Set<String> RECOVERIES = Set.of("LOST", "COMPROMISED");

    private TransactionSchema() {
    }

    /** The first schema violation of the transaction, if it has one. */
    static Optional<Verdict.Rejected> violation(Transaction tx) {
        String problem = firstProblem(tx);
        return problem == null ? Optional.empty()
                : Optional.of(new Verdict.Rejected(RejectionReason.SCHEMA_INVALID, problem));
    }

    private static String firstProblem(Transaction tx) {
        if (tx.id() == null || !UUID.matcher(tx.id()).matches()) {
            return "id must be a lowercase canonical UUID";
        }
        if (tx.type() == null) {
            return "type is missing";
        }
        if (tx.actorId() == null || !ID.matcher(tx.actorId()).matches()) {
            return "actorId must match " + ID.pattern();
        }
        String patientProblem = patientProblem(tx);
        if (patientProblem != null) {
            return patientProblem;
        }
        if (tx.payloadHash() == null) {
            if (tx.type() != TransactionType.RECORD_ACCESSED && tx.type() != TransactionType.ACCESS_DENIED) {
                return "payloadHash is missing";
            }
        } else if (!Hex.isHash(tx.payloadHash())) {
            return "payloadHash must be 64 lowercase hex digits";
        }
        if (tx.submittedAt() == null) {
            return "submittedAt is missing";
        }
        return metadataProblem(tx);
    }

    private static String patientProblem(Transaction tx) {
        if (tx.type() == TransactionType.IDENTITY_REGISTERED || tx.type() == TransactionType.KEY_ROTATED
                || tx.type() == TransactionType.KEY_RECOVERED) {
            // whether patientId must be present depends on the role: with the metadata, or by the rules
            return tx.patientId() == null || ID.matcher(tx.patientId()).matches() ? null
                    : "patientId must match " + ID.pattern();
        }
        return tx.patientId() != null && ID.matcher(tx.patientId()).matches() ? null
                : "patientId must match " + ID.pattern();
    }

    private static String metadataProblem(Transaction tx) {
        Keys keys = KEYS.get(tx.type());
        Map<String, String> metadata = tx.metadata();
        for (String required : new TreeSet<>(keys.required())) {
            if (metadata.get(required) == null || metadata.get(required).isBlank()) {
                return "metadata." + required + " is required for " + tx.type();
            }
        }
        for (var entry : metadata.entrySet()) {
            if (!keys.required().contains(entry.getKey()) && !keys.optional().contains(entry.getKey())) {
                return "metadata." + entry.getKey() + " is not allowed for " + tx.type()
                        + " (allowed: " + new TreeSet<>(union(keys)) + ")";
            }
            if (entry.getValue() == null) {
                return "metadata." + entry.getKey() + " must not be null";
            }
            int longest = entry.getKey().equals(Metadata.EXCEPTIONS) ? MAX_EXCEPTIONS_LENGTH : MAX_VALUE_LENGTH;
            if (entry.getValue().length() > longest) {
                return "metadata." + entry.getKey() + " is longer than " + longest + " characters";
            }
        }
        return switch (tx.type()) {
            case IDENTITY_REGISTERED -> identityProblem(tx);
            case RECORD_ADDED -> firstOf(
                    idProblem(tx, Metadata.RECORD_ID),
                    contentTypeProblem(tx.meta(Metadata.CONTENT_TYPE)),
                    tx.meta(Metadata.RESOURCE_TYPE) == null || ResourceTypes.R4.contains(tx.meta(Metadata.RESOURCE_TYPE))
                            ? null : "metadata.resourceType must be a FHIR R4 resource type this ledger knows",
                    labelsProblem(tx),
                    tx.meta(Metadata.PURPOSE) == null ? null : enumProblem(tx, Metadata.PURPOSE, Purpose.class),
                    reliesOnConsentProblem(tx),
                    userSignedProblem(tx));
            case CONSENT_GRANTED -> firstOf(
                    idProblem(tx, Metadata.CONSENT_ID),
                    userSignedProblem(tx));
            case CONSENT_REVOKED -> firstOf(
                    idProblem(tx, Metadata.CONSENT_ID),
                    userSignedProblem(tx));
            case RECORD_ACCESSED -> firstOf(
                    idProblem(tx, Metadata.RECORD_ID),
                    enumProblem(tx, Metadata.PURPOSE, Purpose.class),
                    reliesOnConsentProblem(tx),
                    userSignedProblem(tx));
            case KEY_ROTATED -> firstOf(
                    publicKeyProblem(tx),
                    userSignedProblem(tx));
            case KEY_RECOVERED -> firstOf(
                    idProblem(tx, Metadata.SUBJECT),
                    publicKeyProblem(tx),
                    RECOVERIES.contains(tx.meta(Metadata.RECOVERY)) ? null
                            : "metadata.recovery must be one of " + new TreeSet<>(RECOVERIES));
            case EMERGENCY_ACCESS -> firstOf(
                    idProblem(tx, Metadata.CONSENT_ID),
                    Purpose.EMERGENCY.name().equals(tx.meta(Metadata.PURPOSE)) ? null
                            : "metadata.purpose of a break-glass is " + Purpose.EMERGENCY.name(),
                    instantProblem(tx, Metadata.VALID_UNTIL),
                    tx.actorId().equals(tx.patientId()) ? "a patient does not break the glass on her own records" : null,
                    userSignedProblem(tx));
            case RECORD_ERASED -> firstOf(
                    idProblem(tx, Metadata.RECORD_ID),
                    userSignedProblem(tx));
            case ERASURE_CONFIRMED -> firstOf(
                    idProblem(tx, Metadata.RECORD_ID),
                    UUID.matcher(tx.meta(Metadata.ERASURE_ID)).matches() ? null
                            : "metadata.erasureId must be the lowercase canonical UUID of the RECORD_ERASED confirmed");
            case EMERGENCY_REVIEWED -> firstOf(
                    idProblem(tx, Metadata.CONSENT_ID),
                    enumProblem(tx, Metadata.FINDING, ReviewFinding.class),
                    userSignedProblem(tx));
            case ACCESS_DENIED -> firstOf(
                    idProblem(tx, Metadata.RECORD_ID),
                    enumProblem(tx, Metadata.PURPOSE, Purpose.class),
                    UUID.matcher(tx.meta(Metadata.ATTEMPT_ID)).matches() ? null
                            : "metadata.attemptId must be the lowercase canonical UUID of the refused transaction",
                    enumProblem(tx, Metadata.REASON, RejectionReason.class),
                    tx.meta(Metadata.ACTION) == null || tx.meta(Metadata.ACTION).equals(Metadata.WRITE) ? null
                            : "metadata.action of a refusal is absent (a read was refused) or " + Metadata.WRITE);
        };
    }

    private static String identityProblem(Transaction tx) {
        String roleProblem = enumProblem(tx, Metadata.ROLE, Role.class);
        if (roleProblem != null) {
            return roleProblem;
        }
        Role role = Role.valueOf(tx.meta(Metadata.ROLE));
        if (role == Role.PATIENT && !tx.actorId().equals(tx.patientId())) {
            return "patientId must equal actorId when a PATIENT registers";
        }
        if (role != Role.PATIENT && tx.patientId() != null) {
            return "patientId must be absent when a " + role + " registers";
        }
        if (tx.meta(Metadata.ORGANIZATION) != null && !ID.matcher(tx.meta(Metadata.ORGANIZATION)).matches()) {
            return "metadata.organization must match " + ID.pattern();
        }
        String publicKey = tx.meta(Metadata.PUBLIC_KEY);
        if (publicKey == null && tx.meta(Metadata.KEY_PROOF) != null) {
            return "metadata.keyProof comes only with the metadata.publicKey it proves";
        }
        return publicKey == null ? null : publicKeyProblem(tx);
    }

    private static String publicKeyProblem(Transaction tx) {
        try {
            Ed25519.VerifyingKey.fromX509(tx.meta(Metadata.PUBLIC_KEY));
            return null;
        } catch (IllegalArgumentException e) {
            return "metadata.publicKey must be a base64 X.509 Ed25519 public key";
        }
    }

    private static String idProblem(Transaction tx, String key) {
        return ID.matcher(tx.meta(key)).matches() ? null : "metadata." + key + " must match " + ID.pattern();
    }

    private static String contentTypeProblem(String contentType) {
        int slash = contentType.indexOf('/');
        return slash > 0 && slash < contentType.length() - 1 && contentType.chars().noneMatch(Character::isISOControl)
                ? null : "metadata.contentType must be a media type such as application/fhir+json";
    }

    private static <E extends Enum<E>> String enumProblem(Transaction tx, String key, Class<E> type) {
        try {
            Enum.valueOf(type, tx.meta(key));
            return null;
        } catch (IllegalArgumentException e) {
            return "metadata." + key + " must be one of " + List.of(type.getEnumConstants());
        }
    }

    private static String labelsProblem(Transaction tx) {
        try {
            RecordFacts.labels(tx.meta(Metadata.SECURITY_LABELS));
            return null;
        } catch (IllegalArgumentException e) {
            return "metadata.securityLabels must list, comma-separated, labels among " + List.of(SecurityLabel.values());
        }
    }

    private static String reliesOnConsentProblem(Transaction tx) {
        String rules = tx.meta(Metadata.CONSENT_RULES);
        if (rules != null && !ConsentRules.VERSION.equals(rules)) {
            return "metadata.consentRules " + rules + " is not a version of the consent rules this validator judges"
                    + " by (" + ConsentRules.VERSION + ")";
        }
        if (tx.meta(Metadata.CONSENT_ID) == null) {
            return null;
        }
        return rules == null ? "metadata.consentId comes with metadata.consentRules, the rules it is relied on under"
                : idProblem(tx, Metadata.CONSENT_ID);
    }

    private static String userSignedProblem(Transaction tx) {
        String signature = tx.meta(Metadata.USER_SIGNATURE);
        String notAfter = tx.meta(Metadata.NOT_AFTER);
        if ((signature == null) != (notAfter == null)) {
            return "metadata.userSignature and metadata.notAfter come together";
        }
        if (notAfter == null) {
            return null;
        }
        return instantProblem(tx, Metadata.NOT_AFTER);
    }

    private static String instantProblem(Transaction tx, String key) {
        try {
            Instant.parse(tx.meta(key));
            return null;
        } catch (DateTimeParseException e) {
            return "metadata." + key + " must be an ISO-8601 instant such as 2026-01-01T00:05:00Z";
        }
    }

    private static Set<String> union(Keys keys) {
        return union(keys.required(), keys.optional());
    }

    private static Set<String> union(Set<String> some, Set<String> more) {
        var all = new TreeSet<>(some);
        all.addAll(more);
        return all;
    }

    private static String firstOf(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}

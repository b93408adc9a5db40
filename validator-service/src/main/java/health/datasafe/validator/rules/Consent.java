package health.datasafe.validator.rules;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Transaction;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consent a patient (or her delegate) granted: the terms as signed, the provision they make, and whether it was
 * revoked.
 *
 * @param consentId   as named in the granting transaction's metadata
 * @param patientId   whose records it covers
 * @param terms       the provision's metadata entries exactly as granted (grantee, action, purpose, period, and the
 *                    optional decision, resourceType, securityLabels, recordIds, exceptions)
 * @param provision   the rules the terms make
 * @param grantedByTx id of the CONSENT_GRANTED transaction
 * @param revokedByTx id of the CONSENT_REVOKED transaction, null while in force
 */
public record Consent(String consentId, String patientId, Map<String, String> terms, Provision provision,
                      String grantedByTx, String revokedByTx) {

    private static final List<String> ROOT_TERMS = List.of(Metadata.GRANTEE, Metadata.ACTION, Metadata.PURPOSE,
            Metadata.VALID_FROM, Metadata.VALID_UNTIL);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * The term that marks a break-glass window (EMERGENCY_ACCESS) among a patient's consents; kept with the optional
     * terms, and no provision term.
     */
    static final String BREAK_GLASS = "breakGlass";

    public Consent {
        terms = Map.copyOf(terms);
    }

    /** The consent a CONSENT_GRANTED transaction makes; {@link ProvisionInvalid} when its terms break the rules. */
    public static Consent granted(String consentId, String patientId, Map<String, String> metadata, String txId) {
        return new Consent(consentId, patientId, Provision.terms(metadata), Provision.fromMetadata(metadata), txId, null);
    }

    /**
     * The window an EMERGENCY_ACCESS opens, as the consent rules see it: its clinician may read any of the patient's
     * records for {@code EMERGENCY} from its {@code submittedAt} until its {@code validUntil}, under its
     * {@code consentId}.
     */
    public static Consent breakGlass(Transaction tx) {
        var terms = new LinkedHashMap<String, String>();
        terms.put(Metadata.GRANTEE, tx.actorId());
        terms.put(Metadata.ACTION, Action.READ.code());
        terms.put(Metadata.PURPOSE, Purpose.EMERGENCY.name());
        terms.put(Metadata.VALID_FROM, tx.submittedAt().toString());
        terms.put(Metadata.VALID_UNTIL, tx.meta(Metadata.VALID_UNTIL));
        terms.put(BREAK_GLASS, "true");
        return new Consent(tx.meta(Metadata.CONSENT_ID), tx.patientId(), terms, Provision.fromMetadata(terms), tx.id(),
                null);
    }

    /**
     * The consent as stored in a row: the root's terms in their columns, the optional ones as the JSON object
     * {@link #optionalTermsJson} wrote (null when none).
     */
    public static Consent stored(String consentId, String patientId, String grantee, String action, String purpose,
                                 String validFrom, String validUntil, String optionalTermsJson, String grantedByTx,
                                 String revokedByTx) {
        var terms = new LinkedHashMap<String, String>();
        terms.put(Metadata.GRANTEE, grantee);
        terms.put(Metadata.ACTION, action);
        terms.put(Metadata.PURPOSE, purpose);
        terms.put(Metadata.VALID_FROM, validFrom);
        terms.put(Metadata.VALID_UNTIL, validUntil);
        if (optionalTermsJson != null) {
            JSON.readTree(optionalTermsJson).properties()
                    .forEach(entry -> terms.put(entry.getKey(), entry.getValue().asString()));
        }
        return new Consent(consentId, patientId, terms, Provision.fromMetadata(terms), grantedByTx, revokedByTx);
    }

    /** The terms beyond grantee, action, purpose and period, as a JSON object; null when there are none. */
    public String optionalTermsJson() {
        var optional = new TreeMap<>(terms);
        ROOT_TERMS.forEach(optional::remove);
        return optional.isEmpty() ? null : JSON.writeValueAsString(optional);
    }

    /** Whether this is a clinician's break-glass window rather than a consent the patient (or her delegate) gave. */
    public boolean breakGlass() {
        return terms.containsKey(BREAK_GLASS);
    }

    public boolean revoked() {
        return revokedByTx != null;
    }

    public Consent revokedBy(String txId) {
        return new Consent(consentId, patientId, terms, provision, grantedByTx, txId);
    }
}

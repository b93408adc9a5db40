package health.datasafe.transaction.web;

import health.datasafe.contracts.Metadata;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A user's signature of her request and the instant after which it is refused (docs/ledger-format.md section 4f), as
 * a request body carries them, or the headers {@value #SIGNATURE_HEADER} and {@value #NOT_AFTER_HEADER} of a request
 * whose body is a record: both or neither, checked for shape only; whether the signature is hers the validator
 * decides against the key she registered. It is the whole optional JSON body of a request that says nothing but its
 * signature: a revocation ({@code DELETE …/consents/{consentId}}), an erasure ({@code DELETE …/records/{recordId}}).
 */
public record UserSigned(Instant notAfter, String signature) {

    /** Neither a signature nor its notAfter: the body of such a request sent without one. */
    public static final UserSigned NONE = new UserSigned(null, null);

    public static final String SIGNATURE_HEADER = "DSH-Signature";
    public static final String NOT_AFTER_HEADER = "DSH-Not-After";

    /** The signature and notAfter of a request's headers. */
    public static UserSigned ofHeaders(String notAfter, String signature) {
        if ((notAfter == null) != (signature == null)) {
            throw new InvalidField(notAfter == null ? NOT_AFTER_HEADER : SIGNATURE_HEADER,
                    SIGNATURE_HEADER + " and " + NOT_AFTER_HEADER + " come together");
        }
        try {
            return new UserSigned(notAfter == null ? null : Instant.parse(notAfter), signature);
        } catch (DateTimeParseException e) {
            throw new InvalidField(NOT_AFTER_HEADER, "must be an ISO-8601 instant such as 2026-01-01T00:05:00Z");
        }
    }

    public boolean given() {
        return signature != null || notAfter != null;
    }

    /** Adds both to the transaction's metadata, or nothing when neither was given. */
    public void addTo(Map<String, String> metadata) {
        if (!given()) {
            return;
        }
        if (signature == null || notAfter == null) {
            throw new InvalidField(signature == null ? "signature" : "notAfter", "signature and notAfter come together");
        }
        if (notAfter.getNano() % 1_000_000 != 0) {
            throw new InvalidField("notAfter", "must not be finer than milliseconds");
        }
        if (signature.length() != 88) {
            throw new InvalidField("signature", "must be the base64 of a 64-byte Ed25519 signature (88 characters)");
        }
        metadata.put(Metadata.NOT_AFTER, notAfter.toString());
        metadata.put(Metadata.USER_SIGNATURE, signature);
    }
}

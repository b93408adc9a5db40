package health.datasafe.transaction.web;

import health.datasafe.contracts.Metadata;

import java.time.Instant;
import java.util.Map;

/**
 * A user's signature of her request and the instant after which it is refused (docs/ledger-format.md section 4f), as
 * a request body carries them: both or neither, checked for shape only; whether the signature is hers the validator
 * decides against the key she registered.
 */
public record UserSigned(Instant notAfter, String signature) {

    /** Adds both to the transaction's metadata, or nothing when neither was given. */
    public void addTo(Map<String, String> metadata) {
        if (signature == null && notAfter == null) {
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

package health.datasafe.client;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.UserSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code dsh consent grant} and {@code dsh consent revoke}: the patient's consents, signed with her key over exactly
 * the metadata the transaction will carry (docs/ledger-format.md section 4f), so the server can submit them but not
 * make or change them.
 */
@Command(name = "consent", mixinStandardHelpOptions = true, description = "Grants or revokes a consent you sign.")
final class ConsentCommand {

    @ParentCommand
    private Dsh root;

    @Command(name = "grant", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Grants (or, with --decision deny, refuses) --grantee the --action on your records for"
                    + " --purpose until --until (POST /api/patients/{patient}/consents), signed with your key."
                    + " The consent rules are in docs/consent-rules.md.")
    int grant(@Option(names = "--patient", required = true, paramLabel = "ID", description = "whose consent: you, or"
                      + " the patient whose delegate you are") String patient,
              @Option(names = "--actor", paramLabel = "ID", description = "you, when you are her delegate (default:"
                      + " --patient)") String actor,
              @Option(names = "--grantee", required = true, paramLabel = "WHO",
                      description = "whom it is about, comma-separated: actor ids, role:ROLE, org:ORGANIZATION")
              String grantee,
              @Option(names = "--purpose", required = true, paramLabel = "PURPOSES",
                      description = "the purposes, comma-separated: names or HL7 codes (TREAT, ETREAT, HPAYMT,"
                              + " HOPERAT, HRESCH, PATRQT, PUBHLTH)") String purposes,
              @Option(names = "--until", required = true, paramLabel = "INSTANT",
                      description = "when it ends, e.g. 2027-01-01T00:00:00Z") Instant until,
              @Option(names = "--from", paramLabel = "INSTANT", description = "when it starts (default: now)") Instant from,
              @Option(names = "--action", paramLabel = "ACTIONS", defaultValue = "read",
                      description = "read, write, manage (a delegate's), comma-separated (default ${DEFAULT-VALUE})")
              String action,
              @Option(names = "--decision", paramLabel = "permit|deny", description = "deny refuses what it matches,"
                      + " whatever other consents permit (default permit)") String decision,
              @Option(names = "--resource-types", paramLabel = "TYPES",
                      description = "only records of these FHIR resource types, e.g. Observation,ImagingStudy")
              String resourceTypes,
              @Option(names = "--labels", paramLabel = "LABELS",
                      description = "only records with these security labels, e.g. PSY,HIV") String labels,
              @Option(names = "--records", paramLabel = "IDS", description = "only these records") String records,
              @Option(names = "--exceptions", paramLabel = "JSON", description = "nested provisions that reverse this"
                      + " one, a JSON array, e.g. [{\"securityLabels\":\"PSY\"}]") String exceptions,
              @Option(names = "--id", paramLabel = "ID", description = "the consent's id (default: a new UUID)") String id) {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        Instant validFrom = (from == null ? Instant.now() : from).truncatedTo(ChronoUnit.SECONDS);
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.CONSENT_ID, id == null ? UUID.randomUUID().toString() : id);
        metadata.put(Metadata.GRANTEE, grantee);
        metadata.put(Metadata.ACTION, action);
        metadata.put(Metadata.PURPOSE, purposeNames(purposes));
        metadata.put(Metadata.VALID_FROM, validFrom.toString());
        metadata.put(Metadata.VALID_UNTIL, until.toString());
        putIfGiven(metadata, Metadata.DECISION, decision);
        putIfGiven(metadata, Metadata.RESOURCE_TYPE, resourceTypes);
        putIfGiven(metadata, Metadata.SECURITY_LABELS, labels);
        putIfGiven(metadata, Metadata.RECORD_IDS, records);
        putIfGiven(metadata, Metadata.EXCEPTIONS, exceptions);
        metadata.put(Metadata.NOT_AFTER, root.notAfter().toString());
        // the request's fields are named as the metadata they become, plus the signature of that metadata
        var body = new HashMap<>(metadata);
        body.put("signature", UserSignatures.sign(key, TransactionType.CONSENT_GRANTED, patient,
                actor == null ? patient : actor, metadata));
        return root.answer(gateway.send("POST", "/api/patients/" + Gateway.segment(patient) + "/consents",
                CanonicalJson.of(body)));
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Revokes one of your consents (DELETE /api/patients/{patient}/consents/{consent}), signed"
                    + " with your key.")
    int revoke(@Option(names = "--patient", required = true, paramLabel = "ID", description = "whose consent: you, or"
                       + " the patient whose delegate you are") String patient,
               @Option(names = "--actor", paramLabel = "ID", description = "you, when you are her delegate (default:"
                       + " --patient)") String actor,
               @Option(names = "--consent", required = true, paramLabel = "ID", description = "the consent") String consent) {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        var metadata = Map.of(Metadata.CONSENT_ID, consent, Metadata.NOT_AFTER, root.notAfter().toString());
        String signature = UserSignatures.sign(key, TransactionType.CONSENT_REVOKED, patient,
                actor == null ? patient : actor, metadata);
        byte[] body = CanonicalJson.of(Map.of("notAfter", metadata.get(Metadata.NOT_AFTER), "signature", signature));
        return root.answer(gateway.send("DELETE", "/api/patients/" + Gateway.segment(patient) + "/consents/"
                + Gateway.segment(consent), body));
    }

    /** The purposes by name, as the ledger writes them and so as they are signed. */
    private static String purposeNames(String purposes) {
        try {
            return Purpose.names(purposes);
        } catch (IllegalArgumentException e) {
            throw new Dsh.Unusable("--purpose: " + e.getMessage() + "; purposes are " + List.of(Purpose.values())
                    + " or their HL7 codes");
        }
    }

    private static void putIfGiven(Map<String, String> metadata, String key, String value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }

}

package health.datasafe.client;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.ReviewFinding;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.UserSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code dsh break-glass open} and {@code dsh break-glass review}: a clinician's emergency access to a patient's records
 * without her consent, and an auditor's finding on one, each signed with the caller's key over exactly the metadata
 * its transaction will carry (docs/ledger-format.md section 4f). Reads under an open break-glass are
 * {@code dsh record read --purpose ETREAT --consent ID}; an auditor reads its reason with
 * {@code dsh record read --purpose OPERATIONS --record ID}.
 */
@Command(name = "break-glass", mixinStandardHelpOptions = true,
        description = "Opens a break-glass (emergency access), or reviews one, signed with your key.")
final class BreakGlassCommand {

    @ParentCommand
    private Dsh root;

    @Command(name = "open", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Opens a window of emergency reads of --patient's records without her consent, for --minutes,"
                    + " with your written --reason (POST /api/patients/{patient}/break-glass). She is told, and an"
                    + " auditor reviews it.")
    int open(@Option(names = "--patient", required = true, paramLabel = "ID", description = "whose records") String patient,
             @Option(names = "--actor", required = true, paramLabel = "ID", description = "you") String actor,
             @Option(names = "--reason", required = true, paramLabel = "TEXT",
                     description = "why you must read without her consent; sealed, never on the ledger") String reason,
             @Option(names = "--minutes", defaultValue = "60", paramLabel = "N", description = "how long the window"
                     + " stays open, at most the hospital's policy allows (default ${DEFAULT-VALUE})") long minutes,
             @Option(names = "--id", paramLabel = "ID", description = "the window's id (default: a new UUID)") String id) {
        if (minutes < 1) {
            throw new Dsh.Unusable("--minutes must be positive, got " + minutes);
        }
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.CONSENT_ID, id == null ? UUID.randomUUID().toString() : id);
        metadata.put(Metadata.PURPOSE, Purpose.EMERGENCY.name());
        metadata.put(Metadata.VALID_UNTIL, Instant.now().plus(Duration.ofMinutes(minutes))
                .truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.put(Metadata.NOT_AFTER, root.notAfter().toString());
        var body = new HashMap<String, String>();
        body.put("reason", reason);
        body.put("consentId", metadata.get(Metadata.CONSENT_ID));
        body.put("validUntil", metadata.get(Metadata.VALID_UNTIL));
        body.put("notAfter", metadata.get(Metadata.NOT_AFTER));
        body.put("signature", UserSignatures.sign(key, TransactionType.EMERGENCY_ACCESS, patient, actor, metadata));
        return root.answer(gateway.send("POST", "/api/patients/" + Gateway.segment(patient) + "/break-glass",
                CanonicalJson.of(body)));
    }

    @Command(name = "review", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Records your --finding on break-glass --id of --patient"
                    + " (POST /api/patients/{patient}/break-glass/{id}/reviews).")
    int review(@Option(names = "--patient", required = true, paramLabel = "ID", description = "whose records") String patient,
               @Option(names = "--actor", required = true, paramLabel = "ID", description = "you") String actor,
               @Option(names = "--id", required = true, paramLabel = "ID", description = "the break-glass") String id,
               @Option(names = "--finding", required = true, paramLabel = "FINDING",
                       description = "JUSTIFIED or UNJUSTIFIED") ReviewFinding finding) {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        var metadata = Map.of(Metadata.CONSENT_ID, id, Metadata.FINDING, finding.name(),
                Metadata.NOT_AFTER, root.notAfter().toString());
        byte[] body = CanonicalJson.of(Map.of("finding", finding.name(), "notAfter", metadata.get(Metadata.NOT_AFTER),
                "signature", UserSignatures.sign(key, TransactionType.EMERGENCY_REVIEWED, patient, actor, metadata)));
        return root.answer(gateway.send("POST", "/api/patients/" + Gateway.segment(patient) + "/break-glass/"
                + Gateway.segment(id) + "/reviews", body));
    }
}

package health.datasafe.client;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.UserSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code dsh record add} and {@code dsh record read}: a record added to or read from a patient's chart, signed with
 * the caller's key over exactly the metadata its transaction will carry (docs/ledger-format.md section 4f). A
 * clinician who registered a key must sign so for another's chart; a patient may sign her own.
 */
@Command(name = "record", mixinStandardHelpOptions = true, description = "Adds or reads a record, signed with your key.")
final class RecordCommand {

    private static final String SIGNATURE = "DSH-Signature";
    private static final String NOT_AFTER = "DSH-Not-After";
    /** The headers of a read that say where it was committed, printed as JSON. */
    private static final List<String> COMMITTED = List.of("DSH-Transaction-Id", "DSH-Tx-Hash", "DSH-Shard",
            "DSH-Block-Height", "DSH-Leaf-Index", "DSH-Receipt");

    @ParentCommand
    private Dsh root;

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Adds --file to --patient's chart as a record of --type (POST /api/patients/{patient}/records),"
                    + " signed by you, --actor.")
    int add(@Option(names = "--patient", required = true, paramLabel = "ID", description = "whose chart") String patient,
            @Option(names = "--actor", required = true, paramLabel = "ID", description = "you") String actor,
            @Option(names = "--file", required = true, paramLabel = "FILE", description = "the record's content") Path file,
            @Option(names = "--type", required = true, paramLabel = "MEDIA-TYPE",
                    description = "its media type, e.g. application/fhir+json") String type,
            @Option(names = "--resource-type", paramLabel = "TYPE", description = "its FHIR resource type") String resourceType,
            @Option(names = "--labels", paramLabel = "LABELS", description = "its security labels, e.g. PSY") String labels,
            @Option(names = "--purpose", paramLabel = "PURPOSE",
                    description = "why you write another's chart: a name or HL7 code (default TREATMENT)") String purpose,
            @Option(names = "--consent", paramLabel = "ID", description = "the consent you rely on") String consent,
            @Option(names = "--id", paramLabel = "ID", description = "the record's id (default: a new UUID)") String id) {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        byte[] content = contentOf(file);
        var metadata = new HashMap<String, String>();
        var query = new LinkedHashMap<String, String>();
        String recordId = id == null ? UUID.randomUUID().toString() : id;
        metadata.put(Metadata.RECORD_ID, recordId);
        query.put("recordId", recordId);
        metadata.put(Metadata.CONTENT_TYPE, type.strip().toLowerCase(Locale.ROOT));
        if (resourceType != null) {
            metadata.put(Metadata.RESOURCE_TYPE, resourceType);
            query.put("resourceType", resourceType);
        }
        if (labels != null) {
            String listed = labelList(labels);
            metadata.put(Metadata.SECURITY_LABELS, listed);
            query.put("securityLabels", listed);
        }
        if (!actor.equals(patient)) {
            reliesOn(metadata, query, purpose == null ? Purpose.TREATMENT : purposeOf(purpose), consent);
        }
        Map<String, String> headers = signed(key, TransactionType.RECORD_ADDED, patient, actor, metadata);
        return root.answer(gateway.exchange("POST", "/api/patients/" + Gateway.segment(patient) + "/records"
                + queryOf(query), metadata.get(Metadata.CONTENT_TYPE), content, headers).answer());
    }

    @Command(name = "read", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Reads --record of --patient's chart into --out (GET /api/patients/{patient}/records/{record}),"
                    + " signed by you, --actor, and prints where the read was committed and its receipt as JSON.")
    int read(@Option(names = "--patient", required = true, paramLabel = "ID", description = "whose chart") String patient,
             @Option(names = "--actor", required = true, paramLabel = "ID", description = "you") String actor,
             @Option(names = "--record", required = true, paramLabel = "ID", description = "the record") String record,
             @Option(names = "--out", required = true, paramLabel = "FILE",
                     description = "where its content goes; never over an existing file") Path out,
             @Option(names = "--purpose", paramLabel = "PURPOSE", description = "why: a name or HL7 code (default"
                     + " TREATMENT for another's chart, PATIENT_REQUEST for your own)") String purpose,
             @Option(names = "--consent", paramLabel = "ID", description = "the consent you rely on") String consent) {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        var metadata = new HashMap<String, String>();
        var query = new LinkedHashMap<String, String>();
        metadata.put(Metadata.RECORD_ID, record);
        Purpose why = purpose != null ? purposeOf(purpose)
                : actor.equals(patient) ? Purpose.PATIENT_REQUEST : Purpose.TREATMENT;
        if (actor.equals(patient)) {
            metadata.put(Metadata.PURPOSE, why.name());
            query.put("purpose", why.name());
        } else {
            reliesOn(metadata, query, why, consent);
        }
        Map<String, String> headers = signed(key, TransactionType.RECORD_ACCESSED, patient, actor, metadata);
        Gateway.Reply reply = gateway.exchange("GET", "/api/patients/" + Gateway.segment(patient) + "/records/"
                + Gateway.segment(record) + queryOf(query), null, null, headers);
        if (reply.status() != 200) {
            return root.answer(reply.answer());
        }
        try {
            Files.write(out, reply.body(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new Dsh.Unusable("cannot write " + out + ": " + e.getMessage());
        }
        var committed = new LinkedHashMap<String, String>();
        COMMITTED.forEach(name -> {
            if (reply.header(name) != null) {
                committed.put(name, reply.header(name));
            }
        });
        committed.put("file", out.toString());
        root.out.println(new String(CanonicalJson.of(committed), java.nio.charset.StandardCharsets.UTF_8));
        return Dsh.DONE;
    }

    /** Another's chart: the purpose, the consent rules and the consent relied on, as the server adds them. */
    private static void reliesOn(Map<String, String> metadata, Map<String, String> query, Purpose purpose,
                                 String consent) {
        metadata.put(Metadata.PURPOSE, purpose.name());
        query.put("purpose", purpose.name());
        metadata.put(Metadata.CONSENT_RULES, Metadata.CONSENT_RULES_VERSION);
        if (consent != null) {
            metadata.put(Metadata.CONSENT_ID, consent);
            query.put("consent", consent);
        }
    }

    /** The headers that carry the signature of the metadata (with {@code notAfter}) by {@code key}. */
    private Map<String, String> signed(Ed25519.SigningKey key, TransactionType type, String patient, String actor,
                                       Map<String, String> metadata) {
        String notAfter = root.notAfter().toString();
        metadata.put(Metadata.NOT_AFTER, notAfter);
        return Map.of(NOT_AFTER, notAfter, SIGNATURE, UserSignatures.sign(key, type, patient, actor, metadata));
    }

    private static String queryOf(Map<String, String> query) {
        var joined = new StringBuilder();
        query.forEach((name, value) -> joined.append(joined.isEmpty() ? '?' : '&').append(name).append('=')
                .append(Gateway.segment(value)));
        return joined.toString();
    }

    private static Purpose purposeOf(String purpose) {
        try {
            return Purpose.of(purpose.strip());
        } catch (IllegalArgumentException e) {
            throw new Dsh.Unusable("--purpose: " + purpose + " is none of " + List.of(Purpose.values())
                    + " or their HL7 codes");
        }
    }

    private static String labelList(String labels) {
        try {
            return SecurityLabel.listOf(SecurityLabel.parse(labels));
        } catch (IllegalArgumentException e) {
            throw new Dsh.Unusable("--labels: " + e.getMessage());
        }
    }

    private static byte[] contentOf(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Dsh.Unusable("cannot read " + file + ": " + e.getMessage());
        }
    }
}

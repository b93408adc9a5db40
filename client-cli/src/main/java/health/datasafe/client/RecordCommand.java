package health.datasafe.client;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.UserSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * Whose chart, who acts, why and under which consent: what a read and a write both say, and how they go into the
     * metadata and the query as the server puts them.
     */
    static final class Chart {

        @Option(names = "--patient", required = true, paramLabel = "ID", description = "whose chart")
        String patient;

        @Option(names = "--actor", required = true, paramLabel = "ID", description = "you")
        String actor;

        @Option(names = "--purpose", paramLabel = "PURPOSE", description = "why: a name or HL7 code (default"
                + " TREATMENT for another's chart, PATIENT_REQUEST when you read your own)")
        String purpose;

        @Option(names = "--consent", paramLabel = "ID", description = "the consent you rely on in another's chart")
        String consent;

        final Map<String, String> metadata = new HashMap<>();
        final Map<String, String> query = new LinkedHashMap<>();

        boolean own() {
            return actor.equals(patient);
        }

        void put(String key, String value, String parameter) {
            metadata.put(key, value);
            if (parameter != null) {
                query.put(parameter, value);
            }
        }

        void purpose(Purpose otherwise) {
            Purpose why = otherwise;
            if (purpose != null) {
                try {
                    why = Purpose.of(purpose.strip());
                } catch (IllegalArgumentException e) {
                    throw new Dsh.Unusable("--purpose: " + purpose + " is none of " + List.of(Purpose.values())
                            + " or their HL7 codes");
                }
            }
            put(Metadata.PURPOSE, why.name(), "purpose");
        }

        /** Another's chart: the purpose, the consent rules and the consent relied on. */
        void reliesOnConsent() {
            purpose(Purpose.TREATMENT);
            put(Metadata.CONSENT_RULES, Metadata.CONSENT_RULES_VERSION, null);
            if (consent != null) {
                put(Metadata.CONSENT_ID, consent, "consent");
            }
        }

        String path() {
            return "/api/patients/" + Gateway.segment(patient) + "/records";
        }

        String queryString() {
            var joined = new StringBuilder();
            query.forEach((name, value) -> joined.append(joined.isEmpty() ? '?' : '&').append(name).append('=')
                    .append(Gateway.segment(value)));
            return joined.toString();
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Adds --file to --patient's chart as a record of --type (POST /api/patients/{patient}/records),"
                    + " signed by you, --actor.")
    int add(@Mixin Chart chart,
            @Option(names = "--file", required = true, paramLabel = "FILE", description = "the record's content") Path file,
            @Option(names = "--type", required = true, paramLabel = "MEDIA-TYPE",
                    description = "its media type, e.g. application/fhir+json") String type,
            @Option(names = "--resource-type", paramLabel = "TYPE", description = "its FHIR resource type") String resourceType,
            @Option(names = "--labels", paramLabel = "LABELS", description = "its security labels, e.g. PSY") String labels,
            @Option(names = "--id", paramLabel = "ID", description = "the record's id (default: a new UUID)") String id) {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        byte[] content = contentOf(file);
        chart.put(Metadata.RECORD_ID, id == null ? UUID.randomUUID().toString() : id, "recordId");
        chart.put(Metadata.CONTENT_TYPE, type.strip().toLowerCase(Locale.ROOT), null);
        if (resourceType != null) {
            chart.put(Metadata.RESOURCE_TYPE, resourceType, "resourceType");
        }
        if (labels != null) {
            chart.put(Metadata.SECURITY_LABELS, labelList(labels), "securityLabels");
        }
        if (!chart.own()) {
            chart.reliesOnConsent();
        }
        Map<String, String> headers = signed(key, TransactionType.RECORD_ADDED, chart);
        return root.answer(gateway.exchange("POST", chart.path() + chart.queryString(),
                chart.metadata.get(Metadata.CONTENT_TYPE), content, headers).answer());
    }

    @Command(name = "read", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Reads --record of --patient's chart into --out (GET /api/patients/{patient}/records/{record}),"
                    + " signed by you, --actor, and prints where the read was committed and its receipt as JSON.")
    int read(@Mixin Chart chart,
             @Option(names = "--record", required = true, paramLabel = "ID", description = "the record") String record,
             @Option(names = "--out", required = true, paramLabel = "FILE",
                     description = "where its content goes; never over an existing file") Path out) {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        chart.put(Metadata.RECORD_ID, record, null);
        if (chart.own()) {
            chart.purpose(Purpose.PATIENT_REQUEST);
        } else {
            chart.reliesOnConsent();
        }
        Map<String, String> headers = signed(key, TransactionType.RECORD_ACCESSED, chart);
        Gateway.Reply reply = gateway.exchange("GET", chart.path() + "/" + Gateway.segment(record)
                + chart.queryString(), null, null, headers);
        if (reply.status() != 200) {
            return root.answer(reply.answer());
        }
        try {
            Files.write(out, reply.body(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new Dsh.Unusable("cannot write " + out + ": " + e.getMessage());
        }
        var committed = new LinkedHashMap<String, String>();
        for (String name : COMMITTED) {
            if (reply.header(name) != null) {
                committed.put(name, reply.header(name));
            }
        }
        committed.put("file", out.toString());
        root.out.println(new String(CanonicalJson.of(committed), StandardCharsets.UTF_8));
        return Dsh.DONE;
    }

    @Command(name = "erase", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Erases your --record (DELETE /api/patients/{patient}/records/{record}), signed with your key:"
                    + " once committed the vault destroys it and confirms; GET .../records/{record}/erasure is its"
                    + " erasure receipt, which dsh-verify erasure checks.")
    int erase(@Option(names = "--patient", required = true, paramLabel = "ID", description = "you, whose record it is")
              String patient,
              @Option(names = "--record", required = true, paramLabel = "ID", description = "the record") String record) {
        Ed25519.SigningKey key = new KeyFile(root.keyFile).read();
        Gateway gateway = root.gateway();
        var metadata = Map.of(Metadata.RECORD_ID, record, Metadata.NOT_AFTER, root.notAfter().toString());
        byte[] body = CanonicalJson.of(Map.of("notAfter", metadata.get(Metadata.NOT_AFTER), "signature",
                UserSignatures.sign(key, TransactionType.RECORD_ERASED, patient, patient, metadata)));
        return root.answer(gateway.send("DELETE", "/api/patients/" + Gateway.segment(patient) + "/records/"
                + Gateway.segment(record), body));
    }

    /** The headers that carry the signature by {@code key} of the chart's metadata, {@code notAfter} added to it. */
    private Map<String, String> signed(Ed25519.SigningKey key, TransactionType type, Chart chart) {
        String notAfter = root.notAfter().toString();
        chart.metadata.put(Metadata.NOT_AFTER, notAfter);
        return Map.of(NOT_AFTER, notAfter,
                SIGNATURE, UserSignatures.sign(key, type, chart.patient, chart.actor, chart.metadata));
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

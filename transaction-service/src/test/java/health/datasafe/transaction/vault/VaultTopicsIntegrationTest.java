package health.datasafe.transaction.vault;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.PatientKeyWrapped;
import health.datasafe.contracts.RecordSealed;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.TransactionType;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The vault on Kafka: what the vault stores is on {@code dsh.vault.records} and {@code dsh.vault.keys} before the
 * write is answered, byte for byte what its rows hold, enough to open the record with the master key, and never the
 * content.
 */
class VaultTopicsIntegrationTest extends TransactionServiceTestBase {

    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    @Test
    void envelopeIsOnTheVaultTopicBeforeTheWriteIsAnsweredAndHoldsExactlyTheStoredRowWithoutPlaintext() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        byte[] content = ("Befund " + UUID.randomUUID() + ": HbA1c 6.1 %, Patientin nüchtern").getBytes(StandardCharsets.UTF_8);

        var response = send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT),
                "text/plain", content);

        assertThat(response.statusCode()).as(response.body()).isIn(201, 202);
        String recordId = jsonOf(response).get("recordId").asString();
        // read up to where the topic ended right after the answer: the envelope was written before it
        var envelopes = upToTheEnd(Topics.VAULT_RECORDS).stream().filter(r -> recordId.equals(r.key())).toList();
        assertThat(envelopes).hasSize(1);
        byte[] value = envelopes.getFirst().value();
        RecordSealed sealed = json.readValue(value, RecordSealed.class);

        var row = jdbc.sql("SELECT * FROM records WHERE record_id = :r").param("r", recordId).query().singleRow();
        assertThat(sealed.recordId()).isEqualTo(recordId);
        assertThat(sealed.patientId()).isEqualTo(patient).isEqualTo(row.get("patient_id"));
        assertThat(sealed.contentType()).isEqualTo("text/plain").isEqualTo(row.get("content_type"));
        assertThat(BASE64.decode(sealed.ciphertext())).isEqualTo((byte[]) row.get("ciphertext"));
        assertThat(BASE64.decode(sealed.iv())).isEqualTo((byte[]) row.get("iv"));
        assertThat(BASE64.decode(sealed.wrappedDataKey())).isEqualTo((byte[]) row.get("wrapped_data_key"));
        assertThat(BASE64.decode(sealed.salt())).isEqualTo((byte[]) row.get("salt"));
        assertThat(sealed.commitment()).isEqualTo(row.get("commitment"));
        assertThat(sealed.addedByTx()).isEqualTo(row.get("added_by_tx"))
                .isEqualTo(jsonOf(response).get("transactionId").asString());
        assertThat(sealed.sealedAt()).isEqualTo(instantOf(row.get("created_at")));

        assertThat(contains(value, content)).as("the content in the envelope").isFalse();
        assertThat(contains(value, Base64.getEncoder().encode(content))).as("the content, base64, in the envelope").isFalse();
        assertThat(contains(value, "Befund".getBytes(StandardCharsets.UTF_8))).isFalse();

        // and it is all it takes, with the patient's key from its topic and the master key, to open the record
        PatientKeyWrapped key = json.readValue(upToTheEnd(Topics.VAULT_KEYS).stream()
                .filter(r -> patient.equals(r.key())).findFirst().orElseThrow().value(), PatientKeyWrapped.class);
        var envelope = new SealedRecord(sealed.recordId(), sealed.patientId(), sealed.contentType(),
                BASE64.decode(sealed.ciphertext()), BASE64.decode(sealed.iv()), BASE64.decode(sealed.wrappedDataKey()),
                BASE64.decode(sealed.salt()), sealed.commitment());
        assertThat(new RecordCipher(BASE64.decode(MASTER_KEY)).open(envelope, BASE64.decode(key.wrappedKey())))
                .isEqualTo(content);
    }

    @Test
    void aPatientsFirstRecordPutsTheirOneWrappedKeyOnTheKeysTopicAndLaterRecordsPutNone() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String first = addRecord(patient, token, "application/json", "{\"glucose\":5.4}".getBytes(StandardCharsets.UTF_8));
        String second = addRecord(patient, token, "application/json", "{\"glucose\":6.1}".getBytes(StandardCharsets.UTF_8));

        var keys = upToTheEnd(Topics.VAULT_KEYS).stream().filter(r -> patient.equals(r.key())).toList();

        assertThat(keys).hasSize(1);
        byte[] value = keys.getFirst().value();
        PatientKeyWrapped wrapped = json.readValue(value, PatientKeyWrapped.class);
        var row = jdbc.sql("SELECT * FROM patient_keys WHERE patient_id = :p").param("p", patient).query().singleRow();
        assertThat(wrapped.patientId()).isEqualTo(patient);
        assertThat(BASE64.decode(wrapped.wrappedKey())).isEqualTo((byte[]) row.get("wrapped_key"));
        assertThat(wrapped.wrappedAt()).isEqualTo(instantOf(row.get("created_at")));
        assertThat(upToTheEnd(Topics.VAULT_RECORDS).stream().map(ConsumerRecord::key)).contains(first, second);
    }

    @Test
    void aRecordWhoseAdditionIsRejectedIsWithdrawnFromTheVaultTopic() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        LEDGER.rejectWhen(tx -> tx.type() == TransactionType.RECORD_ADDED && patient.equals(tx.patientId()),
                RejectionReason.UNKNOWN_PATIENT, "rejected for the test");

        send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT), "text/plain",
                "rejected".getBytes(StandardCharsets.UTF_8), "Prefer", "wait=10");

        String recordId = LEDGER.submitted().stream()
                .filter(tx -> tx.type() == TransactionType.RECORD_ADDED && patient.equals(tx.patientId()))
                .findFirst().orElseThrow().meta(Metadata.RECORD_ID);
        await().atMost(PATIENCE).untilAsserted(() -> {
            var values = upToTheEnd(Topics.VAULT_RECORDS).stream().filter(r -> recordId.equals(r.key()))
                    .map(ConsumerRecord::value).toList();
            assertThat(values).hasSize(2);
            assertThat(json.readValue(values.getFirst(), RecordSealed.class).recordId()).isEqualTo(recordId);
            assertThat(values.getLast()).as("a tombstone").isNull();
        });
        assertThat(count("SELECT count(*) FROM records WHERE record_id = :r", Map.of("r", recordId))).isZero();
    }

    private static Instant instantOf(Object timestamp) {
        return switch (timestamp) {
            case OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp sql -> sql.toInstant();
            default -> throw new IllegalArgumentException("not a timestamp: " + timestamp);
        };
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

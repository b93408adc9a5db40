package health.datasafe.transaction.vault;

import health.datasafe.contracts.PatientKeyWrapped;
import health.datasafe.contracts.RecordSealed;
import health.datasafe.contracts.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The vault on Kafka: every envelope the vault stores goes to {@link Topics#VAULT_RECORDS} as {@link RecordSealed},
 * keyed by record id, and every patient key it makes to {@link Topics#VAULT_KEYS} as {@link PatientKeyWrapped}, keyed
 * by patient id, each awaited, so nothing the vault acknowledges lives only in its database. Both carry exactly what
 * the rows hold (ciphertext, nonces, wrapped keys, salt, commitment; never content, never an unwrapped key), so the
 * tables can be rebuilt from the topics.
 */
@Component
class VaultLog {

    private static final long SEND_TIMEOUT_SECONDS = 10;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;

    VaultLog(KafkaTemplate<String, byte[]> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    /** Puts the envelope of a record stored by transaction {@code addedByTx}; {@link VaultUnreachable} if it cannot. */
    void sealed(SealedRecord sealed, String addedByTx, Instant sealedAt) {
        var event = new RecordSealed(sealed.recordId(), sealed.patientId(), sealed.contentType(),
                BASE64.encodeToString(sealed.ciphertext()), BASE64.encodeToString(sealed.iv()),
                BASE64.encodeToString(sealed.wrappedDataKey()), BASE64.encodeToString(sealed.salt()),
                sealed.commitment(), addedByTx, sealedAt);
        send(Topics.VAULT_RECORDS, sealed.recordId(), json.writeValueAsBytes(event));
    }

    /** Puts a patient's new wrapped key; {@link VaultUnreachable} if it cannot. */
    void keyWrapped(String patientId, byte[] wrappedKey, Instant wrappedAt) {
        send(Topics.VAULT_KEYS, patientId,
                json.writeValueAsBytes(new PatientKeyWrapped(patientId, BASE64.encodeToString(wrappedKey), wrappedAt)));
    }

    /** Withdraws a record's envelope (a tombstone, so compaction removes it); {@link VaultUnreachable} if it cannot. */
    void withdrawn(String recordId) {
        send(Topics.VAULT_RECORDS, recordId, null);
    }

    private void send(String topic, String key, byte[] value) {
        CompletableFuture<?> sent;
        try {
            sent = kafka.send(topic, key, value);
        } catch (RuntimeException e) {
            // no metadata for the topic within max.block.ms, or the producer is closed: thrown, not completed
            throw new VaultUnreachable(topic, e);
        }
        try {
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultUnreachable(topic, e);
        } catch (ExecutionException e) {
            throw new VaultUnreachable(topic, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            // as Kafka's own, so a listener that meets it retries it as an outage
            throw new VaultUnreachable(topic, new org.apache.kafka.common.errors.TimeoutException(
                    "no acknowledgement from " + topic + " within " + SEND_TIMEOUT_SECONDS + "s", e));
        }
    }
}

package health.datasafe.ledger.witness;

import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Cosignature;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.SignedNote;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The witnesses' cosignatures of this ledger's checkpoints ({@code checkpoint_cosignature}): a cosigned note is taken
 * when its text is one of this node's checkpoints and a line of it verifies with a pinned witness
 * ({@code dsh.ledger.witnesses}); lines by anyone else are dropped. A checkpoint is served with every line kept for its
 * text, so a reader can require {@code k} witnesses ({@code dsh-verify checkpoint --min-witnesses k}).
 */
@Component
public class CheckpointCosignatures {

    private final JdbcClient jdbc;
    private final Map<String, Ed25519.VerifyingKey> witnesses;

    CheckpointCosignatures(JdbcClient jdbc, WitnessSettings settings) {
        this.jdbc = jdbc;
        this.witnesses = settings.keys();
    }

    /**
     * Keeps the cosignatures of pinned witnesses in the note (a checkpoint of this ledger with witness lines added);
     * answers the names of the witnesses whose line was kept.
     *
     * @throws CheckpointNotCosigned when the note is not one of this node's checkpoints, or holds no valid line of a
     *                               pinned witness
     */
    public List<String> take(String note) {
        SignedNote.Parts parts;
        try {
            parts = SignedNote.parse(note);
        } catch (CheckpointInvalid malformed) {
            throw new CheckpointNotCosigned(malformed.getMessage());
        }
        String text = parts.text();
        boolean ours = jdbc.sql("SELECT EXISTS (SELECT 1 FROM checkpoint WHERE starts_with(note, :text))")
                .param("text", text).query(Boolean.class).single();
        if (!ours) {
            throw new CheckpointNotCosigned("its text is not a checkpoint this ledger node signed");
        }
        String signatures = note.substring(note.lastIndexOf("\n\n") + 2);
        var kept = new ArrayList<String>();
        for (var witness : witnesses.entrySet()) {
            for (String line : signatures.split("\n")) {
                if (!line.startsWith(SignedNote.SIGNATURE_PREFIX + witness.getKey() + " ")) {
                    continue;
                }
                long cosignedAt;
                try {
                    cosignedAt = Cosignature.verify(text + "\n" + line + "\n", witness.getKey(), witness.getValue());
                } catch (CheckpointInvalid notThisWitness) {
                    continue;
                }
                jdbc.sql("""
                                INSERT INTO checkpoint_cosignature (text_hash, witness, line, cosigned_at)
                                VALUES (:hash, :witness, :line, :at)
                                ON CONFLICT (text_hash, witness) DO UPDATE
                                SET line = excluded.line, cosigned_at = excluded.cosigned_at, received_at = now()
                                WHERE checkpoint_cosignature.cosigned_at < excluded.cosigned_at""")
                        .param("hash", hash(text))
                        .param("witness", witness.getKey())
                        .param("line", line + "\n")
                        .param("at", Timestamp.from(Instant.ofEpochSecond(cosignedAt)))
                        .update();
                kept.add(witness.getKey());
                break;
            }
        }
        if (kept.isEmpty()) {
            throw new CheckpointNotCosigned("no line of it is a valid cosignature of a witness this ledger pins "
                    + witnesses.keySet());
        }
        return kept;
    }

    /** The note with every kept cosignature of its text added. */
    public String withCosignatures(String note) {
        String text = SignedNote.parse(note).text();
        String cosigned = note;
        for (String line : jdbc.sql("SELECT line FROM checkpoint_cosignature WHERE text_hash = :hash ORDER BY witness")
                .param("hash", hash(text)).query(String.class).list()) {
            cosigned = Cosignature.add(cosigned, line);
        }
        return cosigned;
    }

    private static byte[] hash(String text) {
        return Sha256.hash(text.getBytes(StandardCharsets.UTF_8));
    }
}

package health.datasafe.verifier;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.ErasureReceipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * erasure: an erasure receipt's transactions and their receipts (its valid case runs against the devstack, in the
 * system tests' erasure story, and against the transaction-service in its erasure test).
 */
class ErasureCommandTest {

    @TempDir
    Path dir;

    private final LedgerFixture fixture = new LedgerFixture(3, 2, 4);

    /** The fixture's first transaction, a RECORD_ADDED with its valid receipt, presented as an erasure. */
    private Path notAnErasure() throws IOException {
        Transaction added = fixture.transactions.getFirst();
        var receipt = new ErasureReceipt(added.meta(Metadata.RECORD_ID), added.patientId(),
                new ErasureReceipt.Part(added, fixture.receipt(0).toHeader()), List.of());
        return Files.write(dir.resolve("erasure.json"), CanonicalJson.of(receipt));
    }

    @Test
    void anErasureReceiptNeedsAPinnedKey() throws IOException {
        assertThat(Run.of("erasure", notAnErasure().toString()).unusable().stderr())
                .contains("an erasure receipt is only worth checking against a pinned key", "--public-key");
    }

    @Test
    void aReceiptOfAnotherTransactionIsNoErasure() throws IOException {
        Path key = fixture.writePublicKey(dir);

        assertThat(Run.of("erasure", notAnErasure().toString(), "--public-key", key.toString()).invalid().stderr())
                .contains("the erasure is not a RECORD_ERASED of record record-1");
    }

    @Test
    void somethingThatIsNoErasureReceiptIsUnusable() throws IOException {
        Path key = fixture.writePublicKey(dir);
        Path file = Files.writeString(dir.resolve("not.json"), "{\"recordId\":\"r\"}", StandardCharsets.UTF_8);

        assertThat(Run.of("erasure", file.toString(), "--public-key", key.toString()).unusable().stderr())
                .contains("recordId, patientId and erasure must all be present");
    }
}

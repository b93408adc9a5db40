package health.datasafe.transaction.initiator;

import health.datasafe.integrity.Receipt;
import health.datasafe.integrity.SignedNote;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A receipt whose checkpoint carries the signature of every node that signed the same checkpoint text: the cosigned
 * note a verifier counts the quorum on ({@code dsh-verify receipt --min-signers}).
 */
final class Cosigned {

    private Cosigned() {
    }

    /**
     * The receipt (JSON) with the signature lines of those of {@code notes} whose text is its checkpoint's text added
     * to its checkpoint; the receipt as it is when it is null or no other note matches.
     */
    static String receipt(String receiptJson, List<String> notes) {
        if (receiptJson == null || notes.stream().allMatch(Objects::isNull)) {
            return receiptJson;
        }
        Receipt receipt = Receipt.parse(receiptJson.getBytes(StandardCharsets.UTF_8));
        String merged = SignedNote.mergeSameText(receipt.checkpoint(), notes);
        if (merged.equals(receipt.checkpoint())) {
            return receiptJson;
        }
        return new String(new Receipt(receipt.txId(), receipt.txHash(), receipt.shard(), receipt.blockHeight(),
                receipt.blockHash(), receipt.leafIndex(), receipt.treeSize(), receipt.inclusionProof(), merged)
                .toJson(), StandardCharsets.UTF_8);
    }
}

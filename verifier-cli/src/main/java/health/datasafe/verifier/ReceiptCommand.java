package health.datasafe.verifier;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Receipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/** Verifies a transaction's receipt: its inclusion proof up to a checkpoint signed by a pinned key. */
@Command(name = "receipt", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS, sortOptions = false,
        description = {"Verifies a receipt: that the checkpoint in it is signed by the ledger's key, states the"
                + " receipt's shard at its tree size, and that the inclusion proof leads from the tx hash to the root"
                + " it states. FILE holds the receipt's JSON or the value of the DSH-Receipt HTTP header (unpadded"
                + " base64url, optionally preceded by `DSH-Receipt:`).",
                "--public-key or --genesis is required: a receipt carries no key, and is only worth checking against a"
                        + " pinned one. With --genesis its nodes' keys are pinned and, unless --min-signers says"
                        + " otherwise, the genesis quorum of them must have signed the checkpoint (the block is final).",
                "Output: one line `valid: tx hash HEX (transaction ID) is leaf I of shard S's log of size N, root"
                        + " HEX, in the checkpoint of ORIGIN signed by K of the pinned keys (KEY-IDS)`. The block height and hash are as the receipt states;"
                        + " the proof does not cover them."})
final class ReceiptCommand implements Callable<Integer> {

    private static final String HEADER_NAME = "dsh-receipt:";

    @ParentCommand
    private DshVerify root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the receipt's JSON or DSH-Receipt header value, - for standard input")
    private String file;

    @Mixin
    private LedgerPins pins = new LedgerPins();

    @Override
    public Integer call() {
        LedgerPins.Pinned pinned = pins.required(spec, root.in, "a receipt");
        var input = new InputFile(file);
        byte[] bytes = input.bytes(root.in);
        String text = input.utf8(bytes).strip();
        Receipt receipt;
        if (text.startsWith("{")) {
            receipt = Receipt.parse(bytes);
        } else {
            if (text.toLowerCase(Locale.ROOT).startsWith(HEADER_NAME)) {
                text = text.substring(HEADER_NAME.length()).strip();
            }
            receipt = Receipt.fromHeader(text);
        }
        Checkpoint.Cosigned cosigned = receipt.verify(pinned.keys(), pinned.minSigners());
        Checkpoint checkpoint = cosigned.checkpoint();
        root.out.println(("valid: tx hash %s (transaction %s) is leaf %d of shard %d's log of size %d, root %s, in the"
                + " checkpoint of %s signed by %d of the pinned keys (%s)")
                .formatted(receipt.txHash(), receipt.txId(), receipt.leafIndex(), receipt.shard(), receipt.treeSize(),
                        checkpoint.shard(receipt.shard()).root(), checkpoint.origin(), cosigned.signers().size(),
                        String.join(", ", cosigned.signers())));
        return DshVerify.VALID;
    }
}

package health.datasafe.verifier;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.ErasureReceipt;
import health.datasafe.integrity.Transactions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Verifies an erasure receipt: the patient's erasure of a record and the vault's confirmation, both on the ledger. */
@Command(name = "erasure", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS, sortOptions = false,
        description = {"Verifies an erasure receipt (GET /api/patients/{patient}/records/{record}/erasure;"
                + " docs/ledger-format.md section 4g): that its RECORD_ERASED names the record of the patient, that"
                + " every ERASURE_CONFIRMED names that erasure and is made by the vault of the initiator that signed it,"
                + " that each transaction hashes to its receipt's tx hash, and that each receipt's inclusion proof leads"
                + " to a checkpoint signed by the pinned keys.",
                "--public-key or --genesis is required, as for a receipt.",
                "Output: one line `valid: record R of patient P erased by transaction T (tx hash HEX), in the"
                        + " checkpoint of ORIGIN signed by K of the pinned keys; destroyed and confirmed by VAULTS`."})
final class ErasureCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the erasure receipt's JSON, - for standard input")
    private String file;

    @Mixin
    private LedgerPins pins = new LedgerPins();

    @Override
    public Integer call() {
        LedgerPins.Pinned pinned = pins.required(spec, root.in, "an erasure receipt");
        ErasureReceipt receipt = ErasureReceipt.parse(new InputFile(file).bytes(root.in));
        ErasureReceipt.Verified verified = receipt.verify(pinned.keys(), pinned.minSigners());
        Checkpoint.Cosigned checkpoint = verified.erasure();
        root.out.println(("valid: record %s of patient %s erased by transaction %s (tx hash %s), in the checkpoint of"
                + " %s signed by %d of the pinned keys; destroyed and confirmed by %s")
                .formatted(receipt.recordId(), receipt.patientId(), receipt.erasure().transaction().id(),
                        Transactions.hash(receipt.erasure().transaction()), checkpoint.checkpoint().origin(),
                        checkpoint.signers().size(), String.join(", ", verified.confirmedBy())));
        return DshVerify.VALID;
    }
}

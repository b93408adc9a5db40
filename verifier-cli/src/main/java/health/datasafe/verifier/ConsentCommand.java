package health.datasafe.verifier;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.UserSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;

import java.util.concurrent.Callable;

/** Shows who signed a consent and checks, offline, that the patient's key did (docs/ledger-format.md section 4f). */
@Command(name = "consent", mixinStandardHelpOptions = true, footer = DshVerify.EXIT_STATUS, sortOptions = false,
        description = {"Checks that a CONSENT_GRANTED or CONSENT_REVOKED transaction (its JSON, as the ledger stores and"
                + " exports it) carries its actor's signature made with the key in --public-key: the patient's own,"
                + " which the operator running the initiator does not hold.",
                "Output: one line `valid: TYPE of consent ID for patient P (what it grants), signed by ACTOR with key"
                        + " KEY-ID, to be submitted by NOT-AFTER; tx hash HEX`."})
final class ConsentCommand implements Callable<Integer> {

    @ParentCommand
    private DshVerify root;

    @Parameters(paramLabel = "FILE", description = "the consent transaction's JSON, - for standard input")
    private String file;

    @Option(names = "--public-key", paramLabel = "FILE", required = true,
            description = "the key the patient registered: PEM \"PUBLIC KEY\" or bare base64 X.509")
    private String publicKey;

    @Override
    public Integer call() {
        Ed25519.VerifyingKey key = new PublicKeyFile(publicKey).read(root.in);
        var input = new InputFile(file);
        Transaction tx;
        try {
            tx = CanonicalJson.read(input.bytes(root.in), Transaction.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(input.description() + " is not a transaction's JSON: "
                    + e.getOriginalMessage());
        }
        if (tx == null || tx.type() == null) {
            throw new IllegalArgumentException(input.description() + " is not a transaction's JSON: it has no type");
        }
        if (tx.type() != TransactionType.CONSENT_GRANTED && tx.type() != TransactionType.CONSENT_REVOKED) {
            throw new IllegalArgumentException("the transaction is a " + tx.type() + ", not a consent");
        }
        String consentId = tx.meta(Metadata.CONSENT_ID);
        if (tx.meta(Metadata.USER_SIGNATURE) == null) {
            throw new ConsentNotSigned(consentId, "it carries no userSignature: only the initiator signed it, and the"
                    + " patient's key did not");
        }
        if (!UserSignatures.signedBy(tx, key.toX509())) {
            throw new ConsentNotSigned(consentId, "its userSignature is not " + tx.actorId() + "'s signature of it with"
                    + " key " + key.keyId());
        }
        String what = tx.type() == TransactionType.CONSENT_GRANTED ? granted(tx) : "revoked";
        root.out.println("valid: %s of consent %s for patient %s (%s), signed by %s with key %s, to be submitted by %s;"
                .formatted(tx.type(), consentId, tx.patientId(), what, tx.actorId(), key.keyId(),
                        tx.meta(Metadata.NOT_AFTER)) + " tx hash " + Transactions.hash(tx));
        return DshVerify.VALID;
    }

    /** The provision in a sentence: who may (or may not) do what, for what, on which records, when, and its exceptions. */
    private static String granted(Transaction tx) {
        var sentence = new StringBuilder("%s %s %s for %s".formatted(tx.meta(Metadata.GRANTEE),
                "deny".equals(tx.meta(Metadata.DECISION)) ? "may not" : "may", tx.meta(Metadata.ACTION),
                tx.meta(Metadata.PURPOSE)));
        for (String key : new String[]{Metadata.RESOURCE_TYPE, Metadata.SECURITY_LABELS, Metadata.RECORD_IDS}) {
            if (tx.meta(key) != null) {
                sentence.append(", ").append(key).append(' ').append(tx.meta(key));
            }
        }
        sentence.append(" from %s until %s".formatted(tx.meta(Metadata.VALID_FROM), tx.meta(Metadata.VALID_UNTIL)));
        if (tx.meta(Metadata.EXCEPTIONS) != null) {
            sentence.append(", except ").append(tx.meta(Metadata.EXCEPTIONS));
        }
        return sentence.toString();
    }
}

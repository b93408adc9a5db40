package health.datasafe.kit.kafka;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.integrity.StrictJson;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.TrustedKeys;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bodies of the screening fuzz targets: arbitrary bytes, as a record value on any topic, fed to the screens every
 * consumer runs first. Each may refuse the bytes only in the way its contract names, and whatever it lets through
 * must be safe to hash and sign-check: that is what keeps a poison record from reaching code that would throw on it
 * forever.
 */
final class ScreeningFuzzTargets {

    /** As Spring Boot configures it in the services: ISO-8601 instants. */
    static final JsonMapper JSON = JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    static final EventReader EVENTS = new EventReader(JSON);
    static final Ed25519.SigningKey LEDGER = Ed25519.SigningKey.fromPkcs8(
            "MC4CAQAwBQYDK2VwBCIEIPjGyFAB4fOcmitP0VuIKXBQ66LdJl4dtrhBZtlRBfFT");
    static final BlockScreen BLOCKS = new BlockScreen(EVENTS, TrustedKeys.of(List.of(LEDGER.verifyingKey())));

    private ScreeningFuzzTargets() {
    }

    /** StrictJson.decode throws only MalformedJson; what it accepts canonicalizes, and holds no U+0000. */
    static void strictJson(byte[] data) {
        String text;
        try {
            text = StrictJson.decode(data);
        } catch (CanonicalJson.MalformedJson refused) {
            return;
        }
        byte[] canonical = CanonicalJson.canonicalize(text);
        if (new String(canonical, StandardCharsets.UTF_8).indexOf('\0') >= 0) {
            throw new AssertionError("accepted JSON canonicalizes to text holding U+0000");
        }
    }

    /**
     * EventReader on each transaction event throws only RecordRefused; a transaction it lets through can be hashed and
     * its signature checked without an exception.
     */
    static void event(byte[] data) {
        for (Class<?> type : List.of(TransactionSubmitted.class, TransactionValidated.class, TransactionRejected.class)) {
            Object event;
            try {
                event = EVENTS.read(data, type);
            } catch (RecordRefused refused) {
                continue;
            }
            Transaction tx = switch (event) {
                case TransactionSubmitted submitted -> submitted.transaction();
                case TransactionValidated validated -> validated.transaction();
                case TransactionRejected rejected -> rejected.transaction();
                default -> throw new AssertionError("read a " + event.getClass());
            };
            if (tx != null) {
                Transactions.hash(tx);
                Transactions.signatureValid(tx, LEDGER.verifyingKey());
            }
        }
    }

    /**
     * BlockScreen.verified throws only RecordRefused; a block that {@link BlockScreen#read} lets through is checked by
     * {@link Blocks#verifyContents} with nothing but a LedgerInvalid.
     */
    static void block(byte[] data) {
        try {
            BLOCKS.verified(data);
        } catch (RecordRefused refused) {
            // the contract: refused, with a reason
        }
        BlockCommitted block;
        try {
            block = BLOCKS.read(data);
        } catch (RecordRefused refused) {
            return;
        }
        try {
            Blocks.verifyContents(block);
        } catch (LedgerInvalid invalid) {
            // a whole block whose contents do not check out
        }
    }
}

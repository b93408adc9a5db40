package health.datasafe.integrity;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionValidated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionsTest {

    private final LedgerFormatExample example = new LedgerFormatExample();
    private final TrustedKeys validators = TrustedKeys.of(List.of(example.validator.verifyingKey()));
    private final String keyId = example.validator.verifyingKey().keyId();
    private final Instant at = Instant.parse("2026-03-14T09:26:53.640Z");

    @Test
    void aSignedDecisionVerifiesWithTheValidatorsKey() {
        var rejected = Decisions.sign(TransactionRejected.unsigned(example.transactions.get(1),
                example.txHashes.get(1), RejectionReason.CONSENT_DENIED, "no consent", "validator-1", at, keyId),
                example.validator);

        assertThatCode(() -> Decisions.verify(example.decision0, validators)).doesNotThrowAnyException();
        assertThatCode(() -> Decisions.verify(example.epochEnd, validators)).doesNotThrowAnyException();
        assertThatCode(() -> Decisions.verify(rejected, validators)).doesNotThrowAnyException();
    }

    @Test
    void theSignedStatementIsCanonicalJsonOfWhatIsDecidedNotOfTheWholeRecord() {
        assertThat(new String(Decisions.signingInput(example.decision0))).isEqualTo("{\"event\":\"TransactionValidated\","
                + "\"signer\":\"" + keyId + "\",\"txHash\":\"" + example.txHashes.getFirst() + "\","
                + "\"validatedAt\":\"2026-03-14T09:26:53.640Z\",\"validator\":\"validator-1\"}");
        assertThat(new String(Decisions.signingInput(example.epochEnd))).isEqualTo("{\"endedAt\":\"2026-03-14T09:26:54.250Z\","
                + "\"epoch\":1,\"event\":\"EpochEnded\",\"shard\":0,\"signer\":\"" + keyId + "\",\"validator\":\"validator-1\"}");
    }

    @Test
    void aDecisionChangedAfterSigningDoesNotVerify() {
        TransactionValidated d = example.decision0;
        var otherHash = new TransactionValidated(d.transaction(), example.txHashes.get(1), d.validator(), d.validatedAt(),
                d.signer(), d.signature());
        EpochEnded e = example.epochEnd;
        var otherShard = new EpochEnded(e.epoch(), 1, e.endedAt(), e.validator(), e.signer(), e.signature());
        var later = new EpochEnded(e.epoch() + 1, e.shard(), e.endedAt(), e.validator(), e.signer(), e.signature());

        for (Runnable check : List.<Runnable>of(() -> Decisions.verify(otherHash, validators),
                () -> Decisions.verify(otherShard, validators), () -> Decisions.verify(later, validators))) {
            assertThatThrownBy(check::run).isInstanceOf(DecisionUntrusted.class)
                    .hasMessageContaining("signer " + keyId + " did not make its signature");
        }
    }

    @Test
    void aDecisionByAKeyNobodyTrustsOrWithoutASignatureIsUntrusted() {
        var stranger = Ed25519.SigningKey.generate();
        var byStranger = Decisions.sign(TransactionValidated.unsigned(example.transactions.getFirst(),
                example.txHashes.getFirst(), "validator-1", at, stranger.verifyingKey().keyId()), stranger);

        assertThatThrownBy(() -> Decisions.verify(byStranger, validators)).isInstanceOf(DecisionUntrusted.class)
                .hasMessage("TransactionValidated of tx " + example.txHashes.getFirst() + ": signer "
                        + stranger.verifyingKey().keyId() + " is not a trusted validator key");
        assertThatThrownBy(() -> Decisions.verify(example.decision0.withSignature(null), validators))
                .isInstanceOf(DecisionUntrusted.class);
        assertThatThrownBy(() -> Decisions.verify(example.decision0, TrustedKeys.none()))
                .isInstanceOf(DecisionUntrusted.class);
    }

    @Test
    void anEpochEndCountsOnlyInThePartitionItNames() {
        assertThatCode(() -> Decisions.verify(example.epochEnd, 0, validators)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Decisions.verify(example.epochEnd, 1, validators))
                .isInstanceOf(DecisionUntrusted.class)
                .hasMessage("epoch end 1 names shard 0 but was written to partition 1");
    }

    @Test
    void aKeyCannotSignADecisionNamingAnotherSigner() {
        var unsigned = TransactionValidated.unsigned(example.transactions.getFirst(), example.txHashes.getFirst(),
                "validator-1", at, "0000000000000000");

        assertThatThrownBy(() -> Decisions.sign(unsigned, example.validator))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names signer 0000000000000000");
    }
}

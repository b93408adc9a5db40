package health.datasafe.recovery.witness;

import health.datasafe.contracts.Purpose;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Ed25519;
import health.datasafe.recovery.FakeLedgerApi;
import health.datasafe.devsupport.TestLedger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without configured ledger keys the first signer seen is trusted and recorded. This context's listener is not
 * started (the other test context consumes the topic); blocks are handed to the witness directly, on the real
 * database, in a schema of this context's own: the blocks are on no topic, so the other context's witness copy, which
 * a rebuild there must reproduce from the topics, must not hold them.
 */
@SpringBootTest(properties = {"spring.kafka.listener.auto-startup=false", "dsh.trust.ledger-keys="})
class TrustOnFirstUseIntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "recovery_tofu");
        registry.add("dsh.recovery.ledger-url", () -> FakeLedgerApi.get().url());
    }

    @Autowired
    WitnessProjection projection;

    @Autowired
    WitnessStore store;

    @Test
    void firstSignerSeenIsTrustedAndAnotherSignerIsNot() {
        var firstKey = Ed25519.SigningKey.generate();
        var otherKey = Ed25519.SigningKey.generate();
        var first = new TestLedger(firstKey);
        var other = new TestLedger(otherKey);
        var trusted = first.block(900, first.accessed("patient-t1", "clinician-1", "rec-1", Purpose.TREATMENT));
        var next = first.block(900, first.accessed("patient-t1", "clinician-1", "rec-2", Purpose.TREATMENT));
        var untrusted = other.block(901, other.accessed("patient-t2", "clinician-1", "rec-1", Purpose.TREATMENT));
        Witness witness = projection.live();

        assertThat(witness.inOneTransaction(() -> witness.receive(trusted))).isEmpty();
        assertThat(witness.inOneTransaction(() -> witness.receive(next))).isEmpty();
        var refused = witness.inOneTransaction(() -> witness.receive(untrusted));

        assertThat(store.trustedSigner()).contains(firstKey.verifyingKey().keyId());
        assertThat(refused).hasValueSatisfying(failure -> {
            assertThat(failure.failure()).isEqualTo("SignatureInvalid");
            assertThat(failure.expected()).isEqualTo(firstKey.verifyingKey().keyId());
            assertThat(failure.actual()).isEqualTo(otherKey.verifyingKey().keyId());
        });
        assertThat(store.blockHash(900, 1)).isPresent();
        assertThat(store.blockHash(901, 0)).isEmpty();
    }
}

package health.datasafe.kit.trust;

import health.datasafe.integrity.Ed25519;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustTest {

    private final String key = Ed25519.SigningKey.generate().verifyingKey().toX509();

    @Test
    void aServiceThatActsOnBlocksOrDecisionsDoesNotStartWithoutTheKeysItNeeds() {
        var none = Trust.of(new TrustSettings(List.of(), List.of(), List.of()));

        assertThatThrownBy(() -> none.requiredLedger("report-service")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("dsh.trust.ledger-keys is empty: the report-service would refuse everything a"
                        + " ledger node signs");
        assertThatThrownBy(() -> none.requiredValidators("ledger-service")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("dsh.trust.validators is empty: the ledger-service would refuse everything a"
                        + " validator signs");
    }

    @Test
    void eachRoleTrustsTheKeysOfItsOwnSetting() {
        var trust = Trust.of(new TrustSettings(List.of(), List.of(key), List.of(key)));

        assertThat(trust.requiredLedger("transaction-service").keys()).hasSize(1);
        assertThat(trust.requiredValidators("transaction-service").keys()).hasSize(1);
        assertThat(trust.initiators().isEmpty()).isTrue();
    }
}

package health.datasafe.validator;

import health.datasafe.contracts.EpochEnded;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code dsh.validator}.
 *
 * @param id the name this validator signs its decisions with ({@code validator} in the published events); also the
 *           stem of its Kafka transactional id, so two running instances need two ids
 * @param maxBlockTransactions an epoch ends as soon as one partition of {@code dsh.tx.validated} holds this many of its
 *           transactions, so no ledger block holds more; at most {@link EpochEnded#MAX_TRANSACTIONS}
 * @param privateKey base64 PKCS#8 Ed25519 key this validator signs its decisions and epoch ends with; absent = a new key
 *           at every start (its public key is logged), which nobody else trusts
 */
@ConfigurationProperties("dsh.validator")
public record ValidatorSettings(@DefaultValue("validator-1") String id,
                                @DefaultValue("500") int maxBlockTransactions,
                                String privateKey) {

    public ValidatorSettings {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("dsh.validator.id must not be blank");
        }
        if (maxBlockTransactions < 1 || maxBlockTransactions > EpochEnded.MAX_TRANSACTIONS) {
            throw new IllegalArgumentException("dsh.validator.max-block-transactions must be between 1 and "
                    + EpochEnded.MAX_TRANSACTIONS + ", got " + maxBlockTransactions);
        }
    }
}

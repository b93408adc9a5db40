package health.datasafe.validator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code dsh.validator}.
 *
 * @param id the name this validator signs its decisions with ({@code validator} in the published events); also the
 *           stem of its Kafka transactional id, so two running instances need two ids
 */
@ConfigurationProperties("dsh.validator")
public record ValidatorSettings(@DefaultValue("validator-1") String id) {

    public ValidatorSettings {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("dsh.validator.id must not be blank");
        }
    }
}

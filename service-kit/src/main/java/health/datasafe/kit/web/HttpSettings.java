package health.datasafe.kit.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code dsh.http}.
 *
 * @param maxBodySize largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("dsh.http")
public record HttpSettings(@DefaultValue("1MB") DataSize maxBodySize) {
}

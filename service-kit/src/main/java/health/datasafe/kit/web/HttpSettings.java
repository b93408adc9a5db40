package health.datasafe.kit.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code dsh.http}.
 *
 * @param maxBodySize          largest request body accepted; larger ones get 413
 * @param maxRequestsInFlight  most {@code /api/**} requests handled at once; one more gets 503 with
 *                             {@code Retry-After} ({@link RequestsInFlight})
 * @param maxBodyBytesInFlight most bytes of request bodies held at once by a servlet service's requests in flight;
 *                             a request whose body would pass it gets 503 with {@code Retry-After}; at least
 *                             {@code maxBodySize}
 */
@ConfigurationProperties("dsh.http")
public record HttpSettings(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("256") int maxRequestsInFlight,
                           @DefaultValue("64MB") DataSize maxBodyBytesInFlight) {
}

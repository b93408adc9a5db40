package health.datasafe.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.util.List;

/**
 * Where the gateway sends what, and its limits ({@code dsh.gateway.*}).
 *
 * @param transactionUrl the transaction-service (identities, records, consents, transaction status)
 * @param ledgerUrl      the ledger-service
 * @param recoveryUrl    the recovery-service
 * @param reportUrl      the report-service (access logs)
 * @param devTokenUri    the development token issuer's {@code POST /token}; when set (the devstack sets it) the gateway
 *                       relays {@code POST /dev/token} there. Never set in production, where a real identity provider
 *                       issues tokens
 * @param corsOrigins    browser origins allowed to call the API; none by default
 * @param maxRequestSize the largest request body relayed; a larger one is refused with 413
 */
@ConfigurationProperties("dsh.gateway")
public record GatewaySettings(
        @DefaultValue("http://localhost:8081") URI transactionUrl,
        @DefaultValue("http://localhost:8083") URI ledgerUrl,
        @DefaultValue("http://localhost:8084") URI recoveryUrl,
        @DefaultValue("http://localhost:8085") URI reportUrl,
        URI devTokenUri,
        List<String> corsOrigins,
        @DefaultValue("1MB") DataSize maxRequestSize) {

    public GatewaySettings {
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    }
}

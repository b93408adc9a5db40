package health.datasafe.gateway.routing;

import health.datasafe.gateway.GatewaySettings;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import java.net.URI;

/**
 * The routes, built from {@link GatewaySettings}. Services serve the same paths the gateway does, so nothing is
 * rewritten; the caller's {@code Authorization} header travels on with the request.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceRoutes {

    static final String[] TRANSACTION_PATHS = {
            "/api/identities/**",
            "/api/patients/*/records/**",
            "/api/patients/*/consents/**",
            "/api/patients/*/break-glass/**",
            "/api/transactions/**"};
    static final String[] LEDGER_PATHS = {"/api/ledger/**"};
    static final String[] REPORT_PATHS = {"/api/patients/*/access-log", "/api/break-glass"};
    static final String[] RECOVERY_PATHS = {"/api/recovery/**"};
    public static final String DEV_TOKEN_PATH = "/dev/token";

    @Bean
    RouteLocator publicRoutes(RouteLocatorBuilder builder, GatewaySettings settings) {
        RouteLocatorBuilder.Builder routes = builder.routes()
                .route("transaction-service", route -> route.path(TRANSACTION_PATHS).uri(settings.transactionUrl()))
                .route("ledger-service", route -> route.path(LEDGER_PATHS).uri(settings.ledgerUrl()))
                .route("report-service", route -> route.path(REPORT_PATHS).uri(settings.reportUrl()))
                .route("recovery-service", route -> route.path(RECOVERY_PATHS).uri(settings.recoveryUrl()));
        URI devTokenUri = settings.devTokenUri();
        if (devTokenUri != null) {
            String target = devTokenUri.getRawPath() == null || devTokenUri.getRawPath().isEmpty() ? "/" : devTokenUri.getRawPath();
            routes.route("dev-token", route -> route.path(DEV_TOKEN_PATH).and().method(HttpMethod.POST)
                    .filters(filters -> filters.setPath(target))
                    .uri(devTokenUri));
        }
        return routes.build();
    }
}

package health.datasafe.kit.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * A reactive service's (the gateway's) own authorization rules, declared as a bean and placed by the kit's security
 * baseline between its open paths (health, info) and its final rule (anything else needs a valid token).
 */
@FunctionalInterface
public interface ReactiveAccessRules {

    void apply(ServerHttpSecurity.AuthorizeExchangeSpec exchanges);
}

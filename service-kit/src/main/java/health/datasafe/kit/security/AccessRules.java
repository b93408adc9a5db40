package health.datasafe.kit.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A servlet service's own authorization rules, declared as a bean and placed by the kit's security baseline between
 * its open paths (health, info, the error dispatch) and its final rule (anything else needs a valid token).
 */
@FunctionalInterface
public interface AccessRules {

    void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}

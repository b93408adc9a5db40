package health.datasafe.kit.rebuild;

import health.datasafe.contracts.Role;
import health.datasafe.kit.security.AccessRules;
import health.datasafe.kit.web.RequestBodies;
import health.datasafe.kit.web.RequestBodiesAutoConfiguration;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * {@link Rebuilds}, its ADMIN-only endpoints at {@code /api/<dsh.rebuild.segment>/rebuilds}, for a service that
 * declares how it replays ({@link Replay}) and keeps its state in a database.
 */
@AutoConfiguration(after = RequestBodiesAutoConfiguration.class, afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
@ConditionalOnClass({DataSource.class, Flyway.class})
@ConditionalOnBean({Replay.class, DataSource.class, RequestBodies.class})
@EnableConfigurationProperties(RebuildSettings.class)
public class RebuildAutoConfiguration {

    @Bean
    Schemas rebuildSchemas(DataSource dataSource) {
        return new Schemas(dataSource);
    }

    @Bean
    RebuildController rebuildController(Rebuilds rebuilds, RebuildSettings settings) {
        return new RebuildController(rebuilds, settings);
    }

    /** Rebuilding is for admins only. */
    @Bean
    AccessRules rebuildAccess(RebuildSettings settings) {
        return requests -> requests.requestMatchers(settings.path(), settings.path() + "/**")
                .hasRole(Role.ADMIN.name());
    }

    @Bean
    Rebuilds rebuilds(Replay replay, Schemas schemas, RequestBodies bodies) {
        return new Rebuilds(replay, schemas, bodies);
    }
}

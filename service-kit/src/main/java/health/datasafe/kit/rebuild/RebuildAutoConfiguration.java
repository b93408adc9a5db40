package health.datasafe.kit.rebuild;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import health.datasafe.kit.web.RequestBodies;
import health.datasafe.kit.web.RequestBodiesAutoConfiguration;

import javax.sql.DataSource;

/** {@link Rebuilds} for a service that declares how it replays ({@link Replay}) and keeps its state in a database. */
@AutoConfiguration(after = RequestBodiesAutoConfiguration.class, afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
@ConditionalOnClass({DataSource.class, Flyway.class})
@ConditionalOnBean({Replay.class, DataSource.class, RequestBodies.class})
public class RebuildAutoConfiguration {

    @Bean
    Schemas rebuildSchemas(DataSource dataSource) {
        return new Schemas(dataSource);
    }

    @Bean
    Rebuilds rebuilds(Replay replay, Schemas schemas, RequestBodies bodies) {
        return new Rebuilds(replay, schemas, bodies);
    }
}

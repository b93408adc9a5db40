package health.datasafe.kit.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** Problem+json for a reactive service (the gateway): the exception handler and the security filters' writer. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ReactiveProblemAutoConfiguration {

    @Bean
    ReactiveProblems reactiveProblems(JsonMapper json) {
        return new ReactiveProblems(json);
    }

    @Bean
    ReactiveProblemHandler reactiveProblemHandler(ReactiveProblems problems) {
        return new ReactiveProblemHandler(problems);
    }
}

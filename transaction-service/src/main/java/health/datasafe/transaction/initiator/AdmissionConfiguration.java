package health.datasafe.transaction.initiator;

import health.datasafe.kit.problem.ServletProblems;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The {@link CommitLatencyLimit} and its {@link Admission} filter, right after service-kit's requests-in-flight bound. */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

    @Bean
    CommitLatencyLimit commitLatencyLimit(AdmissionSettings settings) {
        return new CommitLatencyLimit(settings, System::nanoTime);
    }

    @Bean
    FilterRegistrationBean<Admission> admission(CommitLatencyLimit limit, ServletProblems problems) {
        var registration = new FilterRegistrationBean<>(new Admission(limit, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}

package health.datasafe.kit.defaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Adds {@code service-kit-defaults.properties} as the last property source of every service: the settings all of
 * them share (Kafka keys as strings and values as raw bytes, acknowledged by all replicas; no error details in
 * responses; actuator health and info only). A service's own application.yml, its environment and its command line
 * all override them.
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "service-kit-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("service-kit defaults",
                    new ClassPathResource(RESOURCE, ServiceDefaults.class.getClassLoader())));
        } catch (IOException e) {
            throw new UncheckedIOException("service-kit cannot read its " + RESOURCE, e);
        }
    }
}

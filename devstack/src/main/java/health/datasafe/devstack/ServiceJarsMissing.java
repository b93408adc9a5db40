package health.datasafe.devstack;

import java.nio.file.Path;
import java.util.List;

/** Service jars the devstack would launch have not been built. */
public final class ServiceJarsMissing extends IllegalStateException {

    private final List<Path> jars;

    public ServiceJarsMissing(Path repository, List<Path> jars) {
        super("not built yet: " + String.join(", ", jars.stream().map(jar -> repository.relativize(jar).toString()).toList())
                + "; build them with ./mvnw -DskipTests package (or ./dsh-devstack --build)");
        this.jars = List.copyOf(jars);
    }

    public List<Path> jars() {
        return jars;
    }
}

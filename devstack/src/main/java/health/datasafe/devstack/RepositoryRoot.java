package health.datasafe.devstack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the repository root: the directory holding the parent pom.xml, devstack/ and the service modules. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** {@code explicit} when given, else the first repository at or above the working directory, else above this jar. */
    static Path locate(Path explicit) {
        if (explicit != null) {
            Path root = explicit.toAbsolutePath().normalize();
            if (!isRepository(root)) {
                throw new RepositoryNotFound(root);
            }
            return root;
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        return above(workingDirectory)
                .or(() -> codeLocation().flatMap(RepositoryRoot::above))
                .orElseThrow(() -> new RepositoryNotFound(workingDirectory));
    }

    static Optional<Path> above(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRepository(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    static boolean isRepository(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml"))
                && Files.isDirectory(dir.resolve("devstack"))
                && Files.isDirectory(dir.resolve(Service.TRANSACTION.module()));
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = Devstack.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

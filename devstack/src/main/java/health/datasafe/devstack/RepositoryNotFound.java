package health.datasafe.devstack;

import java.nio.file.Path;

/** Neither the working directory nor anything above it (nor --repo) is the DataSafeHealth repository. */
public final class RepositoryNotFound extends IllegalStateException {

    private final Path searchedFrom;

    public RepositoryNotFound(Path searchedFrom) {
        super("cannot find the DataSafeHealth repository (a directory holding pom.xml, devstack/ and the service modules) at or above "
                + searchedFrom + ": run from inside it or pass --repo <dir>");
        this.searchedFrom = searchedFrom;
    }

    public Path searchedFrom() {
        return searchedFrom;
    }
}

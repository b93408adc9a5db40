package health.datasafe.devstack.datadir;

import java.nio.file.Path;

/** Another devstack (or another process) holds the lock of this data directory. */
public final class DataDirectoryInUse extends IllegalStateException {

    private final Path directory;

    public DataDirectoryInUse(Path directory) {
        super("another devstack is running on " + directory + ": stop it first, or choose another --data-dir");
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}

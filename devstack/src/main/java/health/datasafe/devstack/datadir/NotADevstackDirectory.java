package health.datasafe.devstack.datadir;

import java.nio.file.Path;
import java.util.List;

/** --fresh was asked to wipe a directory that holds files the devstack did not create. */
public final class NotADevstackDirectory extends IllegalStateException {

    private final Path directory;
    private final List<String> foreignEntries;

    public NotADevstackDirectory(Path directory, List<String> foreignEntries) {
        super("--fresh will not wipe " + directory + ": it holds " + String.join(", ", foreignEntries)
                + ", which the devstack did not create; choose another --data-dir");
        this.directory = directory;
        this.foreignEntries = List.copyOf(foreignEntries);
    }

    public Path directory() {
        return directory;
    }

    public List<String> foreignEntries() {
        return foreignEntries;
    }
}

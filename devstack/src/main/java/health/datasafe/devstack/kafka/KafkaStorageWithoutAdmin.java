package health.datasafe.devstack.kafka;

import java.nio.file.Path;

/** A Kafka storage formatted before the devstack kept an admin credential beside it cannot be locked down. */
public final class KafkaStorageWithoutAdmin extends IllegalStateException {

    private final transient Path directory;

    KafkaStorageWithoutAdmin(Path directory) {
        super("the Kafka in " + directory + " was made before the devstack kept its admin credential, so it cannot be "
                + "locked down; start once with --fresh to use --kafka-auth");
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}

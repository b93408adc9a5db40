package health.datasafe.devstack.archive;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArchivedLaunchTest {

    @Test
    void aTrainingLaunchUntrainedIsTheSameCommandWithoutTheTrainingOptions() {
        for (ArchiveKind kind : ArchiveKind.values()) {
            var sharing = new ClassDataSharing(Path.of("/jdk/bin/java"), "25", kind);
            ArchivedLaunch training = sharing.archived(Path.of("/app/ledger-service.jar"), Path.of("/nowhere"), List.of("-Xmx384m"));

            ArchivedLaunch untrained = training.untrained();

            assertThat(training.training()).as(kind.name()).isTrue();
            assertThat(untrained.training()).isFalse();
            assertThat(untrained.startsFrom()).isEmpty();
            assertThat(untrained.command()).containsExactly("/jdk/bin/java", "-Xmx384m", "-jar", "/app/ledger-service.jar");
            assertThat(untrained.untrained()).isEqualTo(untrained);
        }
    }
}

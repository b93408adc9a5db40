package health.datasafe.devstack.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles an AOT cache from a training run's AOT configuration ({@code -XX:AOTMode=create}) in a JVM of its own, in
 * the background, at the lowest priority ({@code nice -n 19}; at 10, by the scheduler's weights, six assemblies could
 * take about a quarter of two busy cores from the services started next): it outlives the devstack when that is
 * stopping. Written to a name of its own and renamed to the archive's only when the JVM succeeded, so a service never
 * starts from half a cache; the configuration is deleted either way. Until it is done, services start
 * as they would without an archive, and do not train another ({@link ClassDataSharing}).
 */
final class AotCacheAssembly {

    private static final Logger log = LoggerFactory.getLogger(AotCacheAssembly.class);

    private AotCacheAssembly() {
    }

    /**
     * Starts assembling {@code archive} for {@code command} (the training run's command, its training options left out)
     * from {@code configuration}; the JVM's output goes to {@code archive.log}.
     */
    static void start(String name, List<String> command, Path configuration, Path archive) {
        Path temporary = archive.resolveSibling(configuration.getFileName() + ".assembling");
        List<String> assemble = new ArrayList<>();
        assemble.add(command.getFirst());
        assemble.add("-XX:AOTMode=create");
        assemble.add("-XX:AOTConfiguration=" + configuration);
        assemble.add("-XX:AOTCache=" + temporary);
        assemble.addAll(command.subList(1, command.size()));
        String script = "nice -n 19 \"$@\" && mv -f '" + temporary + "' '" + archive + "'; status=$?; rm -f '" + configuration + "' '"
                + temporary + "'; exit $status";
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", script, "assemble"));
        shell.addAll(assemble);
        try {
            new ProcessBuilder(shell).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(archive.resolveSibling(archive.getFileName() + ".log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            log.info("{}: assembling its AOT cache {} in the background; starts after that use it", name, archive.getFileName());
        } catch (IOException e) {
            log.warn("{}: could not assemble its AOT cache ({}); it starts without one", name, e.toString());
        }
    }
}

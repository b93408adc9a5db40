package health.datasafe.bench.capacity;

import health.datasafe.bench.ResultFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How an overload run is written: into the find-max result it took its maximum from, as its {@code overload}
 * section (with the overload's own run id, goals and load average), so one file holds both; when there is no such
 * result, as a file of its own.
 */
public final class CapacityResultFile {

    private CapacityResultFile() {
    }

    public static void writeOverload(JsonMapper json, CapacityResult result, Path file) throws IOException {
        JsonNode earlier = Files.isRegularFile(file) ? json.readTree(file.toFile()) : null;
        if (earlier instanceof ObjectNode merged && earlier.path("maxCommittedPerSecond").isNumber()) {
            ObjectNode overload = json.valueToTree(result.overload());
            overload.put("runId", result.runId());
            overload.put("startedAt", result.startedAt());
            overload.set("goals", json.valueToTree(result.goals()));
            overload.set("loadAverage", json.valueToTree(result.loadAverage()));
            merged.set("overload", overload);
            ResultFile.write(json, merged, file);
        } else {
            ResultFile.write(json, result, file);
        }
    }
}

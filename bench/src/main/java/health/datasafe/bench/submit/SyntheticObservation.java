package health.datasafe.bench.submit;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * A FHIR-R4-shaped Observation (a heart rate) made up for the benchmark: the values are random, the patient is a
 * benchmark id, every text says it is synthetic, and a note pads the body to the size asked for. ASCII only, so
 * characters and bytes coincide.
 */
public final class SyntheticObservation {

    /** The media type the body is submitted as. */
    public static final String MEDIA_TYPE = "application/fhir+json";

    private static final String FILLER = "SYNTHETIC BENCHMARK DATA, NOT A REAL PERSON. ";

    private SyntheticObservation() {
    }

    /** The JSON body, exactly {@code targetBytes} long unless the fixed part alone is longer. */
    public static byte[] body(String patientId, long sequence, int targetBytes, RandomGenerator random) {
        int beatsPerMinute = 50 + random.nextInt(70);
        String fixed = """
                {"resourceType":"Observation","id":"bench-obs-%d","status":"final",\
                "meta":{"tag":[{"system":"urn:datasafehealth:bench","code":"synthetic"}]},\
                "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},\
                "subject":{"reference":"Patient/%s","display":"Synthetic Benchmark Patient"},\
                "effectiveDateTime":"2000-01-01T00:00:00Z",\
                "valueQuantity":{"value":%d,"unit":"beats/minute","system":"http://unitsofmeasure.org","code":"/min"},\
                "note":[{"text":"%%s"}]}""".formatted(sequence, patientId, beatsPerMinute);
        int room = Math.max(0, targetBytes - (fixed.length() - 2));
        StringBuilder note = new StringBuilder(room);
        while (note.length() < room) {
            note.append(FILLER);
        }
        note.setLength(room);
        return fixed.replace("%s", note).getBytes(StandardCharsets.US_ASCII);
    }

}

package health.datasafe.bench.submit;

import java.util.concurrent.ThreadLocalRandom;

/** Where the benchmark's record bodies come from: made-up Observations, or a corpus of Synthea resources. */
public interface RecordBodies {

    /** The body of the {@code sequence}-th record the benchmark submits, for this patient. */
    byte[] body(String patientId, long sequence);

    /** {@code synthetic} or {@code synthea}, as the {@code --bodies} option names them. */
    String source();

    /** How many different bodies there are (0: made fresh every time). */
    int distinct();

    /** Their mean size in bytes. */
    double meanBytes();

    /** {@link SyntheticObservation}s padded to {@code recordBytes}. */
    static RecordBodies synthetic(int recordBytes) {
        return new RecordBodies() {
            @Override
            public byte[] body(String patientId, long sequence) {
                return SyntheticObservation.body(patientId, sequence, recordBytes, ThreadLocalRandom.current());
            }

            @Override
            public String source() {
                return "synthetic";
            }

            @Override
            public int distinct() {
                return 0;
            }

            @Override
            public double meanBytes() {
                return recordBytes;
            }
        };
    }
}

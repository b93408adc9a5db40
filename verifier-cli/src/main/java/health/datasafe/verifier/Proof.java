package health.datasafe.verifier;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/** A Merkle proof as given on the command line: hex hashes separated by commas, leaf to root; "" is the empty proof. */
record Proof(List<byte[]> hashes) {

    Proof {
        hashes = List.copyOf(hashes);
    }

    /** Picocli's reading of a --proof value. */
    static final class Converter implements CommandLine.ITypeConverter<Proof> {
        @Override
        public Proof convert(String value) {
            if (value.isBlank()) {
                return new Proof(List.of());
            }
            String[] parts = value.split(",", -1);
            var hashes = new ArrayList<byte[]>(parts.length);
            for (int i = 0; i < parts.length; i++) {
                hashes.add(HexHash.parse(parts[i].strip(), "proof hash %d of %d: ".formatted(i + 1, parts.length)).bytes());
            }
            return new Proof(hashes);
        }
    }
}

package health.datasafe.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A FILE argument: a path, or {@code -} for standard input. Text must be UTF-8; nothing is replaced silently. */
record InputFile(String name) {

    static final String STDIN = "-";

    /** How the input is named in messages. */
    String description() {
        return STDIN.equals(name) ? "standard input" : name;
    }

    byte[] bytes(InputStream stdin) {
        try {
            if (STDIN.equals(name)) {
                return stdin.readAllBytes();
            }
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                throw new InputUnreadable(description(), "it is a directory");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputUnreadable(description(), "no such file");
        } catch (InvalidPathException e) {
            throw new InputUnreadable(description(), "not a path: " + e.getReason());
        } catch (AccessDeniedException e) {
            throw new InputUnreadable(description(), "permission denied");
        } catch (IOException e) {
            throw new InputUnreadable(description(), e.getMessage() == null ? "I/O error" : e.getMessage());
        }
    }

    String text(InputStream stdin) {
        return utf8(bytes(stdin));
    }

    /** The bytes as UTF-8 text, refusing malformed UTF-8 rather than replacing it with U+FFFD. */
    String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        CharBuffer output = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(input, output, true);
        if (result.isError()) {
            throw new InputUnreadable(description(), "not UTF-8 text (invalid byte at offset " + input.position() + ")");
        }
        decoder.flush(output);
        return output.flip().toString();
    }
}

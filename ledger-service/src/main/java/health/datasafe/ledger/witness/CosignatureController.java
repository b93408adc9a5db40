package health.datasafe.ledger.witness;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code POST /api/ledger/checkpoints/cosignatures} (AUDITOR, ADMIN): a witness hands in a checkpoint it cosigned, the
 * note with its cosignature line ({@code dsh-verify witness} keeps it as {@code latest.note}); 201 with the witnesses
 * whose lines were kept, 400 problem otherwise.
 */
@RestController
class CosignatureController {

    private final CheckpointCosignatures cosignatures;

    CosignatureController(CheckpointCosignatures cosignatures) {
        this.cosignatures = cosignatures;
    }

    record Taken(List<String> witnesses) {
    }

    @PostMapping(path = "/api/ledger/checkpoints/cosignatures", consumes = {"text/plain", "application/octet-stream"})
    @ResponseStatus(HttpStatus.CREATED)
    Taken take(@RequestBody byte[] note) {
        return new Taken(cosignatures.take(new String(note, StandardCharsets.UTF_8)));
    }
}

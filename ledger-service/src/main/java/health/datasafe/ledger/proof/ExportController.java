package health.datasafe.ledger.proof;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * {@code GET /api/ledger/export} (auditors and admins): a range of one shard's blocks as a bundle anyone can verify
 * offline with the ledger's public key. Every check is made before the first byte is written, so a refusal is still a
 * problem document; the bundle itself is streamed.
 */
@RestController
class ExportController {

    private final BundleExport export;

    ExportController(BundleExport export) {
        this.export = export;
    }

    @GetMapping("/api/ledger/export")
    void export(@RequestParam int shard, @RequestParam(required = false) Long fromHeight,
                @RequestParam(required = false) Long toHeight, HttpServletResponse response) throws IOException {
        BundleExport.Plan plan = export.plan(shard, fromHeight, toHeight);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(plan.filename()).build().toString());
        export.write(plan, response.getOutputStream());
    }
}

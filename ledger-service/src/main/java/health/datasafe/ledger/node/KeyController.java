package health.datasafe.ledger.node;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/ledger/keys}: the public key blocks of this node verify with. */
@RestController
class KeyController {

    private final NodeKey key;

    KeyController(NodeKey key) {
        this.key = key;
    }

    record NodeKeyView(String keyId, String algorithm, String publicKey) {
    }

    @GetMapping("/api/ledger/keys")
    NodeKeyView keys() {
        return new NodeKeyView(key.keyId(), "Ed25519", key.publicKeyX509());
    }
}

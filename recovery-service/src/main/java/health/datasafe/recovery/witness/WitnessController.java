package health.datasafe.recovery.witness;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** What the witness holds: the latest witnessed block per shard. Auditors and admins only. */
@RestController
@RequestMapping("/api/recovery")
class WitnessController {

    private final WitnessStore store;

    WitnessController(WitnessStore store) {
        this.store = store;
    }

    record Witness(List<WitnessTip> shards) {
    }

    @GetMapping("/witness")
    Witness witness() {
        return new Witness(store.tips());
    }
}

package health.datasafe.recovery.witness;

import health.datasafe.integrity.LedgerInvalid;

/** Why a received block was not witnessed: a failure class, the expected and actual values, and a sentence. */
record IntegrityFailure(String failure, String expected, String actual, String detail) {

    static IntegrityFailure of(LedgerInvalid invalid) {
        return new IntegrityFailure(invalid.getClass().getSimpleName(), invalid.expected(), invalid.actual(),
                invalid.getMessage());
    }
}

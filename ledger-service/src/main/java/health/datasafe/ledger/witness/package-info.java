/** Outside witnesses' cosignatures of this ledger's checkpoints: taken, checked against the pinned witnesses, served. */
package health.datasafe.ledger.witness;

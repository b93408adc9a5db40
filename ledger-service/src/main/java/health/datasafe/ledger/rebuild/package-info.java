/** Rebuilding this node's ledger by replaying its topic into a fresh schema, checked against signed checkpoints. */
package health.datasafe.ledger.rebuild;

/**
 * This ledger node's identity: its name, origin and genesis, the Ed25519 key it signs blocks and checkpoints with, and
 * the signers it accepts.
 */
package health.datasafe.ledger.node;

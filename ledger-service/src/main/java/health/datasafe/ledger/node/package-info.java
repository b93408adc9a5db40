/** This ledger node's identity: the Ed25519 key it signs blocks with and the signers whose blocks it accepts. */
package health.datasafe.ledger.node;

/** How this node's ledger is rebuilt by replaying its topic, checked against signed checkpoints. */
package health.datasafe.ledger.rebuild;

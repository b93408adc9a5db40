/** How this node's ledger is rebuilt by replaying its topic, checked against signed checkpoints, and its endpoint. */
package health.datasafe.ledger.rebuild;

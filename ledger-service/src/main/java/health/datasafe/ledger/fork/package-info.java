/** Holding this node's blocks against what a quorum of the other ledger nodes signed, and going quiet on a fork. */
package health.datasafe.ledger.fork;

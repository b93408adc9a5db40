/** Submissions: every transaction is drafted, signed with the initiator key, stored, published for validation and followed until it is committed or rejected, and its request answered. */
package health.datasafe.transaction.initiator;

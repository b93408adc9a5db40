/** Signs transactions with the initiator key, publishes them for validation and follows each one until it is committed or rejected. */
package health.datasafe.transaction.initiator;

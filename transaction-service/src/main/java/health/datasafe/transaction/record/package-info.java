/** Adding records and reading them: every read is a transaction, and content is released only once it is committed. */
package health.datasafe.transaction.record;

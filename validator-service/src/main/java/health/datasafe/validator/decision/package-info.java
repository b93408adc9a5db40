/** Decisions per transaction and the validator state they derive from, kept in the {@code validator} schema. */
package health.datasafe.validator.decision;

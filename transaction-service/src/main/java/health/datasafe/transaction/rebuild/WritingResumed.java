package health.datasafe.transaction.rebuild;

/**
 * Published when writing resumes after a rebuild, whose schema may now be the live one: whatever was remembered from
 * the tables before (roles, patient keys) is forgotten and read again.
 */
public record WritingResumed() {
}

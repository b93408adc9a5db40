/** RFC 9457 problem+json for every refusal, servlet and reactive, in our own short wording. */
package health.datasafe.kit.problem;

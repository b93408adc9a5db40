/**
 * Consent rules shaped like FHIR R4 {@code Consent.provision} (permit or deny, actors, actions, purposes, resource
 * types, security labels, record ids, period, nested exceptions) and their deterministic evaluation, free of Spring
 * and storage; docs/consent-rules.md states them.
 */
package health.datasafe.validator.rules;

/** The consent engine: deterministic schema, signature, identity, role and consent rules, free of Spring and storage. */
package health.datasafe.validator.consent;

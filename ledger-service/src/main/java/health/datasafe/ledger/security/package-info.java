/** Who may call what: every API path needs a bearer token, verification and export need an auditor or admin; refusals are problem+json. */
package health.datasafe.ledger.security;

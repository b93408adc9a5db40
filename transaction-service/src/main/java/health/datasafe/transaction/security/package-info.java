/** Who may call what: JWT bearer tokens, roles from the token's role claim, and problem+json refusals. */
package health.datasafe.transaction.security;

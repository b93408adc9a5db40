/** The security baseline every service and the gateway share: one rule for tokens, the caller, patient paths. */
package health.datasafe.kit.security;

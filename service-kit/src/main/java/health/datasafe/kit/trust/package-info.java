/** Whose Ed25519 signatures a service accepts: one setting and one {@code TrustedKeys} per key role. */
package health.datasafe.kit.trust;

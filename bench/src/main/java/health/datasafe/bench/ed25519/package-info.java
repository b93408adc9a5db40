/** The Ed25519 benchmark: BouncyCastle's lightweight API, as the integrity module uses it, against the JDK's provider. */
package health.datasafe.bench.ed25519;

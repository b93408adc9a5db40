/** Actors register themselves (or an administrator registers them); an identity is known once its registration is committed. */
package health.datasafe.transaction.identity;

/** Every error the gateway itself answers is an RFC 9457 {@code application/problem+json} document. */
package health.datasafe.gateway.problem;

/** The OpenAPI 3.1 document of the public API, served without a token. */
package health.datasafe.gateway.openapi;

/** How errors leave the HTTP API: as RFC 9457 problem details, internals never shown. */
package health.datasafe.ledger.web;

/**
 * The HTTP side every service shares: request bodies read the same way in every servlet service (size limit, JSON
 * media types, strict JSON), and the bound on requests in flight, servlet and reactive.
 */
package health.datasafe.kit.web;

/** What every endpoint shares: bounded request bodies, Prefer: wait, and RFC 9457 problem responses. */
package health.datasafe.transaction.web;

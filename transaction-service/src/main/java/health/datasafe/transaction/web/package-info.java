/** What every endpoint shares: bounded request bodies, JSON bodies typed and strictly screened, Prefer: wait, and RFC 9457 problem responses. */
package health.datasafe.transaction.web;

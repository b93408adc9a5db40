/** Real infrastructure for development and tests: embedded PostgreSQL, a KRaft broker and the development token issuer. */
package health.datasafe.devsupport;

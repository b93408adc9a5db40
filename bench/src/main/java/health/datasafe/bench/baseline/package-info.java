/** The PostgreSQL baseline: raw single-row autocommit inserts into a scratch schema of the same database. */
package health.datasafe.bench.baseline;
